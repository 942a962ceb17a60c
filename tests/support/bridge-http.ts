// One HTTP request to a test's loopback bridge (electron/bridge/server.ts) with node:http, the
// body read whole: what the bridge tests send to its transfer and explore routes.
import { createReadStream } from 'node:fs';
import { request } from 'node:http';

export interface BridgeReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface BridgeRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as is; or `file`, streamed from disk. */
  body?: Buffer | string;
  file?: string;
}

/** `path` on the bridge at 127.0.0.1:`port`, with the matching Host header (the bridge refuses any other). */
export function bridgeHttp(port: number, path: string, opts: BridgeRequest = {}): Promise<BridgeReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.file) createReadStream(opts.file).pipe(req);
    else req.end(opts.body);
  });
}
