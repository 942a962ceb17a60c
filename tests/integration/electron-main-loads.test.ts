// Which files images.load (and its preview) may read in the desktop app: only those given in this
// session, picked in the native open dialog or dropped on the window. The shipped Electron main process
// under plain Node, its core on the real test engine (tests/support/electron-main-harness.ts); the rest of
// main's wiring is specified in electron-main-wiring.test.ts.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobSnapshot, Result } from '../../shared/contract';
import { IPC_GRANT_FILE_PATH } from '../../electron/ipc-internal';
import { launchReady, skipReason, tempDir, useElectronMainHarness } from '../support/electron-main-harness';
import { FakeWebContents, type FakeElectron } from '../support/fake-electron';
import { dockerCliSync, fixtures } from '../support/stack';

useElectronMainHarness();

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
    const dir = tempDir('stevedore-load-paths-');
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
