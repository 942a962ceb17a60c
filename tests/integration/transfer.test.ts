import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot, TarPreview } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { StevedoreCore } from '../../electron/core/service';
import { parseTarHeader, TAR_BLOCK } from '../../electron/core/transfer/tar-format';
import { previewTar } from '../../electron/core/transfer/archive-preview';
import { estimateSaveBytes } from '../../electron/core/transfer/transfer';
import { loadFromFile, saveToFile } from '../../electron/core/transfer/transfer-files';
import { othersCanReachOrSay } from '../support/folder-access';
import { dockerCliSync as docker, loadStackEnv, requireEngine } from '../support/stack';

// Save and load against the real engine, compared with the real docker CLI. Every image here is
// our own (stevedore-fixture/xfer-*), built on the shared busybox fixture, which is never removed.
const skipReason = requireEngine();
const stack = loadStackEnv();
const NS = 'stevedore-fixture';
const BASE = `${NS}/busybox:latest`;
const A = `${NS}/xfer-a:1`;
const B = `${NS}/xfer-b:1`;
const C = `${NS}/xfer-c:1`;
const BIG = `${NS}/xfer-big:1`;
const BROKEN = `${NS}/xfer-broken:1`;
const MOVE = `${NS}/xfer-move:1`;
const OURS = [A, B, C, BIG, BROKEN, MOVE];
const isRoot = process.getuid?.() === 0;
const nobodyCanRun = isRoot && othersCanReachOrSay(process.cwd(), 'the "run as nobody" save test');
/** A refused request as the core answers it: `{ ok: false, error }`. */
const refused = (error: Record<string, unknown>) => ({ ok: false, error });

let core: StevedoreCore;
let dir: string;

function cli(args: string[]): string {
  const r = docker(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}
const exists = (ref: string) => docker(['image', 'inspect', ref]).code === 0;
const idOf = (ref: string) => cli(['image', 'inspect', '--format', '{{.Id}}', ref]);

/** An image one layer above `from`, made the way people make them: run, then commit. */
function commitVariant(from: string, ref: string, command: string): void {
  const name = `xfer-tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  cli(['run', '--name', name, '--network', 'none', from, 'sh', '-c', command]);
  try {
    cli(['commit', '-m', `xfer test ${ref}`, name, ref]);
  } finally {
    docker(['rm', '-f', name]);
  }
}

/** An image from a tar of `bytes` random bytes (nothing compresses it). */
function importRandom(ref: string, bytes: number): void {
  const src = mkdtempSync(join(dir, 'rootfs-'));
  execFileSync('sh', ['-c', 'head -c "$0" /dev/urandom > "$1"', String(bytes), join(src, 'blob.bin')]);
  const tar = join(dir, `${ref.replace(/[/:]/g, '_')}.rootfs.tar`);
  execFileSync('tar', ['-C', src, '-cf', tar, '.']);
  cli(['import', '--change', 'LABEL org.stevedore.fixture=1', tar, ref]);
  rmSync(src, { recursive: true, force: true });
  rmSync(tar, { force: true });
}

interface ImageFacts {
  id: string;
  repoTags: string[];
  history: string;
}
function factsOf(ref: string): ImageFacts {
  const [id, tags] = cli(['image', 'inspect', '--format', '{{.Id}}|{{json .RepoTags}}', ref]).split('|');
  const history = cli(['history', '--no-trunc', '--format', '{{.ID}} {{.CreatedAt}} {{.CreatedBy}} {{.Size}} {{.Comment}}', ref]);
  return { id, repoTags: (JSON.parse(tags) as string[]).sort(), history };
}

/** Entries of a tar file: name -> sha256 of its content (symlinks resolved), and the manifest. */
function tarEntries(path: string): { digests: Map<string, string>; manifest: unknown } {
  const bytes = readFileSync(path);
  const digests = new Map<string, string>();
  let manifest: unknown;
  let at = 0;
  let paxPath: string | undefined;
  const links = new Map<string, string>();
  while (at + TAR_BLOCK <= bytes.length) {
    const block = bytes.subarray(at, at + TAR_BLOCK);
    const h = parseTarHeader(block);
    if (!h) break;
    const data = bytes.subarray(at + TAR_BLOCK, at + TAR_BLOCK + h.size);
    at += TAR_BLOCK + Math.ceil(h.size / TAR_BLOCK) * TAR_BLOCK;
    if (h.type === 'x') {
      paxPath = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
      continue;
    }
    const name = paxPath ?? h.name;
    paxPath = undefined;
    // The engine stores a layer once and links to it from the other images' folders.
    if (h.type === '2') links.set(name, posix.join(posix.dirname(name), block.toString('utf8', 157, 257).replace(/\0.*$/s, '')));
    if (h.type !== '0') continue;
    digests.set(name, createHash('sha256').update(data).digest('hex'));
    if (name === 'manifest.json') manifest = JSON.parse(data.toString('utf8'));
  }
  for (const [name, target] of links) digests.set(name, `link:${digests.get(target)}`);
  return { digests, manifest };
}

/** The (offset, size) of an entry's data inside a tar file. */
function entryData(bytes: Buffer, wanted: (name: string) => boolean): { offset: number; size: number } {
  let at = 0;
  while (at + TAR_BLOCK <= bytes.length) {
    const h = parseTarHeader(bytes.subarray(at, at + TAR_BLOCK));
    if (!h) break;
    if (wanted(h.name) && h.type === '0') return { offset: at + TAR_BLOCK, size: h.size };
    at += TAR_BLOCK + Math.ceil(h.size / TAR_BLOCK) * TAR_BLOCK;
  }
  throw new Error('entry not found');
}

async function waitJob(id: string): Promise<JobSnapshot> {
  return core.jobs.wait(id);
}

async function invoke<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { contract: r.error });
  return r.value as T;
}

const listDir = (d: string) => readdirSync(d).sort();

describe.skipIf(Boolean(skipReason))('save and load against the real engine', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-xfer-'));
    for (const ref of OURS) if (exists(ref)) docker(['rmi', '-f', ref]);
    // a: base + 1 layer; b: a + 1 layer; c: base + another layer. All share the base layer.
    commitVariant(BASE, A, 'echo a > /a.txt');
    commitVariant(A, B, 'echo b > /b.txt');
    commitVariant(BASE, C, 'echo c > /c.txt');
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
  });

  afterAll(() => {
    core?.dispose();
    for (const ref of OURS) docker(['rmi', '-f', ref]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('saves several images sharing layers into one tar equal to `docker save` (manifest and layer digests)', async () => {
    const ours = join(dir, 'ours.tar');
    const theirs = join(dir, 'cli.tar');
    const result = await saveToFile(core.engine.docker, [A, B, C], ours);
    expect(result).toMatchObject({ path: ours, compressed: false });
    expect(result.bytes).toBe(statSync(ours).size);
    cli(['save', '-o', theirs, A, B, C]);
    const mine = tarEntries(ours);
    const cliTar = tarEntries(theirs);
    // The engine writes manifest entries in map order (it varies from run to run): compare as sets.
    type Entry = { Config: string; RepoTags: string[]; Layers: string[]; Parent?: string };
    const byConfig = (m: unknown) => [...(m as Entry[])].sort((x, y) => x.Config.localeCompare(y.Config));
    expect(byConfig(mine.manifest)).toEqual(byConfig(cliTar.manifest));
    const manifest = mine.manifest as Entry[];
    const entry = (ref: string) => manifest.find((m) => m.RepoTags?.[0] === ref)!;
    expect(manifest.map((m) => m.RepoTags).sort()).toEqual([[A], [B], [C]]);
    // Which folder holds a shared layer and which links to it follows the same map order.
    const content = (t: typeof mine, name: string) => t.digests.get(name)?.replace(/^link:/, '');
    for (const m of manifest) {
      expect(content(mine, m.Config)).toBe(content(cliTar, m.Config));
      for (const layer of m.Layers) expect(content(mine, layer)).toBe(content(cliTar, layer));
    }
    // b is a plus one layer: same layer contents; the base layer all three share is stored once.
    const contents = (ref: string) => entry(ref).Layers.map((l) => content(mine, l));
    expect(contents(B).slice(0, 2)).toEqual(contents(A));
    expect(new Set([entry(A).Layers[0], entry(B).Layers[0], entry(C).Layers[0]]).size).toBe(1);
    const allLayers = manifest.flatMap((m) => m.Layers);
    const stored = [...mine.digests.entries()].filter(([n, d]) => n.endsWith('/layer.tar') && !d.startsWith('link:'));
    expect(new Set(stored.map(([, d]) => d)).size).toBe(stored.length);
    expect(new Set(allLayers).size).toBeLessThan(allLayers.length);
    // The estimate for progress is of the right size.
    const estimate = await estimateSaveBytes(core.engine.docker, [A, B, C]);
    expect(estimate).toBeGreaterThan(result.bytes * 0.5);
    expect(estimate).toBeLessThan(result.bytes * 1.5);
  });

  it('round trip: save, rmi, load gives back the same IDs, tags and history, printing what the CLI prints', async () => {
    const before = [A, B, C].map(factsOf);
    // The base goes in by ID (no tag is touched): with the parent in the archive, the load links
    // the images to it again, so even the history's image IDs come back.
    const baseId = idOf(BASE);
    const tar = join(dir, 'round-trip.tar');
    const saveJob = await invoke<{ jobId: string }>('images.save', { refs: [baseId, A, B, C], path: tar });
    const saved = await waitJob(saveJob.jobId);
    expect(saved).toMatchObject({ kind: 'save', state: 'succeeded', result: { path: tar } });
    expect(saved.total).toBe(saved.current);
    expect(saved.current).toBe(statSync(tar).size);
    cli(['rmi', C, B, A]);
    for (const ref of [A, B, C]) expect(exists(ref)).toBe(false);

    const loadJob = await invoke<{ jobId: string }>('images.load', { paths: [tar] });
    const loaded = await waitJob(loadJob.jobId);
    expect(loaded.state).toBe('succeeded');
    // The engine writes the archive in map order and prints "Loaded image ID" only when the last
    // entry has no tag, so the reference is what `docker load` prints for this very file.
    const lines = (loaded.result as { loaded: string[] }).loaded;
    expect(lines).toEqual(cli(['load', '-i', tar]).split('\n'));
    expect(lines).toEqual(expect.arrayContaining([`Loaded image: ${A}`, `Loaded image: ${B}`, `Loaded image: ${C}`]));
    expect(loaded.messages).toEqual(expect.arrayContaining(lines));
    expect(loaded.current).toBe(statSync(tar).size);
    expect(loaded.total).toBe(statSync(tar).size);
    expect([A, B, C].map(factsOf)).toEqual(before);
  });

  it('saving by ID keeps no tag; loading it prints the image ID line', async () => {
    const id = idOf(C);
    const tar = join(dir, 'by-id.tar');
    await saveToFile(core.engine.docker, [id], tar);
    const preview = await previewTar(core.engine.docker, tar);
    expect(preview).toMatchObject({ name: 'by-id.tar', compression: 'tar', tags: [], images: [id], moves: [], present: [id] });
    const result = await loadFromFile(core.engine.docker, tar);
    expect(result.loaded).toEqual([`Loaded image ID: ${id}`]);
  });

  it('loads .tar.gz, .tar.bz2 and .tar.xz archives and previews them', async () => {
    const tar = join(dir, 'c.tar');
    await saveToFile(core.engine.docker, [C], tar);
    const id = idOf(C);
    for (const [program, ext, compression] of [
      ['gzip', 'gz', 'gzip'],
      ['bzip2', 'bz2', 'bzip2'],
      ['xz', 'xz', 'xz'],
    ] as const) {
      const file = `${tar}.${ext}`;
      writeFileSync(file, execFileSync(program, ['-c', tar], { maxBuffer: 64 * 1024 * 1024 }));
      const preview = await previewTar(core.engine.docker, file);
      expect(preview).toMatchObject({ compression, tags: [C], images: [id], size: statSync(file).size });
      cli(['rmi', C]);
      const result = await loadFromFile(core.engine.docker, file);
      expect(result.loaded, ext).toEqual([`Loaded image: ${C}`]);
      expect(idOf(C)).toBe(id);
    }
  });

  it('writes a gzip-compressed archive when the chosen name ends in .tar.gz, which loads back', async () => {
    const file = join(dir, 'c-saved.tar.gz');
    const result = await saveToFile(core.engine.docker, [C], file);
    expect(result.compressed).toBe(true);
    expect(readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
    expect((await previewTar(core.engine.docker, file)).tags).toEqual([C]);
    expect((await loadFromFile(core.engine.docker, file)).loaded).toEqual([`Loaded image: ${C}`]);
  });

  describe('bad archives give a clear error, load nothing, and break nothing', () => {
    let brokenTar: string;
    let brokenId: string;
    beforeAll(async () => {
      // An image whose layer the engine does not have, so the engine must read that layer.
      importRandom(BROKEN, 256 * 1024);
      brokenId = idOf(BROKEN);
      brokenTar = join(dir, 'broken-source.tar');
      await saveToFile(core.engine.docker, [BROKEN], brokenTar);
      cli(['rmi', BROKEN]);
    });

    const expectNothingLoaded = async () => {
      expect(exists(BROKEN)).toBe(false);
      expect(exists(brokenId)).toBe(false);
      // The engine and the core still answer.
      expect((await core.handle('images.list', {})).ok).toBe(true);
    };

    it('a text file is refused before anything is sent, naming the file', async () => {
      const file = join(dir, 'notes.txt');
      writeFileSync(file, 'These are not the images you are looking for.\n'.repeat(20));
      const r = await core.handle('images.load', { paths: [file] });
      const notArchive = `${file} is not an image archive: expected a tar from docker save (plain, gzip, bzip2 or xz compressed)`;
      expect(r).toEqual(refused({ code: 'INVALID_ARGUMENT', message: notArchive }));
      const p = await core.handle('images.loadPreview', { path: file });
      expect(p).toMatchObject(refused({ code: 'INVALID_ARGUMENT' }));
      await expectNothingLoaded();
    });

    it('an empty file is refused before anything is sent', async () => {
      const file = join(dir, 'empty.tar');
      writeFileSync(file, '');
      expect(await core.handle('images.load', { paths: [file] })).toEqual({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: `${file} is empty` },
      });
      // One bad file among good ones: nothing at all is loaded.
      expect((await core.handle('images.load', { paths: [brokenTar, file] })).ok).toBe(false);
      await expectNothingLoaded();
    });

    it("a truncated tar fails the load job with the engine's words", async () => {
      const file = join(dir, 'truncated.tar');
      writeFileSync(file, readFileSync(brokenTar).subarray(0, Math.floor(statSync(brokenTar).size / 2)));
      const preview = await core.handle('images.loadPreview', { path: file });
      expect(preview).toMatchObject(refused({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/truncated/) }));
      const { jobId } = await invoke<{ jobId: string }>('images.load', { paths: [file] });
      const job = await waitJob(jobId);
      expect(job.state).toBe('failed');
      expect(job.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
      // e.g. "Error processing tar file(exit status 1): unexpected EOF"
      expect(job.error?.message).toMatch(/unexpected EOF|tar/i);
      await expectNothingLoaded();
    });

    it("a tar with a corrupt layer fails the load with the engine's words", async () => {
      const bytes = readFileSync(brokenTar);
      const layer = entryData(bytes, (n) => n.endsWith('/layer.tar'));
      // Flip content bytes of the first regular file inside the layer: still a tar, wrong digest.
      const inner = entryData(bytes.subarray(layer.offset, layer.offset + layer.size), (n) => n.endsWith('blob.bin'));
      const at = layer.offset + inner.offset + Math.floor(inner.size / 2);
      for (let i = 0; i < 64; i++) bytes[at + i] ^= 0xff;
      const file = join(dir, 'corrupt-layer.tar');
      writeFileSync(file, bytes);
      const err = await loadFromFile(core.engine.docker, file).catch((e: unknown) => e);
      const contract = toContractError(err);
      expect(contract.code).toBe('INVALID_ARGUMENT');
      expect(contract.message).toMatch(/invalid diffID|digest|checksum/i);
      await expectNothingLoaded();
    });

    it('the intact archive still loads afterwards', async () => {
      expect((await loadFromFile(core.engine.docker, brokenTar)).loaded).toEqual([`Loaded image: ${BROKEN}`]);
      cli(['rmi', BROKEN]);
    });
  });

  it('previews which local tags a load would move to another image, and the load says so', async () => {
    cli(['tag', C, MOVE]);
    const tar = join(dir, 'move.tar');
    await saveToFile(core.engine.docker, [MOVE], tar);
    cli(['tag', A, MOVE]); // now MOVE names a; the archive says it names c
    const preview = await invoke<TarPreview>('images.loadPreview', { path: tar });
    expect(preview).toMatchObject({ tags: [MOVE], images: [idOf(C)], moves: [{ tag: MOVE, fromId: idOf(A), toId: idOf(C) }] });
    const job = await waitJob((await invoke<{ jobId: string }>('images.load', { paths: [tar] })).jobId);
    expect(job.messages).toContain(`The image ${MOVE} already exists, renaming the old one with ID ${idOf(A)} to empty string`);
    expect(idOf(MOVE)).toBe(idOf(C));
    cli(['rmi', MOVE]);
  });

  describe('saving to files that cannot be written', () => {
    it('a missing folder is refused in the CLI words, before the engine is asked', async () => {
      const target = join(dir, 'no-such-dir', 'x.tar');
      const r = await core.handle('images.save', { refs: [C], path: target });
      expect(r).toEqual({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: `invalid output path: directory "${join(dir, 'no-such-dir')}" does not exist` },
      });
    });

    it('relative paths, traversal tricks and non-regular files are refused', async () => {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      for (const path of ['x.tar', `${dir}/sub/../x.tar`, `${dir}//x.tar`, `${dir}/./x.tar`]) {
        expect(await core.handle('images.save', { refs: [C], path }), path).toMatchObject(refused({ code: 'INVALID_ARGUMENT' }));
        expect(await core.handle('images.load', { paths: [path] }), path).toMatchObject(refused({ code: 'INVALID_ARGUMENT' }));
      }
      expect(await core.handle('images.save', { refs: [C], path: join(dir, 'sub') })).toMatchObject(refused({ code: 'INVALID_ARGUMENT' }));
      expect(await core.handle('images.load', { paths: [join(dir, 'sub')] })).toMatchObject(
        refused({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/regular file/) }),
      );
      const fifo = join(dir, 'fifo.tar');
      execFileSync('mkfifo', [fifo]);
      expect(await core.handle('images.load', { paths: [fifo] })).toMatchObject(
        refused({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/regular file/) }),
      );
      expect(await core.handle('images.load', { paths: ['/dev/zero'] })).toMatchObject(refused({ code: 'INVALID_ARGUMENT' }));
      expect(await core.handle('images.load', { paths: [join(dir, 'missing.tar')] })).toMatchObject(refused({ code: 'NOT_FOUND' }));
    });

    it('an unknown image fails with the engine words and leaves no file', async () => {
      const target = join(dir, 'unknown', 'x.tar');
      mkdirSync(join(dir, 'unknown'));
      const missing = `${NS}/xfer-does-not-exist:1`;
      const err = await saveToFile(core.engine.docker, [missing], target).catch((e: unknown) => e);
      const cliSays = docker(['save', '-o', join(dir, 'unknown', 'cli.tar'), missing]).stderr.trim();
      expect(toContractError(err)).toMatchObject({ code: 'NOT_FOUND', message: cliSays.replace(/^Error response from daemon: /, '') });
      expect(listDir(join(dir, 'unknown'))).toEqual([]);
    });

    it.skipIf(!isRoot)('a full file system fails with an IO error, removes the partial and leaves the images intact', async () => {
      const small = join(dir, 'small-fs');
      mkdirSync(small);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
      try {
        const before = [A, B, C].map(idOf);
        const r = await core.handle('images.save', { refs: [A, B, C], path: join(small, 'abc.tar') });
        expect(r.ok).toBe(true);
        const job = await waitJob((r as { value: { jobId: string } }).value.jobId);
        expect(job.state).toBe('failed');
        expect(job.error).toEqual({
          code: 'IO',
          message: `Cannot write ${join(small, 'abc.tar')}: no space left on device`,
          detail: { errno: 'ENOSPC' },
        });
        expect(listDir(small)).toEqual([]);
        expect([A, B, C].map(idOf)).toEqual(before);
      } finally {
        execFileSync('umount', [small]);
      }
    });

    it.skipIf(!isRoot)('a folder nobody may write to (immutable: root bypasses mode bits) fails with a clean IO error', async () => {
      const locked = join(dir, 'immutable');
      mkdirSync(locked);
      execFileSync('chattr', ['+i', locked]);
      try {
        const r = await core.handle('images.save', { refs: [C], path: join(locked, 'c.tar') });
        expect(r).toEqual({
          ok: false,
          error: { code: 'IO', message: `Cannot write ${join(locked, 'c.tar')}: operation not permitted`, detail: { errno: 'EPERM' } },
        });
      } finally {
        execFileSync('chattr', ['-i', locked]);
      }
      expect(listDir(locked)).toEqual([]);
    });

    it.skipIf(!nobodyCanRun)('a folder the user may not write to fails with "permission denied" (run as nobody in a child process)', () => {
      const locked = join(dir, 'root-only');
      mkdirSync(locked, { mode: 0o755 });
      chmodSync(dir, 0o755); // nobody may look in, not write
      const childEnv = { ...process.env, HOME: '/tmp', TSX_DISABLE_CACHE: '1' };
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(process.cwd(), 'tests/support/save-as-child.ts'), stack.dockerHost, C, join(locked, 'c.tar')],
        { uid: 65534, gid: 65534, cwd: process.cwd(), encoding: 'utf8', env: childEnv, timeout: 60_000 },
      );
      expect(child.stderr).toBe('');
      expect(JSON.parse(child.stdout)).toEqual({
        code: 'IO',
        message: `Cannot write ${join(locked, 'c.tar')}: permission denied`,
        detail: { errno: 'EACCES' },
      });
      expect(listDir(locked)).toEqual([]);
    });
  });

  describe('cancelling', () => {
    beforeAll(() => {
      importRandom(BIG, 96 * 1024 * 1024);
    });

    it('a save cancelled mid-stream leaves neither a .partial nor the target', async () => {
      const out = join(dir, 'cancel-save');
      mkdirSync(out);
      const target = join(out, 'big.tar');
      const { jobId } = await invoke<{ jobId: string }>('images.save', { refs: [BIG], path: target });
      await new Promise<void>((resolve) => {
        const off = core.events.on('job.updated', (j) => {
          if (j.id === jobId && (j.current > 1024 * 1024 || j.state !== 'running')) {
            off();
            resolve();
          }
        });
      });
      expect(listDir(out)).toEqual([expect.stringMatching(/^big\.tar\.[0-9a-f]{16}\.partial$/)]);
      expect((await invoke<{ cancelled: boolean }>('jobs.cancel', { jobId })).cancelled).toBe(true);
      const job = await waitJob(jobId);
      expect(job).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
      expect(listDir(out)).toEqual([]);
    });

    it('a save cancelled before the first byte leaves nothing either', async () => {
      const out = join(dir, 'cancel-early');
      mkdirSync(out);
      const abort = new AbortController();
      const saving = saveToFile(core.engine.docker, [BIG], join(out, 'big.tar'), { signal: abort.signal });
      abort.abort();
      expect(toContractError(await saving.catch((e: unknown) => e)).code).toBe('CANCELLED');
      expect(listDir(out)).toEqual([]);
    });

    it('a load cancelled mid-upload loads nothing', async () => {
      const tar = join(dir, 'big.tar');
      await saveToFile(core.engine.docker, [BIG], tar);
      const id = idOf(BIG);
      cli(['rmi', BIG]);
      const abort = new AbortController();
      const err = await loadFromFile(core.engine.docker, tar, {
        signal: abort.signal,
        onProgress: (bytes) => {
          if (bytes > 8 * 1024 * 1024) abort.abort();
        },
      }).catch((e: unknown) => e);
      expect(toContractError(err).code).toBe('CANCELLED');
      // The engine drops the half-received upload.
      await new Promise((r) => setTimeout(r, 500));
      expect(exists(BIG)).toBe(false);
      expect(exists(id)).toBe(false);
      truncateSync(tar, 0);
    });
  });
});
