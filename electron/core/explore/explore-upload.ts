// Owns an archive uploaded to be explored (a file dropped on the page in a browser): checked to
// start like an image archive before anything is written, then streamed into a private file
// (a fresh 0700 folder, the file created exclusively, 0600) that the explore session owns and
// removes when it closes. Nothing is loaded into the engine.
import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { abortError } from '../engine/engine-errors';
import { ioError } from '../support/file-paths';
import { archiveKindOf, SNIFF_BYTES } from '../transfer/tar-format';
import { notAnArchive, readHead } from '../transfer/transfer';
import { fileWritable } from './file-writable';

export interface ReceivedUpload {
  /** The private folder (removed with the session) and the archive in it. */
  dir: string;
  path: string;
  bytes: number;
}

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Writes the uploaded bytes to a private file; a body that is not an image archive writes nothing. */
export async function receiveUpload(body: Readable, name: string, signal?: AbortSignal): Promise<ReceivedUpload> {
  const { head, stream } = await readHead(body, SNIFF_BYTES, signal);
  if (!archiveKindOf(head)) throw notAnArchive(name, head.length);
  const dir = await mkdtemp(join(tmpdir(), 'stevedore-explore-'));
  const path = join(dir, 'archive');
  let bytes = 0;
  try {
    const fh = await open(path, CREATE, 0o600);
    try {
      stream.on('data', (c: Buffer) => (bytes += c.length));
      await pipeline(stream, fileWritable(fh), { signal });
    } finally {
      await fh.close().catch(() => undefined);
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (signal?.aborted) throw abortError();
    throw ioError(err, 'Cannot keep the upload of', name);
  }
  return { dir, path, bytes };
}
