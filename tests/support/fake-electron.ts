// A recording stand-in for the `electron` module, for loading the shipped main-process and preload
// bundles (dist/electron/*.cjs) under plain Node where the Electron binary is not installed.
// Faithful where our code's behaviour depends on it, minimal elsewhere:
//  - app: whenReady() resolves when the test says the app is ready; quit() runs Electron's order
//    (before-quit, then each window's preventable 'close', then will-quit, then quit), and
//    window-all-closed fires only when the last window closes by itself, never during quit();
//  - every new BrowserWindow's webContents is announced by app 'web-contents-created';
//  - ipcMain.handle refuses a second handler for a channel, as Electron does, and invoke()
//    structured-clones the request and the answer as IPC does (a function or class in an answer fails);
//  - nativeImage.createFromPath gives an empty image when the file is missing, as Electron does;
//  - dialogs answer what the test sets in dialogAnswers (default: cancelled), and stay open while
//    an answer is a pending promise;
//  - reading an export the fake does not have throws, so a new Electron API in main.ts fails the
//    test by name instead of as "undefined is not a function".
// Nothing here talks to Docker: the bundles' core runs against whatever engine the test points at.
// This file assembles the fake and is the one importers use; its parts are beside it:
// fake-electron-app.ts, -web-contents.ts, -windows.ts, -dialogs.ts, -bundle.ts (loading a bundle with
// it) and -preload.ts (the preload's view of electron).
import { createFakeApp, type FakeApp } from './fake-electron-app';
import { createFakeDialogs, fakeNotificationClass, type DialogAnswers } from './fake-electron-dialogs';
import { strictModule } from './fake-electron-bundle';
import { FakeEvent, FakeWebContents } from './fake-electron-web-contents';
import {
  fakeBrowserWindowClass,
  fakeTrayClass,
  FakeNativeImage,
  type FakeBrowserWindowLike,
  type FakeTrayLike,
} from './fake-electron-windows';

export type { FakeApp } from './fake-electron-app';
export type { DialogAnswers } from './fake-electron-dialogs';
export { runBundle, strictModule } from './fake-electron-bundle';
export { createFakePreloadElectron } from './fake-electron-preload';
export { FakeEvent, FakeWebContents } from './fake-electron-web-contents';
export { FakeNativeImage, type FakeBrowserWindowLike, type FakeTrayLike } from './fake-electron-windows';

export interface FakeElectron {
  /** The module object the bundle's require('electron') returns. */
  readonly module: Record<string, unknown>;
  readonly app: FakeApp;
  readonly windows: FakeBrowserWindowLike[];
  /** Every window ever made, closed ones included. */
  readonly createdWindows: FakeBrowserWindowLike[];
  readonly trays: FakeTrayLike[];
  readonly handlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  readonly session: {
    permissionRequestHandler?: (wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void;
    permissionCheckHandler?: (wc: unknown, permission: string, origin?: string, details?: unknown) => boolean;
    headerListeners: ((details: unknown, callback: (response: unknown) => void) => void)[];
  };
  readonly applicationMenus: { template: unknown[] }[];
  readonly openedExternally: string[];
  /** Calls made on a destroyed window or tray (each also threw, as in Electron). */
  readonly usedAfterDestroy: string[];
  readonly notifications: { options: unknown; shown: boolean }[];
  readonly dialogs: { kind: string; args: unknown[] }[];
  /** What the native dialogs answer (see DialogAnswers). */
  dialogAnswers: DialogAnswers;
  clipboardText: string;
  /** Electron fires 'ready': whenReady() resolves and 'ready' listeners run. */
  ready(): Promise<void>;
  /** A second copy of the app was started (Electron tells the first one). */
  secondInstance(argv?: string[]): void;
  /** A renderer calls ipcRenderer.invoke(channel, payload) from `frame`. */
  invoke(channel: string, from: { webContents: FakeWebContents; url: string; mainFrame?: boolean }, payload?: unknown): Promise<unknown>;
  /** Chromium asks the session whether the page may have a permission. */
  requestPermission(webContents: FakeWebContents, permission: string): Promise<boolean>;
}

export function createFakeElectron(opts: { singleInstanceLock?: boolean; locale?: string } = {}): FakeElectron {
  const windows: FakeBrowserWindowLike[] = [];
  const createdWindows: FakeBrowserWindowLike[] = [];
  const trays: FakeTrayLike[] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const applicationMenus: { template: unknown[] }[] = [];
  const openedExternally: string[] = [];
  const usedAfterDestroy: string[] = [];
  const notifications: { options: unknown; shown: boolean }[] = [];
  const dialogs: { kind: string; args: unknown[] }[] = [];
  const sessionState: FakeElectron['session'] = { headerListeners: [] };

  const { app, ready } = createFakeApp(opts, windows);
  const lists = { app, windows, createdWindows, trays, usedAfterDestroy };
  const BrowserWindow = fakeBrowserWindowClass(lists);
  const Tray = fakeTrayClass(lists);
  const Notification = fakeNotificationClass(notifications);
  const { dialog, dialogAnswers } = createFakeDialogs(dialogs);
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };

  const fake: Omit<FakeElectron, 'module'> & { clipboardText: string } = {
    app,
    windows,
    createdWindows,
    trays,
    handlers,
    session: sessionState,
    applicationMenus,
    openedExternally,
    usedAfterDestroy,
    notifications,
    dialogs,
    dialogAnswers,
    clipboardText: '',
    ready,
    secondInstance(argv = []) {
      app.emit('second-instance', new FakeEvent(), argv, process.cwd(), {});
    },
    async invoke(channel, from, payload) {
      const handler = handlers.get(channel);
      // What ipcRenderer.invoke rejects with when main has no handler.
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      const event = {
        sender: from.webContents,
        senderFrame: { url: from.url, parent: from.mainFrame === false ? {} : null },
        processId: 1,
        frameId: 1,
      };
      const answer = await handler(event, structuredClone(payload));
      return structuredClone(answer);
    },
    requestPermission(webContents, permission) {
      const handler = sessionState.permissionRequestHandler;
      // Without a handler Electron grants every permission.
      if (!handler) return Promise.resolve(true);
      return new Promise((resolve) => handler(webContents, permission, resolve, { requestingUrl: webContents.url }));
    },
  };

  const exports: Record<string, unknown> = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    ipcMain: {
      handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler(channel: string) {
        handlers.delete(channel);
      },
      on() {
        throw new Error('the fake records ipcMain.handle only: main.ts uses invoke/handle');
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(h: FakeElectron['session']['permissionRequestHandler']) {
          sessionState.permissionRequestHandler = h;
        },
        setPermissionCheckHandler(h: FakeElectron['session']['permissionCheckHandler']) {
          sessionState.permissionCheckHandler = h;
        },
        webRequest: {
          onHeadersReceived(...args: unknown[]) {
            sessionState.headerListeners.push(args[args.length - 1] as FakeElectron['session']['headerListeners'][number]);
          },
        },
      },
    },
    Menu: {
      buildFromTemplate: (template: Record<string, unknown>[]) => ({ template }),
      setApplicationMenu(menu: { template: unknown[] } | null) {
        if (menu) applicationMenus.push(menu);
      },
    },
    nativeImage: { createFromPath: (path: string) => new FakeNativeImage(path) },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    clipboard: {
      readText: () => fake.clipboardText,
      writeText: (text: string) => void (fake.clipboardText = text),
    },
    dialog,
    shell: {
      openExternal: (url: string) => {
        openedExternally.push(url);
        return Promise.resolve();
      },
    },
  };

  return Object.assign(fake, { module: strictModule(exports, 'electron') }) as FakeElectron;
}
