import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { engineGet, engineGetStream, engineRequest } from '../../electron/core/engine/engine-stream';
import { saveToFile } from '../../electron/core/transfer/transfer-files';

// The socket-level HTTP of big transfers, against a small server that answers the way the
// engine does (chunked bodies in odd splits, errors in-stream). The real engine cannot be made
// to break off a save on purpose, so this is where that case is specified.
let dir: string;
let server: Server;
let docker: Dockerode;
let handler: (request: string, socket: Socket, body: Buffer) => void = () => undefined;

/** Writes `parts` with a pause between them, so the client sees them as separate reads. */
async function dribble(socket: Socket, parts: (string | Buffer)[]): Promise<void> {
  for (const p of parts) {
    socket.write(p);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const chunked = (payload: Buffer, size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let i = 0; i < payload.length; i += size) {
    const part = payload.subarray(i, i + size);
    out.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
  }
  out.push(Buffer.from('0\r\n\r\n'));
  return out;
};

async function sampleTar(): Promise<Buffer> {
  const p = pack();
  p.entry({ name: 'abc.json' }, '{}');
  p.entry({ name: 'layer/layer.tar', size: 70_000 }, Buffer.alloc(70_000, 3));
  p.entry({ name: 'manifest.json' }, '[]');
  p.finalize();
  const parts: Buffer[] = [];
  for await (const c of p) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function collect(body: NonNullable<Awaited<ReturnType<typeof engineGet>>>): Promise<Buffer> {
  const parts: Buffer[] = [];
  await body.pipeTo({ data: (slice) => (parts.push(Buffer.from(slice)), true) });
  return Buffer.concat(parts);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stevedore-engine-stream-'));
  const socketPath = join(dir, 'engine.sock');
  server = createServer((socket) => {
    let buf = Buffer.alloc(0);
    let started = false;
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const at = buf.indexOf('\r\n\r\n');
      if (at < 0) return;
      const head = buf.toString('latin1', 0, at);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (!started && (buf.length - at - 4 >= length || /early/.test(head))) {
        started = true;
        handler(head, socket, buf.subarray(at + 4));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(socketPath, () => r()));
  docker = new Dockerode({ socketPath });
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('streaming GET over the engine socket', () => {
  it('decodes a chunked body split at every awkward place, into a reused read buffer', async () => {
    const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    handler = (_req, socket) => {
      const wire = Buffer.concat([
        Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n'),
        ...chunked(payload, 32_768),
      ]);
      const cuts = [10, 70, 71, 200, 33_000, 33_001, 33_004, 100_000, wire.length - 3, wire.length];
      void dribble(
        socket,
        cuts.map((end, i) => wire.subarray(i === 0 ? 0 : cuts[i - 1], end)),
      ).then(() => socket.end());
    };
    const body = await engineGet(docker, '/images/get?names=x', { reuseBuffer: true });
    expect((await collect(body!)).equals(payload)).toBe(true);
  });

  it('reads a Content-Length body, and offers the body as a Readable', async () => {
    handler = (_req, socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    const stream = await engineGetStream(docker, '/x');
    const parts: Buffer[] = [];
    for await (const c of stream!) parts.push(c as Buffer);
    expect(Buffer.concat(parts).toString()).toBe('hello');
  });

  it("rejects a non-200 answer with the engine's words and status", async () => {
    handler = (_req, socket) => {
      const body = '{"message":"No such image: nope:1"}\n';
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    };
    const err = await engineGet(docker, '/images/get?names=nope:1').catch((e: unknown) => e);
    expect(toContractError(err)).toEqual({ code: 'NOT_FOUND', message: 'No such image: nope:1', detail: { status: 404 } });
  });

  it('fails a chunked body the engine cut off', async () => {
    handler = (_req, socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly-eight');
    const body = await engineGet(docker, '/x');
    await expect(collect(body!)).rejects.toThrow(/closed the connection/);
  });

  it('stops on abort, mid-body', async () => {
    handler = (_req, socket) => socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n');
    const abort = new AbortController();
    const body = await engineGet(docker, '/x', { signal: abort.signal });
    const reading = body!.pipeTo({ data: () => (abort.abort(), true) });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ends the request with the error of a sink that fails (a full disk), without throwing elsewhere', async () => {
    handler = (_req, socket) => {
      void dribble(socket, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', '4\r\nabcd\r\n', '4\r\nefgh\r\n', '0\r\n\r\n']).then(
        () => socket.end(),
      );
    };
    const body = await engineGet(docker, '/x', { reuseBuffer: true });
    const reading = body!.pipeTo({
      data: () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
    });
    await expect(reading).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('uploads a body and reads the answer; an early answer stops the upload', async () => {
    handler = (req, socket, body) => {
      expect(req).toMatch(/^POST \/images\/load\?quiet=0 HTTP\/1.1/);
      socket.end(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n${body.length === 6 ? 'ok' : 'no'}`);
    };
    const sent = await engineRequest(docker, {
      method: 'POST',
      path: '/images/load?quiet=0',
      headers: { 'Content-Length': '6' },
      upload: async (write) => {
        await write(Buffer.from('abc'));
        await write(Buffer.from('def'));
      },
    });
    expect((await collect(sent!)).toString()).toBe('ok');

    handler = (_req, socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nrefused');
    let writes = 0;
    const early = await engineRequest(docker, {
      method: 'POST',
      path: '/early',
      headers: { 'Content-Length': String(1024 * 1024 * 1024) },
      upload: async (write) => {
        for (;;) {
          await write(Buffer.alloc(64 * 1024));
          writes++;
        }
      },
    });
    expect((await collect(early!)).toString()).toBe('refused');
    expect(writes).toBeLessThan(16 * 1024);
  });
});

describe('a save the engine breaks off', () => {
  it("fails with the engine's words, appended to the tar, and leaves no file", async () => {
    const tar = await sampleTar();
    const error =
      '{"errorDetail":{"message":"write /var/lib/docker/tmp/x: no space left on device"},"error":"write /var/lib/docker/tmp/x: no space left on device"}\n';
    handler = (_req, socket) => {
      const wire = [
        Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
        ...chunked(Buffer.concat([tar.subarray(0, 20_000), Buffer.from(error)]), 4096),
      ];
      void dribble(socket, wire).then(() => socket.end());
    };
    const out = mkdtempSync(join(dir, 'save-'));
    const err = await saveToFile(docker, ['x'], join(out, 'x.tar')).catch((e: unknown) => e);
    expect(toContractError(err)).toMatchObject({ code: 'INTERNAL', message: 'write /var/lib/docker/tmp/x: no space left on device' });
    expect(readdirSync(out)).toEqual([]);
  });

  it('writes a whole tar, in any split, byte for byte', async () => {
    const tar = await sampleTar();
    handler = (_req, socket) => {
      void dribble(socket, [Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), ...chunked(tar, 7000)]).then(() =>
        socket.end(),
      );
    };
    const out = mkdtempSync(join(dir, 'save-'));
    const result = await saveToFile(docker, ['x'], join(out, 'x.tar'));
    expect(result.bytes).toBe(tar.length);
    expect(existsSync(join(out, 'x.tar.partial'))).toBe(false);
    expect(readFileSync(join(out, 'x.tar')).equals(tar)).toBe(true);
  });
});
