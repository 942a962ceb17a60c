// Owns the file edge of save and load (plain Node, used by Electron and by tests): a save writes
// a partial file of its own (created exclusively under a random name beside the target, never
// through a symlink) and moves it to the target only when the archive is whole, replacing an
// existing target only when the caller was allowed to (the save dialog confirmed it); any failure
// or cancel removes that partial and nothing else. A load checks every file before sending any of them.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type Dockerode from 'dockerode';
import { abortError, CoreError } from '../engine/engine-errors';
import { checkSourceFile, checkTargetFile, ioError, openToRead } from '../support/file-paths';
import { TarFramer, TarIntegrityCheck } from './tar-format';
import { engineGet } from '../engine/engine-stream';
import { archiveKindOfFile, FILE_CHUNK, loadImagesFromFile, requestSave, saveQuery, type LoadResult } from './transfer';
import type { LoadLayers } from './load-layers';

export const PARTIAL_SUFFIX = '.partial';

/**
 * Create-only, and never through a symlink: an existing file or link under the partial's name
 * (planted, or left by someone else) makes the open fail instead of being followed or truncated.
 * O_NOFOLLOW does not exist on Windows, where O_EXCL alone already refuses an existing name.
 */
const EXCLUSIVE_CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
/** Only we may read the archive while it is being written; it gets the usual mode when whole. */
const PARTIAL_MODE = 0o600;
const SAVED_MODE = 0o644;
/** Room for the random part and the suffix within a file-name limit of 255. */
const PARTIAL_STEM_MAX = 200;

export interface SaveToFileOptions {
  signal?: AbortSignal;
  /** Bytes received from the engine so far (before any compression). */
  onProgress?: (bytes: number) => void;
  /**
   * fsync before the rename, so a crash right after "saved" cannot leave an empty or short file
   * under the final name. On by default; benchmarks may turn it off to compare with curl -o.
   */
  durable?: boolean;
  /**
   * Whether an existing file at the target may be replaced. Only the save dialog grants it (it
   * asked the person); otherwise an existing target is a CONFLICT and is left as it is.
   */
  overwrite?: boolean;
}

export interface SaveToFileResult {
  path: string;
  /** Bytes of the tar as the engine sent it. */
  bytes: number;
  /** Whether the file was gzip-compressed because its name ends in .tar.gz / .tgz. */
  compressed: boolean;
}

const wantsGzip = (path: string) => /\.(tar\.gz|tgz)$/i.test(path);

/** A save's file, opened (as its own partial file) before any engine work. */
export interface SaveTarget {
  path: string;
  /** `<dir>/<name>.<random>.partial`: created by this save, so the only file it may remove. */
  partial: string;
  fh: FileHandle;
  overwrite: boolean;
}

const targetExists = (path: string) =>
  new CoreError('CONFLICT', `${path} already exists; Stevedore replaces a file only when you confirm it in the save dialog`, { path });

/** Where a save's partial file goes: beside the target (so the final move is a rename), under a name nobody can guess. */
export function partialPathFor(path: string): string {
  return join(dirname(path), `${basename(path).slice(0, PARTIAL_STEM_MAX)}.${randomBytes(8).toString('hex')}${PARTIAL_SUFFIX}`);
}

/**
 * Checks the path and creates the partial file, so a folder we cannot write to (no permission,
 * read-only, immutable) or a target we may not replace fails at once, before a job starts or the
 * engine does any work.
 */
export async function openSaveTarget(target: string, opts: { overwrite?: boolean } = {}): Promise<SaveTarget> {
  const path = await checkTargetFile(target);
  const overwrite = opts.overwrite === true;
  if (!overwrite && (await exists(path))) throw targetExists(path);
  const partial = partialPathFor(path);
  try {
    return { path, partial, fh: await open(partial, EXCLUSIVE_CREATE, PARTIAL_MODE), overwrite };
  } catch (err) {
    throw ioError(err, 'Cannot write', path);
  }
}

/** Whether anything (file, symlink, dangling or not, or anything else) has the name. */
async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw ioError(err, 'Cannot write to', path);
  }
}

/** The mode a new file gets from the process's umask, as the old plain create gave the saved archive. */
export function savedMode(): number {
  return SAVED_MODE & ~process.umask();
}

/**
 * Moves the finished partial to `path` without ever replacing what is there: a hard link fails
 * with EEXIST when the name is taken (rename would replace it silently). On file systems without
 * hard links (FAT, some network shares) the name is claimed with an exclusive create first, and
 * only that empty file of ours is then replaced by the rename.
 */
export async function moveIntoPlaceNoReplace(partial: string, path: string): Promise<void> {
  try {
    await link(partial, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw targetExists(path);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV'].includes(code ?? '')) throw err;
    let claim: FileHandle;
    try {
      claim = await open(path, EXCLUSIVE_CREATE, PARTIAL_MODE);
    } catch (claimErr) {
      if ((claimErr as NodeJS.ErrnoException).code === 'EEXIST') throw targetExists(path);
      throw claimErr;
    }
    await claim.close();
    try {
      await rename(partial, path);
    } catch (renameErr) {
      await unlink(path).catch(() => undefined); // the empty claim is ours: nothing else is removed
      throw renameErr;
    }
    return;
  }
  // The archive is in place under its name; the partial name is only a second link to it now.
  await unlink(partial).catch(() => undefined);
}

/**
 * `docker save -o path refs...`: streams the engine's tar into `<path>.partial` (gzip-compressed
 * when the name ends in .tar.gz or .tgz), then renames it to `path`. A full disk or a folder we
 * may not write to is an IO error; the partial never survives a failure or a cancel.
 */
export async function saveToFile(
  docker: Dockerode,
  refs: readonly string[],
  target: string | SaveTarget,
  opts: SaveToFileOptions = {},
): Promise<SaveToFileResult> {
  const { path, partial, fh, overwrite } =
    typeof target === 'string' ? await openSaveTarget(target, { overwrite: opts.overwrite }) : target;
  const { signal } = opts;
  if (refs.length === 0) {
    await fh.close();
    await rm(partial, { force: true });
    throw new CoreError('INVALID_ARGUMENT', 'Nothing to save: no image given');
  }
  // Errors name the file the person chose, not the partial's random name.
  const writeFailed = (err: unknown) => ioError(err, 'Cannot write', path);
  let sink: PooledFileWriter | undefined;
  let closed = false;
  let renamed = false;
  try {
    sink = new PooledFileWriter(fh, writeFailed);
    let bytes = 0;
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      opts.onProgress?.(bytes);
    };
    const compressed = wantsGzip(path);
    // The hot path of a big save: socket -> tar framing -> pooled file writes, no stream stages.
    const direct = compressed ? undefined : await engineGet(docker, saveQuery(refs), { signal, reuseBuffer: true });
    if (direct) {
      const framer = new TarFramer();
      const writer = sink;
      writer.onRoom = () => direct.resume();
      try {
        await direct.pipeTo({
          data: (slice) => {
            framer.update(slice);
            count(slice);
            return writer.data(slice);
          },
        });
      } finally {
        direct.destroy();
      }
      framer.finish();
      await writer.end();
    } else {
      const check = new TarIntegrityCheck();
      check.on('data', count);
      const stages: (Readable | Transform)[] = [await requestSave(docker, refs, signal), check];
      if (compressed) stages.push(createGzip());
      await pipeline([...stages, sink.writable()], { signal });
    }
    try {
      if (opts.durable !== false) await fh.datasync();
      await fh.chmod(savedMode());
      closed = true;
      await fh.close();
      // The save dialog asked before an existing file is replaced; nothing else may replace one.
      if (overwrite) await rename(partial, path);
      else await moveIntoPlaceNoReplace(partial, path);
    } catch (err) {
      throw writeFailed(err);
    }
    renamed = true;
    return { path, bytes, compressed };
  } catch (err) {
    if (signal?.aborted) throw abortError();
    throw err;
  } finally {
    if (!renamed) {
      await sink?.settled();
      if (!closed) await fh.close().catch(() => undefined);
      await rm(partial, { force: true }).catch(() => undefined);
    }
  }
}

/**
 * A file writer through a few reused 1 MiB buffers: every incoming slice is copied at once (so
 * the reader may reuse its buffer and nothing waits in memory for the disk), and the disk gets
 * large sequential writes. Holds at most `maxBuffers` MiB plus one read's worth of overflow
 * while it asks the reader to pause, whatever the size of the file.
 */
class PooledFileWriter {
  /** Called when the writer can take data again after `data()` returned false. */
  onRoom: (() => void) | undefined;
  private readonly free: Buffer[] = [];
  private allocated = 0;
  private current: Buffer | undefined;
  private fill = 0;
  private position = 0;
  private overflow: Buffer[] = [];
  private queue: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private stopped = false;

  constructor(
    private readonly fh: FileHandle,
    private readonly describe: (err: unknown) => Error,
    private readonly bufferSize = FILE_CHUNK,
    private readonly maxBuffers = 4,
  ) {}

  /** Takes all of `slice` (copying it); false means "pause until onRoom". Throws after a write failed. */
  data(slice: Buffer): boolean {
    if (this.failure) throw this.failure;
    if (this.overflow.length === 0) {
      const rest = this.copyIn(slice, 0);
      if (rest === slice.length) return true;
      this.overflow.push(Buffer.from(slice.subarray(rest)));
      return false;
    }
    this.overflow.push(Buffer.from(slice));
    return false;
  }

  /** Writes what is left and waits for every write. */
  async end(): Promise<void> {
    while (this.overflow.length > 0 && !this.failure) {
      await this.queue;
      this.drainOverflow();
    }
    if (this.current && this.fill > 0) this.submit();
    await this.queue;
    if (this.failure) throw this.failure;
  }

  /** Resolves when no write is in flight any more (before the file is closed or removed). */
  settled(): Promise<void> {
    this.stopped = true;
    return this.queue;
  }

  /** The same writer as a Writable, for stream pipelines (compressed saves). */
  writable(): Writable {
    let waiting: (() => void) | undefined;
    this.onRoom = () => {
      const go = waiting;
      waiting = undefined;
      go?.();
    };
    return new Writable({
      write: (chunk: Buffer, _enc, done) => {
        try {
          if (this.data(chunk)) done();
          else waiting = () => done();
        } catch (err) {
          done(err as Error);
        }
      },
      final: (done) => {
        this.end().then(() => done(), done);
      },
    });
  }

  /** Copies from `offset` while buffers are free; returns where it stopped. */
  private copyIn(slice: Buffer, offset: number): number {
    while (offset < slice.length) {
      if (!this.current) {
        const buffer = this.takeBuffer();
        if (!buffer) return offset;
        this.current = buffer;
      }
      const n = slice.copy(this.current, this.fill, offset);
      this.fill += n;
      offset += n;
      if (this.fill === this.bufferSize) this.submit();
    }
    return offset;
  }

  private drainOverflow(): void {
    while (this.overflow.length > 0) {
      const head = this.overflow[0];
      const at = this.copyIn(head, 0);
      if (at < head.length) {
        this.overflow[0] = head.subarray(at);
        return;
      }
      this.overflow.shift();
    }
  }

  private takeBuffer(): Buffer | undefined {
    const buffer = this.free.pop();
    if (buffer) return buffer;
    if (this.allocated >= this.maxBuffers) return undefined;
    this.allocated++;
    return Buffer.allocUnsafe(this.bufferSize);
  }

  private submit(): void {
    const buffer = this.current!;
    const length = this.fill;
    const position = this.position;
    this.current = undefined;
    this.fill = 0;
    this.position += length;
    this.queue = this.queue.then(async () => {
      try {
        if (!this.failure && !this.stopped) await this.writeAll(buffer, length, position);
      } catch (err) {
        this.failure ??= this.describe(err);
      } finally {
        this.free.push(buffer);
        if (this.overflow.length > 0) {
          this.drainOverflow();
          if (this.overflow.length === 0 || this.failure) this.onRoom?.();
        }
      }
    });
  }

  private async writeAll(buffer: Buffer, length: number, position: number): Promise<void> {
    let done = 0;
    while (done < length) {
      const { bytesWritten } = await this.fh.write(buffer, done, length - done, position + done);
      done += bytesWritten;
    }
  }
}

export interface LoadFilesOptions {
  signal?: AbortSignal;
  /** Bytes sent across all files, and their total size. */
  onProgress?: (bytes: number, total: number) => void;
  /** The job's layer rows, over all the files (see LoadOptions.layers). */
  layers?: LoadLayers;
  onMessage?: (line: string) => void;
}

export interface CheckedArchive {
  path: string;
  size: number;
}

/**
 * Every path must be an absolute, normal path to a readable regular file that starts like an
 * image archive; the first that is not fails the whole request before anything is sent.
 */
export async function checkArchiveFiles(paths: readonly string[]): Promise<CheckedArchive[]> {
  if (paths.length === 0) throw new CoreError('INVALID_ARGUMENT', 'Nothing to load: no file given');
  const checked: CheckedArchive[] = [];
  for (const p of paths) {
    const { path, size } = await checkSourceFile(p);
    const fh = await openToRead(path);
    try {
      await archiveKindOfFile(fh, path);
    } finally {
      await fh.close();
    }
    checked.push({ path, size });
  }
  return checked;
}

/** `docker load -i path` for each file in turn (one request each, as the CLI does). */
export async function loadFromFiles(docker: Dockerode, paths: readonly string[], opts: LoadFilesOptions = {}): Promise<LoadResult> {
  const files = await checkArchiveFiles(paths);
  return loadCheckedFiles(docker, files, opts);
}

export async function loadCheckedFiles(
  docker: Dockerode,
  files: readonly CheckedArchive[],
  opts: LoadFilesOptions = {},
): Promise<LoadResult> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const loaded: string[] = [];
  let before = 0;
  for (const file of files) {
    const fh = await openToRead(file.path);
    try {
      const result = await loadImagesFromFile(docker, fh, file.size, {
        signal: opts.signal,
        name: basename(file.path),
        onProgress: (bytes) => opts.onProgress?.(before + bytes, total),
        layers: opts.layers,
        onMessage: opts.onMessage,
      });
      loaded.push(...result.loaded);
    } finally {
      await fh.close().catch(() => undefined);
    }
    before += file.size;
  }
  return { loaded };
}

/** `docker load -i path`. */
export function loadFromFile(docker: Dockerode, path: string, opts: LoadFilesOptions = {}): Promise<LoadResult> {
  return loadFromFiles(docker, [path], opts);
}
