// Owns where a request came from. The contract is the same over both transports; a few changes
// (the engine endpoint) are for the desktop app only, so handlers that care are told the origin.

/** The desktop app (the window's IPC, tray, menus) or a page over the loopback bridge. */
export type RequestOrigin = 'desktop' | 'bridge';

export interface RequestContext {
  origin: RequestOrigin;
}

/** What core.handle() passes when no origin is named: the desktop app's own calls. */
export const DESKTOP_REQUEST: RequestContext = Object.freeze({ origin: 'desktop' });
