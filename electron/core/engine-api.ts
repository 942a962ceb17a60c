// Owns raw Engine API calls where dockerode's helpers get in the way: it echoes the query as a
// JSON body on POST (which /commit would read as a container config) and puts names into the
// path unescaped (a `#` or `?` in a name would cut the URL).
import type Dockerode from 'dockerode';

export interface EngineCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path without query, segments already escaped with `escapePathName` where they carry names. */
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

/**
 * Escapes a name for one path segment the way the Go client does (url.PathEscape per element):
 * keeps `/` (the engine routes `/images/{name:.*}`), `:` and `@`, escapes the rest that is not
 * unreserved.
 */
export function escapePathName(name: string): string {
  return encodeURIComponent(name).replace(/%2F/gi, '/').replace(/%3A/gi, ':').replace(/%40/gi, '@');
}

/** Sends one request and resolves with the parsed JSON body (or null); rejects like dockerode does. */
export function engineCall<T = unknown>(docker: Dockerode, call: EngineCall): Promise<T> {
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
