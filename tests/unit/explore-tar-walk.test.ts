// The explorer's tar walk and archive scan on crafted bytes: every header in full (PAX long names
// and links, modes, owners), each file's data offset, the same answer whatever the chunking, and
// clear refusals of damaged, truncated and oversized input.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArchiveScan } from '../../electron/core/explore/archive-scan';
import { imageOfArchive } from '../../electron/core/explore/archive-image';
import { TarWalker, type TarEntry } from '../../electron/core/explore/tar-walk';
import { buildTar } from '../support/tar-bytes';

function walk(bytes: Buffer, chunk = bytes.length): TarEntry[] {
  const seen: TarEntry[] = [];
  const walker = new TarWalker((e) => void seen.push(e), 'test.tar');
  for (let at = 0; at < bytes.length; at += chunk) expect(walker.push(bytes.subarray(at, at + chunk))).toBeUndefined();
  walker.finish();
  return seen;
}

const LONG = `${'a'.repeat(150)}/${'b'.repeat(120)}.txt`;
const mtime = new Date(1_600_000_000_000);

describe('TarWalker', () => {
  it('decodes every header in full, with the offset of each file data', async () => {
    const bytes = await buildTar([
      { header: { name: 'etc/', type: 'directory', mode: 0o755, mtime } },
      { header: { name: 'etc/passwd', mode: 0o644, uid: 7, gid: 9, mtime }, body: 'root:x:0:0\n' },
      { header: { name: LONG, mode: 0o4755, mtime }, body: 'long' },
      { header: { name: 'etc/link', type: 'symlink', linkname: `../${LONG}`, mtime } },
      { header: { name: 'etc/hard', type: 'link', linkname: 'etc/passwd', mtime } },
    ]);
    const entries = walk(bytes);
    expect(entries.map((e) => [e.name, e.kind, e.size, e.mode, e.linkTarget])).toEqual([
      ['etc/', 'dir', 0, 0o755, undefined],
      ['etc/passwd', 'file', 11, 0o644, undefined],
      [LONG, 'file', 4, 0o4755, undefined],
      ['etc/link', 'symlink', 0, 0o777 & entries[3].mode, `../${LONG}`],
      ['etc/hard', 'hardlink', 0, entries[4].mode, 'etc/passwd'],
    ]);
    expect(entries[1]).toMatchObject({ uid: 7, gid: 9, mtime: 1_600_000_000 });
    const passwd = entries[1];
    expect(bytes.subarray(passwd.dataOffset, passwd.dataOffset + passwd.size).toString()).toBe('root:x:0:0\n');
    const long = entries[2];
    expect(bytes.subarray(long.dataOffset, long.dataOffset + 4).toString()).toBe('long');
  });

  it('gives the same answer however the bytes are cut', async () => {
    const bytes = await buildTar([
      { header: { name: 'x', mtime }, body: 'x'.repeat(1000) },
      { header: { name: LONG, mtime }, body: 'y' },
    ]);
    const whole = walk(bytes);
    for (const chunk of [1, 7, 511, 512, 513]) expect(walk(bytes, chunk)).toEqual(whole);
  });

  it('refuses a damaged header, a tar cut inside an entry, and an oversized metadata block', async () => {
    const bytes = await buildTar([{ header: { name: 'a', mtime }, body: 'abc' }]);
    const damaged = Buffer.from(bytes);
    damaged[10] ^= 0xff;
    expect(() => walk(damaged)).toThrow(/not a valid tar: a header at byte 0 is damaged/);
    expect(() => walk(bytes.subarray(0, 514))).toThrow(/truncated/);
    const pax = Buffer.alloc(512);
    pax.write('PaxHeader', 0);
    pax.write('0000644\0', 100);
    pax.write(`${(2 * 1024 * 1024).toString(8).padStart(11, '0')}\0`, 124);
    pax.write('x', 156);
    pax.write('ustar\x0000', 257);
    pax.write('        ', 148);
    let sum = 0;
    for (const b of pax) sum += b;
    pax.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    expect(() => walk(pax)).toThrow(/metadata block of 2097152 bytes/);
  });
});

describe('ArchiveScan', () => {
  it('tells layers and JSON from their bytes, indexes gzip layers, and resolves the manifest', async () => {
    const layer = await buildTar([{ header: { name: 'hello.txt', mtime }, body: 'hi\n' }]);
    const config = Buffer.from(JSON.stringify({ rootfs: { diff_ids: ['sha256:' + 'c'.repeat(64)] }, history: [{ created_by: 'ADD x' }] }));
    const manifest = JSON.stringify([{ Config: 'blobs/sha256/cfg', RepoTags: ['a/b:1'], Layers: ['blobs/sha256/layer'] }]);
    const archive = await buildTar([
      { header: { name: 'blobs/sha256/layer', mtime }, body: gzipSync(layer) },
      { header: { name: 'blobs/sha256/cfg', mtime }, body: config },
      { header: { name: 'manifest.json', mtime }, body: manifest },
    ]);
    const scan = new ArchiveScan('test.tar', true);
    const wait = scan.walker.push(archive);
    if (wait) await wait;
    // The gzip layer is read through zlib: let it finish.
    scan.walker.finish();
    const image = imageOfArchive(scan, undefined, 'test.tar');
    expect(image.repoTags).toEqual(['a/b:1']);
    expect(image.imageId).toBe(`sha256:${createHash('sha256').update(config).digest('hex')}`);
    expect(image.layers[0]).toMatchObject({ compression: 'gzip', size: layer.length });
    expect(image.layers[0].raw).toEqual([
      expect.objectContaining({ name: 'hello.txt', digest: createHash('sha256').update('hi\n').digest('hex') }),
    ]);
  });

  it('a damaged tar fails only the image that uses it', async () => {
    const good = await buildTar([{ header: { name: 'ok.txt', mtime }, body: 'ok\n' }]);
    const bad = Buffer.from(
      await buildTar([
        { header: { name: 'x', mtime }, body: 'x' },
        { header: { name: 'y', mtime }, body: 'y' },
      ]),
    );
    bad[1024 + 10] ^= 0xff; // the second header
    const config = Buffer.from(JSON.stringify({ rootfs: { diff_ids: ['sha256:' + 'd'.repeat(64)] } }));
    const archiveOf = async (layer: string) => {
      const scan = new ArchiveScan('t.tar', false);
      const bytes = await buildTar([
        { header: { name: 'good/layer.tar', mtime }, body: good },
        { header: { name: 'bad/layer.tar', mtime }, body: bad },
        { header: { name: 'c.json', mtime }, body: config },
        { header: { name: 'manifest.json', mtime }, body: JSON.stringify([{ Config: 'c.json', Layers: [layer] }]) },
      ]);
      expect(scan.walker.push(bytes)).toBeUndefined();
      return scan;
    };
    expect(imageOfArchive(await archiveOf('good/layer.tar'), undefined, 't.tar').layers[0].raw.map((r) => r.name)).toEqual(['ok.txt']);
    const scanFor = await archiveOf('bad/layer.tar');
    expect(() => imageOfArchive(scanFor, undefined, 't.tar')).toThrow(
      /bad\/layer\.tar is not a valid tar: a header at byte 1024 is damaged/,
    );
  });

  it('says clearly when the manifest names a layer the archive lacks', async () => {
    const config = Buffer.from(JSON.stringify({ rootfs: { diff_ids: [] } }));
    const archive = await buildTar([
      { header: { name: 'c.json', mtime }, body: config },
      { header: { name: 'manifest.json', mtime }, body: JSON.stringify([{ Config: 'c.json', Layers: ['../../etc/passwd'] }]) },
    ]);
    const scan = new ArchiveScan('bad.tar', false);
    expect(scan.walker.push(archive)).toBeUndefined();
    expect(() => imageOfArchive(scan, undefined, 'bad.tar')).toThrow(
      /names the layer \.\.\/\.\.\/etc\/passwd, which is not a layer tar in the archive/,
    );
  });
});
