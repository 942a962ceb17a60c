// Owns one big streaming GET from the engine (a saved image: gigabytes) over a plain socket.
// Node's HTTP client allocates a buffer per socket read and turns each of the engine's 32 KiB
// flushes into a parser callback and a stream push; on a small machine that costs as much CPU
// as the engine's own work, and the garbage it leaves triggers full collections once the app has
// loaded dockerode's dependencies. This reads the socket, into one reused buffer when the
// consumer copies synchronously, and decodes the chunked body itself. Unix sockets, named pipes,
// tcp and tls (docker-modem's transports); anything else (an ssh engine's agent, ssh-transport.ts) is left to the modem.
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { abortError } from './engine-errors';
import { checkEnginePath } from './engine-name';
import { dialEngine, type ModemLike, transportAddress, transportOf } from './engine-socket';
import { engineRedirectError } from './engine-transport';

/** Takes body bytes as they arrive. */
export interface BodySink {
  /**
   * Must copy whatever it keeps of `slice` before returning (the buffer is reused). Returns false
   * to ask for a pause: the reader stops reading until `EngineBody.resume()`.
   */
  data(slice: Buffer): boolean;
}

export interface EngineBody {
  /** Delivers the body to `sink`; resolves at its end, rejects on a socket error or abort. */
  pipeTo(sink: BodySink): Promise<void>;
  /** Reading again after the sink asked for a pause. */
  resume(): void;
  destroy(err?: Error): void;
}

const MAX_HEAD = 64 * 1024;
const MAX_ERROR_BODY = 1024 * 1024;
const READ_BUFFER = 256 * 1024;

/** An HTTP error shaped like dockerode's, so `toContractError` keeps the engine's words. */
function engineHttpError(status: number, body: string): Error {
  let json: { message?: string } | null;
  try {
    json = JSON.parse(body) as { message?: string };
  } catch {
    json = null;
  }
  const message = json?.message ?? body.trim();
  return Object.assign(new Error(`(HTTP code ${status}) unexpected - ${message} `), { statusCode: status, json: { message } });
}

const ANSWERED_EARLY = 'ERR_ENGINE_ANSWERED';
const answeredEarly = () => Object.assign(new Error('The engine answered before the upload ended'), { code: ANSWERED_EARLY });
const isAnsweredEarly = (err: unknown) => (err as { code?: string })?.code === ANSWERED_EARLY;

const malformed = () => new Error('Malformed response from the engine');

/**
 * Sends `GET pathAndQuery` and resolves once the engine answered 200 (rejects like dockerode for
 * any other status, with the engine's message). With `reuseBuffer`, socket reads land in one
 * buffer that is overwritten by the next read: only for sinks that copy. Returns undefined when
 * the transport is not one this handles.
 */
export function engineGet(
  docker: Dockerode,
  pathAndQuery: string,
  opts: { signal?: AbortSignal; reuseBuffer?: boolean } = {},
): Promise<EngineBody | undefined> {
  return engineRequest(docker, { method: 'GET', path: pathAndQuery }, opts);
}

export interface EngineRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /**
   * Sends the request body (with `Content-Length` in `headers`): `write` resolves once the
   * socket took the chunk (the buffer may then be reused) and rejects when the engine answered
   * or failed first; the engine may answer early, for instance to a damaged archive.
   */
  upload?: (write: (chunk: Buffer) => Promise<void>) => Promise<void>;
}

/** `engineGet` for any method, with an optional streamed request body. */
export async function engineRequest(
  docker: Dockerode,
  request: EngineRequest,
  opts: { signal?: AbortSignal; reuseBuffer?: boolean } = {},
): Promise<EngineBody | undefined> {
  const pathAndQuery = request.path;
  checkEnginePath(pathAndQuery); // before connecting: nothing is sent for a path the engine would clean
  const modem = docker.modem as unknown as ModemLike;
  const { signal } = opts;
  if (signal?.aborted) throw abortError();
  const transport = await transportOf(modem);
  if (!transport) return undefined;

  return new Promise<EngineBody>((resolveHead, rejectHead) => {
    let headDone = false;
    let head = Buffer.alloc(0);
    let status = 0;
    let location: string | undefined;
    let mode: 'chunked' | 'length' | 'close' = 'close';
    let lengthLeft = 0;
    let chunkLeft = 0;
    let phase: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
    let line = '';
    let errorBody: Buffer[] | undefined;
    let errorBytes = 0;
    let sink: BodySink | undefined;
    let stash: Buffer | undefined;
    let wantPause = false;
    let finished = false;
    let failure: Error | undefined;
    let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;

    const fail = (err: Error) => {
      if (finished || failure) return;
      failure = err;
      socket.destroy();
      signal?.removeEventListener('abort', onAbort);
      if (!headDone) rejectHead(err);
      settle?.reject(err);
    };
    const done = () => {
      if (finished || failure) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      socket.end();
      if (errorBody) rejectHead(engineHttpError(status, Buffer.concat(errorBody).toString('utf8')));
      else settle?.resolve();
    };
    const onAbort = () => fail(abortError());

    const deliver = (slice: Buffer) => {
      if (slice.length === 0) return;
      if (errorBody) {
        if (errorBytes < MAX_ERROR_BODY) errorBody.push(Buffer.from(slice));
        errorBytes += slice.length;
        return;
      }
      let more: boolean;
      try {
        more = sink!.data(slice);
      } catch (err) {
        // The sink failed (a full disk): it ends the request, with its own error.
        return fail(err as Error);
      }
      if (!more) wantPause = true;
    };

    /** Runs body bytes through the transfer decoding. */
    const feed = (buf: Buffer) => {
      if (mode === 'close') return deliver(buf);
      if (mode === 'length') {
        const n = Math.min(lengthLeft, buf.length);
        deliver(buf.subarray(0, n));
        lengthLeft -= n;
        if (lengthLeft === 0) done();
        return;
      }
      let pos = 0;
      while (pos < buf.length && !finished && !failure) {
        if (phase === 'data') {
          const n = Math.min(chunkLeft, buf.length - pos);
          deliver(buf.subarray(pos, pos + n));
          chunkLeft -= n;
          pos += n;
          if (chunkLeft === 0) phase = 'crlf';
          continue;
        }
        // A size line, the CRLF after a chunk, or a trailer line: short text up to LF.
        const lf = buf.indexOf(0x0a, pos);
        line += buf.toString('latin1', pos, lf < 0 ? buf.length : lf);
        if (line.length > 4096) return fail(malformed());
        if (lf < 0) return;
        pos = lf + 1;
        const text = line.endsWith('\r') ? line.slice(0, -1) : line;
        line = '';
        if (phase === 'crlf') {
          if (text !== '') return fail(malformed());
          phase = 'size';
        } else if (phase === 'size') {
          const size = parseInt(text.split(';')[0].trim(), 16);
          if (!Number.isSafeInteger(size) || size < 0) return fail(malformed());
          if (size === 0) phase = 'trailer';
          else {
            chunkLeft = size;
            phase = 'data';
          }
        } else if (text === '') {
          done();
        }
      }
    };

    /** Collects the status line and headers; false while they are incomplete. */
    const readHead = (buf: Buffer): Buffer | undefined => {
      head = Buffer.concat([head, buf]); // copies: `buf` may be reused
      const at = head.indexOf('\r\n\r\n');
      if (at < 0) {
        if (head.length > MAX_HEAD) fail(malformed());
        return undefined;
      }
      const lines = head.toString('latin1', 0, at).split('\r\n');
      status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1] ?? 0);
      for (const l of lines.slice(1)) {
        const c = l.indexOf(':');
        const name = l.slice(0, c).trim().toLowerCase();
        const value = l.slice(c + 1).trim();
        if (name === 'location') location = value;
        else if (name === 'transfer-encoding' && /chunked/i.test(value)) mode = 'chunked';
        else if (name === 'content-length' && mode !== 'chunked') {
          mode = 'length';
          lengthLeft = Number(value);
        }
      }
      headDone = true;
      const rest = head.subarray(at + 4);
      head = Buffer.alloc(0);
      return rest;
    };

    /** Every read, whichever way it arrives; false asks the socket to pause. */
    const onBytes = (buf: Buffer): boolean => {
      if (failure || finished) return false;
      if (!headDone) {
        const rest = readHead(buf);
        if (!rest) return !failure;
        // A redirect is never followed, and its body is not worth reading.
        if (status >= 300 && status <= 399) {
          const err = engineRedirectError(transportAddress(transport), status, location);
          fail(err);
          rejectHead(err); // the head was read but never handed over: the caller still waits for it
          return false;
        }
        if (status !== 200) {
          errorBody = [];
          if (mode === 'length' && lengthLeft === 0) done();
          else feed(rest);
          return true;
        }
        // Hold what came with the head until the caller attaches its sink.
        stash = rest;
        resolveHead(body);
        return false;
      }
      feed(buf);
      if (wantPause) {
        wantPause = false;
        return false;
      }
      return true;
    };

    const readBuffer = opts.reuseBuffer && !transport.tls ? Buffer.allocUnsafe(READ_BUFFER) : undefined;
    const socket: Socket = dialEngine(transport, modem, readBuffer && { buffer: readBuffer, onRead: onBytes });
    if (!readBuffer) {
      socket.on('data', (chunk: Buffer) => {
        if (!onBytes(chunk)) socket.pause();
      });
    }
    socket.on('end', () => {
      if (!headDone) return fail(Object.assign(new Error('The engine closed the connection'), { code: 'ECONNRESET' }));
      if (mode === 'close') return done();
      if (!finished) fail(Object.assign(new Error('The engine closed the connection before the end of the body'), { code: 'ECONNRESET' }));
    });
    socket.on('error', (err) => fail(err));
    signal?.addEventListener('abort', onAbort, { once: true });

    const path = (modem.version ? `/${modem.version.replace(/^\/+/, '')}` : '') + pathAndQuery;
    const extra = Object.entries({ ...modem.headers, ...request.headers })
      .filter(([k]) => !/^(host|connection|transfer-encoding)$/i.test(k))
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(`${request.method} ${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: stevedore\r\n${extra}Connection: close\r\n\r\n`);
    if (request.upload) {
      const write = (chunk: Buffer) =>
        new Promise<void>((resolve, reject) => {
          if (headDone || failure || finished) return reject(answeredEarly());
          socket.write(chunk, (err) => (err ? reject(err) : headDone ? reject(answeredEarly()) : resolve()));
        });
      request.upload(write).catch((err: Error) => {
        // An early answer explains itself; anything else (a read error, a reset) fails the request.
        if (!headDone && !isAnsweredEarly(err)) fail(err);
      });
    }

    const body: EngineBody = {
      pipeTo(target) {
        sink = target;
        const ended = new Promise<void>((resolve, reject) => {
          settle = { resolve, reject };
          if (failure) reject(failure);
          else if (finished) resolve();
        });
        const first = stash;
        stash = undefined;
        if (first?.length) feed(first);
        if (!wantPause && !finished && !failure) socket.resume();
        wantPause = false;
        return ended;
      },
      resume() {
        if (!finished && !failure) socket.resume();
      },
      destroy(err) {
        fail(err ?? Object.assign(new Error('Closed'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
      },
    };
  });
}

/** The body as a Readable of slices (each safe to keep), for consumers that are streams. */
export async function engineGetStream(docker: Dockerode, pathAndQuery: string, signal?: AbortSignal): Promise<Readable | undefined> {
  const body = await engineGet(docker, pathAndQuery, { signal });
  if (!body) return undefined;
  const out = new Readable({
    highWaterMark: 1024 * 1024,
    read: () => body.resume(),
    destroy: (err, cb) => {
      body.destroy(err ?? undefined);
      cb(err);
    },
  });
  body.pipeTo({ data: (slice) => out.push(slice) }).then(
    () => out.push(null),
    (err: Error) => out.destroy(err),
  );
  return out;
}
