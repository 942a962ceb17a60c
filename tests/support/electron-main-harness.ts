// Starts the Electron main process that ships (dist/electron/main.cjs, built here by
// scripts/build-electron.mjs) under plain Node, with the recording stand-in for the `electron` module
// (tests/support/fake-electron.ts) and its core talking to the real test engine: what the
// tests/integration/electron-main-*.test.ts files share. Each of them calls
// useElectronMainHarness() once, at its top level, for the bundle build and the clean-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { ipcChannelName } from '../../shared/channels';
import type { EngineStatus, Result } from '../../shared/contract';
import { buildElectronBundles, ELECTRON_BUNDLES } from './electron-bundles';
import { createFakeElectron, runBundle, type FakeElectron } from './fake-electron';
import { loadStackEnv, requireEngine } from './stack';

export const skipReason = requireEngine();
export const stack = loadStackEnv();
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, STEVEDORE_DATA_DIR: process.env.STEVEDORE_DATA_DIR };
const launched: FakeElectron[] = [];
const dataDirs: string[] = [];

/** Builds the bundles before the file's tests; after them quits every app started, restores the env and removes the folders. */
export function useElectronMainHarness(): void {
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
}

/** A new temporary folder, removed after the file's tests. */
export function tempDir(prefix = 'stevedore-main-wiring-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dataDirs.push(dir);
  return dir;
}

export interface LaunchOptions {
  singleInstanceLock?: boolean;
  /** Start with this data folder (a settings.json written beforehand, or a second start). */
  dataDir?: string;
  /** Loopback hosts main asks about as if remote (STEVEDORE_CONFIRM_ENGINE_HOSTS): a loopback listener stands in for a remote engine. */
  askAnyway?: string;
  /** Set before the app starts (e.g. an answer that is still pending while it starts). */
  prepare?: (electron: FakeElectron) => void;
}

/** Loads a fresh copy of the shipped main bundle, as Electron would start it, with its own data folder. */
export function launch(options: LaunchOptions = {}): FakeElectron {
  const electron = createFakeElectron(options);
  options.prepare?.(electron);
  const dataDir = options.dataDir ?? tempDir();
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
export function pageOf(electron: FakeElectron) {
  const window = electron.createdWindows[0];
  expect(window, 'a window once the app is ready').toBeDefined();
  const page = { webContents: window.webContents, url: window.webContents.url };
  const call = (channel: string, payload?: unknown) =>
    electron.invoke(ipcChannelName(channel as never), page, payload) as Promise<Result<unknown>>;
  return { window, page, call };
}

/** The app is ready, its one window has been drawn, and the core has reached the test engine. */
export async function launchReady(options: LaunchOptions = {}) {
  const electron = launch(options);
  await electron.ready();
  const { window, page, call } = pageOf(electron);
  // vi.waitFor, not expect.poll: this also runs in beforeAll.
  await vi.waitFor(async () => expect((await engineStatus(call)).reachable).toBe(true), { timeout: 20_000, interval: 100 });
  await vi.waitFor(() => expect(window.visible).toBe(true));
  return { electron, window, page, call };
}

export async function engineStatus(call: (channel: string, payload?: unknown) => Promise<Result<unknown>>): Promise<EngineStatus> {
  const r = await call('engine.status', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as EngineStatus;
}
