// The explorer's sessions (issue #17) through core.handle against the real engine: open as a job,
// entries and search, reading a file's start and saving a file or a folder out, compared byte for
// byte with `docker cp` from a container of the same image, from the engine and from archives
// (positioned reads in a plain file, a gzip layer's byte range, a re-stream of a compressed file);
// a cancelled save leaves no file; a text file, or a manifest naming absent layers, is refused clearly.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExploreFileContent, ExploreSaveResult, ExploreSummary, JobSnapshot } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import {
  BIG_BYTES,
  buildFixtures,
  cleanupExplore,
  compressed,
  createdContainer,
  dockerCp,
  ociArchive,
  readSaved,
  savedArchive,
  tempDir,
  type Fixtures,
} from '../support/explore-fixtures';
import { loadStackEnv, requireEngine } from '../support/stack';
import { buildTar, readTar } from '../support/tar-bytes';

const skipReason = requireEngine();
if (skipReason) console.warn(`[explore-content] skipping: ${skipReason}`);
const stack = loadStackEnv();

let core: StevedoreCore;
let fx: Fixtures;
let dir: string;
let container: string;
let baseContainer: string;
const sessions: Record<string, string> = {};

async function call<T>(channel: string, request: unknown, origin?: 'bridge'): Promise<T> {
  const r = await core.handle(channel, request, origin);
  if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value as T;
}

async function open(source: unknown): Promise<{ sessionId: string; job: JobSnapshot }> {
  const { jobId, sessionId } = await call<{ jobId: string; sessionId: string }>('explore.open', { source });
  return { sessionId, job: await core.jobs.wait(jobId) };
}

/** The one file of `docker cp CONTAINER:PATH -`. */
async function cpFile(c: string, path: string): Promise<Buffer> {
  const entries = await readTar(dockerCp(c, path), true);
  expect(entries).toHaveLength(1);
  return entries[0].data!;
}

async function saveOut(sessionId: string, layer: number | 'merged', path: string, name: string): Promise<JobSnapshot> {
  const { jobId } = await call<{ jobId: string }>('explore.saveOut', { sessionId, layer, path, destination: join(dir, name) });
  return core.jobs.wait(jobId);
}

describe.skipIf(skipReason !== null)('explore sessions: read and save out against docker cp', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    fx = await buildFixtures();
    dir = tempDir();
    container = await createdContainer(fx.commit2);
    baseContainer = await createdContainer(fx.base);
    const classic = await savedArchive(fx.commit2, dir);
    const ociGzip = join(dir, 'oci-gzip.tar');
    writeFileSync(ociGzip, await ociArchive(await readSaved(classic), fx.commit2, true));
    const sources = {
      engine: { kind: 'image', image: fx.commit2 },
      classic: { kind: 'archive', path: classic },
      ociGzip: { kind: 'archive', path: ociGzip },
      xz: { kind: 'archive', path: compressed(classic, 'xz') },
    };
    for (const [name, source] of Object.entries(sources)) {
      const { sessionId, job } = await open(source);
      expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
      sessions[name] = sessionId;
    }
  }, 300_000);

  afterAll(async () => {
    await cleanupExplore();
    core?.dispose();
  });

  it('the job result is the summary; entries per layer and merged; a glob search', async () => {
    const { jobId, sessionId } = await call<{ jobId: string; sessionId: string }>('explore.open', {
      source: { kind: 'image', image: fx.commit1 },
    });
    const done = await core.jobs.wait(jobId);
    expect(done.kind).toBe('explore');
    expect(done.total).toBeGreaterThan(0);
    const summary = await call<ExploreSummary>('explore.summary', { sessionId });
    expect(done.result).toEqual(summary);
    expect(summary.layers).toHaveLength(2);
    expect(summary.repoTags).toEqual([fx.commit1]);
    expect(summary.source).toBe('engine');
    const layer1 = await call<{ entries: { path: string; mark?: string }[] }>('explore.entries', { sessionId, layer: 1 });
    expect(layer1.entries.find((e) => e.path === 'data/a.txt')?.mark).toBe('removed');
    const merged = await call<{ entries: { path: string }[] }>('explore.entries', { sessionId, layer: 'merged' });
    expect(merged.entries.map((e) => e.path)).toContain('added/f');
    expect(merged.entries.map((e) => e.path)).not.toContain('data/a.txt');
    const found = await call<{ matches: { layer: number; entry: { path: string } }[] }>('explore.search', {
      sessionId,
      glob: '*.txt',
      limit: 100,
    });
    expect(found.matches.map((m) => m.entry.path)).toEqual(expect.arrayContaining(['etc/config.txt', 'data/b.txt']));
    expect(await call('explore.close', { sessionId })).toEqual({ closed: true });
    await expect(call('explore.summary', { sessionId })).rejects.toThrow(/NOT_FOUND/);
  });

  it.each(['engine', 'classic', 'ociGzip', 'xz'])('reads the start of files from the %s source as docker cp has them', async (name) => {
    const sessionId = sessions[name];
    const text = await call<ExploreFileContent>('explore.read', { sessionId, layer: 'merged', path: 'data/b.txt' });
    expect(text).toMatchObject({ path: 'data/b.txt', binary: false, truncated: false });
    expect(Buffer.from(text.base64, 'base64')).toEqual(await cpFile(container, '/data/b.txt'));
    // The first layer's blob (3 MiB of random bytes), hidden in the merged view by commit1's.
    const big = await call<ExploreFileContent>('explore.read', { sessionId, layer: 0, path: 'big/blob' });
    expect(big).toMatchObject({ size: BIG_BYTES, truncated: true, binary: true });
    expect(Buffer.from(big.base64, 'base64')).toEqual((await cpFile(baseContainer, '/big/blob')).subarray(0, 1024 * 1024));
    const old = await call<ExploreFileContent>('explore.read', { sessionId, layer: 0, path: 'data/b.txt' });
    expect(Buffer.from(old.base64, 'base64').toString()).toBe('bravo\n');
  });

  it.each(['engine', 'classic', 'ociGzip', 'xz'])('saves a file out from the %s source byte for byte as docker cp', async (name) => {
    const job = await saveOut(sessions[name], 'merged', 'bin/busybox', `busybox-${name}`);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    const result = job.result as ExploreSaveResult;
    expect(result.as).toBe('file');
    expect(readFileSync(result.path).equals(await cpFile(container, '/bin/busybox'))).toBe(true);
    const hidden = await saveOut(sessions[name], 0, 'big/blob', `blob-${name}`);
    expect(readFileSync((hidden.result as ExploreSaveResult).path).equals(await cpFile(baseContainer, '/big/blob'))).toBe(true);
  });

  it.each(['engine', 'classic'])('saves a folder out from the %s source as the tar docker cp writes', async (name) => {
    const job = await saveOut(sessions[name], 'merged', 'data', `data-${name}.tar`);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    const result = job.result as ExploreSaveResult;
    expect(result.as).toBe('tar');
    const view = (entries: Awaited<ReturnType<typeof readTar>>) =>
      entries
        .map((e) => ({
          name: e.name.replace(/\/$/, ''),
          type: e.type,
          size: e.size,
          mode: e.mode & 0o7777,
          linkname: e.linkname || undefined,
          data: e.data?.toString('hex'),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(view(await readTar(readFileSync(result.path), true))).toEqual(view(await readTar(dockerCp(container, '/data'), true)));
  });

  it('a cancelled save out leaves no file, not even its partial', async () => {
    const before = readdirSync(dir);
    const { jobId } = await call<{ jobId: string }>('explore.saveOut', {
      sessionId: sessions.engine,
      layer: 0,
      path: 'big/blob',
      destination: join(dir, 'cancelled'),
    });
    expect(core.jobs.cancel(jobId)).toBe(true);
    expect((await core.jobs.wait(jobId)).state).toBe('cancelled');
    expect(readdirSync(dir).sort()).toEqual(before.sort());
  });

  it('refuses a text file, and a manifest naming layers the archive lacks, in clear words', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some text, not a tar\n'.repeat(40));
    await expect(call('explore.open', { source: { kind: 'archive', path: text } })).rejects.toThrow(
      /INVALID_ARGUMENT.*not an image archive/,
    );
    const config = Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: ['sha256:' + 'a'.repeat(64)] } }));
    const bad = join(dir, 'missing-layer.tar');
    writeFileSync(
      bad,
      await buildTar([
        { header: { name: 'cfg.json' }, body: config },
        {
          header: { name: 'manifest.json' },
          body: Buffer.from(JSON.stringify([{ Config: 'cfg.json', RepoTags: ['x:1'], Layers: ['gone/layer.tar'] }])),
        },
      ]),
    );
    const { job } = await open({ kind: 'archive', path: bad });
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/names the layer gone\/layer\.tar, which is not a layer tar/),
    });
  });

  it('over the bridge, paths on this machine are refused: open an archive by path, save out to a path', async () => {
    await expect(call('explore.open', { source: { kind: 'archive', path: join(dir, 'x.tar') } }, 'bridge')).rejects.toThrow(
      /INVALID_ARGUMENT.*upload/,
    );
    await expect(
      call('explore.saveOut', { sessionId: sessions.engine, layer: 'merged', path: 'data', destination: join(dir, 'y.tar') }, 'bridge'),
    ).rejects.toThrow(/INVALID_ARGUMENT.*download/);
  });

  it('keeps at most 8 sessions: the least recently used goes first', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 9; i++) opened.push((await open({ kind: 'image', image: fx.base })).sessionId);
    await expect(call('explore.summary', { sessionId: sessions.engine })).rejects.toThrow(/NOT_FOUND/);
    await call('explore.summary', { sessionId: opened[8] });
  });
});
