import { gzipSync } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import type { JobLayer } from '../../shared/contract';
import type { ManifestEntry } from '../../shared/tar-manifest';
import { LoadLayers, loadedNames, manifestLayerCount, shortLayerId } from '../../electron/core/transfer/load-layers';
import { ManifestTap } from '../../electron/core/transfer/manifest-tap';

// The pure halves of a load job's layer count: the tap that reads manifest.json from the bytes on
// their way to the engine (plain and gzip, in any chunking, never failing the load), and the rows
// while the engine reports them. Settling against the engine is in tests/integration.

const MANIFEST: ManifestEntry[] = [
  { Config: `${'a'.repeat(64)}.json`, RepoTags: ['x:1'], Layers: ['l1/layer.tar', 'l2/layer.tar', 'l3/layer.tar'] },
  { Config: `${'b'.repeat(64)}.json`, RepoTags: ['y:1'], Layers: ['l1/layer.tar', 'l4/layer.tar'] },
];

function archive(manifest: unknown = MANIFEST): Promise<Buffer> {
  const p = tarPack();
  for (const l of ['l1', 'l2', 'l3', 'l4']) p.entry({ name: `${l}/layer.tar` }, Buffer.alloc(3000, l));
  p.entry({ name: `${'a'.repeat(64)}.json` }, '{}');
  p.entry({ name: 'manifest.json' }, JSON.stringify(manifest));
  p.finalize();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Feeds `bytes` in `size`-byte chunks, in one reused buffer (as the file upload does), waiting when asked. */
async function feed(tap: ManifestTap, bytes: Buffer, size: number): Promise<void> {
  const reused = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = bytes.copy(reused, 0, at, at + size);
    await tap.write(reused.subarray(0, n));
    reused.fill(0); // the tap must not have kept it
  }
  tap.end();
}

describe('ManifestTap', () => {
  it.each([1, 100, 511, 512, 4096])('finds manifest.json in a plain tar fed in %i-byte chunks of a reused buffer', async (size) => {
    const bytes = await archive();
    let got: ManifestEntry[] | undefined;
    const tap = new ManifestTap('tar', 'x.tar', (m) => (got = m));
    await feed(tap, bytes, size);
    expect(got).toEqual(MANIFEST);
  });

  it('finds it in a gzip-compressed archive, through its own decompressor', async () => {
    const gz = gzipSync(await archive());
    let tap!: ManifestTap;
    const result = new Promise<ManifestEntry[]>((resolve) => (tap = new ManifestTap('gzip', 'x.tar.gz', resolve)));
    await feed(tap, gz, 700);
    expect(await result).toEqual(MANIFEST);
  });

  it('a damaged archive or manifest only loses the count: nothing thrown, nothing found', async () => {
    let calls = 0;
    const notJson = await archive('not a manifest');
    const tap = new ManifestTap('tar', 'x.tar', () => calls++);
    await feed(tap, notJson, 512);
    const garbage = new ManifestTap('tar', 'y.tar', () => calls++);
    await feed(garbage, Buffer.alloc(4096, 7), 1024);
    expect(calls).toBe(0);
    // Once stopped, it takes bytes and does nothing with them.
    garbage.stop();
    expect(garbage.write(await archive())).toBeUndefined();
    expect(calls).toBe(0);
  });
});

describe('LoadLayers while the engine reports', () => {
  const recorder = () => {
    const rows = new Map<string, JobLayer>();
    const counts: number[] = [];
    const layers = new LoadLayers({
      layer: (l) => rows.set(l.id, l),
      layerCount: (n) => counts.push(n),
      setLayers: () => undefined,
    });
    return { layers, rows, counts };
  };

  it('counts the distinct layers of every image in the manifest (a shared layer once)', () => {
    expect(manifestLayerCount(MANIFEST)).toBe(4);
    const { layers, counts } = recorder();
    layers.begin();
    layers.expect(MANIFEST);
    expect(counts).toEqual([4]);
  });

  it('a layer is done once the engine moves to the next; the count never falls below the rows', () => {
    const { layers, rows, counts } = recorder();
    layers.begin();
    layers.engine({ id: 'aaa', status: 'Loading layer', current: 10, total: 20 });
    layers.engine({ id: 'aaa', status: 'Loading layer', current: 20, total: 20 });
    expect(rows.get('aaa')?.status).toBe('Loading layer');
    layers.engine({ id: 'bbb', status: 'Loading layer', current: 1, total: 20 });
    expect(rows.get('aaa')).toEqual({ id: 'aaa', status: 'Loaded', current: 20, total: 20 });
    expect(rows.get('bbb')?.status).toBe('Loading layer');
    // No manifest known (yet): the rows are the count so far.
    expect(counts.at(-1)).toBe(2);
    layers.expect(MANIFEST);
    expect(counts.at(-1)).toBe(4);
  });

  it('names layers as the engine does and reads the names back from the lines docker load prints', () => {
    expect(shortLayerId(`sha256:${'0123456789ab'.repeat(5)}cdef`)).toBe('0123456789ab');
    expect(loadedNames(['Loaded image: x:1', `Loaded image ID: sha256:${'c'.repeat(64)}`, 'something else'])).toEqual([
      'x:1',
      `sha256:${'c'.repeat(64)}`,
    ]);
  });
});
