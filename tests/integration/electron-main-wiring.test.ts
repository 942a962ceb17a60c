// The Electron main process that ships (dist/electron/main.cjs, built here by scripts/build-electron.mjs),
// run under plain Node with a recording stand-in for the `electron` module
// (tests/support/fake-electron.ts) and its core talking to the real test engine. It specifies how
// main.ts wires the pure shell and security modules into Electron: the window's isolation, IPC
// sender checks and validation, navigation and permission guards, single instance, tray, quitting,
// the native confirmation before a remote engine is used, and which files images.load may read.
// The real Electron app is driven by tests/electron/app.spec.ts wherever the binary is installed;
// this suite runs everywhere, including machines that cannot download Electron.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, ipcChannelName } from '../../shared/channels';
import type { AppSettings, EngineStatus, ImageListResult, JobSnapshot, Result } from '../../shared/contract';
import { CONFIRMED_ENGINES_FILE } from '../../electron/core/engine/engine-confirmation';
import { IPC_GRANT_FILE_PATH } from '../../electron/ipc-internal';
import { RENDERER_CSP } from '../../electron/security';
import { flattenMenu } from '../../electron/shell/menu-spec';
import { shellStrings } from '../../electron/shell/shell-strings';
import { buildTrayMenu } from '../../electron/shell/tray-menu';
import { INITIAL_TRAY_STATE } from '../../electron/shell/tray-state';
import { buildElectronBundles, ELECTRON_BUNDLES } from '../support/electron-bundles';
import { createFakeElectron, FakeWebContents, runBundle, type FakeBrowserWindowLike, type FakeElectron } from '../support/fake-electron';
import { dockerCliSync, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
const stack = loadStackEnv();
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, STEVEDORE_DATA_DIR: process.env.STEVEDORE_DATA_DIR };
const launched: FakeElectron[] = [];
const dataDirs: string[] = [];
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

interface LaunchOptions {
  singleInstanceLock?: boolean;
  /** Start with this data folder (a settings.json written beforehand, or a second start). */
  dataDir?: string;
  /** Loopback hosts main asks about as if remote (STEVEDORE_CONFIRM_ENGINE_HOSTS): a loopback listener stands in for a remote engine. */
  askAnyway?: string;
  /** Set before the app starts (e.g. an answer that is still pending while it starts). */
  prepare?: (electron: FakeElectron) => void;
}

/** Loads a fresh copy of the shipped main bundle, as Electron would start it, with its own data folder. */
function launch(options: LaunchOptions = {}): FakeElectron {
  const electron = createFakeElectron(options);
  options.prepare?.(electron);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stevedore-main-wiring-'));
  if (!options.dataDir) dataDirs.push(dataDir);
  process.env.STEVEDORE_DATA_DIR = dataDir;
  process.env.DOCKER_HOST = stack.dockerHost;
  if (options.askAnyway) process.env.STEVEDORE_CONFIRM_ENGINE_HOSTS = options.askAnyway;
  try {
    runBundle(ELECTRON_BUNDLES.main, electron.module, { allowOthers: true });
  } finally {
    delete process.env.STEVEDORE_CONFIRM_ENGINE_HOSTS;
  }
  launched.push(electron);
  return electron;
}

/** What the app page calls: `invoke` from its top frame. */
function pageOf(electron: FakeElectron) {
  const window = electron.createdWindows[0];
  expect(window, 'a window once the app is ready').toBeDefined();
  const page = { webContents: window.webContents, url: window.webContents.url };
  const call = (channel: string, payload?: unknown) =>
    electron.invoke(ipcChannelName(channel as never), page, payload) as Promise<Result<unknown>>;
  return { window, page, call };
}

/** The app is ready, its one window has been drawn, and the core has reached the test engine. */
async function launchReady(options: LaunchOptions = {}) {
  const electron = launch(options);
  await electron.ready();
  const { window, page, call } = pageOf(electron);
  // vi.waitFor, not expect.poll: this also runs in beforeAll.
  await vi.waitFor(async () => expect((await engineStatus(call)).reachable).toBe(true), { timeout: 20_000, interval: 100 });
  await vi.waitFor(() => expect(window.visible).toBe(true));
  return { electron, window, page, call };
}

/**
 * A loopback TCP listener standing in for a remote engine: it records every connection and the
 * first line sent on it, and answers nothing (so no traffic ever leaves the machine).
 */
async function recordingListener(): Promise<{
  server: Server;
  port: number;
  connections: number;
  firstLines: string[];
  close(): Promise<void>;
}> {
  const record = { connections: 0, firstLines: [] as string[] };
  const server = createServer((socket) => {
    record.connections++;
    socket.once('data', (chunk: Buffer) => {
      record.firstLines.push(chunk.toString('latin1').split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(record, { server, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** The options of the message boxes main has shown (dialog.showMessageBox([window,] options)). */
const messageBoxes = (electron: FakeElectron) =>
  electron.dialogs
    .filter((d) => d.kind === 'message')
    .map((d) => d.args[d.args.length - 1] as { message: string; detail: string; buttons: string[] });

/** Answers a message box with its button named `label` (the confirmation's "Use this engine"). */
const pressButton = (label: RegExp) => (options: Record<string, unknown>) => ({
  response: (options.buttons as string[]).findIndex((b) => label.test(b)),
  checkboxChecked: false,
});
const USE_ENGINE = /^Use this engine$/;
const CANCEL = /^Cancel$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function engineStatus(call: (channel: string, payload?: unknown) => Promise<Result<unknown>>): Promise<EngineStatus> {
  const r = await call('engine.status', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as EngineStatus;
}

/** After quitting: longer than the tray's 250 ms rebuild debounce, then nothing destroyed was touched. */
async function expectNothingTouchedAfterQuit(electron: FakeElectron): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(electron.usedAfterDestroy).toEqual([]);
}

const trayItems = (electron: FakeElectron) =>
  flattenMenu((electron.trays[0]?.contextMenu?.template ?? []) as never) as (Record<string, unknown> & { click?: () => void })[];

/** The sources a CSP directive lists (undefined when the policy does not have it). */
const cspSources = (csp: string, directive: string) => new RegExp(`(?:^|;)\\s*${directive}\\s+([^;]*)`).exec(csp)?.[1].trim().split(/\s+/);

beforeAll(() => {
  if (!skipReason) buildElectronBundles();
});

afterAll(() => {
  for (const electron of launched) electron.app.quit();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

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

describe.skipIf(skipReason)('files images.load may read in the desktop app', () => {
  // Its own app: the load jobs here would otherwise show in another test's tray menu.
  let electron: FakeElectron;
  let page: { webContents: FakeWebContents; url: string };
  let call: (channel: string, payload?: unknown) => Promise<Result<unknown>>;

  beforeAll(async () => {
    ({ electron, page, call } = await launchReady());
  });
  afterAll(() => electron?.app.quit());

  it('images.load and the load preview read only files given this session: picked in the open dialog or dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-load-paths-'));
    dataDirs.push(dir);
    const picked = join(dir, 'picked.tar');
    const dropped = join(dir, 'dropped.tar');
    for (const tar of [picked, dropped]) expect(dockerCliSync(['save', '-o', tar, fixtures().base]).code, `docker save -o ${tar}`).toBe(0);
    // The bundle's core reads files through these very module objects: a spy sees every touch of a path.
    const fsp = createRequire(import.meta.url)('node:fs/promises') as Record<string, (...args: unknown[]) => unknown>;
    const fs = createRequire(import.meta.url)('node:fs') as Record<string, (...args: unknown[]) => unknown>;
    const spies = [
      ...['stat', 'lstat', 'open', 'access', 'readFile'].map((name) => vi.spyOn(fsp, name)),
      ...['stat', 'statSync', 'open', 'openSync', 'createReadStream', 'readFileSync'].map((name) => vi.spyOn(fs, name)),
    ];
    const touches = (path: string) => spies.flatMap((spy) => spy.mock.calls).filter((args) => args[0] === path).length;
    const refused = (path: string) => ({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: `Load only what you picked in the Load dialog or dropped on the window: ${path} was not given to Stevedore in this session`,
      },
    });
    const loadJobs = async () => ((await call('jobs.list', {})) as { value: JobSnapshot[] }).value.filter((j) => j.kind === 'load');
    const finished = (jobId: string) =>
      expect.poll(async () => (await loadJobs()).find((j) => j.id === jobId)?.state, { timeout: 60_000, interval: 200 }).toBe('succeeded');
    try {
      const jobsBefore = (await loadJobs()).length;
      // A path the page names by itself is refused before the core sees it: not stat'ed, not opened.
      expect(await call('images.loadPreview', { path: picked })).toEqual(refused(picked));
      expect(await call('images.load', { paths: [picked] })).toEqual(refused(picked));
      expect(await call('images.load', { paths: ['/etc/passwd'] })).toEqual(refused('/etc/passwd'));
      // The grant channel heeds only our page's top frame (the preload), like every channel.
      await electron.invoke(IPC_GRANT_FILE_PATH, { webContents: page.webContents, url: 'https://evil.example/index.html' }, picked);
      await electron.invoke(IPC_GRANT_FILE_PATH, { webContents: page.webContents, url: page.url, mainFrame: false }, picked);
      await electron.invoke(IPC_GRANT_FILE_PATH, { webContents: new FakeWebContents(), url: page.url }, picked);
      expect(await call('images.loadPreview', { path: picked })).toEqual(refused(picked));
      expect(touches(picked), 'the archive was not read').toBe(0);
      expect(await loadJobs()).toHaveLength(jobsBefore);

      // Picked in the (stubbed) native open dialog: previewed and loaded, the file read for real.
      electron.dialogAnswers.open = () => ({ canceled: false, filePaths: [picked] });
      expect(await call('dialogs.openTars', {})).toEqual({ ok: true, value: { paths: [picked] } });
      expect(await call('images.loadPreview', { path: picked })).toMatchObject({ ok: true, value: { name: 'picked.tar' } });
      expect(touches(picked), 'the spy sees the reads it would have seen').toBeGreaterThan(0);
      const load = await call('images.load', { paths: [picked] });
      expect(load.ok).toBe(true);
      await finished((load as { value: { jobId: string } }).value.jobId);
      // Picking one file grants that file, not a neighbour, nor both of a list.
      expect(await call('images.load', { paths: [picked, dropped] })).toEqual(refused(dropped));

      // Dropped: the preload reports the path webUtils gave it, then the page loads it.
      await electron.invoke(IPC_GRANT_FILE_PATH, page, dropped);
      const fromDrop = await call('images.load', { paths: [dropped] });
      expect(fromDrop.ok).toBe(true);
      await finished((fromDrop as { value: { jobId: string } }).value.jobId);
    } finally {
      for (const spy of spies) spy.mockRestore();
      electron.dialogAnswers.open = () => ({ canceled: true, filePaths: [] });
    }
  });
});

describe.skipIf(skipReason)("engine switching is the person's decision, asked in a native dialog in main", () => {
  let electron: FakeElectron;
  let call: (channel: string, payload?: unknown) => Promise<Result<unknown>>;
  let remote: Awaited<ReturnType<typeof recordingListener>>;
  let dataDir: string;
  let remoteSetting: { kind: 'tcp'; host: string; port: number; tls: boolean };

  beforeAll(async () => {
    remote = await recordingListener();
    remoteSetting = { kind: 'tcp', host: '127.0.0.1', port: remote.port, tls: false };
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-main-wiring-'));
    dataDirs.push(dataDir);
    // 127.0.0.1 is loopback, so local; the listener stands in for a remote host only because the
    // test asks main to treat it as one (a real remote name would send traffic off the machine).
    ({ electron, call } = await launchReady({ dataDir, askAnyway: '127.0.0.1' }));
  });
  afterAll(async () => {
    electron?.app.quit();
    await remote?.close();
  });

  const settingsFile = () =>
    existsSync(join(dataDir, 'settings.json')) ? readFileSync(join(dataDir, 'settings.json'), 'utf8') : undefined;

  it('a remote engine chosen in Settings is asked about, naming the host and what will be sent there; declining changes nothing and sends nothing', async () => {
    electron.dialogAnswers.message = pressButton(CANCEL);
    const before = { file: settingsFile(), settings: await call('settings.get', {}), status: await engineStatus(call) };
    const asked = messageBoxes(electron).length;

    const answer = await call('settings.set', { engine: remoteSetting, theme: 'dark' });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'CANCELLED',
        message: `The engine was not changed: you did not confirm tcp://127.0.0.1:${remote.port}. Nothing was sent there and the settings are as they were.`,
      },
    });
    const question = messageBoxes(electron).slice(asked);
    expect(question).toHaveLength(1);
    expect(question[0].message).toBe('Use the Docker engine on 127.0.0.1?');
    expect(question[0].detail).toContain(`You chose the engine at tcp://127.0.0.1:${remote.port}.`);
    expect(question[0].detail).toMatch(
      /send your registry credentials \(for pulls and pushes\) and the image archives you load to 127\.0\.0\.1/,
    );
    expect(question[0].detail).toMatch(/not encrypted/);

    // Nothing changed: not the stored settings (the theme in the same request neither), not the file, not the connection.
    expect(await call('settings.get', {})).toEqual(before.settings);
    expect(settingsFile()).toBe(before.file);
    expect(await engineStatus(call)).toMatchObject({ reachable: true, host: stack.dockerHost });
    expect(existsSync(join(dataDir, CONFIRMED_ENGINES_FILE))).toBe(false);
    await sleep(300);
    expect(remote.connections, 'nothing was sent to the declined engine').toBe(0);
  });

  it('accepting switches the connection there and is remembered by main; the same engine later is not asked about again', async () => {
    electron.dialogAnswers.message = pressButton(USE_ENGINE);
    const asked = messageBoxes(electron).length;
    expect(await call('settings.set', { engine: remoteSetting })).toMatchObject({ ok: true, value: { engine: remoteSetting } });
    expect(messageBoxes(electron)).toHaveLength(asked + 1);
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(remote.firstLines[0]).toMatch(/^(GET|HEAD) \/\S* HTTP\/1\.1$/);
    expect((await engineStatus(call)).host).toBe(`tcp://127.0.0.1:${remote.port}`);
    // Remembered by the main side in its own file, keyed by the resolved endpoint.
    expect(Object.keys(JSON.parse(readFileSync(join(dataDir, CONFIRMED_ENGINES_FILE), 'utf8')).confirmed)).toEqual([
      `tcp://127.0.0.1:${remote.port} plain`,
    ]);
    // The renderer has no channel that writes it: settings.set takes no such field.
    expect(await call('settings.set', { confirmedEngines: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

    // Back to the CLI's choice (DOCKER_HOST here), which needs no question, then to the remembered engine again.
    expect(await call('settings.set', { engine: { kind: 'auto' } })).toMatchObject({ ok: true });
    await expect.poll(async () => (await engineStatus(call)).reachable, { timeout: 20_000 }).toBe(true);
    expect(await call('settings.set', { engine: remoteSetting })).toMatchObject({ ok: true });
    expect(messageBoxes(electron), 'auto and a remembered engine are not asked about').toHaveLength(asked + 1);
    expect(await call('settings.set', { engine: { kind: 'auto' } })).toMatchObject({ ok: true });
    await expect.poll(async () => (await engineStatus(call)).host, { timeout: 20_000 }).toBe(stack.dockerHost);
  });

  it('a local engine (a unix socket) needs no confirmation', async () => {
    electron.dialogAnswers.message = pressButton(CANCEL);
    const asked = messageBoxes(electron).length;
    const socket = stack.dockerHost.replace(/^unix:\/\//, '');
    expect(await call('settings.set', { engine: { kind: 'socket', path: socket } })).toMatchObject({ ok: true });
    await expect.poll(async () => (await engineStatus(call)).reachable, { timeout: 20_000 }).toBe(true);
    expect(messageBoxes(electron)).toHaveLength(asked);
    expect(await call('settings.set', { engine: { kind: 'auto' } })).toMatchObject({ ok: true });
  });
});

describe.skipIf(skipReason)('a remote engine found in settings.json at start (edited on disk)', () => {
  const listeners: Awaited<ReturnType<typeof recordingListener>>[] = [];
  afterAll(async () => {
    for (const l of listeners) await l.close();
  });

  /** A data folder whose settings.json names the listener's address as the engine. */
  async function remoteInSettings() {
    const remote = await recordingListener();
    listeners.push(remote);
    const dataDir = mkdtempSync(join(tmpdir(), 'stevedore-main-wiring-'));
    dataDirs.push(dataDir);
    const settings = `${JSON.stringify({ engine: { kind: 'tcp', host: '127.0.0.1', port: remote.port, tls: false } }, null, 2)}\n`;
    writeFileSync(join(dataDir, 'settings.json'), settings);
    return { remote, dataDir, settings };
  }

  it('is asked about before first use: no connection and no request reaches it until the person says yes; a yes connects, and is not asked again', async () => {
    const { remote, dataDir } = await remoteInSettings();
    let answer: (response: number) => void = () => undefined;
    const electron = launch({
      dataDir,
      askAnyway: '127.0.0.1',
      prepare: (e) => {
        e.dialogAnswers.message = () => new Promise((resolve) => (answer = (response) => resolve({ response, checkboxChecked: false })));
      },
    });
    await electron.ready();
    await vi.waitFor(() => expect(messageBoxes(electron)).toHaveLength(1));
    const [question] = messageBoxes(electron);
    expect(question.message).toBe('Use the Docker engine on 127.0.0.1?');
    expect(question.detail).toContain(
      `Stevedore's settings file names the engine at tcp://127.0.0.1:${remote.port}. Nothing has been sent there yet.`,
    );

    // While the question is open the page works against no engine, and says why.
    const { call } = pageOf(electron);
    expect(await engineStatus(call)).toMatchObject({
      reachable: false,
      host: `tcp://127.0.0.1:${remote.port}`,
      error: expect.stringMatching(/^Waiting for you to confirm the engine at tcp:\/\/127\.0\.0\.1:\d+ \(named in settings\.json\)/),
    });
    expect(await call('images.list', {})).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
    expect(await call('engine.reconnect', {})).toMatchObject({ ok: true, value: { reachable: false } });
    await sleep(300);
    expect(remote.connections, 'nothing reaches the engine before the answer').toBe(0);

    answer(question.buttons.indexOf('Use this engine'));
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await engineStatus(call)).host).toBe(`tcp://127.0.0.1:${remote.port}`);
    electron.app.quit();

    // The next start remembers it: no question, straight to the engine.
    const connectionsBefore = remote.connections;
    const again = launch({ dataDir, askAnyway: '127.0.0.1' });
    await again.ready();
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(connectionsBefore);
    expect(messageBoxes(again)).toHaveLength(0);
    again.app.quit();
  });

  it('declined: the app stays unconnected (no silent fallback to another engine), settings.json is untouched, nothing is sent; Reconnect asks again', async () => {
    const { remote, dataDir, settings } = await remoteInSettings();
    const electron = launch({ dataDir, askAnyway: '127.0.0.1', prepare: (e) => (e.dialogAnswers.message = pressButton(CANCEL)) });
    await electron.ready();
    const { call } = pageOf(electron);
    await expect
      .poll(async () => (await engineStatus(call)).error, { timeout: 10_000 })
      .toMatch(/^Not connected: you did not confirm the engine at tcp:\/\/127\.0\.0\.1:\d+ named in settings\.json/);
    expect(await call('images.list', {})).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(settings);
    expect(existsSync(join(dataDir, CONFIRMED_ENGINES_FILE))).toBe(false);
    await sleep(300);
    expect(remote.connections).toBe(0);
    expect(messageBoxes(electron)).toHaveLength(1);

    // Reconnect (the banner's or the tray's) asks again; a yes now connects.
    electron.dialogAnswers.message = pressButton(USE_ENGINE);
    await call('engine.reconnect', {});
    expect(messageBoxes(electron)).toHaveLength(2);
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(0);
    electron.app.quit();
  });
});
