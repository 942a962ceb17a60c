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
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { runInThisContext } from 'node:vm';

/** What an Electron event handler may call on its first argument. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  url = '';
  loading = false;
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    // IPC to the page is structured-cloned too.
    this.sent.push({ channel, args: args.map((a) => structuredClone(a)) });
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  /** The page asks to navigate (a link, location.href = ...): true when main let it happen. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeEvent();
    this.emit(kind, event, url);
    return !event.defaultPrevented;
  }
  /**
   * A frame of the page navigates (Electron's will-frame-navigate, fired for the top frame and
   * every sub-frame with one details event): true when main let it happen.
   */
  frameNavigate(url: string, isMainFrame = false): boolean {
    let prevented = false;
    const details = { url, isMainFrame, frame: {}, initiator: undefined, preventDefault: () => void (prevented = true) };
    this.emit('will-frame-navigate', details);
    return !prevented;
  }
  /** The page calls window.open / follows target=_blank: what main's handler answers. */
  openWindow(url: string): { action: string } {
    if (!this.windowOpenHandler) return { action: 'allow' }; // Electron's default: a new window
    return this.windowOpenHandler({ url });
  }
  /** The page contains a <webview>: true when main let it attach. */
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

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
  /**
   * What the native dialogs answer, given their options (the last argument, after an optional
   * parent window). Defaults: every dialog is cancelled (a message box answers its button 0).
   */
  dialogAnswers: {
    save: (options: Record<string, unknown>) => unknown;
    open: (options: Record<string, unknown>) => unknown;
    message: (options: Record<string, unknown>) => unknown;
  };
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

export interface FakeApp extends EventEmitter {
  readonly calls: { quit: number; paths: Record<string, string> };
  state: 'starting' | 'ready' | 'quitting' | 'quit';
  singleInstanceLock: boolean;
  quit(): void;
}

export interface FakeBrowserWindowLike extends EventEmitter {
  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  readonly webContents: FakeWebContents;
  readonly calls: string[];
  visible: boolean;
  minimized: boolean;
  show(): void;
  hide(): void;
  close(): void;
  isDestroyed(): boolean;
}

export interface FakeTrayLike extends EventEmitter {
  readonly image: FakeNativeImage;
  contextMenu: { template: Record<string, unknown>[] } | undefined;
  /** Menus popped up with popUpContextMenu (Windows and macOS build the menu as it opens). */
  poppedUp: { template: Record<string, unknown>[] }[];
  toolTip: string;
  destroyed: boolean;
}

export class FakeNativeImage {
  constructor(
    readonly path: string,
    readonly size?: { width: number; height: number },
  ) {}
  isEmpty(): boolean {
    return !existsSync(this.path);
  }
  resize(size: { width: number; height: number }): FakeNativeImage {
    return new FakeNativeImage(this.path, size);
  }
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

  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const app = Object.assign(new EventEmitter(), {
    calls: { quit: 0, paths: {} as Record<string, string> },
    state: 'starting' as FakeApp['state'],
    singleInstanceLock: opts.singleInstanceLock ?? true,
    isPackaged: false,
    whenReady: () => readyPromise,
    isReady: () => app.state !== 'starting',
    requestSingleInstanceLock: () => app.singleInstanceLock,
    getLocale: () => opts.locale ?? 'en-US',
    setPath(name: string, path: string) {
      app.calls.paths[name] = path;
    },
    getPath(name: string) {
      return app.calls.paths[name] ?? `/fake-electron/${name}`;
    },
    quit() {
      app.calls.quit++;
      if (app.state === 'quitting' || app.state === 'quit') return;
      const prior = app.state;
      app.state = 'quitting';
      const beforeQuit = new FakeEvent();
      app.emit('before-quit', beforeQuit);
      if (beforeQuit.defaultPrevented) return void (app.state = prior);
      // Electron closes every window; one that refuses to close cancels the quit.
      for (const win of [...windows]) {
        win.close();
        if (!win.isDestroyed()) return void (app.state = prior);
      }
      const willQuit = new FakeEvent();
      app.emit('will-quit', willQuit);
      if (willQuit.defaultPrevented) return void (app.state = prior);
      app.state = 'quit';
      app.emit('quit', new FakeEvent(), 0);
    },
  });

  class BrowserWindow extends EventEmitter implements FakeBrowserWindowLike {
    readonly webContents = new FakeWebContents();
    readonly calls: string[] = [];
    visible: boolean;
    minimized = false;
    maximized = false;
    focused = false;
    destroyed = false;
    bounds: Bounds;

    constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> } = {}) {
      super();
      if (app.state === 'starting') throw new Error('Cannot create BrowserWindow before app is ready');
      this.visible = options.show !== false;
      this.bounds = {
        x: (options.x as number | undefined) ?? 0,
        y: (options.y as number | undefined) ?? 0,
        width: (options.width as number | undefined) ?? 800,
        height: (options.height as number | undefined) ?? 600,
      };
      windows.push(this);
      createdWindows.push(this);
      app.emit('browser-window-created', new FakeEvent(), this);
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
    /** Electron throws on any use of a destroyed window. */
    private alive(): void {
      if (!this.destroyed) return;
      usedAfterDestroy.push(`BrowserWindow.${new Error().stack?.split('\n')[2]?.trim() ?? '?'}`);
      throw new TypeError('Object has been destroyed');
    }
    loadURL(url: string): Promise<void> {
      this.alive();
      this.calls.push(`loadURL ${url}`);
      this.webContents.url = url;
      this.webContents.loading = true;
      return new Promise((resolve) =>
        setImmediate(() => {
          this.webContents.loading = false;
          this.webContents.emit('did-finish-load');
          this.emit('ready-to-show');
          resolve();
        }),
      );
    }
    show() {
      this.alive();
      this.calls.push('show');
      this.visible = true;
      this.minimized = false;
    }
    hide() {
      this.alive();
      this.calls.push('hide');
      this.visible = false;
    }
    focus() {
      this.alive();
      this.calls.push('focus');
      this.focused = true;
    }
    restore() {
      this.alive();
      this.calls.push('restore');
      this.minimized = false;
    }
    maximize() {
      this.alive();
      this.calls.push('maximize');
      this.maximized = true;
    }
    isVisible() {
      return this.visible;
    }
    isFocused() {
      return this.focused;
    }
    isMinimized() {
      return this.minimized;
    }
    isMaximized() {
      return this.maximized;
    }
    isDestroyed() {
      return this.destroyed;
    }
    getBounds(): Bounds {
      return { ...this.bounds };
    }
    getNormalBounds(): Bounds {
      return { ...this.bounds };
    }
    close() {
      this.calls.push('close');
      if (this.destroyed) return;
      const event = new FakeEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroy();
      if (windows.length === 0 && app.state !== 'quitting' && app.state !== 'quit') app.emit('window-all-closed');
    }
    destroy() {
      if (this.destroyed) return;
      this.destroyed = true;
      this.webContents.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
    }
  }

  class Tray extends EventEmitter implements FakeTrayLike {
    contextMenu: { template: Record<string, unknown>[] } | undefined;
    readonly poppedUp: { template: Record<string, unknown>[] }[] = [];
    toolTip = '';
    destroyed = false;
    constructor(readonly image: FakeNativeImage) {
      super();
      if (app.state === 'starting') throw new Error('Cannot create Tray before app is ready');
      trays.push(this);
    }
    setContextMenu(menu: { template: Record<string, unknown>[] }) {
      this.alive();
      this.contextMenu = menu;
    }
    popUpContextMenu(menu?: { template: Record<string, unknown>[] }) {
      this.alive();
      this.poppedUp.push(menu ?? this.contextMenu ?? { template: [] });
    }
    setToolTip(text: string) {
      this.alive();
      this.toolTip = text;
    }
    /** Electron's Tray methods throw once it is destroyed (api_tray.cc CheckAlive). */
    private alive(): void {
      if (!this.destroyed) return;
      usedAfterDestroy.push(`Tray.${new Error().stack?.split('\n')[2]?.trim() ?? '?'}`);
      throw new Error('Tray is destroyed');
    }
    destroy() {
      this.destroyed = true;
    }
    isDestroyed() {
      return this.destroyed;
    }
  }

  class Notification extends EventEmitter {
    private readonly record: { options: unknown; shown: boolean };
    static isSupported() {
      return true;
    }
    constructor(options: unknown) {
      super();
      this.record = { options, shown: false };
      notifications.push(this.record);
    }
    show() {
      this.record.shown = true;
    }
  }

  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
  const dialogAnswers: FakeElectron['dialogAnswers'] = {
    save: () => ({ canceled: true }),
    open: () => ({ canceled: true, filePaths: [] }),
    message: () => ({ response: 0, checkboxChecked: false }),
  };
  const dialogCall =
    (kind: keyof FakeElectron['dialogAnswers']) =>
    (...args: unknown[]) => {
      dialogs.push({ kind, args });
      // A test may answer later (a promise): the dialog stays open until then, as a real one does.
      return Promise.resolve(dialogAnswers[kind]((args[args.length - 1] ?? {}) as Record<string, unknown>));
    };

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
    async ready() {
      app.state = 'ready';
      app.emit('ready', new FakeEvent(), {});
      markReady();
      await readyPromise;
    },
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
    dialog: {
      showSaveDialog: dialogCall('save'),
      showOpenDialog: dialogCall('open'),
      showMessageBox: dialogCall('message'),
    },
    shell: {
      openExternal: (url: string) => {
        openedExternally.push(url);
        return Promise.resolve();
      },
    },
  };

  return Object.assign(fake, { module: strictModule(exports, 'electron') }) as FakeElectron;
}

/** A module object whose missing exports throw when read (see the header). */
export function strictModule(exports: Record<string, unknown>, name: string): Record<string, unknown> {
  return new Proxy(exports, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target || key === '__esModule' || key === 'default' || key === 'then') {
        return target[key as string];
      }
      throw new Error(`The fake ${name} module has no export "${key}": add a faithful stand-in to tests/support/fake-electron.ts`);
    },
  });
}

/**
 * Runs a CommonJS bundle as Node would, except that require('electron') returns `electron`.
 * `allowOthers: false` is the sandboxed-preload rule: a sandboxed preload may require nothing else.
 * A fresh copy every call (module state such as main.ts's window is per load).
 */
export function runBundle(
  file: string,
  electron: Record<string, unknown>,
  opts: { allowOthers: boolean },
): { exports: unknown; required: string[] } {
  const realRequire = createRequire(file);
  const required: string[] = [];
  const require = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    if (!opts.allowOthers) throw new Error(`module not found: ${id} (a sandboxed preload can require only 'electron')`);
    return realRequire(id);
  };
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, {
    filename: file,
  }) as (...args: unknown[]) => void;
  wrapper(module.exports, Object.assign(require, { resolve: realRequire.resolve, cache: realRequire.cache }), module, file, dirname(file));
  return { exports: module.exports, required };
}

/** The preload's view of electron: contextBridge, ipcRenderer and webUtils, recorded. */
export function createFakePreloadElectron() {
  const exposed: { key: string; api: unknown }[] = [];
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcRenderer = {
    invoke(channel: string, ...args: unknown[]) {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: `answer from ${channel}` });
    },
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    send() {
      throw new Error('the preload must not use ipcRenderer.send');
    },
    sendSync() {
      throw new Error('the preload must not use ipcRenderer.sendSync');
    },
  };
  // Electron answers '' for a File the page built itself (not backed by a file on disk).
  const webUtils = {
    getPathForFile: (file: { name?: string; inMemory?: boolean }) => (file.inMemory ? '' : `/dropped/${file.name ?? ''}`),
  };
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      exposed.push({ key, api });
    },
  };
  return {
    module: strictModule({ contextBridge, ipcRenderer, webUtils }, 'electron (preload)'),
    ipcRenderer,
    exposed,
    invoked,
    listeners,
    /** Main sends an event to the page (webContents.send). */
    emit(channel: string, payload: unknown) {
      const event = { sender: ipcRenderer, senderId: 0 };
      for (const l of listeners.get(channel) ?? []) l(event, structuredClone(payload));
    },
  };
}
