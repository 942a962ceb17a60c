import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot, TarPreview } from '../../shared/contract';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { JOB_ID_HEADER, TOKEN_HEADER } from '../../electron/bridge/transfer-routes';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { createTransferEdge, OPEN_FILTERS, SAVE_FILTERS, type Dialogs } from '../../electron/transfer-edge';
import { bridgeHttp, type BridgeRequest } from '../support/bridge-http';
import { dockerCliSync as docker, loadStackEnv, requireEngine } from '../support/stack';

// The two edges over the same core and the real engine: the desktop edge with its dialogs
// stubbed (the only stub), and the bridge's HTTP download/upload for the browser.
const skipReason = requireEngine();
const stack = loadStackEnv();
const NS = 'stevedore-fixture';
const REF = `${NS}/xfer-edge:1`;
const TOKEN = 'edge-test-token-0123456789abcdefgh';

let core: StevedoreCore;
let bridge: Bridge;
let dir: string;

const cli = (args: string[]) => {
  const r = docker(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};
const exists = (ref: string) => docker(['image', 'inspect', ref]).code === 0;

/** Dialogs that answer what the test says and remember what they were asked. */
function stubDialogs(answers: { save?: string | null; open?: string[] | null }) {
  const asked: { save: unknown[]; open: unknown[] } = { save: [], open: [] };
  const dialogs: Dialogs = {
    showSaveDialog: async (options) => {
      asked.save.push(options);
      return answers.save ? { canceled: false, filePath: answers.save } : { canceled: true };
    },
    showOpenDialog: async (options) => {
      asked.open.push(options);
      return answers.open ? { canceled: false, filePaths: answers.open } : { canceled: true, filePaths: [] };
    },
  };
  return { dialogs, asked };
}

/** A request to this test's bridge from our own page: its origin and the token, unless `opts.headers` says otherwise. */
const http = (path: string, opts: BridgeRequest = {}) =>
  bridgeHttp(bridge.port, path, { ...opts, headers: { origin: bridge.origin, [TOKEN_HEADER]: TOKEN, ...opts.headers } });

describe.skipIf(Boolean(skipReason))('save and load edges', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-xfer-edge-'));
    if (exists(REF)) docker(['rmi', '-f', REF]);
    const name = `xfer-edge-${process.pid}`;
    cli(['run', '--name', name, '--network', 'none', `${NS}/busybox:latest`, 'sh', '-c', 'echo edge > /edge.txt']);
    cli(['commit', name, REF]);
    docker(['rm', '-f', name]);
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    const staticDir = mkdtempSync(join(dir, 'static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    bridge = await startBridge({ core, staticDir, token: TOKEN });
  });

  afterAll(async () => {
    await bridge?.close();
    core?.dispose();
    docker(['rmi', '-f', REF]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('desktop: native dialogs (stubbed) in front of the real core', () => {
    it('the save dialog proposes the image name + .tar in the downloads folder, with tar and tar.gz filters', async () => {
      const target = join(dir, 'picked.tar');
      const { dialogs, asked } = stubDialogs({ save: target });
      const edge = createTransferEdge(core, dialogs, { defaultDirectory: () => '/home/someone/Downloads' });
      expect(await edge.handle('dialogs.saveTar', { refs: [REF] })).toEqual({ ok: true, value: { path: target } });
      expect(asked.save[0]).toMatchObject({ defaultPath: '/home/someone/Downloads/xfer-edge_1.tar', filters: SAVE_FILTERS });
      expect(SAVE_FILTERS.flatMap((f) => f.extensions)).toEqual(['tar', 'tar.gz', 'tgz']);

      const started = await edge.handle('images.save', { refs: [REF], path: target });
      expect(started.ok).toBe(true);
      const job = await core.jobs.wait((started as { value: { jobId: string } }).value.jobId);
      expect(job).toMatchObject({ state: 'succeeded', result: { path: target, bytes: statSync(target).size } });
    });

    it('images.save writes only where a save dialog said, once', async () => {
      const target = join(dir, 'granted.tar');
      const edge = createTransferEdge(core, stubDialogs({ save: target }).dialogs, { defaultDirectory: () => dir });
      const refused = await edge.handle('images.save', { refs: [REF], path: join(dir, 'not-chosen.tar') });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      await edge.handle('dialogs.saveTar', { refs: [REF] });
      const first = await edge.handle('images.save', { refs: [REF], path: target });
      expect(first.ok).toBe(true);
      await core.jobs.wait((first as { value: { jobId: string } }).value.jobId);
      expect((await edge.handle('images.save', { refs: [REF], path: target })).ok).toBe(false);
    });

    it('a cancelled save dialog starts nothing', async () => {
      const edge = createTransferEdge(core, stubDialogs({ save: null }).dialogs, { defaultDirectory: () => dir });
      expect(await edge.handle('dialogs.saveTar', { refs: [REF] })).toEqual({ ok: true, value: { canceled: true } });
    });

    it('the open dialog picks several archives, which preview and load as one job', async () => {
      const tar = join(dir, 'picked.tar');
      const { dialogs, asked } = stubDialogs({ open: [tar, tar] });
      const edge = createTransferEdge(core, dialogs, { defaultDirectory: () => dir });
      const picked = await edge.handle('dialogs.openTars', {});
      expect(picked).toEqual({ ok: true, value: { paths: [tar, tar] } });
      expect(asked.open[0]).toMatchObject({ properties: ['openFile', 'multiSelections'], filters: OPEN_FILTERS });
      const preview = await edge.handle('images.loadPreview', { path: tar });
      expect(preview).toMatchObject({ ok: true, value: { name: 'picked.tar', tags: [REF], moves: [] } });
      docker(['rmi', REF]);
      const started = await edge.handle('images.load', { paths: [tar, tar] });
      const job = await core.jobs.wait((started as { value: { jobId: string } }).value.jobId);
      expect(job).toMatchObject({ kind: 'load', state: 'succeeded', result: { loaded: [`Loaded image: ${REF}`, `Loaded image: ${REF}`] } });
      expect(job.current).toBe(2 * statSync(tar).size);
      expect(exists(REF)).toBe(true);
      expect(await edge.handle('dialogs.openTars', { extra: 1 })).toMatchObject({ ok: false });
    });

    it('without the desktop edge, the dialog channels say they are desktop-only', async () => {
      expect(await core.handle('dialogs.saveTar', { refs: [REF] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    });
  });

  describe('browser: the bridge streams tars over HTTP', () => {
    it('GET /transfer/save downloads the tar as an attachment, the same bytes a file save writes', async () => {
      const r = await http(`/transfer/save?refs=${encodeURIComponent(REF)}`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/x-tar');
      expect(r.headers['content-disposition']).toBe('attachment; filename="xfer-edge_1.tar"');
      const job = await core.jobs.wait(String(r.headers[JOB_ID_HEADER]));
      expect(job).toMatchObject({ kind: 'save', state: 'succeeded', result: { bytes: r.body.length } });
      const onDisk = readFileSync(join(dir, 'picked.tar'));
      // Same archive (the engine stamps no time into it for an unchanged image).
      expect(r.body.length).toBe(onDisk.length);
    });

    it('GET /transfer/save of an unknown image answers 404 with the engine words, before any byte', async () => {
      const r = await http(`/transfer/save?refs=${encodeURIComponent(`${NS}/xfer-nope:1`)}`);
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body.toString())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const bad = await http('/transfer/save');
      expect(bad.status).toBe(400);
    });

    it('POST /transfer/preview reads an upload up to its manifest', async () => {
      const tar = join(dir, 'picked.tar');
      const r = await http('/transfer/preview?name=picked.tar', {
        method: 'POST',
        file: tar,
        headers: { 'content-length': String(statSync(tar).size) },
      });
      expect(r.status).toBe(200);
      const preview = (JSON.parse(r.body.toString()) as { value: TarPreview }).value;
      expect(preview).toMatchObject({ name: 'picked.tar', compression: 'tar', size: statSync(tar).size, tags: [REF] });
    });

    it('POST /transfer/load streams an upload into the engine as a load job with progress', async () => {
      const tar = join(dir, 'picked.tar');
      docker(['rmi', REF]);
      const updates: JobSnapshot[] = [];
      const off = core.events.on('job.updated', (j) => {
        if (j.kind === 'load') updates.push(j);
      });
      const r = await http('/transfer/load?name=picked.tar', {
        method: 'POST',
        file: tar,
        headers: { 'content-length': String(statSync(tar).size) },
      });
      off();
      expect(r.status).toBe(200);
      const body = JSON.parse(r.body.toString()) as { ok: true; value: { jobId: string; loaded: string[] } };
      expect(body).toMatchObject({ ok: true, value: { loaded: [`Loaded image: ${REF}`] } });
      expect(r.headers[JOB_ID_HEADER]).toBe(body.value.jobId);
      const mine = updates.filter((u) => u.id === body.value.jobId);
      expect(mine[0].title).toBe('Load picked.tar');
      expect(mine.at(-1)).toMatchObject({ state: 'succeeded', current: statSync(tar).size, total: statSync(tar).size });
      expect(exists(REF)).toBe(true);
    });

    it("POST /transfer/load of a damaged archive fails with the engine's words and loads nothing", async () => {
      const tar = readFileSync(join(dir, 'picked.tar'));
      const file = join(dir, 'half.tar');
      writeFileSync(file, tar.subarray(0, Math.floor(tar.length / 3)));
      docker(['rmi', REF]);
      const r = await http('/transfer/load?name=half.tar', { method: 'POST', file });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body.toString())).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/EOF|tar/) },
      });
      expect(exists(REF)).toBe(false);
    });
  });
});
