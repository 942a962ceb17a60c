// Owns reading an explored image's archive bytes from where they are: the engine's
// `GET /images/{id}/get` (the fast socket reader, its buffer consumed at once) or a saved file
// (plain: large positioned reads into one buffer; compressed: through transfer/decompress.ts).
// Every byte goes to a tar walk; a sink may stop the walk early (WalkStopped), which also stops
// the engine's stream, and the AbortSignal does the same for a cancel.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { ArchiveKind } from '../../../shared/tar-header';
import type { EngineConnection } from '../engine/engine';
import { abortError } from '../engine/engine-errors';
import { imageName, pathSegment } from '../engine/engine-name';
import { engineGet } from '../engine/engine-stream';
import { openToRead } from '../support/file-paths';
import { decompressed } from '../transfer/decompress';
import { FILE_CHUNK, requestSave } from '../transfer/transfer';
import { WalkStopped, type TarWalker } from './tar-walk';

/** Where an explored image's bytes come from, for the index and for every later read. */
export type ContentSource = { kind: 'engine'; imageId: string } | { kind: 'file'; path: string; archiveKind: ArchiveKind; size: number };

export interface WalkOptions {
  signal?: AbortSignal;
  /** Bytes of the source read (compressed bytes for a compressed file). */
  onProgress?: (bytes: number) => void;
}

/** `/images/{id}/get`: one image, by the ID the session resolved (a tag may move meanwhile). */
export const imageGetPath = (id: string) => `/images/${pathSegment(imageName(id))}/get`;

/**
 * Streams the whole source into `walker`. Resolves 'ended' at the end of the bytes (the walk's
 * own end checked), 'stopped' when a sink threw WalkStopped; rejects on any other failure.
 */
export async function walkSource(
  engine: EngineConnection,
  src: ContentSource,
  walker: TarWalker,
  opts: WalkOptions = {},
): Promise<'ended' | 'stopped'> {
  try {
    if (src.kind === 'engine') await walkEngine(engine, src.imageId, walker, opts);
    else if (src.archiveKind === 'tar') await walkPlainFile(src.path, walker, opts);
    else await walkReadable(decompressedFile(src, opts), walker, opts.signal);
  } catch (err) {
    if (err instanceof WalkStopped) return 'stopped';
    if (opts.signal?.aborted) throw abortError();
    throw err;
  }
  walker.finish();
  return 'ended';
}

async function walkEngine(engine: EngineConnection, id: string, walker: TarWalker, opts: WalkOptions): Promise<void> {
  const { signal } = opts;
  const body = await engineGet(engine.docker, imageGetPath(id), { signal, reuseBuffer: true });
  if (!body) {
    // ssh engines: the modem's stream (no fast reader there).
    const stream = await requestSave(engine.docker, [id], signal);
    let bytes = 0;
    stream.on('data', (c: Buffer) => opts.onProgress?.((bytes += c.length)));
    return walkReadable(stream, walker, signal);
  }
  let bytes = 0;
  let stopped: unknown;
  // The reader may hand over more slices of the same socket read after asking for a pause: they
  // queue (copied) behind the walk's pending work, which must see the bytes in order.
  let chain: Promise<void> | undefined;
  const settle = (work: Promise<void>) => {
    const link: Promise<void> = work.then(
      () => {
        if (chain !== link) return;
        chain = undefined;
        body.resume();
      },
      (err: unknown) => {
        stopped ??= err;
        body.destroy(err as Error);
      },
    );
    chain = link;
  };
  try {
    await body.pipeTo({
      data: (slice) => {
        bytes += slice.length;
        opts.onProgress?.(bytes);
        if (chain) {
          const copy = Buffer.from(slice);
          settle(chain.then(() => (stopped === undefined ? walker.push(copy) : undefined)));
          return false;
        }
        const wait = walker.push(slice); // copies what it keeps before returning
        if (!wait) return true;
        settle(wait);
        return false;
      },
    });
    if (chain) await chain;
    if (stopped) throw stopped;
  } catch (err) {
    throw stopped ?? err;
  } finally {
    body.destroy();
  }
}

async function walkPlainFile(path: string, walker: TarWalker, opts: WalkOptions): Promise<void> {
  const fh = await openToRead(path);
  const buffer = Buffer.allocUnsafe(FILE_CHUNK);
  let position = 0;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw abortError();
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      opts.onProgress?.(position);
      const wait = walker.push(buffer.subarray(0, bytesRead));
      if (wait) await wait;
      if (walker.ended) break;
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function decompressedFile(src: Extract<ContentSource, { kind: 'file' }>, opts: WalkOptions): Readable {
  const raw = createReadStream(src.path, { highWaterMark: FILE_CHUNK });
  let bytes = 0;
  raw.on('data', (c: Buffer | string) => opts.onProgress?.((bytes += c.length)));
  return decompressed(raw, src.archiveKind, src.path);
}

/** What takes the bytes: a tar walk, or a layer's input in front of one. */
export interface ChunkTarget {
  push(chunk: Buffer): Promise<void> | undefined;
  /** True once nothing more is wanted (a tar's end blocks were read). */
  readonly ended?: boolean;
}

/** A Readable into the walk; destroyed at the end whatever happens, so programs and sockets stop. */
export async function walkReadable(stream: Readable, walker: ChunkTarget, signal?: AbortSignal): Promise<void> {
  const onAbort = () => stream.destroy(abortError());
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw abortError();
    for await (const chunk of stream) {
      const wait = walker.push(chunk as Buffer);
      if (wait) await wait;
      if (walker.ended) break;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}
