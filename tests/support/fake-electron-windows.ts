// The fake `electron` module's windows and trays (tests/support/fake-electron.ts): BrowserWindow and
// Tray, made per fake so each records into its own lists, and the native image a tray shows. Both throw
// on use once destroyed, as Electron's do, and note the call in usedAfterDestroy.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { FakeApp } from './fake-electron-app';
import { FakeEvent, FakeWebContents } from './fake-electron-web-contents';

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
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

/** What BrowserWindow and Tray record into: the fake's lists, and its app for start-up and quitting. */
export interface WindowLists {
  app: FakeApp;
  /** The open windows. */
  windows: FakeBrowserWindowLike[];
  /** Every window ever made, closed ones included. */
  createdWindows: FakeBrowserWindowLike[];
  trays: FakeTrayLike[];
  /** Calls made on a destroyed window or tray (each also threw, as in Electron). */
  usedAfterDestroy: string[];
}

/** The fake's BrowserWindow class. */
export function fakeBrowserWindowClass({ app, windows, createdWindows, usedAfterDestroy }: WindowLists) {
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

  return BrowserWindow;
}

/** The fake's Tray class. */
export function fakeTrayClass({ app, trays, usedAfterDestroy }: WindowLists) {
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

  return Tray;
}
