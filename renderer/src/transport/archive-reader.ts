// Owns reading an archive's manifest.json in the page, from the File itself, so a browser preview
// sends the bridge a few kilobytes of manifest instead of the whole archive: slices of a plain
// tar (docker save writes the manifest near the end, so a few reads find it), a gzip stream read
// only until the manifest has gone by. bzip2 and xz cannot be decompressed in a page; for them,
// and whenever the page cannot read the file, the caller uploads it as before.
import type { RequestOf } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/errors';
import { archiveKindOf, SNIFF_BYTES } from '../../../shared/tar-header';
import {
  ArchiveError,
  checkExpansion,
  manifestOfTar,
  notAnArchiveMessage,
  parseManifest,
  TarManifestScanner,
  type ManifestEntry,
} from '../../../shared/tar-manifest';

export type DescribeArchiveRequest = RequestOf<'images.describeArchive'>;

/** The part of a File this reads: Blob's slices and stream (a File is one; so is a test's Blob). */
export type ArchiveBlob = Pick<Blob, 'size' | 'slice' | 'stream'>;

const bytesOf = async (blob: Blob): Promise<Uint8Array> => new Uint8Array(await blob.arrayBuffer());

const cancelled = (what: string) => fail('CANCELLED', `Reading ${what}: cancelled`);

class Stopped extends Error {}

/**
 * The request that asks the core about `file`, or null when the page cannot read it here (the
 * caller then uploads it). A verdict on the file (not an archive, truncated, no manifest, a
 * decompression bomb) is an INVALID_ARGUMENT naming it, in the core's words; nothing is sent.
 */
export async function describeRequestOf(
  file: ArchiveBlob,
  name: string,
  signal?: AbortSignal,
): Promise<Result<DescribeArchiveRequest | null>> {
  try {
    const head = await bytesOf(file.slice(0, SNIFF_BYTES));
    const compression = archiveKindOf(head);
    if (!compression) return fail('INVALID_ARGUMENT', notAnArchiveMessage(name, head.length));
    if (signal?.aborted) return cancelled(name);
    let manifest: ManifestEntry[];
    if (compression === 'tar') {
      // A walk over thousands of entries is thousands of reads: each one checks for a cancel.
      const readAt = (at: number, length: number) => {
        if (signal?.aborted) throw new Stopped();
        return bytesOf(file.slice(at, at + length));
      };
      manifest = await manifestOfTar(readAt, file.size, name);
    } else if (compression === 'gzip' && typeof DecompressionStream === 'function') manifest = await manifestOfGzip(file, name, signal);
    else return ok(null);
    if (signal?.aborted) return cancelled(name);
    return ok({
      name,
      compression,
      size: file.size,
      manifest: manifest.map(({ Config, RepoTags, Layers }) => ({ Config, RepoTags: RepoTags ?? null, Layers })),
    });
  } catch (err) {
    // Cancelled first: a walk cut short must not read as a verdict ("has no manifest.json").
    if (err instanceof Stopped || signal?.aborted) return cancelled(name);
    if (err instanceof ArchiveError) return fail(err.code, err.message);
    // The browser could not read or decompress it (a file changed on disk, data zlib refuses):
    // the core reads the upload and says what is wrong in its words.
    return ok(null);
  }
}

/**
 * docker save's manifest out of a gzip-compressed tar: decompresses as the bytes flow and stops
 * (cancelling the read of the file) once manifest.json has gone by. Within the core's bounds on
 * expansion, so a decompression bomb costs no more here than there.
 */
async function manifestOfGzip(file: ArchiveBlob, what: string, signal?: AbortSignal): Promise<ManifestEntry[]> {
  let compressed = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        compressed += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  // A gzip of several members (bgzip, `cat a.gz b.gz`) ends a browser's DecompressionStream with an
  // error after the first member (Node's accepts it): describeRequestOf then answers null, and the
  // archive is previewed through the upload, more slowly but with the core's full reading.
  // The DOM and Node typings (this also runs in Node's tests) disagree on DecompressionStream's chunk types.
  const gunzip = new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
  const reader = counted.pipeThrough(gunzip).getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  const scanner = new TarManifestScanner(what);
  let expanded = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (signal?.aborted) throw new Stopped();
      if (done) return scanner.end();
      expanded += value.byteLength;
      checkExpansion(expanded, compressed, what);
      const bytes = scanner.push(value);
      if (bytes) return parseManifest(bytes, what);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
}
