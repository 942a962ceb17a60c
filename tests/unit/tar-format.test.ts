import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { checkAbsolutePath, defaultTarName } from '../../electron/core/support/file-paths';
import { archiveKindOf, engineErrorIn, parseTarHeader, TAR_BLOCK, TarIntegrityCheck } from '../../electron/core/transfer/tar-format';
import { readHead } from '../../electron/core/transfer/transfer';

/** A small tar made by tar-stream: a config, a layer, a name long enough for a PAX header. */
async function sampleTar(): Promise<Buffer> {
  const p = pack();
  p.entry({ name: 'abc.json' }, '{"config":true}');
  p.entry({ name: `${'d'.repeat(64)}/layer.tar`, size: 3000 }, Buffer.alloc(3000, 7));
  p.entry({ name: `${'x'.repeat(180)}.txt` }, 'long'); // one element > 100 bytes: a PAX header
  p.entry({ name: 'manifest.json' }, '[]');
  p.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of p) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** Runs bytes (in small chunks, to cross block boundaries) through the check; resolves with what came out. */
async function check(bytes: Buffer, chunk = 333): Promise<Buffer> {
  const out: Buffer[] = [];
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  await pipeline(
    Readable.from(chunks),
    new TarIntegrityCheck(),
    new Writable({
      write(c: Buffer, _e, done) {
        out.push(c);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

const engineError = (message: string) => Buffer.from(`${JSON.stringify({ errorDetail: { message }, error: message })}\n`);

describe('archive magic numbers', () => {
  it('recognises tar (ustar at 257), gzip, bzip2 and xz, and nothing else', async () => {
    expect(archiveKindOf(await sampleTar())).toBe('tar');
    expect(archiveKindOf(Buffer.from([0x1f, 0x8b, 0x08, 0]))).toBe('gzip');
    expect(archiveKindOf(Buffer.from('BZh91AY&SY'))).toBe('bzip2');
    expect(archiveKindOf(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1]))).toBe('xz');
    expect(archiveKindOf(Buffer.from('hello, this is a text file\n'.repeat(20)))).toBeNull();
    expect(archiveKindOf(Buffer.alloc(0))).toBeNull();
    expect(archiveKindOf(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBeNull(); // zstd: Engine 23+ only
  });
});

describe('tar headers', () => {
  it('reads octal and GNU base-256 sizes and rejects a bad checksum', async () => {
    const tar = await sampleTar();
    const first = parseTarHeader(tar.subarray(0, TAR_BLOCK));
    expect(first).toMatchObject({ name: 'abc.json', size: 15, type: '0' });
    const big = Buffer.from(tar.subarray(0, TAR_BLOCK));
    big.fill(0, 124, 136);
    big[124] = 0x80;
    big.writeUIntBE(9 * 1024 ** 3, 130, 6); // 9 GiB does not fit 11 octal digits
    big.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of big) sum += b;
    big.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    expect(parseTarHeader(big)?.size).toBe(9 * 1024 ** 3);
    big[0] ^= 1;
    expect(parseTarHeader(big)).toBeNull();
  });
});

describe('the integrity check on a saved tar', () => {
  it('passes a whole archive through byte for byte, PAX headers included', async () => {
    const tar = await sampleTar();
    const types = [];
    for (let at = 0; at + TAR_BLOCK <= tar.length; at += TAR_BLOCK) {
      const h = parseTarHeader(tar.subarray(at, at + TAR_BLOCK));
      if (h) types.push(h.type);
    }
    expect(types).toContain('x');
    expect((await check(tar)).equals(tar)).toBe(true);
    expect((await check(tar, 1)).equals(tar)).toBe(true);
  });

  it('accepts extra zero padding after the end of the archive', async () => {
    const tar = await sampleTar();
    const padded = Buffer.concat([tar, Buffer.alloc(10 * TAR_BLOCK)]);
    expect((await check(padded)).length).toBe(padded.length);
  });

  it('fails a truncated archive', async () => {
    const tar = await sampleTar();
    await expect(check(tar.subarray(0, 2000))).rejects.toThrow(/ended before the end of the archive/);
  });

  it("fails with the engine's words when it appended an error between entries", async () => {
    const tar = await sampleTar();
    const broken = Buffer.concat([tar.subarray(0, 1024), engineError('open /var/lib/docker/x: no such file or directory')]);
    const err = await check(broken).catch((e: unknown) => e);
    expect(toContractError(err)).toMatchObject({ code: 'INTERNAL', message: 'open /var/lib/docker/x: no such file or directory' });
  });

  it("fails with the engine's words when it appended an error inside a layer", async () => {
    const tar = await sampleTar();
    const broken = Buffer.concat([tar.subarray(0, 2 * TAR_BLOCK + 100), engineError('unexpected EOF')]);
    await expect(check(broken)).rejects.toThrow(/^unexpected EOF$/);
  });

  it('fails when anything but zeros follows the end of the archive', async () => {
    const tar = await sampleTar();
    await expect(check(Buffer.concat([tar, engineError('late failure')]))).rejects.toThrow('late failure');
  });

  it('finds the last engine error line in a tail', () => {
    expect(engineErrorIn(Buffer.concat([Buffer.alloc(100, 1), engineError('boom')]))).toBe('boom');
    expect(engineErrorIn(Buffer.from('no json here'))).toBeUndefined();
  });
});

describe('reading the head of a stream', () => {
  it('puts the bytes back so the whole stream can still be sent', async () => {
    const data = Buffer.from('0123456789'.repeat(100));
    const src = Readable.from([data.subarray(0, 7), data.subarray(7, 300), data.subarray(300)], { objectMode: false });
    const { head, stream } = await readHead(src, 263);
    expect(head.length).toBeGreaterThanOrEqual(263);
    const parts: Buffer[] = [];
    for await (const c of stream) parts.push(c as Buffer);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('handles a stream shorter than the head, and an empty one', async () => {
    const short = await readHead(Readable.from([Buffer.from('abc')], { objectMode: false }), 263);
    expect(short.head.toString()).toBe('abc');
    const rest: Buffer[] = [];
    for await (const c of short.stream) rest.push(c as Buffer);
    expect(Buffer.concat(rest).toString()).toBe('abc');
    const empty = await readHead(Readable.from([], { objectMode: false }), 263);
    expect(empty.head.length).toBe(0);
  });
});

describe('paths that cross the contract', () => {
  it('accepts only absolute paths in normal form', () => {
    expect(checkAbsolutePath('/tmp/a.tar', 'Save')).toBe('/tmp/a.tar');
    for (const bad of [
      'a.tar',
      './a.tar',
      '/tmp/../etc/passwd',
      '/tmp/./a.tar',
      '/tmp//a.tar',
      '/tmp/a\0.tar',
      '/tmp/\n.tar',
      '',
      '/tmp/dir/',
    ]) {
      expect(() => checkAbsolutePath(bad, 'Save'), bad).toThrow();
    }
  });

  it('names a save after the image, like people name them', () => {
    expect(defaultTarName(['stevedore-fixture/xfer-a:1'])).toBe('xfer-a_1.tar');
    expect(defaultTarName(['busybox'])).toBe('busybox.tar');
    expect(defaultTarName(['busybox:latest'])).toBe('busybox.tar');
    expect(defaultTarName(['127.0.0.1:5001/team/app:v1.2'])).toBe('app_v1.2.tar');
    expect(defaultTarName(['sha256:9a0a7187c0abefde8f1bb68ca9c584a135bba04ef1001a45431e728af2810169'])).toBe('9a0a7187c0ab.tar');
    expect(defaultTarName(['repo@sha256:9a0a7187c0abefde8f1bb68ca9c584a135bba04ef1001a45431e728af2810169'])).toBe('repo.tar');
    expect(defaultTarName(['a', 'b'])).toBe('images.tar');
  });
});
