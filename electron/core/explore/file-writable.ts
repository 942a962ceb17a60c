// Owns a Writable over an open FileHandle by positioned writes. Not `fh.createWriteStream`: a
// stream made from a FileHandle holds a reference to it that only its own close releases, so
// `fh.close()` would wait forever on a stream kept open (autoClose: false) to let the caller
// sync, chmod and rename the file itself.
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

export interface FileWritable extends Writable {
  /** Bytes written to the file so far. */
  readonly written: number;
}

export function fileWritable(fh: FileHandle, highWaterMark = 1024 * 1024): FileWritable {
  let position = 0;
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      void (async () => {
        let off = 0;
        while (off < chunk.length) {
          const { bytesWritten } = await fh.write(chunk, off, chunk.length - off, position + off);
          off += bytesWritten;
        }
        position += chunk.length;
      })().then(() => done(), done);
    },
  });
  return Object.defineProperty(stream, 'written', { get: () => position }) as FileWritable;
}
