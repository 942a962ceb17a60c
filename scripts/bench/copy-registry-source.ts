// The source images of `bench:copy-registry`, put straight into the stack's open registry through
// its v2 API (no engine, no internet): one image whose single layer is >= 512 MiB of random
// (incompressible) bytes, and one of 40 small random layers. Made once and kept in the registry
// under tags that name their shape, so later runs only check they are whole; in smoke mode small
// ones under a repository of the run, removed at the end. The big layer is written to a temporary
// file first (tar of one random file, gzip level 1: random bytes do not compress, so the blob is
// as big as the data) and uploaded from it with a known length, so memory stays flat.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { buildTar } from '../../tests/support/tar-bytes';
import { MEDIA, putBlob, putManifest, type RegistryTarget } from '../../tests/support/registry-fixtures';
import { MiB, prove, SMOKE } from './bench-kit';

/** One blob of an image as its manifest names it. */
export interface Blob {
  digest: string;
  size: number;
}

export interface SourceImage {
  /** The tag in the source repository (the copy keeps it on the target). */
  tag: string;
  manifestDigest: string;
  /** The config and every layer: what a full copy must upload. */
  blobs: Blob[];
  layers: number;
  /** Sum of the blobs' sizes. */
  bytes: number;
}

interface Shape {
  tag: string;
  /** Bytes of random data per layer, bottom first. */
  layers: number[];
}

const RUN = randomBytes(4).toString('hex');
/** Kept across runs (full mode); a repository of this run in smoke mode. */
export const SOURCE_REPOSITORY = SMOKE ? `stevedore-bench/copy-smoke-${RUN}` : 'stevedore-bench/copy-src';
export const SHAPES: Shape[] = SMOKE
  ? [
      { tag: 'big-2m', layers: [2 * MiB] },
      { tag: 'layers-4x64k', layers: Array.from({ length: 4 }, () => 64 * 1024) },
    ]
  : [
      { tag: 'big-512m', layers: [512 * MiB] },
      { tag: 'layers-40x2m', layers: Array.from({ length: 40 }, () => 2 * MiB) },
    ];

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A pass-through stream that hashes what crosses it. */
function hashing(): Transform & { digest: () => string } {
  const hash = createHash('sha256');
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return Object.assign(t, { digest: () => `sha256:${hash.digest('hex')}` });
}

/** `size` random bytes as a stream of 1 MiB chunks. */
function randomStream(size: number): Readable {
  let left = size;
  return new Readable({
    read() {
      const n = Math.min(MiB, left);
      left -= n;
      this.push(n > 0 ? randomBytes(n) : null);
    },
  });
}

/** Writes a gzip layer (tar of one random file) to `path`; returns its diff ID (the tar's digest) and the blob's digest. */
async function writeLayerFile(path: string, size: number): Promise<{ diffId: string; digest: string }> {
  const pack = tarPack();
  const entry = pack.entry({ name: 'random.bin', mode: 0o644, mtime: new Date(0), size }, (err) => {
    if (err) pack.destroy(err);
    else pack.finalize();
  });
  const tarHash = hashing();
  const gzHash = hashing();
  await Promise.all([
    pipeline(randomStream(size), entry),
    pipeline(pack as unknown as Readable, tarHash, createGzip({ level: 1 }), gzHash, createWriteStream(path)),
  ]);
  return { diffId: tarHash.digest(), digest: gzHash.digest() };
}

/** Uploads the file at `path` as blob `digest` (POST, then one PUT with the whole body and its length). */
async function putBlobFile(target: RegistryTarget, repository: string, path: string, digest: string): Promise<void> {
  const start = await fetch(`http://${target.host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  prove(start.status === 202, `start upload to ${target.host}/${repository}: ${start.status}`);
  await start.body?.cancel();
  const url = new URL(start.headers.get('location') ?? '', `http://${target.host}`);
  url.searchParams.set('digest', digest);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': statSync(path).size },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    createReadStream(path).on('error', reject).pipe(req);
  });
  prove(status === 201, `upload of ${digest} to ${target.host}/${repository}: ${status}`);
}

/** A layer of `size` random bytes in the registry: small ones built in memory, big ones through a temporary file. */
async function putRandomLayer(target: RegistryTarget, repository: string, size: number, dir: string): Promise<Blob & { diffId: string }> {
  if (size <= 16 * MiB) {
    const tar = await buildTar([{ header: { name: 'random.bin', mode: 0o644, mtime: new Date(0), size }, body: randomBytes(size) }]);
    const layer = gzipSync(tar, { level: 1 });
    return { digest: await putBlob(target, repository, layer), size: layer.length, diffId: sha256(tar) };
  }
  const path = join(dir, 'layer.tar.gz');
  try {
    const { diffId, digest } = await writeLayerFile(path, size);
    const blobSize = statSync(path).size;
    await putBlobFile(target, repository, path, digest);
    return { digest, size: blobSize, diffId };
  } finally {
    rmSync(path, { force: true });
  }
}

async function buildImage(target: RegistryTarget, shape: Shape): Promise<void> {
  const dir = mkdtempSync(join(process.env.STEVEDORE_BENCH_DIR || tmpdir(), 'stevedore-copy-src-'));
  try {
    const layers: (Blob & { diffId: string })[] = [];
    for (const size of shape.layers) layers.push(await putRandomLayer(target, SOURCE_REPOSITORY, size, dir));
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created: '2026-01-01T00:00:00Z',
        config: { Cmd: ['/random.bin'], Labels: { 'org.stevedore.bench': `copy-registry-${shape.tag}` } },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
        history: layers.map(() => ({ created: '2026-01-01T00:00:00Z', created_by: 'stevedore bench:copy-registry' })),
      }),
    );
    const configDigest = await putBlob(target, SOURCE_REPOSITORY, config);
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { mediaType: MEDIA.dockerConfig, size: config.length, digest: configDigest },
      layers: layers.map((l) => ({ mediaType: MEDIA.dockerLayer, size: l.size, digest: l.digest })),
    };
    await putManifest(target, SOURCE_REPOSITORY, shape.tag, MEDIA.dockerManifest, Buffer.from(JSON.stringify(manifest)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The image under `tag` when the registry has it whole (manifest and every blob), else null. */
async function readImage(target: RegistryTarget, shape: Shape): Promise<SourceImage | null> {
  const base = `http://${target.host}/v2/${SOURCE_REPOSITORY}`;
  const res = await fetch(`${base}/manifests/${shape.tag}`, { headers: { Accept: MEDIA.dockerManifest } });
  if (res.status === 404) return null;
  prove(res.ok, `registry ${target.host}: ${res.status} for ${SOURCE_REPOSITORY}:${shape.tag}`);
  const manifest = (await res.json()) as { config: Blob; layers: Blob[] };
  const blobs = [manifest.config, ...manifest.layers].map(({ digest, size }) => ({ digest, size }));
  if (manifest.layers.length !== shape.layers.length || manifest.layers.some((l, i) => l.size < shape.layers[i])) return null;
  for (const b of blobs) {
    const head = await fetch(`${base}/blobs/${b.digest}`, { method: 'HEAD' });
    if (!head.ok) return null;
  }
  return {
    tag: shape.tag,
    manifestDigest: res.headers.get('docker-content-digest') ?? '',
    blobs,
    layers: manifest.layers.length,
    bytes: blobs.reduce((sum, b) => sum + b.size, 0),
  };
}

/** Every source image, made when the registry does not have it whole. */
export async function ensureSourceImages(target: RegistryTarget, log: (line: string) => void = console.log): Promise<SourceImage[]> {
  const images: SourceImage[] = [];
  for (const shape of SHAPES) {
    let image = await readImage(target, shape);
    if (!image) {
      const total = shape.layers.reduce((a, b) => a + b, 0) / MiB;
      log(
        `making ${target.host}/${SOURCE_REPOSITORY}:${shape.tag} (${shape.layers.length} layers, ${total.toFixed(0)} MiB of random data${SMOKE ? '' : ', once'})...`,
      );
      await buildImage(target, shape);
      image = await readImage(target, shape);
      prove(image, `made ${SOURCE_REPOSITORY}:${shape.tag} but ${target.host} does not have it whole`);
    }
    images.push(image);
  }
  return images;
}
