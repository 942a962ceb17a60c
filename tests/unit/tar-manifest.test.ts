// Finding manifest.json in an archive from its bytes alone (shared/tar-manifest.ts), the way the
// core reads a file on disk (positioned reads) and the page reads a File (slices, or a gzip stream
// as it flows): both walks agree, on every tar layout and on every bad archive, in the same words.
// The page's reader (renderer/src/transport/archive-reader.ts) runs here on Node's Blob and
// DecompressionStream, the same web APIs Chromium gives it. Real docker save archives are in
// tests/integration/transfer-manifest.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRequestOf } from '../../renderer/src/transport/archive-reader';
import { paddedSize, TAR_BLOCK } from '../../shared/tar-header';
import {
  ArchiveError,
  checkExpansion,
  EXPANSION_FLOOR_BYTES,
  manifestBytesOfTar,
  MAX_MANIFEST_BYTES,
  TarManifestScanner,
} from '../../shared/tar-manifest';

const dir = mkdtempSync(join(tmpdir(), 'stevedore-tar-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MANIFEST = [{ Config: `${'c'.repeat(64)}.json`, RepoTags: ['web:1', 'web:2'], Layers: [`${'d'.repeat(64)}/layer.tar`] }];
const manifestText = JSON.stringify(MANIFEST);

/** One ustar header block, as tar writers make them (checksum included). */
function header(name: string, size: number, type = '0'): Buffer {
  const b = Buffer.alloc(TAR_BLOCK);
  b.write(name.slice(0, 100), 0, 'utf8');
  b.write('0000644\0', 100, 'latin1');
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  b.write('00000000000\0', 136, 'latin1');
  b.write(type, 156, 'latin1');
  b.write('ustar\u000000', 257, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return b;
}

const padded = (data: Buffer) => Buffer.concat([data, Buffer.alloc(paddedSize(data.length) - data.length)]);
const entry = (name: string, data: Buffer | string, type = '0') => {
  const bytes = Buffer.from(data);
  return Buffer.concat([header(name, bytes.length, type), padded(bytes)]);
};
const paxRecord = (key: string, value: string) => {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (`${len}${body}`.length !== len) len++;
  return `${len}${body}`;
};
const END = Buffer.alloc(2 * TAR_BLOCK);

/** The core's way: random access to bytes in memory (a file on disk, in the core). */
const readAtOf = (bytes: Buffer) => async (offset: number, length: number) => bytes.subarray(offset, offset + length);
const positioned = (bytes: Buffer, what = 'x.tar') => manifestBytesOfTar(readAtOf(bytes), bytes.length, what);

/** The page's way for gzip: chunks as a decompressor hands them over, `size` bytes at a time. */
function streamed(bytes: Buffer, size: number, what = 'x.tar'): Uint8Array {
  const scanner = new TarManifestScanner(what);
  for (let at = 0; at < bytes.length; at += size) {
    const found = scanner.push(bytes.subarray(at, at + size));
    if (found) return found;
  }
  return scanner.end();
}

/** Both walks, every chunking: the manifest text, or the error message they (must) agree on. */
async function bothWalks(bytes: Buffer, what = 'x.tar'): Promise<string> {
  const outcome = async (walk: () => Promise<Uint8Array> | Uint8Array) => {
    try {
      return Buffer.from(await walk()).toString('utf8');
    } catch (err) {
      expect(err).toBeInstanceOf(ArchiveError);
      return `error: ${(err as Error).message}`;
    }
  };
  const first = await outcome(() => positioned(bytes, what));
  for (const size of [1, 7, 333, TAR_BLOCK, 4096, bytes.length || 1]) {
    expect(await outcome(() => streamed(bytes, size, what)), `chunks of ${size}`).toBe(first);
  }
  return first;
}

describe('finding manifest.json in a tar', () => {
  it('skips layer data and returns the manifest bytes, wherever the chunks end', async () => {
    const tar = Buffer.concat([
      entry(`${'c'.repeat(64)}.json`, '{"config":true}'),
      entry(`${'d'.repeat(64)}/layer.tar`, Buffer.alloc(3000, 7)),
      entry('repositories', '{}'),
      entry('manifest.json', manifestText),
      END,
    ]);
    expect(await bothWalks(tar)).toBe(manifestText);
  });

  it('takes the names of GNU long-name (L) and PAX (x) records, never the truncated header name', async () => {
    const deep = `${'./'.repeat(60)}manifest.json`; // still manifest.json, but longer than a header holds
    const gnu = Buffer.concat([entry('././@LongLink', `${deep}\0`, 'L'), entry(deep.slice(0, 100), manifestText), END]);
    expect(await bothWalks(gnu)).toBe(manifestText);
    const pax = Buffer.concat([entry('PaxHeaders/x', paxRecord('path', deep), 'x'), entry('short-name', manifestText), END]);
    expect(await bothWalks(pax)).toBe(manifestText);
    // A long name that merely ends in manifest.json is another file, and its data is skipped whole.
    const other = `${'z'.repeat(120)}/manifest.json`;
    const decoy = Buffer.concat([
      entry('././@LongLink', `${other}\0`, 'L'),
      entry('manifest.json', '"the decoy"'),
      entry('manifest.json', manifestText),
      END,
    ]);
    expect(await bothWalks(decoy)).toBe(manifestText);
  });

  it('reads the tar GNU tar writes, with long names in both of its formats', async () => {
    const src = join(dir, 'src');
    const deepDir = join(src, 'a'.repeat(90), 'b'.repeat(95));
    mkdirSync(deepDir, { recursive: true });
    writeFileSync(join(deepDir, 'layer.tar'), Buffer.alloc(10_000, 1));
    writeFileSync(join(src, 'manifest.json'), manifestText);
    for (const format of ['gnu', 'pax']) {
      const file = join(dir, `long-${format}.tar`);
      // The long-named entry first, so the walk must step over its records to reach the manifest.
      execFileSync('tar', [`--format=${format}`, '-C', src, '-cf', file, 'a'.repeat(90), 'manifest.json']);
      const bytes = readFileSync(file);
      expect(bytes.includes(format === 'gnu' ? '././@LongLink' : 'PaxHeaders'), `${format} wrote long-name records`).toBe(true);
      expect(await bothWalks(bytes), format).toBe(manifestText);
    }
  });

  it('a PAX size overrides the header size when skipping', async () => {
    const data = Buffer.alloc(1500, 9);
    const tar = Buffer.concat([
      entry('PaxHeaders/big', paxRecord('size', String(data.length)), 'x'),
      header('big.bin', 0),
      padded(data),
      entry('manifest.json', manifestText),
      END,
    ]);
    expect(await bothWalks(tar)).toBe(manifestText);
  });
});

describe('bad archives get a verdict naming them, the same from both walks', () => {
  const good = Buffer.concat([entry('layer.tar', Buffer.alloc(2000, 3)), entry('manifest.json', manifestText), END]);

  it('an archive cut short, inside a layer or inside the manifest, is truncated at its length', async () => {
    const insideManifest = good.indexOf(manifestText) + 50;
    for (const cut of [700, 1200, insideManifest]) {
      expect(await bothWalks(good.subarray(0, cut), 'cut.tar')).toBe(
        `error: cut.tar is truncated: it ends at byte ${cut}, inside the archive`,
      );
    }
  });

  it('a tar without manifest.json (end blocks, or the bytes simply end) has no manifest', async () => {
    const words = 'error: plain.tar has no manifest.json: it is not an image archive from docker save, or it is truncated';
    expect(await bothWalks(Buffer.concat([entry('hello.txt', 'hello'), END]), 'plain.tar')).toBe(words);
    expect(await bothWalks(entry('hello.txt', 'hello'), 'plain.tar')).toBe(words);
  });

  it('a manifest over 16 MiB is refused before it is read', async () => {
    const tar = Buffer.concat([entry('manifest.json', Buffer.alloc(MAX_MANIFEST_BYTES + 1, 0x20)), END]);
    expect(await bothWalks(tar, 'big.tar')).toBe('error: big.tar has an oversized manifest.json');
  });

  it('garbage where a header belongs, and an oversized long-name record, are damage at a byte', async () => {
    const garbage = Buffer.concat([entry('layer.tar', 'x'), Buffer.from('not a header'.repeat(50)), END]);
    expect(await bothWalks(garbage, 'g.tar')).toBe('error: g.tar is damaged: no valid tar header at byte 1024');
    const oversized = Buffer.concat([header('././@LongLink', 2 * 1024 * 1024, 'L'), Buffer.alloc(4 * TAR_BLOCK)]);
    expect(await bothWalks(oversized, 'g.tar')).toBe('error: g.tar is damaged: oversized header at byte 512');
  });
});

describe('the bound on decompression', () => {
  it('lets real archives expand and stops a bomb past the floor', () => {
    expect(() => checkExpansion(EXPANSION_FLOOR_BYTES, 1, 'a.tar.gz')).not.toThrow();
    expect(() => checkExpansion(EXPANSION_FLOOR_BYTES + 1, EXPANSION_FLOOR_BYTES, 'a.tar.gz')).not.toThrow();
    expect(() => checkExpansion(EXPANSION_FLOOR_BYTES + 1, 1024, 'a.tar.gz')).toThrow(
      'a.tar.gz expands to more than 100 times its compressed size; it is not an image archive from docker save (a decompression bomb?), so it was not read further',
    );
  });
});

describe("the page's reader of a File", () => {
  const tar = Buffer.concat([entry('layer.tar', Buffer.alloc(5000, 3)), entry('manifest.json', manifestText), END]);
  const blob = (bytes: Buffer) => new Blob([bytes]);
  const request = (compression: string, size: number) => ({ name: 'web.tar', compression, size, manifest: MANIFEST });

  it('reads a plain tar and a gzip-compressed one into the request for the core', async () => {
    expect(await describeRequestOf(blob(tar), 'web.tar')).toEqual({ ok: true, value: request('tar', tar.length) });
    const gz = gzipSync(tar);
    expect(await describeRequestOf(blob(gz), 'web.tar')).toEqual({ ok: true, value: request('gzip', gz.length) });
  });

  it('sends only the fields the preview needs, RepoTags null for images saved by ID', async () => {
    const extra = JSON.stringify([{ ...MANIFEST[0], RepoTags: undefined, LayerSources: { x: {} }, Parent: 'p' }]);
    const r = await describeRequestOf(blob(Buffer.concat([entry('manifest.json', extra), END])), 'id.tar');
    expect(r.ok && r.value?.manifest).toEqual([{ Config: MANIFEST[0].Config, RepoTags: null, Layers: MANIFEST[0].Layers }]);
  });

  it('refuses a text file and an empty one in the words the core uses, naming them', async () => {
    expect(await describeRequestOf(blob(Buffer.from('just some notes\n'.repeat(40))), 'notes.txt')).toEqual({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'notes.txt is not an image archive: expected a tar from docker save (plain, gzip, bzip2 or xz compressed)',
      },
    });
    expect(await describeRequestOf(blob(Buffer.alloc(0)), 'empty.tar')).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'empty.tar is empty' },
    });
  });

  it('gives the verdict on a damaged tar or gzip-compressed tar itself', async () => {
    const cut = tar.subarray(0, 3000);
    expect(await describeRequestOf(blob(cut), 'cut.tar')).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'cut.tar is truncated: it ends at byte 3000, inside the archive' },
    });
    const notJson = Buffer.concat([entry('manifest.json', '{oops'), END]);
    expect(await describeRequestOf(blob(gzipSync(notJson)), 'bad.tar.gz')).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'bad.tar.gz has a manifest.json that is not valid JSON' },
    });
  });

  it('stops a gzip bomb at the bound instead of inflating it', async () => {
    // A tar header for a 1 GiB layer, then zeros: a few hundred KB of gzip.
    const bomb = gzipSync(Buffer.concat([header('layer.tar', 1024 ** 3), Buffer.alloc(64 * 1024 * 1024)]));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r = await describeRequestOf(blob(bomb), 'bomb.tar.gz');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('bomb.tar.gz expands to more than 100 times') },
    });
  });

  it('leaves bzip2, xz and gzip data the browser cannot inflate to the upload (null: no verdict)', async () => {
    const xz = execFileSync('xz', ['-c'], { input: tar });
    const bz = execFileSync('bzip2', ['-c'], { input: tar });
    expect(await describeRequestOf(blob(xz), 'web.tar.xz')).toEqual({ ok: true, value: null });
    expect(await describeRequestOf(blob(bz), 'web.tar.bz2')).toEqual({ ok: true, value: null });
    const corrupt = gzipSync(tar);
    corrupt.fill(0xff, 10, 60); // a reserved deflate block type right after the gzip header
    expect(await describeRequestOf(blob(corrupt), 'broken.tar.gz')).toEqual({ ok: true, value: null });
  });

  it('answers CANCELLED when the preview is closed while it reads', async () => {
    const abort = new AbortController();
    abort.abort();
    expect(await describeRequestOf(blob(gzipSync(tar)), 'web.tar.gz', abort.signal)).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
  });

  it('stops walking a long plain tar as soon as the preview is closed, and says cancelled, not "no manifest"', async () => {
    // 3,000 small entries and no manifest: a walk of 3,000 reads that would end in a verdict.
    const many = Buffer.concat([...Array.from({ length: 3000 }, (_, i) => entry(`layer${i}/json`, '{}')), END]);
    const file = blob(many);
    let reads = 0;
    const abort = new AbortController();
    const slowFile = {
      size: file.size,
      stream: () => file.stream(),
      slice: (start?: number, end?: number) => {
        if (++reads === 50) abort.abort();
        return file.slice(start, end);
      },
    };
    expect(await describeRequestOf(slowFile, 'many.tar', abort.signal)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(reads).toBeLessThan(60);
  });
});
