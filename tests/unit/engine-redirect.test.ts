// No engine redirect is ever followed: a fake engine on a unix socket answers every request with a
// 301 to a loopback probe server; dockerode's requests (docker-modem), engineCall and the project's
// own socket client (engine-stream.ts) all fail with an error naming the engine, and the probe
// receives nothing. A Location on a closed port does not end the process. A path the engine would
// clean is refused before the fake engine sees a byte.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineConnection } from '../../electron/core/engine/engine';
import { engineCall } from '../../electron/core/engine/engine-api';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { engineGetStream, engineRequest } from '../../electron/core/engine/engine-stream';
import { imageHistory, inspectImage } from '../../electron/core/images/history';

let dir: string;
let engine: Server;
let probe: HttpServer;
let probePort: number;
let closedPort: number;
/** Request lines the fake engine received. */
let engineSaw: string[] = [];
/** Requests that reached the probe (the Location target): must stay empty. */
let probeSaw: string[] = [];
let location = '';
let docker: EngineConnection['docker'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stevedore-redirect-'));
  probe = createHttpServer((req, res) => {
    probeSaw.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  probePort = (probe.address() as AddressInfo).port;
  // A port that was free a moment ago: nothing listens there.
  const tmp = createHttpServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  closedPort = (tmp.address() as AddressInfo).port;
  await new Promise((r) => tmp.close(r));

  engine = createServer((sock: Socket) => {
    let head = '';
    sock.on('error', () => undefined);
    sock.on('data', (b) => {
      head += b.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      engineSaw.push(head.split('\r\n')[0]);
      sock.end(
        `HTTP/1.1 301 Moved Permanently\r\nLocation: ${location}\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\n<a>x</a>\n`,
      );
      head = '';
    });
  });
  const socketPath = join(dir, 'engine.sock');
  await new Promise<void>((r) => engine.listen(socketPath, r));
  docker = new EngineConnection({ endpoint: { host: `unix://${socketPath}`, source: 'env' } }).docker;
});

afterAll(async () => {
  await new Promise((r) => engine?.close(r));
  await new Promise((r) => probe?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  engineSaw = [];
  probeSaw = [];
  location = `http://127.0.0.1:${probePort}/x/json`;
});

/** What a request ended with, as the contract error the UI would get. */
async function outcome(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return toContractError(err);
  }
  throw new Error('the request succeeded through a redirect');
}

const redirected = expect.objectContaining({
  code: 'INTERNAL',
  message: expect.stringMatching(
    /^The Docker engine at unix:\/\/.*engine\.sock answered with a redirect \(HTTP 301 to http:\/\/127\.0\.0\.1:\d+\/x\/json\); Stevedore follows no engine redirect/,
  ),
});

/** Gives a redirected request the time it would need to reach the probe. */
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('a 301 from the engine is refused', () => {
  it('by dockerode requests (docker-modem): inspect, history, image list', async () => {
    expect(await outcome(docker.getImage('busybox').inspect())).toEqual(redirected);
    expect(await outcome(inspectImage(docker, 'busybox'))).toEqual(redirected);
    expect(await outcome(imageHistory(docker, 'busybox'))).toEqual(redirected);
    expect(await outcome(docker.listImages())).toEqual(redirected);
    await settle();
    expect(engineSaw).toHaveLength(4);
    expect(probeSaw).toEqual([]);
  });

  it('by engineCall', async () => {
    expect(await outcome(engineCall(docker, { method: 'GET', path: '/images/busybox/json' }))).toEqual(redirected);
    await settle();
    expect(engineSaw).toEqual([expect.stringMatching(/^GET \/images\/busybox\/json\b/)]);
    expect(probeSaw).toEqual([]);
  });

  it('by the own socket client (engine-stream.ts), GET and POST', async () => {
    expect(await outcome(engineGetStream(docker, '/images/get?names=busybox'))).toEqual(redirected);
    expect(
      await outcome(engineRequest(docker, { method: 'POST', path: '/images/load?quiet=0', headers: { 'Content-Length': '0' } })),
    ).toEqual(redirected);
    await settle();
    expect(engineSaw).toHaveLength(2);
    expect(probeSaw).toEqual([]);
  });

  it('with a Location on a closed port, the process keeps running and the request fails', async () => {
    location = `http://127.0.0.1:${closedPort}/x/json`;
    expect(await outcome(docker.getImage('busybox').inspect())).toMatchObject({ code: 'INTERNAL' });
    expect(await outcome(engineGetStream(docker, '/images/get?names=busybox'))).toMatchObject({ code: 'INTERNAL' });
    await settle();
    expect(engineSaw).toHaveLength(2);
  });
});

describe('a path the engine would clean is never sent', () => {
  it.each(['../../127.0.0.1:9/x', '..%2F..%2Fx', 'a/./b'])('dockerode getImage(%j) without the door', async (name) => {
    expect(await outcome(docker.getImage(name).inspect())).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await outcome(engineGetStream(docker, `/images/${name}/get`))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    await settle();
    expect(engineSaw).toEqual([]);
  });

  it('the door refuses the name itself first', async () => {
    expect(await outcome(inspectImage(docker, '../../x'))).toMatchObject({ code: 'INVALID_REFERENCE' });
    expect(engineSaw).toEqual([]);
  });
});

describe('the guard sits where dockerode sends', () => {
  it('dockerode uses the one docker-modem whose request functions engine-transport.ts replaced (a nested copy would follow redirects again)', async () => {
    const { default: Modem } = await import('docker-modem');
    const { default: Dockerode } = await import('dockerode');
    expect(new Dockerode({ socketPath: join(dir, 'engine.sock') }).modem).toBeInstanceOf(Modem);
  });
});
