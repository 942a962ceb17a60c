// Owns the window's security configuration as plain data and pure checks, so Node tests can
// verify exactly what the Electron shell applies (main.ts only wires these in).
import { decideWindowOpen } from './shell/external-links';
import type { WindowPlacement } from './shell/window-state';

export interface SecureWebPreferences {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: boolean;
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/**
 * The CSP the renderer runs under in Electron: exactly the meta tag of renderer/index.html (a test
 * holds them equal). The page is a file there, which gets no response headers, so the meta tag is
 * the policy, and the page talks over IPC only (`connect-src 'self'`, no WebSocket). The bridge
 * serves the same page without that tag and with its own header policy, which adds its one
 * WebSocket address (bridge/server.ts).
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * IPC sender validation: only the top frame of our own window, showing our own page, may call.
 * `frameUrl` is event.senderFrame.url; `appUrl` is the URL we loaded.
 */
export function isTrustedSender(
  sender: { isMainFrame: boolean; frameUrl: string; webContentsId: number },
  ours: { webContentsId: number; appUrl: string },
): boolean {
  if (!sender.isMainFrame) return false;
  if (sender.webContentsId !== ours.webContentsId) return false;
  try {
    const a = new URL(sender.frameUrl);
    const b = new URL(ours.appUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Navigation away from the app is never allowed; the app is a single page. */
export function isNavigationAllowed(targetUrl: string, appUrl: string): boolean {
  try {
    const a = new URL(targetUrl);
    const b = new URL(appUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Permissions the renderer may get (clipboard write for "Copy as..."); everything else is denied. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);
export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/** The BrowserWindow options of the main window: placement plus the secure preferences. */
export function mainWindowOptions(preloadPath: string, placement: WindowPlacement, minimum: { minWidth: number; minHeight: number }) {
  return {
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    width: placement.width,
    height: placement.height,
    minWidth: minimum.minWidth,
    minHeight: minimum.minHeight,
    title: 'Stevedore',
    // Shown on ready-to-show, so the page never flashes half-drawn.
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** Session permission handlers (session.setPermissionRequestHandler / setPermissionCheckHandler). */
export function permissionHandlers() {
  return {
    request: (_webContents: unknown, permission: string, callback: (granted: boolean) => void): void =>
      callback(isPermissionAllowed(permission)),
    check: (_webContents: unknown, permission: string): boolean => isPermissionAllowed(permission),
  };
}

/** The part of Electron's WebContents the guards attach to. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  /** Any frame's navigation, sub-frames included (Electron's details event carries the url). */
  on(event: 'will-frame-navigate', listener: (details: { url: string; isMainFrame: boolean; preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Guards every web contents the app creates: no navigation away from the app page, in the top
 * frame or any sub-frame (an injected <iframe> may not show another site or file either), no new
 * windows (an allowed https link opens in the browser instead), no <webview>.
 */
export function guardWebContents(contents: GuardedContents, appUrl: string, openExternal: (url: string) => void): void {
  const stay = (event: { preventDefault(): void }, url: string) => {
    if (!isNavigationAllowed(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  // will-navigate covers the top frame only; a frame's own navigations arrive here.
  contents.on('will-frame-navigate', (details) => {
    if (!isNavigationAllowed(details.url, appUrl)) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) openExternal(decision.openExternally);
    return { action: 'deny' };
  });
}

/** What an IPC event tells about its sender (Electron's IpcMainInvokeEvent). */
export interface IpcSenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** IPC sender validation for an invoke event, against our window (undefined: no window, refuse). */
export function isTrustedIpcEvent(event: IpcSenderLike, ours: { webContentsId: number; appUrl: string } | undefined): boolean {
  const frame = event.senderFrame;
  if (!ours || !frame) return false;
  return isTrustedSender({ isMainFrame: frame.parent === null, frameUrl: frame.url, webContentsId: event.sender.id }, ours);
}
