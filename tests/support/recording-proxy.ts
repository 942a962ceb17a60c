// A loopback HTTP relay in front of a registry for the registry copy tests: it records each
// request's method and path, forwards it with the Host header kept (so the registry's upload
// Locations point back at the relay), and lets a test hold a request (to cancel mid-copy) or
// change a response's bytes (a registry serving wrong bytes).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
}

export interface ProxyHooks {
  /** Return 'hold' to never forward this request (it stays open until the client goes away). */
  onRequest?: (r: Recorded) => 'hold' | undefined;
  /** Rewrites a response body chunk (the length is kept by the caller). */
  transform?: (r: Recorded, chunk: Buffer) => Buffer;
}

export interface RecordingProxy {
  /** `127.0.0.1:<port>`: a loopback registry host to give the client. */
  host: string;
  requests: Recorded[];
  hooks: ProxyHooks;
  stop(): Promise<void>;
}

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const [upstreamHost, upstreamPort] = upstream.split(':');
  const requests: Recorded[] = [];
  const hooks: ProxyHooks = {};
  const server = http.createServer((req, res) => {
    const r = { method: req.method ?? 'GET', path: req.url ?? '/' };
    requests.push(r);
    if (hooks.onRequest?.(r) === 'hold') {
      req.resume();
      return;
    }
    const out = http.request(
      { host: upstreamHost, port: Number(upstreamPort), method: r.method, path: r.path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const transform = hooks.transform;
        if (transform) answer.on('data', (chunk: Buffer) => res.write(transform(r, chunk)));
        else answer.on('data', (chunk: Buffer) => res.write(chunk));
        answer.on('end', () => res.end());
        answer.on('error', () => res.destroy());
      },
    );
    out.on('error', () => res.destroy());
    // The client went away (a cancelled copy): so does the request to the registry.
    res.on('close', () => {
      if (!res.writableEnded) out.destroy();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    hooks,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Uploads the relay saw started or finished (POST …/blobs/uploads/, PUT/PATCH on a session). */
export const uploadsOf = (requests: Recorded[]) =>
  requests.filter((r) => /\/blobs\/uploads\//.test(r.path) && ['POST', 'PUT', 'PATCH'].includes(r.method));
