// Tars in memory for the explorer's and the image diff's tests, through tar-stream (a reader and
// writer independent of the app's own tar walk, electron/core/explore/tar-walk.ts): crafted ones
// built, and real ones (`docker save`, `docker export`, `docker cp`) read back.
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import type { FileKind } from '../../shared/explore';

export type TarHeader = Parameters<ReturnType<typeof tarPack>['entry']>[0];

/** A tar built in memory from tar-stream entries. */
export function buildTar(entries: { header: TarHeader; body?: Buffer | string }[]): Promise<Buffer> {
  const p = tarPack();
  for (const e of entries) p.entry(e.header, e.body === undefined ? Buffer.alloc(0) : Buffer.from(e.body));
  p.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => void chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
}

/** Every entry of a tar, with its content when `withData`. */
export async function readTar(tar: Buffer, withData = false) {
  const out: { name: string; type: string; size: number; mode: number; linkname?: string | null; data?: Buffer }[] = [];
  const ex = tarExtract();
  await new Promise<void>((resolve, reject) => {
    ex.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        if (withData) chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        out.push({
          name: h.name,
          type: h.type ?? 'file',
          size: h.size ?? 0,
          mode: h.mode ?? 0,
          linkname: h.linkname,
          ...(withData ? { data: Buffer.concat(chunks) } : {}),
        });
        next();
      });
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    ex.end(tar);
  });
  return out;
}

/** tar-stream's name of a header's type -> the contract's FileKind. */
export const TAR_STREAM_KIND: Record<string, FileKind> = {
  file: 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};
