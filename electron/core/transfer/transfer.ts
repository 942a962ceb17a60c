// Owns moving images in and out of the engine as tar streams: save (one tar for several images
// that share layers, like `docker save a b`) and load (like `docker load`, compressed or not); the
// preview of what an archive would load is archive-preview.ts. Streams only, flat in memory for any
// size; every call takes an AbortSignal that destroys its streams. The file and HTTP edges sit on top.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { addAbortSignal, pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type Dockerode from 'dockerode';
import type DockerModem from 'docker-modem';
import type { JobLayer } from '../../../shared/contract';
import { ArchiveError, notAnArchiveMessage } from '../../../shared/tar-manifest';
import { imageName, imagePath } from '../engine/engine-name';
import { engineGetStream, engineRequest } from '../engine/engine-stream';
import { abortError, CoreError } from '../engine/engine-errors';
import { ioError } from '../support/file-paths';
import { checkImageArgument } from '../images/history';
import { JsonLineSplitter } from '../support/json-lines';
import { archiveKindOf, SNIFF_BYTES, TAR_BLOCK, TarIntegrityCheck, type ArchiveKind } from './tar-format';
import type { LoadLayers } from './load-layers';
import { ManifestTap } from './manifest-tap';

/** Chunk size for reading archives from disk: big enough that syscalls and stream hops vanish. */
export const FILE_CHUNK = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Engine calls (dockerode's image.get has no abortSignal, so we dial the same endpoints ourselves)

function dial<T>(docker: Dockerode, options: DockerModem.DialOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(options, (err, data) => (err ? reject(err) : resolve(data as T)));
  });
}

/** The image ID a name or ID resolves to, or undefined when the engine has no such image. */
export async function imageIdOf(docker: Dockerode, ref: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const info = await dial<{ Id: string }>(docker, {
      path: imagePath(ref, '/json'),
      method: 'GET',
      statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
      abortSignal: signal,
    });
    return info.Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Save

/**
 * Each name must be an image reference or ID (INVALID_REFERENCE otherwise), checked before the
 * save's first engine call, so nothing malformed (`../../etc/passwd`, a NUL) reaches the engine.
 */
export function checkSaveRefs(refs: readonly string[]): void {
  if (refs.length === 0) throw new CoreError('INVALID_ARGUMENT', 'Nothing to save: no image given');
  for (const ref of refs) checkImageArgument(ref);
}

/** `GET /images/get?names=a&names=b`, each name through the door, then escaped. */
export const saveQuery = (refs: readonly string[]) =>
  `/images/get?${new URLSearchParams(refs.map((name): [string, string] => ['names', imageName(name)]))}`;

/**
 * The engine's answer to `GET /images/get?names=...` once it has accepted the request (so "No
 * such image" is an error here, before any byte), as the raw response. Callers that take it raw
 * must run its bytes through a `TarFramer`; `saveImages` does that for them.
 */
export async function requestSave(docker: Dockerode, refs: readonly string[], signal?: AbortSignal): Promise<Readable> {
  checkSaveRefs(refs);
  if (signal?.aborted) throw abortError();
  const query = saveQuery(refs);
  const direct = await engineGetStream(docker, query, signal);
  if (direct) return direct;
  const res = await dial<IncomingMessage>(docker, {
    path: '/images/get?',
    method: 'GET',
    options: { names: refs.map((name) => imageName(name)) },
    isStream: true,
    statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such image', 500: 'server error' },
    abortSignal: signal,
  });
  // The modem hands stream responses over without watching the signal.
  if (signal) addAbortSignal(signal, res);
  return res;
}

/**
 * One tar of all `refs`: shared layers once, tags kept for names, none for IDs (the engine's
 * rules). Resolves once the engine has accepted the request. The stream fails at its end when
 * the engine broke off and appended an error (its words), so a consumer never mistakes a
 * damaged tar for a saved one.
 */
export async function saveImages(docker: Dockerode, refs: readonly string[], signal?: AbortSignal): Promise<Readable> {
  const res = await requestSave(docker, refs, signal);
  const check = new TarIntegrityCheck();
  pipeline(res, check, () => undefined); // failures reach the consumer through `check`
  return check;
}

interface HistoryEntry {
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
}

/**
 * Expected size of a save, for progress: the layers of all the images, each shared layer once.
 * A layer is identified by the image history up to it (what images built on one base share),
 * because the history API does not say which history entries carry layers.
 */
export async function estimateSaveBytes(docker: Dockerode, refs: readonly string[], signal?: AbortSignal): Promise<number> {
  const ids = new Set<string>();
  await Promise.all(
    refs.map(async (ref) => {
      const id = await imageIdOf(docker, ref, signal);
      if (id) ids.add(id);
    }),
  );
  const layers = new Map<string, number>();
  await Promise.all(
    [...ids].map(async (id) => {
      const history = await dial<HistoryEntry[]>(docker, {
        path: imagePath(id, '/history'),
        method: 'GET',
        statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
        abortSignal: signal,
      });
      let key = '';
      for (const h of [...history].reverse()) {
        key = createHash('sha256')
          .update(key)
          .update(JSON.stringify([h.Created, h.CreatedBy, h.Size, h.Comment]))
          .digest('hex');
        if (h.Size > 0) layers.set(key, h.Size);
      }
    }),
  );
  let total = 0;
  for (const size of layers.values()) total += size;
  // Per image: its config, and per layer a header, VERSION and json; small next to the layers.
  return total + ids.size * 8 * TAR_BLOCK;
}

// ---------------------------------------------------------------------------------------------
// Reading the start of an archive

/**
 * Reads at least `n` bytes (fewer only at the end) and puts them back, so the caller can look
 * at the magic numbers and still send the whole stream.
 */
export async function readHead(source: Readable, n: number, signal?: AbortSignal): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let have = 0;
  let ended = false;
  while (have < n) {
    const chunk = source.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      have += chunk.length;
      continue;
    }
    if (source.readableEnded) {
      ended = true;
      break;
    }
    if (source.destroyed) throw source.errored ?? new CoreError('IO', 'The archive was closed before it could be read');
    ended = await new Promise<boolean>((resolve, reject) => {
      const done = (fn: () => void) => {
        source.off('readable', onReadable);
        source.off('end', onEnd);
        source.off('error', onError);
        source.off('close', onClose);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onReadable = () => done(() => resolve(false));
      const onEnd = () => done(() => resolve(true));
      const onError = (err: Error) => done(() => reject(err));
      const onClose = () =>
        done(() => (source.readableEnded ? resolve(true) : reject(new CoreError('IO', 'The archive was closed before it was read'))));
      const onAbort = () =>
        done(() => {
          source.destroy();
          reject(abortError());
        });
      if (signal?.aborted) return onAbort();
      source.on('readable', onReadable);
      source.on('end', onEnd);
      source.on('error', onError);
      source.on('close', onClose);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    if (ended) break;
  }
  const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  if (ended) return { head, stream: Readable.from(head.length ? [head] : [], { objectMode: false }) };
  source.unshift(head);
  return { head, stream: source };
}

/** The error for anything that is not a tar, gzip, bzip2 or xz archive; nothing was sent. */
export function notAnArchive(what: string, headLength: number): CoreError {
  return new CoreError('INVALID_ARGUMENT', notAnArchiveMessage(what, headLength));
}

/** The shared archive readers' verdicts (shared/tar-manifest.ts) as the core's errors. */
export function asCoreError(err: unknown): unknown {
  return err instanceof ArchiveError ? new CoreError(err.code, err.message) : err;
}

/** Checks the magic numbers of an open file without consuming anything. */
export async function archiveKindOfFile(fh: FileHandle, what: string): Promise<ArchiveKind> {
  const head = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await fh.read(head, 0, SNIFF_BYTES, 0);
  const kind = archiveKindOf(head.subarray(0, bytesRead));
  if (!kind) throw notAnArchive(what, bytesRead);
  return kind;
}

// ---------------------------------------------------------------------------------------------
// Load

export interface LoadOptions {
  signal?: AbortSignal;
  /** Bytes of the archive sent so far (compressed bytes for a compressed archive). */
  onProgress?: (bytes: number) => void;
  /**
   * The job's layer rows: counted from the archive's manifest.json (read from the bytes as they
   * are sent), the engine's per-layer progress after the upload, every layer settled at the end.
   */
  layers?: LoadLayers;
  /** Every line the CLI would print, as it arrives. */
  onMessage?: (line: string) => void;
  /** Names the archive in errors ("x.tar is empty"). */
  name?: string;
}

export interface LoadResult {
  /** `Loaded image: x:y` / `Loaded image ID: sha256:...`, as `docker load` prints them. */
  loaded: string[];
}

interface LoadLine {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * `docker load` from a stream: checks the magic numbers first (nothing is sent for a text file
 * or an empty one), then streams the archive to `POST /images/load` as it is read. The engine
 * answers 200 even when it fails and puts the error in its output: that error fails the load
 * with the engine's words.
 */
export async function loadImages(docker: Dockerode, source: Readable, opts: LoadOptions = {}): Promise<LoadResult> {
  const { signal } = opts;
  const what = opts.name ?? 'The archive';
  let stream: Readable;
  let kind: ArchiveKind | null;
  try {
    const peeked = await readHead(source, SNIFF_BYTES, signal);
    kind = archiveKindOf(peeked.head);
    if (!kind) throw notAnArchive(what, peeked.head.length);
    stream = peeked.stream;
  } catch (err) {
    source.destroy();
    throw err;
  }

  const tap = tapFor(kind, what, opts.layers);
  let sent = 0;
  const counter = new Transform({
    highWaterMark: FILE_CHUNK,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      sent += chunk.length;
      opts.onProgress?.(sent);
      const wait = tap?.write(chunk);
      if (wait) void wait.then(() => done(null, chunk));
      else done(null, chunk);
    },
    flush(done: TransformCallback) {
      tap?.end();
      done();
    },
  });
  stream.on('error', (err) => counter.destroy(err));
  stream.pipe(counter);
  const stopUpload = () => {
    stream.unpipe(counter);
    stream.destroy();
    counter.destroy();
    tap?.stop();
  };

  let res: IncomingMessage;
  try {
    res = await dial<IncomingMessage>(docker, {
      path: '/images/load?',
      method: 'POST',
      options: { quiet: false },
      file: counter,
      headers: { 'Content-Type': 'application/x-tar' },
      isStream: true,
      statusCodes: { 200: true, 500: 'server error' },
      abortSignal: signal,
    });
  } catch (err) {
    stopUpload();
    throw err;
  }
  if (signal) addAbortSignal(signal, res);

  const output = new LoadOutput(what, opts);
  try {
    for await (const chunk of res) output.push(chunk as Buffer);
  } finally {
    // The engine may answer before reading everything (a damaged tar): stop reading the source.
    stopUpload();
  }
  if (signal?.aborted) throw abortError();
  return settled(docker, output.result(), opts);
}

/** A tap reading manifest.json on the way, when a job counts layers; the job's rows start afresh for this archive. */
function tapFor(kind: ArchiveKind, what: string, layers: LoadLayers | undefined): ManifestTap | undefined {
  if (!layers) return undefined;
  layers.begin();
  return new ManifestTap(kind, what, (manifest) => layers.expect(manifest));
}

/** A succeeded load's result, once its layers are settled (every one done). */
async function settled(docker: Dockerode, result: LoadResult, opts: LoadOptions): Promise<LoadResult> {
  await opts.layers?.settle(docker, result.loaded, opts.signal);
  return result;
}

/** Reads the engine's answer to a load: the CLI's lines, layer progress, and an in-stream error. */
class LoadOutput {
  private readonly loaded: string[] = [];
  private engineError: string | undefined;
  private readonly splitter = new JsonLineSplitter();

  constructor(
    private readonly what: string,
    private readonly opts: Pick<LoadOptions, 'layers' | 'onMessage'>,
  ) {}

  push(chunk: Buffer): void {
    this.splitter.push(chunk).values.forEach((v) => this.onLine(v as LoadLine));
  }

  /** The loaded lines, or the engine's error in its words. */
  result(): LoadResult {
    this.splitter.flush().values.forEach((v) => this.onLine(v as LoadLine));
    if (this.engineError) throw new CoreError('INVALID_ARGUMENT', this.engineError, { inStream: true });
    if (this.loaded.length === 0) throw new CoreError('INTERNAL', `The engine loaded nothing from ${this.what}`);
    return { loaded: this.loaded };
  }

  private onLine(line: LoadLine): void {
    if (line.error || line.errorDetail) {
      this.engineError ??= line.errorDetail?.message || line.error || 'The engine could not load the archive';
      return;
    }
    if (typeof line.stream === 'string') {
      for (const text of line.stream
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (text.startsWith('Loaded image')) this.loaded.push(text);
        this.opts.onMessage?.(text);
      }
      return;
    }
    if (line.status && line.id) {
      const layer: JobLayer = {
        id: line.id,
        status: line.status,
        current: line.progressDetail?.current,
        total: line.progressDetail?.total,
      };
      this.opts.layers?.engine(layer);
    }
  }
}

/**
 * `docker load -i file` for a file already checked (see `checkArchiveFiles`): uploads with
 * positioned reads into two reused buffers straight to the engine's socket, so a gigabyte costs
 * no garbage and no stream stages. Falls back to `loadImages` on transports it does not handle.
 */
export async function loadImagesFromFile(docker: Dockerode, fh: FileHandle, size: number, opts: LoadOptions = {}): Promise<LoadResult> {
  const { signal } = opts;
  const what = opts.name ?? 'The archive';
  let readError: Error | undefined;
  let tap: ManifestTap | undefined;
  const body = await engineRequest(
    docker,
    {
      method: 'POST',
      path: '/images/load?quiet=0',
      headers: { 'Content-Type': 'application/x-tar', 'Content-Length': String(size) },
      upload: async (write) => {
        const buffers = [Buffer.allocUnsafe(FILE_CHUNK), Buffer.allocUnsafe(FILE_CHUNK)];
        let sent = 0;
        let inFlight: Promise<void> = Promise.resolve();
        for (let i = 0; sent < size; i++) {
          // This buffer's last write was two turns ago and has been awaited since.
          const buffer = buffers[i % 2];
          let n: number;
          try {
            ({ bytesRead: n } = await fh.read(buffer, 0, Math.min(FILE_CHUNK, size - sent), sent));
          } catch (err) {
            throw (readError = ioError(err, 'Cannot read', what));
          }
          if (n === 0) throw (readError = new CoreError('IO', `${what} became shorter while it was being sent`));
          if (i === 0) {
            const kind = archiveKindOf(buffer.subarray(0, n));
            if (kind) tap = tapFor(kind, what, opts.layers);
          }
          // Read now (a plain tar) or copied (compressed): the buffer is free again either way.
          await tap?.write(buffer.subarray(0, n));
          await inFlight;
          sent += n;
          inFlight = write(buffer.subarray(0, n));
          inFlight.catch(() => undefined); // awaited next turn; an early answer must not go unhandled meanwhile
          opts.onProgress?.(sent);
        }
        await inFlight;
        tap?.end();
      },
    },
    { signal },
  ).catch((err: unknown) => {
    tap?.stop();
    throw readError ?? err;
  });
  if (!body) return loadImages(docker, fh.createReadStream({ start: 0, autoClose: false, highWaterMark: FILE_CHUNK }), opts);
  const output = new LoadOutput(what, opts);
  try {
    await body.pipeTo({
      data: (slice) => {
        output.push(slice);
        return true;
      },
    });
  } finally {
    body.destroy();
    tap?.stop();
  }
  return settled(docker, output.result(), opts);
}
