// Types of electron-bundles.mjs (the esbuild options of the main and preload bundles), for the tests.
import type { BuildOptions } from 'esbuild';

export declare const mainBundle: BuildOptions;
export declare const preloadBundle: BuildOptions;
