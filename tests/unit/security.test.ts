import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  guardWebContents,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedIpcEvent,
  isTrustedSender,
  mainWindowOptions,
  permissionHandlers,
  RENDERER_CSP,
  secureWebPreferences,
  type GuardedContents,
} from '../../electron/security';
import { decideWindowOpen, isAllowedExternalLink } from '../../electron/shell/external-links';

const appUrl = 'file:///opt/stevedore/resources/app/dist/renderer/index.html';

describe('window security', () => {
  it('the window runs sandboxed, isolated and without Node', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it("the CSP allows scripts only from 'self'", () => {
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('IPC is accepted only from the top frame of our window showing our page', () => {
    const ours = { webContentsId: 1, appUrl };
    expect(isTrustedSender({ isMainFrame: true, frameUrl: `${appUrl}#x`, webContentsId: 1 }, ours)).toBe(true);
    expect(isTrustedSender({ isMainFrame: false, frameUrl: appUrl, webContentsId: 1 }, ours)).toBe(false);
    expect(isTrustedSender({ isMainFrame: true, frameUrl: appUrl, webContentsId: 2 }, ours)).toBe(false);
    expect(isTrustedSender({ isMainFrame: true, frameUrl: 'https://evil.example/', webContentsId: 1 }, ours)).toBe(false);
    expect(isTrustedSender({ isMainFrame: true, frameUrl: 'file:///tmp/evil.html', webContentsId: 1 }, ours)).toBe(false);
  });

  it('navigation away from the app is refused', () => {
    expect(isNavigationAllowed('https://example.com', appUrl)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', appUrl)).toBe(false);
    expect(isNavigationAllowed(appUrl, appUrl)).toBe(true);
  });

  it('only clipboard writing is permitted', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(isPermissionAllowed(p)).toBe(false);
  });
});

/** The directives of a CSP string, by name. */
function cspDirectives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('the main window and its session', () => {
  it('the BrowserWindow options carry the secure preferences and open hidden until drawn', () => {
    const options = mainWindowOptions(
      '/app/preload.cjs',
      { x: 10, y: 20, width: 900, height: 700, maximized: false },
      { minWidth: 800, minHeight: 500 },
    );
    expect(options).toEqual({
      x: 10,
      y: 20,
      width: 900,
      height: 700,
      minWidth: 800,
      minHeight: 500,
      title: 'Stevedore',
      show: false,
      webPreferences: secureWebPreferences('/app/preload.cjs'),
    });
    // No position saved: Electron centres it.
    expect(mainWindowOptions('/p', { width: 1, height: 1, maximized: false }, { minWidth: 1, minHeight: 1 })).not.toHaveProperty('x');
  });

  it('the permission handlers deny every request and check (clipboard writing for Copy as... aside)', () => {
    const { request, check } = permissionHandlers();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'openExternal',
      'clipboard-read',
      'fullscreen',
      'pointerLock',
      'hid',
      'serial',
      'usb',
    ]) {
      let granted: boolean | undefined;
      request(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(check(null, permission), permission).toBe(false);
    }
    let clip: boolean | undefined;
    request(null, 'clipboard-sanitized-write', (g) => (clip = g));
    expect(clip).toBe(true);
  });
});

/** An EventEmitter with WebContents' guard surface: the real guard code attaches to it. */
class Contents extends EventEmitter implements GuardedContents {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Emits like Electron and tells whether a listener called preventDefault. */
  prevented(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

describe('every web contents is guarded', () => {
  function guarded() {
    const contents = new Contents();
    const opened: string[] = [];
    guardWebContents(contents, appUrl, (u) => opened.push(u));
    return { contents, opened };
  }

  it('will-navigate and will-redirect away from the app page are prevented', () => {
    const { contents } = guarded();
    expect(contents.prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.prevented('will-navigate', `${appUrl}#/images`)).toBe(false);
  });

  it('will-frame-navigate (any frame, sub-frames included) away from the app page is prevented, like a top-level navigation', () => {
    const { contents } = guarded();
    // Electron passes one details event carrying the url, not (event, url).
    const frame = (url: string, isMainFrame: boolean) => {
      let prevented = false;
      contents.emit('will-frame-navigate', { url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    };
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'about:blank', 'javascript:alert(1)', 'data:text/html,<p>x</p>']) {
      expect(frame(url, false), `sub-frame to ${url}`).toBe(true);
      expect(frame(url, true), `top frame to ${url}`).toBe(true);
    }
    expect(frame(`${appUrl}#/images`, true)).toBe(false);
    expect(frame(appUrl, false)).toBe(false);
  });

  it('<webview> is never attached', () => {
    expect(guarded().contents.prevented('will-attach-webview')).toBe(true);
  });

  it('window.open never makes a window; allowed https links go to the browser, others nowhere', () => {
    const { contents, opened } = guarded();
    for (const url of [
      'https://docs.docker.com/engine/',
      'http://docs.docker.com/',
      'https://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://docs.docker.com/engine/']);
  });
});

describe('external links', () => {
  it('only https to the allow-list, exact host names, no credentials or odd ports', () => {
    for (const ok of [
      'https://docs.docker.com/reference/',
      'https://hub.docker.com/_/busybox',
      'https://github.com/distribution/distribution',
    ]) {
      expect(isAllowedExternalLink(ok), ok).toBe(true);
    }
    for (const bad of [
      'http://hub.docker.com/',
      'https://hub.docker.com.evil.example/',
      'https://evil.example/?u=https://github.com',
      'https://user:pass@github.com/',
      'https://github.com:8443/',
      'https://gist.github.com/',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(isAllowedExternalLink(bad), bad).toBe(false);
    }
  });

  it('what is opened is the URL as parsed', () => {
    expect(decideWindowOpen('https://GitHub.com/a b')).toEqual({ action: 'deny', openExternally: 'https://github.com/a%20b' });
    expect(decideWindowOpen('https://evil.example/')).toEqual({ action: 'deny' });
  });
});

describe('IPC sender validation on invoke events', () => {
  const ours = { webContentsId: 3, appUrl };
  it('accepts the top frame of our window only, and nothing when there is no window', () => {
    expect(isTrustedIpcEvent({ sender: { id: 3 }, senderFrame: { url: appUrl, parent: null } }, ours)).toBe(true);
    expect(isTrustedIpcEvent({ sender: { id: 3 }, senderFrame: { url: appUrl, parent: {} } }, ours)).toBe(false);
    expect(isTrustedIpcEvent({ sender: { id: 4 }, senderFrame: { url: appUrl, parent: null } }, ours)).toBe(false);
    expect(isTrustedIpcEvent({ sender: { id: 3 }, senderFrame: null }, ours)).toBe(false);
    expect(isTrustedIpcEvent({ sender: { id: 3 }, senderFrame: { url: appUrl, parent: null } }, undefined)).toBe(false);
  });
});

describe("the page's CSP", () => {
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync('renderer/index.html', 'utf8'))?.[1];

  it("renderer/index.html carries a CSP whose scripts come only from 'self' (no inline, no eval)", () => {
    expect(meta).toBeDefined();
    const directives = cspDirectives(meta!);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });

  it("the shell's CSP constant is the page's policy, which also shuts plugins, <base> and form posts", () => {
    expect(meta).toBe(RENDERER_CSP);
    const directives = cspDirectives(meta!);
    for (const name of ['object-src', 'base-uri', 'form-action']) expect(directives.get(name), name).toEqual(["'none'"]);
  });
});
