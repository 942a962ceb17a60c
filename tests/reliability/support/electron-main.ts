// The shipped Electron main process (dist/electron/main.cjs, built here by the project's own build
// script) run under Node with the recording stand-in for `electron` (tests/support/fake-electron.ts),
// its core on the suite's private engine: what the reliability cases send as the app page's top
// frame over IPC, with the native dialogs answered by the test (the only way main takes a load or
// save path besides a drop).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipcChannelName } from '../../../shared/channels';
import type { EngineStatus, JobSnapshot, Result } from '../../../shared/contract';
import { buildElectronBundles } from '../../support/electron-bundles';
import { createFakeElectron, runBundle, type FakeElectron } from '../../support/fake-electron';
import { PRIVATE_DOCKER_HOST } from './private-stack';

export interface ElectronMain {
  electron: FakeElectron;
  /** ipcRenderer.invoke(channel, request) from the app page's top frame. */
  call(channel: string, request?: unknown): Promise<Result<unknown>>;
  /** Picks `path` in the Load dialog (dialogs.openTars), which grants it to images.load / loadPreview. */
  pickToLoad(path: string): Promise<void>;
  /** Picks `path` in the Save dialog (dialogs.saveTar), which lets one images.save write there. */
  pickToSave(path: string): Promise<void>;
  /** The job's final snapshot, read over IPC (jobs.list); a job still running after `ms` throws. */
  jobEnd(jobId: string, ms: number): Promise<JobSnapshot>;
  quit(): void;
}

const ENV_KEYS = ['DOCKER_HOST', 'STEVEDORE_DATA_DIR', 'DOCKER_CONFIG'] as const;

export async function startElectronMain(host = PRIVATE_DOCKER_HOST): Promise<ElectronMain> {
  const bundles = buildElectronBundles();
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-rel-electron-'));
  const electron = createFakeElectron();
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  // The core reads these once, while the bundle loads: the private engine, a data folder and a docker config of its own.
  Object.assign(process.env, { DOCKER_HOST: host, STEVEDORE_DATA_DIR: join(dir, 'data'), DOCKER_CONFIG: join(dir, 'docker-config') });
  try {
    runBundle(bundles.main, electron.module, { allowOthers: true });
  } finally {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
  await electron.ready();
  const window = electron.createdWindows[0];
  if (!window) throw new Error('the Electron main process opened no window');
  // The page's URL is set by loadURL; wait for it so calls come from the app page.
  for (let i = 0; i < 100 && !window.webContents.url; i++) await new Promise((r) => setTimeout(r, 20));
  const page = () => ({ webContents: window.webContents, url: window.webContents.url });
  const call = (channel: string, request: unknown = {}) =>
    electron.invoke(ipcChannelName(channel as never), page(), request) as Promise<Result<unknown>>;

  const until = Date.now() + 30_000;
  for (;;) {
    const status = await call('engine.status', {});
    if (status.ok && (status.value as EngineStatus).reachable) break;
    if (Date.now() > until) throw new Error(`the Electron main process did not reach ${host}: ${JSON.stringify(status).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    electron,
    call,
    async pickToLoad(path) {
      electron.dialogAnswers.open = () => ({ canceled: false, filePaths: [path] });
      const r = await call('dialogs.openTars', {});
      if (!r.ok) throw new Error(`dialogs.openTars: ${r.error.code} ${r.error.message}`);
    },
    async pickToSave(path) {
      electron.dialogAnswers.save = () => ({ canceled: false, filePath: path });
      // The dialog's refs only title it and name the default file; images.save names its own.
      const r = await call('dialogs.saveTar', { refs: ['rel/hostile-save:1'] });
      if (!r.ok || (r.value as { path?: string }).path !== path) throw new Error(`dialogs.saveTar: ${JSON.stringify(r).slice(0, 300)}`);
    },
    async jobEnd(jobId, ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        const r = await call('jobs.list', {});
        if (!r.ok) throw new Error(`jobs.list: ${r.error.code} ${r.error.message}`);
        const job = (r.value as JobSnapshot[]).find((j) => j.id === jobId);
        if (!job) throw new Error(`job ${jobId} is not listed`);
        if (job.state !== 'queued' && job.state !== 'running') return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.state} after ${ms} ms (a hang)`);
        await new Promise((r2) => setTimeout(r2, 50));
      }
    },
    quit() {
      electron.app.quit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
