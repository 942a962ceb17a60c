// Real archives from `docker save` (plain and gzip-compressed): the shared manifest walk finds the
// manifest GNU tar extracts, whether the core reads the file or the page reads it as a File
// (renderer/src/transport/archive-reader.ts on Node's Blob and DecompressionStream), and the
// core's answer to the page's `images.describeArchive` is the preview it gives for the file's
// path. Only the shared fixture images are saved; nothing is loaded or removed.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TarPreview } from '../../shared/contract';
import { manifestOfTar, parseManifest, TarManifestScanner, type ManifestEntry } from '../../shared/tar-manifest';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { describeRequestOf } from '../../renderer/src/transport/archive-reader';
import { dockerCliSync as docker, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
const stack = loadStackEnv();

let core: StevedoreCore;
let dir: string;
const archives: Record<string, string> = {};

function cli(args: string[]): string {
  const r = docker(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

/** What GNU tar extracts as manifest.json: the reference the walks must match. */
const gnuTarManifest = (file: string) =>
  JSON.parse(execFileSync('tar', ['-xOf', file, 'manifest.json'], { encoding: 'utf8' })) as ManifestEntry[];

async function coreWalk(file: string): Promise<ManifestEntry[]> {
  const fh = await open(file, 'r');
  try {
    const readAt = async (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    };
    return await manifestOfTar(readAt, statSync(file).size, file);
  } finally {
    await fh.close();
  }
}

async function streamWalk(gz: string): Promise<ManifestEntry[]> {
  const scanner = new TarManifestScanner(gz);
  for await (const chunk of createReadStream(gz).pipe(createGunzip())) {
    const bytes = scanner.push(chunk as Buffer);
    if (bytes) return parseManifest(bytes, gz);
  }
  return scanner.end();
}

async function invoke<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { contract: r.error });
  return r.value as T;
}

describe.skipIf(Boolean(skipReason))('manifest.json of real docker save archives', () => {
  const fx = fixtures(stack);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-manifest-'));
    archives.tagged = join(dir, 'tagged.tar');
    cli(['save', '-o', archives.tagged, fx.base, fx.web, fx.db]);
    // Saved by ID: no RepoTags, the engine writes null.
    archives.byId = join(dir, 'by-id.tar');
    cli(['save', '-o', archives.byId, cli(['image', 'inspect', '--format', '{{.Id}}', fx.small])]);
    for (const name of ['tagged', 'byId']) {
      archives[`${name}Gz`] = `${archives[name]}.gz`;
      execFileSync('sh', ['-c', 'gzip -c "$0" > "$1"', archives[name], archives[`${name}Gz`]]);
    }
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
  });

  afterAll(() => {
    core?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the positioned walk (core) and the streaming walk (gzip) find what GNU tar extracts', async () => {
    for (const name of ['tagged', 'byId']) {
      const expected = gnuTarManifest(archives[name]);
      expect(expected.length).toBeGreaterThan(0);
      expect(await coreWalk(archives[name])).toEqual(expected);
      expect(await streamWalk(archives[`${name}Gz`])).toEqual(expected);
    }
    expect(gnuTarManifest(archives.byId)[0].RepoTags).toBeNull();
    expect(gnuTarManifest(archives.tagged).flatMap((m) => m.RepoTags)).toEqual(expect.arrayContaining([fx.base, fx.web, fx.db]));
  });

  it("the page reads the same manifest from a File, and the core's answer equals the preview by path", async () => {
    for (const key of ['tagged', 'taggedGz', 'byId', 'byIdGz']) {
      const file = archives[key];
      const name = file.split('/').pop()!;
      const local = await describeRequestOf(await openAsBlob(file), name);
      if (!local.ok || !local.value) throw new Error(`${key}: ${JSON.stringify(local)}`);
      const { manifest, ...about } = local.value;
      expect(about, key).toEqual({ name, compression: key.endsWith('Gz') ? 'gzip' : 'tar', size: statSync(file).size });
      const reference = gnuTarManifest(key.endsWith('Gz') ? archives[key.slice(0, -2)] : file);
      expect(manifest, key).toEqual(reference.map(({ Config, RepoTags, Layers }) => ({ Config, RepoTags, Layers })));

      const described = await invoke<TarPreview>('images.describeArchive', local.value);
      const byPath = await invoke<TarPreview>('images.loadPreview', { path: file });
      expect(described, key).toEqual(byPath);
      // The fixtures are on the engine: every image is present, no tag moves.
      expect(described.present).toEqual(described.images);
      expect(described.moves).toEqual([]);
    }
  });

  it('images.describeArchive validates what the page sends before asking the engine', async () => {
    const local = await describeRequestOf(await openAsBlob(archives.tagged), 'tagged.tar');
    if (!local.ok || !local.value) throw new Error('no request');
    const bad = [
      { ...local.value, extra: 1 },
      { ...local.value, compression: 'zstd' },
      { ...local.value, size: -1 },
      { ...local.value, manifest: [{ ...local.value.manifest[0], Parent: 'x' }] },
      { ...local.value, manifest: [{ ...local.value.manifest[0], Config: '' }] },
      { ...local.value, manifest: Array.from({ length: 4097 }, () => local.value!.manifest[0]) },
      {
        ...local.value,
        manifest: Array.from({ length: 9 }, () => ({
          ...local.value!.manifest[0],
          RepoTags: Array.from({ length: 1000 }, (_, i) => `t:${i}`),
        })),
      },
    ];
    for (const request of bad) {
      expect(await core.handle('images.describeArchive', request), JSON.stringify(request).slice(0, 80)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    }
  });
});
