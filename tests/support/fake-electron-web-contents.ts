// The fake `electron` module's web contents (tests/support/fake-electron.ts): what main.ts's guards
// see of a page (navigation, frame navigation, window.open, <webview>), and the event object handlers
// call preventDefault() on.
import { EventEmitter } from 'node:events';

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
