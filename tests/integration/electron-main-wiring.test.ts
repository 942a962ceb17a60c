// The Electron main process that ships (dist/electron/main.cjs, built here by scripts/build-electron.mjs),
// run under plain Node with a recording stand-in for the `electron` module
// (tests/support/fake-electron.ts) and its core talking to the real test engine
// (tests/support/electron-main-harness.ts). It specifies how main.ts wires the pure shell and security
// modules into Electron: the window's isolation, IPC sender checks and validation, navigation and
// permission guards, single instance, tray, quitting. The native confirmation before a remote engine is
// used is in electron-main-engine-confirm.test.ts, which files images.load may read in
// electron-main-loads.test.ts. The real Electron app is driven by tests/electron/app.spec.ts wherever
// the binary is installed; these suites run everywhere, including machines that cannot download Electron.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannelName } from '../../shared/channels';
import type { AppSettings, ImageListResult, Result } from '../../shared/contract';
import { IPC_GRANT_FILE_PATH } from '../../electron/ipc-internal';
import { RENDERER_CSP } from '../../electron/security';
import { flattenMenu } from '../../electron/shell/menu-spec';
import { shellStrings } from '../../electron/shell/shell-strings';
import { buildTrayMenu } from '../../electron/shell/tray-menu';
import { INITIAL_TRAY_STATE } from '../../electron/shell/tray-state';
import { ELECTRON_BUNDLES } from '../support/electron-bundles';
import { engineStatus, launch, launchReady, skipReason, stack, useElectronMainHarness } from '../support/electron-main-harness';
import { FakeWebContents, type FakeBrowserWindowLike, type FakeElectron } from '../support/fake-electron';
import { fixtures } from '../support/stack';

const UNTRUSTED = { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Untrusted sender' } };

/**
 * The engine /events watches this process holds open: live sockets whose HTTP request is a GET
 * /events (Node's handle list is the only view of a dependency's sockets; idle keep-alive sockets
 * carry no request and are not counted).
 */
const openEventStreams = () =>
  (process as unknown as { _getActiveHandles(): { destroyed?: boolean; _httpMessage?: { path?: string } | null }[] })
    ._getActiveHandles()
    .filter((h) => !h.destroyed && /^(\/v[\d.]+)?\/events\b/.test(h._httpMessage?.path ?? '')).length;

/** After quitting: longer than the tray's 250 ms rebuild debounce, then nothing destroyed was touched. */
async function expectNothingTouchedAfterQuit(electron: FakeElectron): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(electron.usedAfterDestroy).toEqual([]);
}

const trayItems = (electron: FakeElectron) =>
  flattenMenu((electron.trays[0]?.contextMenu?.template ?? []) as never) as (Record<string, unknown> & { click?: () => void })[];

/** The sources a CSP directive lists (undefined when the policy does not have it). */
const cspSources = (csp: string, directive: string) => new RegExp(`(?:^|;)\\s*${directive}\\s+([^;]*)`).exec(csp)?.[1].trim().split(/\s+/);

useElectronMainHarness();

describe.skipIf(skipReason)('the Electron main process, started', () => {
  let electron: FakeElectron;
  let window: FakeBrowserWindowLike;
  let page: { webContents: FakeWebContents; url: string };
  let call: (channel: string, payload?: unknown) => Promise<Result<unknown>>;

  beforeAll(async () => {
    ({ electron, window, page, call } = await launchReady());
  });
  afterAll(() => electron?.app.quit());

  it('opens exactly one window, hidden until drawn, showing the built renderer page', () => {
    expect(electron.createdWindows).toHaveLength(1);
    expect(window.options.show).toBe(false);
    expect(window.calls.filter((c) => c.startsWith('loadURL'))).toEqual([`loadURL ${page.url}`]);
    expect(fileURLToPath(page.url)).toBe(ELECTRON_BUNDLES.rendererPage);
    expect(window.visible).toBe(true);
  });

  it('isolates the page: context isolation, sandbox, no Node anywhere, web security on, the built preload', () => {
    const prefs = window.options.webPreferences ?? {};
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).not.toBe(false);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
    expect(prefs.webviewTag).not.toBe(true);
    expect(prefs.preload).toBe(ELECTRON_BUNDLES.preload);
    expect(existsSync(prefs.preload as string)).toBe(true);
  });

  it('runs the page under a CSP whose scripts come only from the app (no eval, no inline)', async () => {
    // A header set by main (webRequest.onHeadersReceived) would be the policy; without one, the
    // page's own meta tag is. Either way it must be security.ts's script policy.
    let policy: string | undefined;
    for (const listener of electron.session.headerListeners) {
      const response = await new Promise<{ responseHeaders?: Record<string, string[]> }>((resolve) =>
        listener({ url: page.url, resourceType: 'mainFrame', responseHeaders: {} }, (r) => resolve(r as never)),
      );
      policy = response.responseHeaders?.['Content-Security-Policy']?.join('; ') ?? policy;
    }
    if (policy !== undefined) expect(policy).toBe(RENDERER_CSP);
    expect(existsSync(ELECTRON_BUNDLES.rendererPage), 'the built page (npm run build:renderer)').toBe(true);
    policy ??= /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(ELECTRON_BUNDLES.rendererPage, 'utf8'))?.[1];
    expect(policy, 'a CSP for the page').toBeDefined();
    expect(cspSources(policy!, 'script-src')).toEqual(["'self'"]);
    expect(policy).toBe(RENDERER_CSP);
    expect(cspSources(policy!, 'default-src')).toEqual(["'self'"]);
    expect(policy).not.toMatch(/unsafe-eval/);
  });

  it("handles every contract channel over IPC, and besides them only the preload's grant of a dropped file's path", () => {
    expect([...electron.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES.map(ipcChannelName), IPC_GRANT_FILE_PATH].sort());
  });

  it("refuses calls from anything but the app page's top frame, before they reach the core", async () => {
    const senders = [
      { what: 'another site in our window', from: { webContents: page.webContents, url: 'https://evil.example/index.html' } },
      { what: 'another local file', from: { webContents: page.webContents, url: 'file:///etc/passwd' } },
      { what: 'a sub-frame showing our page', from: { webContents: page.webContents, url: page.url, mainFrame: false } },
      { what: 'another web contents showing our page', from: { webContents: new FakeWebContents(), url: page.url } },
    ];
    for (const { what, from } of senders) {
      // A settings change is the proof: had it reached the core, it would be saved.
      expect(await electron.invoke(ipcChannelName('settings.set'), from, { closeToTray: false }), what).toEqual(UNTRUSTED);
      expect(await electron.invoke(ipcChannelName('images.list'), from, {}), what).toEqual(UNTRUSTED);
    }
    const settings = await call('settings.get', {});
    expect(settings.ok && (settings.value as AppSettings).closeToTray).toBe(true);
  });

  it("answers a malformed request from the app page with the contract schema's INVALID_ARGUMENT", async () => {
    const wrongType = await call('images.list', { all: 'yes' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(!wrongType.ok && wrongType.error.message).toMatch(/^Invalid request for images\.list: all: /);
    const unknownKey = await call('engine.status', { sneaky: true });
    expect(unknownKey).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Invalid request for engine\.status/) },
    });
  });

  it('passes a valid request from the app page to the core, which answers from the real test engine', async () => {
    const status = await engineStatus(call);
    expect(status).toMatchObject({ reachable: true, host: stack.dockerHost });
    const list = await call('images.list', {});
    expect(list.ok).toBe(true);
    const rows = (list as { value: ImageListResult }).value.rows;
    expect(rows.map((r) => `${r.repository}:${r.tag}`)).toContain(fixtures().base);
  });

  it('keeps the window on the app page: navigation elsewhere, new windows and <webview> are refused', () => {
    const contents = page.webContents;
    expect(contents.navigate('https://evil.example/')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    expect(contents.navigate(`${page.url}#/registries`)).toBe(true);
    // Any frame's navigation (will-frame-navigate), an injected <iframe> included, is held to the same rule.
    expect(contents.frameNavigate('https://evil.example/')).toBe(false);
    expect(contents.frameNavigate('file:///etc/passwd')).toBe(false);
    expect(contents.frameNavigate('about:blank')).toBe(false);
    expect(contents.frameNavigate('https://evil.example/', true)).toBe(false);
    expect(contents.frameNavigate(`${page.url}#/images`, true)).toBe(true);
    expect(contents.attachWebview()).toBe(false);
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.openWindow('http://docs.docker.com/')).toEqual({ action: 'deny' });
    expect(electron.openedExternally).toEqual([]);
    // An allowed documentation link opens in the browser, still never in a new app window.
    expect(contents.openWindow('https://docs.docker.com/reference/cli/docker/image/')).toEqual({ action: 'deny' });
    expect(electron.openedExternally).toEqual(['https://docs.docker.com/reference/cli/docker/image/']);
  });

  it('denies every permission the page may ask for except writing to the clipboard', async () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'midi']) {
      expect(await electron.requestPermission(page.webContents, permission), permission).toBe(false);
      expect(electron.session.permissionCheckHandler?.(page.webContents, permission), permission).toBe(false);
    }
    expect(await electron.requestPermission(page.webContents, 'clipboard-sanitized-write')).toBe(true);
  });

  it('brings the existing window forward when a second copy is started, instead of opening another', () => {
    window.minimized = true;
    window.visible = false;
    window.calls.length = 0;
    electron.secondInstance(['stevedore']);
    expect(electron.createdWindows).toHaveLength(1);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    expect(window.visible).toBe(true);
  });

  // Linux (where this suite runs): the menu is set on the tray; Windows and macOS build it as it pops up.
  it.runIf(process.platform === 'linux')(
    "shows the tray menu built by shell/tray-menu.ts from the engine's state, with working items",
    async () => {
      expect(electron.trays).toHaveLength(1);
      expect(electron.trays[0].image.isEmpty(), 'the tray icon ships next to main.cjs').toBe(false);
      const status = await engineStatus(call);
      const en = shellStrings('system', 'en-US');
      const expected = flattenMenu(buildTrayMenu({ ...INITIAL_TRAY_STATE, engine: status }, en));
      await expect
        .poll(() => trayItems(electron).find((i) => i.id === 'engine-status')?.label)
        .toBe(en.engineReachable(status.version, status.host));
      expect(trayItems(electron).map((i) => i.id)).toEqual(expected.map((i) => i.id));
      // Every item one can choose does something; the engine line is information only.
      for (const item of trayItems(electron)) {
        const choosable = item.type !== 'separator' && item.type !== 'submenu' && item.enabled !== false;
        if (choosable) expect(typeof item.click, `click of ${String(item.id)}`).toBe('function');
      }
      const engineLine = trayItems(electron).find((i) => i.id === 'engine-status');
      expect(engineLine?.enabled).toBe(false);
      expect(engineLine).not.toHaveProperty('click');
      // "Open Stevedore" and a click on the icon bring the window back.
      window.hide();
      trayItems(electron).find((i) => i.id === 'open')!.click!();
      await expect.poll(() => window.visible).toBe(true);
      window.hide();
      electron.trays[0].emit('click');
      await expect.poll(() => window.visible).toBe(true);
      expect(electron.applicationMenus.length).toBeGreaterThan(0);
    },
  );
});

describe.skipIf(skipReason)('the Electron main process, closing and quitting', () => {
  it('hides the window to the tray when it is closed (the default) and keeps running', async () => {
    const { electron, window } = await launchReady();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.visible).toBe(false);
    expect(electron.app.calls.quit).toBe(0);
    electron.app.quit();
    expect(electron.app.state).toBe('quit');
  });

  it('with close-to-tray off, closing the window quits: the tray goes and the core stops watching the engine', async () => {
    const before = openEventStreams();
    const { electron, window, call } = await launchReady();
    expect(openEventStreams(), 'the core watches the engine').toBe(before + 1);
    expect(await call('settings.set', { closeToTray: false })).toMatchObject({ ok: true, value: { closeToTray: false } });
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(electron.app.state).toBe('quit');
    expect(electron.trays[0].destroyed).toBe(true);
    // will-quit ran core.dispose(): its engine watch is closed, nothing of it keeps the process alive.
    await expect.poll(openEventStreams, { timeout: 5_000 }).toBe(before);
    await expectNothingTouchedAfterQuit(electron);
  });

  it("the tray's Quit item quits at once, closing the window for real despite close-to-tray", async () => {
    const before = openEventStreams();
    const { electron, window } = await launchReady();
    trayItems(electron).find((i) => i.id === 'quit')!.click!();
    await expect.poll(() => electron.app.state).toBe('quit');
    expect(window.isDestroyed()).toBe(true);
    expect(electron.trays[0].destroyed).toBe(true);
    await expect.poll(openEventStreams, { timeout: 5_000 }).toBe(before);
    await expectNothingTouchedAfterQuit(electron);
  });

  it('a second copy that does not get the single-instance lock quits at once and sets nothing up', async () => {
    const electron = launch({ singleInstanceLock: false });
    expect(electron.app.calls.quit).toBe(1);
    await electron.ready();
    expect(electron.handlers.size).toBe(0);
    expect(electron.createdWindows).toHaveLength(0);
    expect(electron.trays).toHaveLength(0);
  });
});
