// Owns indexing an image for the explorer (and the image diff): ONE pass over its archive, from
// the engine (`GET /images/{id}/get`, streamed) or a saved file (classic or OCI layout, plain or
// gzip/bzip2/xz), recording every layer's tar headers and where each file's data sits, never
// its contents (hashed on the way when asked). Nothing read here is ever used as a local path.
import type { ExploreSource } from '../../../shared/explore';
import type { EngineConnection } from '../engine/engine';
import { abortError, CoreError } from '../engine/engine-errors';
import { checkSourceFile, openToRead } from '../support/file-paths';
import { archiveKindOfFile } from '../transfer/transfer';
import { engineImage } from '../engine/engine-name';
import { imageOfArchive } from './archive-image';
import { ArchiveScan, type ScannedLayer } from './archive-scan';
import { walkSource, type ContentSource } from './archive-source';
import { buildImageModel, type ImageModel, type RawEntry } from './layer-model';

export interface IndexOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** sha256 of every regular file's content (the image diff needs it; the explorer does not). */
  hashFiles?: boolean;
}

export interface IndexedLayer {
  diffId: string;
  createdBy: string;
  created?: string;
  size: number;
  raw: RawEntry[];
}

export interface ImageIndex {
  imageId: string;
  repoTags: string[];
  config: Record<string, unknown>;
  os?: string;
  architecture?: string;
  source: 'engine' | 'archive';
  archive?: { format: 'docker' | 'oci'; compression: 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd' };
  layers: IndexedLayer[];
  model: ImageModel;
  /** Where the bytes are, for reading a file's content later (explore-content.ts). */
  content: ContentSource;
  /** Per layer: where its tar and each raw entry's data sit (same order as `layers`). */
  placement: ScannedLayer[];
}

const COMPRESSION = { tar: 'none', gzip: 'gzip', bzip2: 'bzip2', xz: 'xz' } as const;

interface EngineImage {
  Id: string;
  RepoTags?: string[] | null;
  Size?: number;
}

async function inspect(engine: EngineConnection, ref: string, signal?: AbortSignal): Promise<EngineImage> {
  // Through the door: the CLI's words for a malformed name, before any request.
  const image = engineImage(engine.docker, ref);
  if (signal?.aborted) throw abortError();
  try {
    return (await image.inspect()) as EngineImage;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw new CoreError('NOT_FOUND', `No such image: ${ref}`);
    throw err;
  }
}

/** Opens what `source` names; for a file, checks it is a regular file that starts like an archive. */
async function contentOf(engine: EngineConnection, source: ExploreSource, signal?: AbortSignal) {
  if (source.kind === 'image') {
    const info = await inspect(engine, source.image, signal);
    const content: ContentSource = { kind: 'engine', imageId: info.Id };
    return { content, total: info.Size ?? 0, info };
  }
  const { path, size } = await checkSourceFile(source.path);
  const fh = await openToRead(path);
  try {
    const archiveKind = await archiveKindOfFile(fh, path);
    const content: ContentSource = { kind: 'file', path, archiveKind, size };
    return { content, total: size, info: undefined };
  } finally {
    await fh.close();
  }
}

/** The config's history lines that made layers (empty_layer ones made none), one per layer when they agree. */
function historyOf(config: Record<string, unknown>, layers: number): { createdBy: string; created?: string }[] {
  const history = Array.isArray(config.history) ? (config.history as Record<string, unknown>[]) : [];
  const made = history.filter((h) => h && typeof h === 'object' && h.empty_layer !== true);
  if (made.length !== layers) return Array.from({ length: layers }, () => ({ createdBy: '' }));
  return made.map((h) => ({
    createdBy: typeof h.created_by === 'string' ? h.created_by : '',
    ...(typeof h.created === 'string' ? { created: h.created } : {}),
  }));
}

export async function indexImage(engine: EngineConnection, source: ExploreSource, opts: IndexOptions = {}): Promise<ImageIndex> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError();
  const { content, total, info } = await contentOf(engine, source, signal);
  const what = content.kind === 'file' ? content.path : `The image ${source.kind === 'image' ? source.image : ''}`;
  const scan = new ArchiveScan(what, opts.hashFiles === true);
  let read = 0;
  await walkSource(engine, content, scan.walker, {
    signal,
    onProgress: (bytes) => {
      read = bytes;
      opts.onProgress?.(bytes, Math.max(total, bytes));
    },
  });
  if (read === 0 && content.kind === 'engine') throw new CoreError('INTERNAL', `The engine sent nothing for ${what}`);
  // From the engine: the image asked for, by its ID (the archive holds only it).
  const wanted = content.kind === 'engine' ? content.imageId : source.kind === 'archive' ? source.image : undefined;
  const image = imageOfArchive(scan, wanted, what);
  const config = image.config;
  const rootfs = (config.rootfs ?? {}) as { diff_ids?: unknown };
  const diffIds = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids : [];
  if (diffIds.length !== image.layers.length) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${what}: the config lists ${diffIds.length} layers but the manifest ${image.layers.length}; the archive is damaged`,
    );
  }
  const history = historyOf(config, image.layers.length);
  const layers: IndexedLayer[] = image.layers.map((l, i) => ({
    diffId: String(diffIds[i]),
    createdBy: history[i].createdBy,
    ...(history[i].created !== undefined ? { created: history[i].created } : {}),
    size: l.size,
    raw: l.raw,
  }));
  return {
    imageId: image.imageId,
    repoTags: info ? (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>') : image.repoTags,
    config,
    ...(typeof config.os === 'string' ? { os: config.os } : {}),
    ...(typeof config.architecture === 'string' ? { architecture: config.architecture } : {}),
    source: content.kind === 'engine' ? 'engine' : 'archive',
    ...(content.kind === 'file' ? { archive: { format: image.format, compression: COMPRESSION[content.archiveKind] } } : {}),
    layers,
    model: buildImageModel(layers.map((l) => l.raw)),
    content,
    placement: image.layers,
  };
}
