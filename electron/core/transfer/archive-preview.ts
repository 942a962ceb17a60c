// Owns the preview of a load: what loading an archive would do, without loading it (its tags and
// image IDs, which local tags would move, which images the engine already has, which names it would
// refuse), from a file on disk or a stream, compressed or not, reading only up to manifest.json.
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { TarPreview, TarTagMove } from '../../../shared/contract';
import { archivePathProblem, sortArchiveTags } from '../../../shared/archive-names';
import { manifestOfTar, parseManifest, TarManifestScanner, type ManifestEntry } from '../../../shared/tar-manifest';
import { decompressed } from './decompress';
import { abortError, CoreError } from '../engine/engine-errors';
import { checkSourceFile, openToRead } from '../support/file-paths';
import { archiveKindOf, SNIFF_BYTES } from './tar-format';
import { archiveKindOfFile, asCoreError, FILE_CHUNK, imageIdOf, notAnArchive, readHead } from './transfer';
import { mapLimited } from '../support/map-limited';

/** `<hex>.json` (docker save) or `blobs/sha256/<hex>` (OCI layout) -> `sha256:<hex>`, the image ID. */
export function configDigest(config: string): string {
  const m = /(?:blobs\/([a-z0-9]+)\/)?([a-f0-9]{64})(?:\.json)?$/.exec(config);
  return m ? `${m[1] ?? 'sha256'}:${m[2]}` : config;
}

/**
 * Reads a tar stream (a decompressor's output) up to manifest.json, skipping layer data, and
 * destroys it once it has it.
 */
async function manifestFromTarStream(tar: Readable, what: string, signal?: AbortSignal): Promise<ManifestEntry[]> {
  const scanner = new TarManifestScanner(what);
  const onAbort = () => tar.destroy(abortError());
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of tar) {
      const bytes = scanner.push(chunk as Buffer);
      if (bytes) return parseManifest(bytes, what);
    }
    return scanner.end();
  } catch (err) {
    throw readError(asCoreError(err) as Error, what);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    tar.destroy();
  }
}

function readError(err: Error, what: string): Error {
  if (err instanceof CoreError || err.name === 'AbortError') return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new CoreError('INVALID_ARGUMENT', `${what} is not valid gzip data: ${err.message}`);
  if (typeof (err as NodeJS.ErrnoException).syscall === 'string') return err;
  return new CoreError('INVALID_ARGUMENT', `${what} is not a valid tar archive: ${err.message}`);
}

/** A plain tar on disk, read with positioned reads (see `manifestBytesOfTar`). */
async function manifestFromTarFile(fh: FileHandle, fileSize: number, what: string): Promise<ManifestEntry[]> {
  const readAt = async (offset: number, length: number): Promise<Uint8Array> => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  };
  try {
    return await manifestOfTar(readAt, fileSize, what);
  } catch (err) {
    throw asCoreError(err);
  }
}

export interface PreviewOptions {
  signal?: AbortSignal;
  /** Names the archive in the preview and in errors. */
  name?: string;
  /** Size of the archive when the caller knows it (an upload's Content-Length). */
  size?: number;
}

/**
 * What loading an archive would do, without loading it: the tags and image IDs it holds, and
 * which local tags would move to another image (the old image keeps its other tags or becomes
 * dangling). Accepts a stream (read up to manifest.json, then destroyed) or a file path.
 */
export async function previewTar(docker: Dockerode, source: Readable | string, opts: PreviewOptions = {}): Promise<TarPreview> {
  const { signal } = opts;
  if (typeof source === 'string') {
    const { path, size } = await checkSourceFile(source);
    const what = opts.name ?? basename(path);
    const fh = await openToRead(path);
    try {
      const kind = await archiveKindOfFile(fh, what);
      const manifest =
        kind === 'tar'
          ? await manifestFromTarFile(fh, size, what)
          : await manifestFromTarStream(
              decompressed(fh.createReadStream({ start: 0, autoClose: false, highWaterMark: FILE_CHUNK }), kind, what),
              what,
              signal,
            );
      return await describeArchive(docker, manifest, { name: what, compression: kind, size }, signal);
    } finally {
      await fh.close().catch(() => undefined);
    }
  }
  const what = opts.name ?? 'The archive';
  let head: Buffer;
  let stream: Readable;
  try {
    ({ head, stream } = await readHead(source, SNIFF_BYTES, signal));
  } catch (err) {
    source.destroy();
    throw err;
  }
  const kind = archiveKindOf(head);
  if (!kind) {
    stream.destroy();
    throw notAnArchive(what, head.length);
  }
  const manifest = await manifestFromTarStream(decompressed(stream, kind, what), what, signal);
  return describeArchive(docker, manifest, { name: what, compression: kind, size: opts.size ?? 0 }, signal);
}

/** Engine lookups one preview may have in flight at once (an archive may name thousands of tags). */
export const PREVIEW_LOOKUPS = 8;

/**
 * The engine's side of a preview, once the archive's manifest is known (read here, or by the page
 * from a File it has not uploaded: `images.describeArchive`): which tags would move, which images
 * the engine already has. The manifest is someone else's data: Config and Layers must be paths
 * inside the archive (INVALID_ARGUMENT otherwise, as the engine's load would fail), a tag the load
 * would refuse is listed as refused with the reason and never looked up, and only `sha256:<hex>`
 * image IDs are. At most PREVIEW_LOOKUPS engine requests run at once.
 */
export async function describeArchive(
  docker: Dockerode,
  manifest: ManifestEntry[],
  about: Pick<TarPreview, 'name' | 'compression' | 'size'>,
  signal?: AbortSignal,
): Promise<TarPreview> {
  for (const m of manifest) {
    for (const path of [m.Config, ...m.Layers]) {
      const problem = archivePathProblem(path);
      if (problem) {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `${about.name} is damaged: its manifest.json names ${JSON.stringify(path.slice(0, 200))} (${problem}); docker load would refuse it`,
        );
      }
    }
  }
  const images = [...new Set(manifest.map((m) => configDigest(m.Config)))];
  const { tags, refused } = sortArchiveTags(manifest.flatMap((m) => m.RepoTags ?? []));
  const usable = new Set(tags);
  // The image each usable tag would name after the load (the last entry wins, as in the engine).
  const target = new Map<string, string>();
  for (const m of manifest) for (const tag of m.RepoTags ?? []) if (usable.has(tag)) target.set(tag, configDigest(m.Config));
  const moves: TarTagMove[] = [];
  const present: string[] = [];
  const lookups: (() => Promise<void>)[] = [
    ...tags.map((tag) => async () => {
      const toId = target.get(tag)!;
      const fromId = await imageIdOf(docker, tag, signal);
      if (fromId && fromId !== toId) moves.push({ tag, fromId, toId });
    }),
    ...images
      .filter((id) => /^sha256:[a-f0-9]{64}$/.test(id))
      .map((id) => async () => {
        if (await imageIdOf(docker, id, signal)) present.push(id);
      }),
  ];
  await mapLimited(lookups, PREVIEW_LOOKUPS, (lookup) => lookup());
  moves.sort((a, b) => tags.indexOf(a.tag) - tags.indexOf(b.tag));
  present.sort((a, b) => images.indexOf(a) - images.indexOf(b));
  const layers = new Set(manifest.flatMap((m) => m.Layers)).size;
  const preview: TarPreview = { ...about, tags, images, layers, moves, present };
  if (refused.length) preview.refused = refused;
  return preview;
}
