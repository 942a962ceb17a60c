// Owns raw Engine API calls where dockerode's helpers get in the way: it echoes the query as a
// JSON body on POST (which /commit would read as a container config). Paths carrying names are
// built by engine-name.ts (the one door); the path is checked again here before it is sent.
import type Dockerode from 'dockerode';
import { checkEnginePath } from './engine-name';
import './engine-transport';

export interface EngineCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path without query; names only through engine-name.ts (`imagePath`, `containerPath`). */
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  signal?: AbortSignal;
  /** Status codes that count as success, besides the defaults 200/201/204. */
  ok?: number[];
}

/** Reason words dockerode would attach; only used to build its "(HTTP code N) reason - message" text. */
const REASONS: Record<number, string> = {
  400: 'bad parameter',
  404: 'no such image',
  409: 'conflict',
  500: 'server error',
};

/** Sends one request and resolves with the parsed JSON body (or null); rejects like dockerode does. */
export function engineCall<T = unknown>(docker: Dockerode, call: EngineCall): Promise<T> {
  try {
    checkEnginePath(call.path);
  } catch (err) {
    return Promise.reject(err);
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(call.query ?? {})) {
    if (v === undefined) continue;
    query[k] = Array.isArray(v) ? v : String(v);
  }
  const statusCodes: Record<number, true | string> = { 200: true, 201: true, 204: true, ...REASONS };
  for (const s of call.ok ?? []) statusCodes[s] = true;
  const modem = docker.modem as unknown as {
    dial(options: Record<string, unknown>, cb: (err: unknown, data: unknown) => void): void;
  };
  return new Promise<T>((resolve, reject) => {
    modem.dial(
      {
        path: `${call.path}?`,
        method: call.method,
        statusCodes,
        abortSignal: call.signal,
        // `_query` is what goes in the URL; an empty `_body` means no request body at all.
        options: { _query: query, _body: {} },
      },
      (err, data) => {
        if (err) reject(err);
        else resolve((Buffer.isBuffer(data) ? (data.length ? data.toString('utf8') : null) : (data ?? null)) as T);
      },
    );
  });
}
