import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { LoadLayers } from '../../electron/core/transfer/load-layers';
import { loadImages } from '../../electron/core/transfer/transfer';
import { startLoadStreamJob } from '../../electron/core/transfer/transfer-handlers';
import { rootfsTar } from '../support/edit-fixtures';
import { dockerCliSync as docker, loadStackEnv, requireEngine } from '../support/stack';

// A load job counts the layers of the archive (its manifest.json, shared layers once) and ends
// with every one of them done, loaded or already there; the engine itself reports only the layers
// it loads. Every image is our own: a busybox root imported here (so even the base layer is ours
// and can be absent), two commits on it, and a sibling sharing the base; all removed at the end.
const skipReason = requireEngine();
const stack = loadStackEnv();
const RUN = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const NS = `stevedore-fixture/loadcount-${RUN}`;
const BASE = `${NS}/base:1`;
const MID = `${NS}/mid:1`;
const TOP = `${NS}/top:1`;
const SIBLING = `${NS}/sibling:1`;
const OURS = [SIBLING, TOP, MID, BASE];

let core: StevedoreCore;
let dir: string;
let top3: string;
let mid2: string;
let sibling: string;
/** TOP's diff IDs cut as the engine's progress names them, base first. */
let topLayers: string[];
let siblingTopLayer: string;

function cli(args: string[], input?: Buffer): string {
  const r = docker(args, { input });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}
const exists = (ref: string) => docker(['image', 'inspect', ref]).code === 0;
const shortDiffIds = (ref: string): string[] =>
  (JSON.parse(cli(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref])) as string[]).map((d) => d.slice(7, 19));

/** One layer above `from`: run, then commit. */
function commitOn(from: string, ref: string, command: string): void {
  const name = `stevedore-loadcount-${RUN}-${Math.random().toString(36).slice(2, 8)}`;
  cli(['run', '--name', name, '--network', 'none', from, 'sh', '-c', command]);
  try {
    cli(['commit', name, ref]);
  } finally {
    docker(['rm', '-f', name]);
  }
}

const removeAll = () => {
  for (const ref of OURS) if (exists(ref)) docker(['rmi', '-f', ref]);
};

async function loadJob(paths: string[]): Promise<JobSnapshot> {
  const r = await core.handle('images.load', { paths });
  if (!r.ok) throw new Error(r.error.message);
  return core.jobs.wait((r.value as { jobId: string }).jobId);
}

const statuses = (job: JobSnapshot) => job.layers.map((l) => [l.id, l.status]);

describe.skipIf(Boolean(skipReason))('a load job counts the archive’s layers and ends with all of them done', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-loadcount-'));
    cli(['import', '--change', 'CMD ["/bin/sh"]', '--change', 'ENV PATH=/bin', '-', BASE], await rootfsTar({ busybox: true }));
    commitOn(BASE, MID, 'echo mid > /mid.txt');
    commitOn(MID, TOP, 'echo top > /top.txt');
    commitOn(BASE, SIBLING, 'echo sibling > /sibling.txt');
    topLayers = shortDiffIds(TOP);
    siblingTopLayer = shortDiffIds(SIBLING)[1];
    expect(topLayers).toHaveLength(3);
    top3 = join(dir, 'top.tar');
    mid2 = join(dir, 'mid.tar');
    sibling = join(dir, 'sibling.tar');
    cli(['save', '-o', top3, TOP]);
    cli(['save', '-o', mid2, MID]);
    cli(['save', '-o', sibling, SIBLING]);
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
  });

  afterAll(() => {
    core?.dispose();
    removeAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('none present: 3 of 3 layers, each loaded, named as the engine names them', async () => {
    removeAll();
    const job = await loadJob([top3]);
    expect(job.state).toBe('succeeded');
    expect(job.layerCount).toBe(3);
    expect(statuses(job)).toEqual(topLayers.map((id) => [id, 'Loaded']));
    // A finished layer's bar is full.
    for (const l of job.layers) if (l.total) expect(l.current).toBe(l.total);
  });

  it('all present: the engine reports nothing, yet the job counts 3 of 3, each already there', async () => {
    expect(exists(TOP)).toBe(true);
    const job = await loadJob([top3]);
    expect(job.state).toBe('succeeded');
    expect(job.layerCount).toBe(3);
    expect(statuses(job)).toEqual(topLayers.map((id) => [id, 'Already exists']));
  });

  it('the lower two present: two already there, the top one loaded, in the image’s order', async () => {
    removeAll();
    cli(['load', '-i', mid2]);
    expect(exists(TOP)).toBe(false);
    const job = await loadJob([top3]);
    expect(job.layerCount).toBe(3);
    expect(statuses(job)).toEqual([
      [topLayers[0], 'Already exists'],
      [topLayers[1], 'Already exists'],
      [topLayers[2], 'Loaded'],
    ]);
  });

  it('two archives in one job share their base layer: counted once, 4 of 4', async () => {
    removeAll();
    const job = await loadJob([top3, sibling]);
    expect(job.state).toBe('succeeded');
    expect(job.layerCount).toBe(4);
    // The second archive's base came with the first one.
    expect(statuses(job)).toEqual([...topLayers.map((id) => [id, 'Loaded']), [siblingTopLayer, 'Loaded']]);
    expect(job.layers.map((l) => l.id)).not.toContain(undefined);
  });

  it('an upload (a stream): the count is read from the bytes on their way, before the engine reports a layer', async () => {
    removeAll();
    const calls: string[] = [];
    const layers = new LoadLayers({
      layer: (l) => calls.push(`layer ${l.id} ${l.status}`),
      layerCount: (n) => calls.push(`count ${n}`),
      setLayers: (ls) => calls.push(`set ${ls.map((l) => l.status).join(',')}`),
    });
    const result = await loadImages(core.engine.docker, createReadStream(top3), { layers });
    expect(result.loaded).toEqual([`Loaded image: ${TOP}`]);
    // manifest.json comes last in the tar, and the engine loads nothing before it has all of it.
    expect(calls[0]).toBe('count 3');
    expect(calls.findIndex((c) => c.startsWith('layer '))).toBeGreaterThan(0);
    expect(calls.slice(-2)).toEqual(['set Loaded,Loaded,Loaded', 'count 3']);
    expect(calls.filter((c) => c.startsWith('count ')).every((c) => c === 'count 3')).toBe(true);
  });

  it('a gzip-compressed upload job ends 3 of 3 as well', async () => {
    removeAll();
    const gz = join(dir, 'top.tar.gz');
    writeFileSync(gz, execFileSync('gzip', ['-c', top3], { maxBuffer: 64 * 1024 * 1024 }));
    const id = startLoadStreamJob(core.engine, core.jobs, createReadStream(gz), { name: 'top.tar.gz' });
    const job = await core.jobs.wait(id);
    expect(job.state).toBe('succeeded');
    expect(job.layerCount).toBe(3);
    expect(statuses(job)).toEqual(topLayers.map((layer) => [layer, 'Loaded']));
  });
});
