// The explorer's index (issue #17) against the real engine and the docker CLI: per-layer file
// lists equal `tar -t` of the layer tars of `docker save`, for an imported image and two commits
// that delete, overwrite and re-create files (an opaque folder on overlay2); the merged view equals
// `docker export` of a container of the image; the same image from a saved archive (classic and
// OCI layout, plain or gzip layers, gzip/bzip2/xz compressed) indexes exactly as from the engine.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineConnection } from '../../electron/core/engine/engine';
import { indexImage, type ImageIndex } from '../../electron/core/explore/image-index';
import {
  buildFixtures,
  cleanupExplore,
  compressed,
  createdContainer,
  dockerExport,
  ociArchive,
  readSaved,
  savedArchive,
  tarList,
  tempDir,
  type Fixtures,
} from '../support/explore-fixtures';
import { loadStackEnv, requireEngine } from '../support/stack';
import { readTar, TAR_STREAM_KIND } from '../support/tar-bytes';

const skipReason = requireEngine();
if (skipReason) console.warn(`[explore-layers] skipping: ${skipReason}`);
const stack = loadStackEnv();

let engine: EngineConnection;
let fx: Fixtures;
let dir: string;
const archives: Record<string, string> = {};

/**
 * What `docker export` adds to a container's filesystem that no layer holds, as Docker 20.10 on
 * overlay2 writes it for an empty image: `.dockerenv`, `dev/` with `console`, `pts/` and `shm/`,
 * `etc/` (when the image has none) with `hostname`, `hosts`, `resolv.conf` and the symlink
 * `mtab -> /proc/mounts`, and the mount points `proc/` and `sys/`. A folder the image has keeps its own entry.
 */
const INIT_PATHS = [/^\.dockerenv$/, /^etc\/(hostname|hosts|resolv\.conf|mtab)$/, /^dev(\/.*)?$/, /^proc$/, /^sys$/];

function mergedOf(index: ImageIndex) {
  return index.model.merged.map((e) => ({ path: e.path, kind: e.kind, size: e.size, mode: e.mode, linkTarget: e.linkTarget }));
}

describe.skipIf(skipReason !== null)('explorer index against docker save / export', () => {
  beforeAll(async () => {
    engine = new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } });
    fx = await buildFixtures();
    dir = tempDir();
    archives.classic = await savedArchive(fx.commit2, dir);
    const saved = await readSaved(archives.classic);
    archives.oci = join(dir, 'oci.tar');
    writeFileSync(archives.oci, await ociArchive(saved, fx.commit2, false));
    archives.ociGzip = join(dir, 'oci-gzip-layers.tar');
    writeFileSync(archives.ociGzip, await ociArchive(saved, fx.commit2, true));
    archives.gzip = compressed(archives.classic, 'gzip');
    archives.bzip2 = compressed(archives.classic, 'bzip2');
    archives.xz = compressed(archives.oci, 'xz');
  }, 300_000);

  afterAll(async () => {
    await cleanupExplore();
  });

  it.each(['base', 'commit1', 'commit2'] as const)('per-layer lists of %s equal tar -t of its docker save layers', async (which) => {
    const ref = fx[which];
    const saved = await readSaved(await savedArchive(ref, dir));
    const index = await indexImage(engine, { kind: 'image', image: ref });
    const layers = saved.manifest[0].Layers;
    expect(index.layers).toHaveLength(layers.length);
    layers.forEach((l, i) => {
      expect(index.layers[i].raw.map((r) => r.name)).toEqual(tarList(saved.entries.get(l)!, dir));
    });
    expect(index.imageId).toBe(`sha256:${saved.manifest[0].Config.replace(/\.json$/, '')}`);
    expect(index.repoTags).toEqual([ref]);
  });

  it('the commit layers hold the whiteouts and the opaque folder overlay2 wrote', async () => {
    const index = await indexImage(engine, { kind: 'image', image: fx.commit1 });
    const names = index.layers[1].raw.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['data/.wh.a.txt', 'data/.wh.hard', 'opq/.wh..wh..opq', 'opq/new', 'added/f']));
    const layer = index.model.layers[1].entries;
    expect(layer.find((e) => e.path === 'data/a.txt')?.mark).toBe('removed');
    expect(layer.find((e) => e.path === 'data/b.txt')?.mark).toBe('modified');
    expect(layer.find((e) => e.path === 'added/f')?.mark).toBe('added');
    expect(layer.find((e) => e.path === 'opq')?.opaque).toBe(true);
    expect(index.model.merged.some((e) => e.path === 'opq/old1' || e.path === 'opq/sub')).toBe(false);
    // The first blob (3 MiB) is overwritten by a 1 MiB one: its bytes are wasted.
    expect(index.model.wasted.entries.find((w) => w.path === 'big/blob')?.bytes).toBe(3 * 1024 * 1024);
  });

  it('the merged view equals docker export of a container of the image (init paths aside)', async () => {
    const index = await indexImage(engine, { kind: 'image', image: fx.commit2 });
    const container = await createdContainer(fx.commit2);
    const exported = (await readTar(dockerExport(container)))
      .map((e) => ({
        path: e.name.replace(/\/$/, ''),
        kind: TAR_STREAM_KIND[e.type] ?? e.type,
        size: e.type === 'file' ? e.size : 0,
        mode: e.mode & 0o7777,
        linkTarget: e.type === 'symlink' || e.type === 'link' ? (e.linkname ?? undefined) : undefined,
      }))
      .filter((e) => !INIT_PATHS.some((re) => re.test(e.path)));
    const ours = mergedOf(index).filter((e) => !INIT_PATHS.some((re) => re.test(e.path)));
    const byPath = <T extends { path: string }>(list: T[]) => [...list].sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(byPath(ours)).toEqual(byPath(exported));
  });

  it.each(['classic', 'oci', 'ociGzip', 'gzip', 'bzip2', 'xz'])('the %s archive indexes as the engine does', async (kind) => {
    const fromEngine = await indexImage(engine, { kind: 'image', image: fx.commit2 });
    const fromFile = await indexImage(engine, { kind: 'archive', path: archives[kind] });
    expect(fromFile.imageId).toBe(fromEngine.imageId);
    expect(fromFile.source).toBe('archive');
    expect(fromFile.archive?.format).toBe(kind.startsWith('oci') || kind === 'xz' ? 'oci' : 'docker');
    expect(fromFile.archive?.compression).toBe({ gzip: 'gzip', bzip2: 'bzip2', xz: 'xz' }[kind] ?? 'none');
    expect(fromFile.layers.map((l) => l.raw.map((r) => r.name))).toEqual(fromEngine.layers.map((l) => l.raw.map((r) => r.name)));
    expect(fromFile.layers.map((l) => [l.diffId, l.size, l.createdBy])).toEqual(
      fromEngine.layers.map((l) => [l.diffId, l.size, l.createdBy]),
    );
    expect(mergedOf(fromFile)).toEqual(mergedOf(fromEngine));
    expect(fromFile.repoTags).toEqual([fx.commit2]);
  });

  it('hashes every regular file when asked, as sha256 of its content', async () => {
    const index = await indexImage(engine, { kind: 'archive', path: archives.ociGzip }, { hashFiles: true });
    const config = index.layers[0].raw.find((r) => r.name === 'etc/config.txt');
    expect(config?.digest).toBe(createHash('sha256').update('hello explorer\n').digest('hex'));
    expect(index.layers.every((l) => l.raw.every((r) => r.kind !== 'file' || /^[0-9a-f]{64}$/.test(r.digest ?? '')))).toBe(true);
  });

  it('reports byte progress and stops when cancelled', async () => {
    const seen: number[] = [];
    const index = await indexImage(engine, { kind: 'archive', path: archives.classic }, { onProgress: (bytes) => seen.push(bytes) });
    expect(index.layers.length).toBe(3);
    expect(seen.at(-1)).toBe(readFileSync(archives.classic).length);
    const abort = new AbortController();
    abort.abort();
    await expect(indexImage(engine, { kind: 'image', image: fx.commit2 }, { signal: abort.signal })).rejects.toThrow(/Cancel/);
    // Mid-stream: cancelled at the first bytes, from the engine and from a compressed file.
    for (const source of [{ kind: 'image', image: fx.commit2 } as const, { kind: 'archive', path: archives.xz } as const]) {
      const midway = new AbortController();
      const indexing = indexImage(engine, source, { signal: midway.signal, onProgress: () => midway.abort() });
      await expect(indexing).rejects.toThrow(/Cancel/);
    }
  });
});
