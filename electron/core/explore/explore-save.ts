// Owns writing a file or a folder out of an explored image: a file's bytes as they are, a folder
// as a tar the way `docker cp CONTAINER:PATH -` writes it (the folder's own name at the top).
// Written to a `.partial` beside the destination and moved into place only when whole, as a save
// is (transfer/transfer-files.ts): a failure or a cancel leaves no file behind. Names in the
// image only ever become names inside the written tar, never paths on this machine.
import { rm, rename } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack as tarPack, type Header } from 'tar-stream';
import type { FileEntry } from '../../../shared/explore';
import type { EngineConnection } from '../engine/engine';
import { abortError, CoreError } from '../engine/engine-errors';
import { ioError } from '../support/file-paths';
import { moveIntoPlaceNoReplace, savedMode, type SaveTarget } from '../transfer/transfer-files';
import { normalizeEntryName } from './entry-names';
import { fileWritable } from './file-writable';
import { deliverFiles, locateFile, type Want } from './explore-content';
import type { ImageIndex } from './image-index';
import type { DataSink } from './tar-walk';

export interface SaveOutOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number) => void;
}

/** What is saved: one entry of a layer's view or of the merged view. */
export interface SaveOutSubject {
  layer: number | 'merged';
  entry: FileEntry;
  /** The view's entries (for a folder: everything under it). */
  entries: readonly FileEntry[];
  /** The layer holding a path's bytes in the view. */
  ownerOf: (path: string) => number | undefined;
}

/** Writes the subject into `target` (an opened partial); resolves with the bytes written. */
export async function saveOut(
  engine: EngineConnection,
  index: ImageIndex,
  subject: SaveOutSubject,
  target: SaveTarget,
  opts: SaveOutOptions = {},
): Promise<{ bytes: number; as: 'file' | 'tar' }> {
  const { path, partial, fh } = target;
  let closed = false;
  let moved = false;
  try {
    const out = fileWritable(fh);
    out.on('error', () => undefined); // reported by the writes that fail
    const { as } = await writeSubject(engine, index, subject, out, opts);
    try {
      await fh.datasync();
      await fh.chmod(savedMode());
      closed = true;
      await fh.close();
      if (target.overwrite) await rename(partial, path);
      else await moveIntoPlaceNoReplace(partial, path);
    } catch (err) {
      throw ioError(err, 'Cannot write', path);
    }
    moved = true;
    return { bytes: out.written, as };
  } catch (err) {
    if (opts.signal?.aborted) throw abortError();
    throw err;
  } finally {
    if (!moved) {
      if (!closed) await fh.close().catch(() => undefined);
      await rm(partial, { force: true }).catch(() => undefined);
    }
  }
}

/** Writes the subject's bytes (a file's, or a folder as a tar) into `out`, and ends it. */
export async function writeSubject(
  engine: EngineConnection,
  index: ImageIndex,
  subject: SaveOutSubject,
  out: Writable,
  opts: SaveOutOptions = {},
): Promise<{ as: 'file' | 'tar' }> {
  const as = subject.entry.kind === 'dir' ? 'tar' : 'file';
  let bytes = 0;
  const counting = (total: number) => (n: number) => {
    bytes += n;
    opts.onProgress?.(bytes, Math.max(total, bytes));
  };
  if (as === 'file') await writeFile(engine, index, subject, out, counting(subject.entry.size), opts.signal);
  else await writeFolder(engine, index, subject, out, counting, opts.signal);
  return { as };
}

/** The file name a saved entry gets: its base name, `.tar` added for a folder. */
export function saveOutName(subject: SaveOutSubject): string {
  const base = subject.entry.path.slice(subject.entry.path.lastIndexOf('/') + 1) || 'file';
  return subject.entry.kind === 'dir' ? `${base}.tar` : base;
}

/** A sink writing into a Writable, waiting for it to drain. */
function writerSink(out: Writable, count: (n: number) => void, onEnd?: () => Promise<void> | undefined): DataSink {
  return {
    data(slice) {
      count(slice.length);
      if (out.write(Buffer.from(slice))) return undefined;
      return new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          out.off('error', onError);
          resolve();
        };
        const onError = (err: Error) => {
          out.off('drain', onDrain);
          reject(err);
        };
        out.once('drain', onDrain);
        out.once('error', onError);
      });
    },
    end: () => onEnd?.(),
  };
}

const finished = (out: Writable) =>
  new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });

async function writeFile(
  engine: EngineConnection,
  index: ImageIndex,
  subject: SaveOutSubject,
  out: Writable,
  count: (n: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const layer = subject.layer === 'merged' ? subject.ownerOf(subject.entry.path) : subject.layer;
  if (layer === undefined) throw new CoreError('NOT_FOUND', `No file ${subject.entry.path} in the image`);
  const at = locateFile(index, layer, subject.entry.path);
  await deliverFiles(engine, index, [{ at, limit: at.raw.size, sink: writerSink(out, count) }], signal);
  await finished(out);
}

const TYPES: Record<FileEntry['kind'], Header['type']> = {
  file: 'file',
  dir: 'directory',
  symlink: 'symlink',
  hardlink: 'link',
  char: 'character-device',
  block: 'block-device',
  fifo: 'fifo',
};

/**
 * The folder as a tar: first every entry without content (folders, links, devices) in path
 * order, then the files in the order their bytes come out of the archive (one pass).
 */
async function writeFolder(
  engine: EngineConnection,
  index: ImageIndex,
  subject: SaveOutSubject,
  out: Writable,
  counting: (total: number) => (n: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const root = subject.entry.path;
  const top = root.slice(root.lastIndexOf('/') + 1);
  const inside = subject.entries.filter((e) => (e.path === root || e.path.startsWith(`${root}/`)) && e.mark !== 'removed');
  const nameOf = (path: string) => top + path.slice(root.length);
  const headerOf = (e: FileEntry, size = 0): Partial<Header> & { name: string } => ({
    name: nameOf(e.path),
    type: TYPES[e.kind],
    size,
    mode: e.mode,
    uid: e.uid,
    gid: e.gid,
    mtime: new Date(e.mtime * 1000),
  });
  const pack = tarPack();
  const written = pipeline(pack, out);
  written.catch(() => undefined);
  const files: { entry: FileEntry; want: Omit<Want, 'sink'> }[] = [];
  for (const e of inside) {
    if (e.kind === 'file' || (e.kind === 'hardlink' && !isInside(e.linkTarget, root))) {
      const layer = subject.layer === 'merged' ? subject.ownerOf(e.path) : subject.layer;
      if (layer === undefined) continue;
      const at = locateFile(index, layer, e.path);
      files.push({ entry: e, want: { at, limit: at.raw.size } });
    } else if (e.kind === 'hardlink') {
      pack.entry({ ...headerOf(e), linkname: nameOf(normalizeEntryName(e.linkTarget ?? '') ?? '') });
    } else {
      pack.entry({ ...headerOf(e), ...(e.kind === 'symlink' ? { linkname: e.linkTarget ?? '' } : {}) });
    }
  }
  const count = counting(files.reduce((sum, f) => sum + f.want.limit, 0));
  const wants: Want[] = files.map(({ entry, want }) => {
    let stream: Writable | undefined;
    // tar-stream's entry is a streamx Writable: the same write/drain/end protocol as Node's.
    const open = () => (stream ??= pack.entry({ ...headerOf(entry, want.limit), type: 'file' }) as unknown as Writable);
    return {
      ...want,
      sink: {
        data: (slice) => writerSink(open(), count).data(slice),
        end: () => finished(open()),
      },
    };
  });
  // Files are packed one at a time; the archive delivers them one at a time, in its own order.
  await deliverFiles(engine, index, wants, signal);
  pack.finalize();
  await written;
}

function isInside(linkTarget: string | undefined, root: string): boolean {
  const target = normalizeEntryName(linkTarget ?? '');
  return !!target && (target === root || target.startsWith(`${root}/`));
}
