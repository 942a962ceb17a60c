// A blob copy's stream (blob-copy.ts through registry-stream.ts) between two loopback stand-in
// registries: the source is read no further ahead of the target than the sockets' buffers (a slow
// target slows the source), the upload says its length (no chunked body) and carries the Authorization the upload's
// POST settled, and wrong bytes never reach the target whole.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { RegistryClient } from '../../electron/core/registries/registry-client';
import { closeRegistryTransports } from '../../electron/core/registries/registry-transport';
import { type BlobCopyContext, copyBlob } from '../../electron/core/registry-copy/blob-copy';
import { copySide, pushScope } from '../../electron/core/registry-copy/copy-side';

const MiB = 1024 * 1024;
const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  await closeRegistryTransports();
});

/** A blob of `parts` MiB (one random MiB repeated) and its digest. */
function blobOf(parts: number) {
  const part = randomBytes(MiB);
  const hash = createHash('sha256');
  for (let i = 0; i < parts; i++) hash.update(part);
  return { part, parts, size: parts * MiB, digest: `sha256:${hash.digest('hex')}` };
}

type Blob = ReturnType<typeof blobOf>;

/** Until the response can take more (or is gone). */
const drained = (res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });

/** The source: serves the blob (the last byte flipped when `corrupt`), written as the socket drains; `sent` counts what left. */
async function sourceRegistry(blob: Blob, corrupt = false) {
  const state = { sent: 0 };
  const host = await serve(async (req, res) => {
    if (req.method !== 'GET' || req.url !== `/v2/s/blobs/${blob.digest}`) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Length': String(blob.size), 'Content-Type': 'application/octet-stream' });
    for (let i = 0; i < blob.parts && !res.destroyed; i++) {
      let chunk = blob.part;
      if (corrupt && i === blob.parts - 1) {
        chunk = Buffer.from(blob.part);
        chunk[chunk.length - 1] ^= 0xff;
      }
      state.sent += chunk.length;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  });
  return { host, state };
}

/** The target: Basic auth, one upload session; its PUT is read slowly (a pause after each chunk), noting how far the source was ahead. */
async function targetRegistry(blob: Blob, source: { sent: number }) {
  const state = { received: 0, maxLead: 0, put: undefined as undefined | { length?: string; authorization?: string; chunked: boolean } };
  const good = `Basic ${Buffer.from('u:p').toString('base64')}`;
  const host = await serve((req, res) => {
    if (req.headers.authorization !== good) {
      req.resume();
      return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="t"' }).end();
    }
    if (req.method === 'POST' && req.url === '/v2/t/blobs/uploads/') {
      return void res.writeHead(202, { Location: '/v2/t/blobs/uploads/u1' }).end();
    }
    if (req.method === 'PUT' && req.url === `/v2/t/blobs/uploads/u1?digest=${encodeURIComponent(blob.digest)}`) {
      state.put = {
        length: req.headers['content-length'],
        authorization: req.headers.authorization,
        chunked: 'transfer-encoding' in req.headers,
      };
      req.on('data', (chunk: Buffer) => {
        state.received += chunk.length;
        state.maxLead = Math.max(state.maxLead, source.sent - state.received);
        req.pause();
        setTimeout(() => req.resume(), 1);
      });
      req.on('end', () => res.writeHead(201).end());
      return;
    }
    req.resume();
    res.writeHead(404).end();
  });
  return { host, state };
}

function context(sourceHost: string, targetHost: string): BlobCopyContext {
  const client = (host: string, auth: boolean) =>
    new RegistryClient(host, { authFor: (h) => (auth && h === host ? { username: 'u', password: 'p' } : null) });
  return {
    source: copySide('source', client(sourceHost, false), sourceHost, 's'),
    target: copySide('target', client(targetHost, true), targetHost, 't'),
    targetScope: pushScope('t'),
    sameRegistry: false,
    onBytes: () => undefined,
  };
}

describe('a blob streamed from one registry to another', () => {
  it('reads the source no further ahead than the target takes it, and says the length with the settled credentials', async () => {
    const blob = blobOf(96);
    const source = await sourceRegistry(blob);
    const target = await targetRegistry(blob, source.state);
    expect(await copyBlob(context(source.host, target.host), { digest: blob.digest, size: blob.size, mediaType: 'x' })).toBe('uploaded');
    expect(target.state.received).toBe(blob.size);
    expect(target.state.put).toEqual({
      length: String(blob.size),
      authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
      chunked: false,
    });
    // Socket buffers on both connections and a few stream buffers (about 10 MiB here), never the
    // blob: a copy that buffered what the target had not taken yet fails this.
    expect(target.state.maxLead).toBeLessThan(40 * MiB);
  }, 120_000);

  it('names the source for bytes that are not the blob, and the target never gets the whole body', async () => {
    const blob = blobOf(3);
    const source = await sourceRegistry(blob, true);
    const target = await targetRegistry(blob, source.state);
    const err = await copyBlob(context(source.host, target.host), { digest: blob.digest, size: blob.size, mediaType: 'x' }).then(
      () => undefined,
      (e: unknown) => toContractError(e),
    );
    expect(err?.message).toMatch(
      new RegExp(`^The source registry ${source.host} failed serving ${blob.digest}: its bytes hash to sha256:`),
    );
    expect(target.state.received).toBeLessThan(blob.size);
  });
});
