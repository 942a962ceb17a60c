// Owns the window's security configuration as plain data and pure checks, so Node tests can
// verify exactly what the Electron shell applies (main.ts only wires these in).

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

/** The CSP the renderer runs under in Electron (also set as a meta tag in index.html). */
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
