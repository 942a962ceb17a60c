// BADINPUT: what an attacker page (or a broken renderer) could send the loopback bridge. Every
// malformed WebSocket request gets INVALID_ARGUMENT, every HTTP request with a wrong token,
// origin, host, method or body gets the documented refusal, the core keeps serving after each
// batch, and nothing reaches the engine: the core talks to the engine through a recording proxy,
// and the proxy must see no request while a batch runs.
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import WebSocket from 'ws';
import { bridgeSubprotocols } from '../../shared/bridge-protocol';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { TOKEN_HEADER } from '../../electron/bridge/transfer-routes';
import type { Result } from '../../shared/contract';
import { buildCorpus, type BadFrame } from './support/bad-requests';
import { startPrivateCore, type PrivateCore } from './support/core-harness';
import { PRIVATE_ENGINE_SOCKET, PRIVATE_STACK_DIR } from './support/private-stack';
import { SocketProxy } from './support/socket-proxy';
import { countedCase, reportAfterAll } from './support/counted-case';
import { Tally } from './support/tally';

const tally = new Tally('BADINPUT', 'bridge');
reportAfterAll(tally);

let pc: PrivateCore;
let proxy: SocketProxy;
let bridge: Bridge;

interface Answer {
  id: number | null;
  result?: Result<unknown>;
  /** Close code when the bridge dropped the connection instead of answering. */
  closed?: number;
}

/** One WebSocket client that sends a frame and waits for its result frame (events are skipped). */
class Client {
  private ws!: WebSocket;
  private waiting: ((a: Answer) => void) | undefined;

  async open(): Promise<void> {
    this.ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(bridge.token), { headers: { origin: bridge.origin } });
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id: number | null; result: Result<unknown> };
      if (frame.type !== 'result') return;
      const w = this.waiting;
      this.waiting = undefined;
      w?.({ id: frame.id, result: frame.result });
    });
    this.ws.on('close', (code) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.({ id: null, closed: code });
    });
    await new Promise<void>((res, rej) => {
      this.ws.once('open', () => res());
      this.ws.once('error', rej);
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(text: string | Buffer, binary = false): Promise<Answer> {
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error('no answer within 10 s')), 10_000);
      this.waiting = (a) => {
        clearTimeout(timer);
        res(a);
      };
      this.ws.send(text, { binary });
    });
  }

  close(): void {
    this.ws?.terminate();
  }
}

let client: Client;

const idOf = (text: string): number | undefined => {
  const m = /"id":(\d+),"channel"/.exec(text.slice(0, 200));
  return m ? Number(m[1]) : undefined;
};

/** The engine saw nothing in [since, now] but the core's own liveness traffic (none expected). */
function engineRequestsSince(since: number): string[] {
  return proxy
    .requestsSince(since)
    .filter((r) => !/^(?:\/v[\d.]+)?\/(?:_ping|version|events)\b/.test(r.path))
    .map((r) => `${r.method} ${r.path}`);
}

async function validRequestWorks(): Promise<void> {
  if (!client.isOpen) {
    client = new Client();
    await client.open();
  }
  const a = await client.send(JSON.stringify({ type: 'invoke', id: 999_999, channel: 'images.list', request: {} }));
  expect(a.result).toMatchObject({ ok: true });
}

interface HttpAnswer {
  status: number;
  body: string;
}

function http(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<HttpAnswer> {
  return new Promise((res, rej) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: bridge.port, method, path, headers: { host: `127.0.0.1:${bridge.port}`, ...headers } },
      (r) => {
        const parts: Buffer[] = [];
        r.on('data', (b: Buffer) => parts.push(b));
        r.on('end', () => res({ status: r.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      },
    );
    req.on('error', rej);
    req.end(body);
  });
}

/** An upgrade attempt with the given parts; resolves with the HTTP status of the refusal (or 101). */
function upgrade(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((res) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}${path}`, { headers });
    ws.on('unexpected-response', (_req, r) => {
      res(r.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      res(101);
      ws.terminate();
    });
    ws.on('error', () => res(-1));
  });
}

describe('bad input through the loopback bridge', () => {
  beforeAll(async () => {
    proxy = new SocketProxy({ listen: { path: `${PRIVATE_STACK_DIR}/rel-badinput.sock` }, target: { path: PRIVATE_ENGINE_SOCKET } });
    await proxy.start();
    pc = await startPrivateCore(proxy.address);
    bridge = await startBridge({ core: pc.core, staticDir: resolve(import.meta.dirname, '../../dist/renderer') });
    client = new Client();
    await client.open();
  });
  afterAll(async () => {
    client?.close();
    await bridge?.close();
    pc?.dispose();
    await proxy?.close();
  });

  const corpus = buildCorpus();
  // Batches by channel (or kind), so a failure names where the core stopped serving.
  const batches = new Map<string, BadFrame[]>();
  for (const f of corpus) {
    const key = f.malformedFrame
      ? 'malformed frames'
      : f.name.startsWith('unknown channel') || f.name.startsWith('channel ')
        ? 'unknown channels'
        : f.name.split(' ')[0];
    batches.set(key, [...(batches.get(key) ?? []), f]);
  }

  for (const [batch, frames] of batches) {
    for (const f of frames) tally.declare(f.name);
    countedCase(tally, `batch ${batch}: ${frames.length} malformed requests refused, nothing reached the engine`, async () => {
      const since = Date.now();
      const outcomes = new Map<string, boolean>();
      const wrong: string[] = [];
      for (const f of frames) {
        if (!client.isOpen) {
          client = new Client();
          await client.open();
        }
        const a = await client.send(f.text);
        const ok =
          a.result?.ok === false &&
          a.result.error.code === 'INVALID_ARGUMENT' &&
          (f.malformedFrame ? a.id === null : a.id === idOf(f.text));
        outcomes.set(f.name, ok);
        if (!ok) wrong.push(`${f.name} -> ${JSON.stringify(a).slice(0, 200)}`);
      }
      const reached = engineRequestsSince(since);
      // A request counts as rejected only if it was refused AND the batch reached nothing.
      for (const [name, ok] of outcomes) tally.record(name, ok && reached.length === 0);
      expect(wrong).toEqual([]);
      expect(reached).toEqual([]);
      expect(Object.prototype).not.toHaveProperty('polluted');
      await validRequestWorks();
    });
  }

  // Binary and oversized frames: refused (the oversized one by closing with 1009, as documented).
  countedCase(tally, 'binary frame: Malformed bridge frame', async () => {
    const a = await client.send(Buffer.from(JSON.stringify({ type: 'invoke', id: 1, channel: 'images.list', request: {} })), true);
    expect(a).toMatchObject({ id: null, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    await validRequestWorks();
  });
  countedCase(tally, 'frame over 1 MiB: connection closed with 1009, the next connection works', async () => {
    const since = Date.now();
    const a = await client.send(
      JSON.stringify({ type: 'invoke', id: 2, channel: 'images.list', request: { filters: ['x'.repeat(2 * 1024 * 1024)] } }),
    );
    expect(a.closed).toBe(1009);
    expect(engineRequestsSince(since)).toEqual([]);
    await validRequestWorks();
  });

  // The WebSocket door itself.
  const upgrades: [string, () => [string, Record<string, string>], number][] = [
    ['upgrade without token', () => ['/ws', { origin: bridge.origin }], 401],
    ['upgrade with a wrong token', () => ['/ws?token=' + 'x'.repeat(43), { origin: bridge.origin }], 401],
    ['upgrade with the token of another length', () => ['/ws?token=abc', { origin: bridge.origin }], 401],
    ['upgrade from another origin', () => [`/ws?token=${bridge.token}`, { origin: 'http://evil.example' }], 403],
    ['upgrade from a null origin', () => [`/ws?token=${bridge.token}`, { origin: 'null' }], 403],
    ['upgrade without origin', () => [`/ws?token=${bridge.token}`, {}], 403],
    [
      'upgrade with a rebinding host',
      () => [`/ws?token=${bridge.token}`, { origin: bridge.origin, host: `evil.example:${bridge.port}` }],
      403,
    ],
    ['upgrade on another path', () => [`/wss?token=${bridge.token}`, { origin: bridge.origin }], 404],
    ['upgrade on a traversal path', () => [`/ws/../ws/x?token=${bridge.token}`, { origin: bridge.origin }], 404],
  ];
  for (const [name, parts, status] of upgrades) {
    countedCase(tally, name, async () => {
      const [path, headers] = parts();
      expect(await upgrade(path, headers)).toBe(status);
    });
  }

  // The HTTP routes of save and load, as a page elsewhere (or a confused one) would call them.
  const notTar = Buffer.from('this is not an image archive, just text\n'.repeat(20));
  const good = () => ({ origin: bridge.origin, [TOKEN_HEADER]: bridge.token });
  const routes: [string, () => Promise<HttpAnswer>, number, RegExp?][] = [
    ['GET save without token', () => http('GET', '/transfer/save?refs=rel/base:1', {}), 401],
    ['GET save with a wrong token in the query', () => http('GET', '/transfer/save?refs=rel/base:1&token=nope', {}), 401],
    [
      'GET save from another origin',
      () => http('GET', `/transfer/save?refs=rel/base:1&token=${bridge.token}`, { origin: 'http://evil.example' }),
      403,
    ],
    [
      'GET save cross-site fetch',
      () => http('GET', `/transfer/save?refs=rel/base:1&token=${bridge.token}`, { 'sec-fetch-site': 'cross-site' }),
      403,
    ],
    [
      'GET save with a rebinding host',
      () => http('GET', `/transfer/save?refs=rel/base:1&token=${bridge.token}`, { host: 'evil.example' }),
      403,
    ],
    ['GET save without refs', () => http('GET', '/transfer/save', good()), 400, /INVALID_ARGUMENT/],
    ['GET save with an empty ref', () => http('GET', '/transfer/save?refs=', good()), 400, /INVALID_ARGUMENT/],
    ['GET save with 257 refs', () => http('GET', `/transfer/save?${'refs=a&'.repeat(257)}`, good()), 400, /INVALID_ARGUMENT/],
    ['GET save with a huge ref', () => http('GET', `/transfer/save?refs=${'a'.repeat(5000)}`, good()), 400, /INVALID_ARGUMENT/],
    [
      'GET save with a traversal ref',
      () => http('GET', '/transfer/save?refs=../../../../etc/passwd', good()),
      400,
      /INVALID_(ARGUMENT|REFERENCE)/,
    ],
    ['GET save with a NUL in the ref', () => http('GET', '/transfer/save?refs=rel%00base', good()), 400, /INVALID_(ARGUMENT|REFERENCE)/],
    ['POST save (wrong method)', () => http('POST', '/transfer/save', good(), ''), 405],
    ['GET load (wrong method)', () => http('GET', `/transfer/load?token=${bridge.token}`, {}), 405],
    ['POST load without origin', () => http('POST', '/transfer/load', { [TOKEN_HEADER]: bridge.token }, notTar), 403],
    [
      'POST load from another origin',
      () => http('POST', '/transfer/load', { origin: 'http://evil.example', [TOKEN_HEADER]: bridge.token }, notTar),
      403,
    ],
    [
      'POST load with the token in the query only',
      () => http('POST', `/transfer/load?token=${bridge.token}`, { origin: bridge.origin }, notTar),
      401,
    ],
    [
      'POST load with a wrong token',
      () => http('POST', '/transfer/load', { origin: bridge.origin, [TOKEN_HEADER]: 'x'.repeat(43) }, notTar),
      401,
    ],
    ['POST load of text', () => http('POST', '/transfer/load?name=notes.txt', good(), notTar), 400, /not an image archive/],
    ['POST load of nothing', () => http('POST', '/transfer/load?name=empty.tar', good(), ''), 400, /is empty/],
    [
      'POST load with a traversal name',
      () => http('POST', '/transfer/load?name=../../../../etc/passwd', good(), notTar),
      400,
      /passwd is not an image archive/,
    ],
    [
      'POST load with a control-character name',
      () => http('POST', '/transfer/load?name=%1b[31mred%00.tar', good(), notTar),
      400,
      /INVALID_ARGUMENT/,
    ],
    ['POST preview of text', () => http('POST', '/transfer/preview?name=x.tar', good(), notTar), 400, /not an image archive/],
    ['POST preview of nothing', () => http('POST', '/transfer/preview', good(), ''), 400, /is empty/],
    [
      'POST preview of a tar header with garbage',
      () => http('POST', '/transfer/preview', good(), Buffer.concat([Buffer.from('ustar'), Buffer.alloc(1024, 7)])),
      400,
      /INVALID_ARGUMENT/,
    ],
    ['unknown transfer route', () => http('GET', `/transfer/exec?token=${bridge.token}`, {}), 404],
    ['static traversal', () => http('GET', '/../../../../etc/passwd', {}), 404],
    ['static encoded traversal', () => http('GET', '/%2e%2e/%2e%2e/etc/passwd', {}), 404],
  ];
  for (const [name, call, status, body] of routes) {
    countedCase(tally, `http: ${name}`, async () => {
      const since = Date.now();
      const a = await call();
      expect(a.status).toBe(status);
      if (body) expect(a.body).toMatch(body);
      expect(engineRequestsSince(since)).toEqual([]);
    });
  }

  countedCase(tally, 'after everything: the core still serves and the corpus had at least 500 requests', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    await validRequestWorks();
  });
});
