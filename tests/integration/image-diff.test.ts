// Image diff against the real engine: two images made with `docker commit` (a file rewritten with
// the same size, one removed, one added, a folder removed and made again (opaque), a mode change,
// a symlink retargeted, a fifo, config changes) compared by core, and the same two compared the
// independent way: `docker export` of a container of each, read as tar, walked side by side, and
// `diff -rq --no-dereference` over the two extracted trees. Container init paths are left out.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract as tarExtract } from 'tar-stream';
import type { ImageDiff, JobSnapshot } from '../../shared/contract';
import type { DiffFileSide } from '../../shared/image-diff';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { diffImages } from '../../electron/core/image-diff/image-diff';
import { loadStackEnv, requireEngine } from '../support/stack';
import { TAR_STREAM_KIND } from '../support/tar-bytes';
import {
  cleanupLineage,
  commitLineage,
  createdLineageContainer,
  importBusybox,
  lineageContainer,
  lineageRef,
  ranLineageContainer,
} from '../support/lineage-fixtures';

const skipReason = requireEngine();
const stack = loadStackEnv();
let core: StevedoreCore;
const temps: string[] = [];

/** Paths the engine's init layer puts in every container (never in an image); everything under them too. */
const INIT = ['.dockerenv', 'etc', 'dev', 'proc', 'sys'];
const isInit = (path: string) => INIT.some((p) => path === p || path.startsWith(`${p}/`));

/** A path of an export as the image diff describes one side of it. */
type Exported = DiffFileSide;

/** `docker export` of a container created from `image`, read as tar: path -> what it is, contents hashed. */
async function exportedFs(image: string, what: string): Promise<Map<string, Exported>> {
  await createdLineageContainer(what, image);
  const out = new Map<string, Exported>();
  const child = spawn('docker', ['export', lineageContainer(what)], { env: { ...process.env, DOCKER_HOST: stack.dockerHost } });
  const ex = tarExtract();
  ex.on('entry', (h, stream, next) => {
    const path = h.name.replace(/^\.?\//, '').replace(/\/$/, '');
    const hash = createHash('sha256');
    stream.on('data', (c: unknown) => hash.update(c as Buffer));
    stream.on('end', () => {
      if (path && !isInit(path)) {
        const kind = TAR_STREAM_KIND[h.type ?? 'file'];
        out.set(path, {
          kind,
          size: kind === 'file' ? (h.size ?? 0) : 0,
          mode: (h.mode ?? 0) & 0o7777,
          uid: h.uid ?? 0,
          gid: h.gid ?? 0,
          ...(h.linkname ? { linkTarget: h.linkname } : {}),
          ...(kind === 'file' ? { digest: hash.digest('hex') } : {}),
        });
      }
      next();
    });
    stream.resume();
  });
  const done = new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    child.on('error', reject);
  });
  child.stdout.pipe(ex);
  await done;
  return out;
}

const exports = new Map<string, Promise<Map<string, Exported>>>();
/** One export per image for the whole file (each test may be run alone). */
const exportOf = (image: string, what: string): Promise<Map<string, Exported>> => {
  if (!exports.has(what)) exports.set(what, exportedFs(image, what));
  return exports.get(what) as Promise<Map<string, Exported>>;
};

/** The two exports compared side by side: `change path (differs)` lines, as the image diff words them. */
function exportDiff(left: Map<string, Exported>, right: Map<string, Exported>): string[] {
  const lines: string[] = [];
  for (const [path, l] of left) {
    const r = right.get(path);
    if (!r) {
      lines.push(`removed ${path}`);
      continue;
    }
    const d: string[] = [];
    if (l.kind !== r.kind) d.push('kind');
    if (l.kind === 'file' && r.kind === 'file' && l.size !== r.size) d.push('size');
    if (l.mode !== r.mode) d.push('mode');
    if (l.uid !== r.uid || l.gid !== r.gid) d.push('owner');
    if ((l.linkTarget ?? '') !== (r.linkTarget ?? '')) d.push('linkTarget');
    if (l.kind === 'file' && r.kind === 'file' && l.size === r.size && l.digest !== r.digest) d.push('content');
    if (d.length) lines.push(`changed ${path} (${d.join(', ')})`);
  }
  for (const path of right.keys()) if (!left.has(path)) lines.push(`added ${path}`);
  return lines.sort();
}

const diffLines = (d: ImageDiff): string[] =>
  d.files.map((f) => `${f.change} ${f.path}${f.differs ? ` (${f.differs.join(', ')})` : ''}`).sort();

/** Extracts an export into a fresh folder (init paths left out), for `diff -rq`. */
function extracted(container: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-lineage-diff-'));
  temps.push(dir);
  const r = spawnSync(
    'sh',
    ['-c', `docker export "$1" | tar -x -C "$2" --exclude=./dev --exclude=dev --exclude=proc --exclude=sys`, 'sh', container, dir],
    {
      env: { ...process.env, DOCKER_HOST: stack.dockerHost },
    },
  );
  if (r.status !== 0) throw new Error(`extract ${container}: ${r.stderr}`);
  return dir;
}

async function diff(left: string, right: string): Promise<{ job: JobSnapshot; result: ImageDiff }> {
  const r = await core.handle('images.diff', { left, right });
  if (!r.ok) throw new Error(`images.diff: ${r.error.code} ${r.error.message}`);
  const job = await core.jobs.wait((r.value as { jobId: string }).jobId);
  expect(job.error).toBeUndefined();
  expect(job.state).toBe('succeeded');
  expect(job.kind).toBe('diff');
  return { job, result: job.result as ImageDiff };
}

const A = lineageRef('diff', 'a');
const B = lineageRef('diff', 'b');
const BASE = lineageRef('diff-base');

describe.skipIf(Boolean(skipReason))('image diff against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    await importBusybox(BASE);
    await ranLineageContainer(
      'diff-make-a',
      BASE,
      [
        'busybox mkdir -p /data/old /tools',
        'echo keep > /data/keep',
        'echo old > /data/old/f',
        'busybox ln -s keep /data/link',
        'echo tool > /tools/x',
        'busybox chmod 755 /tools/x',
      ].join(' && '),
    );
    await commitLineage(lineageContainer('diff-make-a'), A, ['ENV MODE=a', 'CMD ["/bin/sh"]', 'LABEL org.stevedore.side=a']);
    await ranLineageContainer(
      'diff-make-b',
      A,
      [
        // Removed and made again: an opaque folder in the new layer.
        'busybox rm -rf /data',
        'busybox mkdir -p /data/new',
        'echo keep > /data/keep',
        'echo new > /data/new/g',
        'echo hard > /data/new/h1',
        'busybox ln /data/new/h1 /data/new/h2',
        'busybox ln -s /data/keep /data/link',
        'busybox chmod 600 /tools/x',
        'busybox mkfifo /fifo',
        // The same size, other bytes.
        'echo 0123456789abcdef > /nonce',
        'busybox rm /bin/head',
      ].join(' && '),
    );
    await commitLineage(lineageContainer('diff-make-b'), B, [
      'ENV MODE=b',
      'CMD ["/bin/sh", "-c", "echo b"]',
      'WORKDIR /data',
      'EXPOSE 8080',
      'LABEL org.stevedore.side=b',
    ]);
  });
  afterAll(async () => {
    core?.dispose();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
    await cleanupLineage();
  });

  it('equals the side-by-side comparison of the two exported filesystems', async () => {
    const { result, job } = await diff(A, B);
    const [left, right, base] = await Promise.all([exportOf(A, 'export-a'), exportOf(B, 'export-b'), exportOf(BASE, 'export-base')]);
    const expected = exportDiff(left, right);
    expect(diffLines(result)).toEqual(expected);
    // The other way round, and over two layers at once (the import against the last commit).
    expect(diffLines((await diff(B, A)).result)).toEqual(exportDiff(right, left));
    expect(diffLines((await diff(BASE, B)).result)).toEqual(exportDiff(base, right));
    // The story the fixtures tell is in it (so the comparison above is not two empty lists).
    expect(expected).toEqual(
      expect.arrayContaining([
        'changed nonce (content)',
        'changed tools/x (mode)',
        'changed data/link (linkTarget)',
        'added fifo',
        'added data/new',
        'added data/new/g',
        'added data/new/h1',
        'added data/new/h2',
        'removed data/old',
        'removed data/old/f',
        'removed bin/head',
      ]),
    );
    expect(expected).not.toContain('changed data/keep (content)');
    // Every path of each image that is not in the list is the same on both sides.
    expect(result.sameFiles).toBe(
      [...left.keys()].filter((p) => right.has(p)).length - result.files.filter((f) => f.change === 'changed').length,
    );
    expect(job.current).toBeGreaterThan(0);
  });

  it('agrees with diff -rq --no-dereference over the two extracted exports', async () => {
    const { result } = await diff(A, B);
    await Promise.all([exportOf(A, 'export-a'), exportOf(B, 'export-b')]);
    const a = extracted(lineageContainer('export-a'));
    const b = extracted(lineageContainer('export-b'));
    const r = spawnSync('diff', ['-rq', '--no-dereference', a, b], { encoding: 'utf8' });
    const rel = (p: string) => p.replace(`${a}/`, '').replace(`${b}/`, '').replace(a, '').replace(b, '');
    const reported = r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const only = /^Only in (.+): (.+)$/.exec(line);
        if (only) return `only ${rel(join(only[1], only[2]))}`;
        const files = /^(?:Files|Symbolic links) (.+) and (.+) differ$/.exec(line);
        if (files) return `differ ${rel(files[1])}`;
        const kinds = /^File (.+) is a .+ while file (.+) is a .+$/.exec(line);
        if (kinds) return `kind ${rel(kinds[1])}`;
        return `unknown ${line}`;
      })
      .filter((l) => !isInit(l.split(' ')[1]))
      .sort();
    // diff -rq folds a folder only on one side into one line; the image diff lists what is under it too.
    const folded = result.files
      .filter((f) => f.change !== 'changed')
      .filter((f) => !result.files.some((o) => o.change === f.change && o.path !== f.path && f.path.startsWith(`${o.path}/`)))
      .map((f) => `only ${f.path}`);
    // Contents and link targets (diff -r reads no modes or owners); a fifo on both sides is never read.
    const changed = result.files
      .filter(
        (f) => f.change === 'changed' && f.differs?.some((d) => d === 'content' || d === 'size' || d === 'linkTarget' || d === 'kind'),
      )
      .map((f) => `${f.differs?.includes('kind') ? 'kind' : 'differ'} ${f.path}`);
    expect(reported).toEqual([...folded, ...changed].sort());
  });

  it('compares the configs field by field and the layers by chain', async () => {
    const { result } = await diff(A, B);
    const by = Object.fromEntries(result.config.map((f) => [f.field, f]));
    expect(by.Env.same).toBe(false);
    expect(by.Env.left).toContain('MODE=a');
    expect(by.Env.right).toContain('MODE=b');
    expect(by.Cmd).toMatchObject({ same: false, left: ['/bin/sh'], right: ['/bin/sh', '-c', 'echo b'] });
    expect(by.WorkingDir).toMatchObject({ same: false, left: null, right: ['/data'] });
    expect(by.ExposedPorts).toMatchObject({ same: false, left: null, right: ['8080/tcp'] });
    expect(by.Labels.left).toContain('org.stevedore.side=a');
    expect(by.Labels.right).toContain('org.stevedore.side=b');
    expect(by.Entrypoint.same).toBe(true);
    expect(by.User.same).toBe(true);
    const inspectLayers = async (ref: string) => {
      const r = await core.handle('images.inspect', { image: ref });
      if (!r.ok) throw new Error(r.error.message);
      return ((r.value as { RootFS: { Layers: string[] } }).RootFS.Layers ?? []) as string[];
    };
    const [la, lb] = await Promise.all([inspectLayers(A), inspectLayers(B)]);
    expect(result.layers.map((l) => l.status)).toEqual(['shared', 'shared', 'right']);
    expect(result.layers.map((l) => l.right?.diffId)).toEqual(lb);
    expect(result.layers.filter((l) => l.left).map((l) => l.left?.diffId)).toEqual(la);
    expect(result.left.imageId).toBe((await inspectId(A)).trim());
  });

  it('diffs an image with itself as nothing changed, and refuses a bad name before any job', async () => {
    const { result } = await diff(A, A);
    expect(result.files).toEqual([]);
    expect(result.config.every((f) => f.same)).toBe(true);
    expect(result.layers.every((l) => l.status === 'shared')).toBe(true);
    const bad = await core.handle('images.diff', { left: A, right: '../../x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('INVALID_ARGUMENT');
    const missing = await core.handle('images.diff', { left: A, right: lineageRef('absent') });
    expect(missing.ok).toBe(true);
    if (missing.ok) {
      const job = await core.jobs.wait((missing.value as { jobId: string }).jobId);
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('NOT_FOUND');
    }
  });

  it('stops both reads when cancelled while the bytes flow', async () => {
    const ac = new AbortController();
    let reports = 0;
    const ctx = {
      signal: ac.signal,
      // The cancel lands as the first bytes arrive: the reads are under way, the comparison not begun.
      progress: () => {
        reports++;
        ac.abort();
      },
      layer: () => {},
      layerCount: () => {},
      setLayers: () => {},
      message: () => {},
    };
    await expect(diffImages(core.engine, A, B, ctx)).rejects.toMatchObject({ name: 'AbortError' });
    expect(reports).toBeGreaterThan(0);
  });
});

async function inspectId(ref: string): Promise<string> {
  const r = await core.handle('images.inspect', { image: ref });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { Id: string }).Id;
}
