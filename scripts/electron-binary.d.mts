// Types of electron-binary.mjs (find, start or download the Electron binary), for the tests.
export declare const MISSING_BINARY: string;
export declare function electronBinary(): string | null;
