// Broken and hostile archives for the FILES cases: truncations of a real `docker save` tar, text,
// and decompression bombs (a few hundred KB of gzip that expand to hundreds of MB of zeros).
import { gzipSync } from 'node:zlib';

const MiB = 1024 * 1024;

/** One gzip member of 64 MiB of zeros (~65 KB); members concatenate into one valid gzip stream. */
let zerosMember: Buffer | undefined;
function zeros64MiB(): Buffer {
  zerosMember ??= gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
  return zerosMember;
}

/** A ustar header for a regular file of `size` bytes. */
export function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  const put = (text: string, at: number, len: number) => h.write(text.slice(0, len), at, len, 'latin1');
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
  put('14707000000\0', 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

/** gzip of nothing but zeros: `members` x 64 MiB (5 members: ~320 KB expanding to 320 MiB). */
export function zeroBomb(members = 5): Buffer {
  return Buffer.concat(Array.from({ length: members }, () => zeros64MiB()));
}

/** gzip of a tar whose first entry claims `members` x 64 MiB of zeros: looks like a layer, is a bomb. */
export function layerBomb(members = 5): Buffer {
  const head = gzipSync(tarHeader('0123456789abcdef/layer.tar', members * 64 * MiB));
  return Buffer.concat([head, ...Array.from({ length: members }, () => zeros64MiB())]);
}

/** A gzip header followed by noise: gzip magic, not gzip data. */
export function brokenGzip(): Buffer {
  const noise = Buffer.alloc(64 * 1024);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]), noise]);
}
