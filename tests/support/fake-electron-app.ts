// The fake `electron` module's app (tests/support/fake-electron.ts): whenReady() resolves when the
// test says the app is ready; quit() runs Electron's order (before-quit, then each window's preventable
// 'close', then will-quit, then quit).
import { EventEmitter } from 'node:events';
import { FakeEvent } from './fake-electron-web-contents';

export interface FakeApp extends EventEmitter {
  readonly calls: { quit: number; paths: Record<string, string> };
  state: 'starting' | 'ready' | 'quitting' | 'quit';
  singleInstanceLock: boolean;
  quit(): void;
}

/** A window as quit() sees it: closing may be refused, which cancels the quit. */
interface ClosableWindow {
  close(): void;
  isDestroyed(): boolean;
}

/** The fake's app, closing `windows` (the open ones) when it quits, and ready() to fire Electron's 'ready'. */
export function createFakeApp(opts: { singleInstanceLock?: boolean; locale?: string }, windows: readonly ClosableWindow[]) {
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

  /** Electron fires 'ready': whenReady() resolves and 'ready' listeners run. */
  async function ready(): Promise<void> {
    app.state = 'ready';
    app.emit('ready', new FakeEvent(), {});
    markReady();
    await readyPromise;
  }

  return { app, ready };
}
