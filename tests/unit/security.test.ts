import { describe, expect, it } from 'vitest';
import { isNavigationAllowed, isPermissionAllowed, isTrustedSender, RENDERER_CSP, secureWebPreferences } from '../../electron/security';

const appUrl = 'file:///opt/stevedore/resources/app/dist/renderer/index.html';

describe('window security', () => {
  it('the window runs sandboxed, isolated and without Node', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
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
