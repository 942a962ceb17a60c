import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeSubprotocols, type DownloadTicket } from '../../shared/bridge-protocol';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { TOKEN_HEADER } from '../../electron/bridge/transfer-routes';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { bridgeHttp, type BridgeRequest } from '../support/bridge-http';

// The tar routes move whole images between a browser and the Docker socket: only our own page,
// holding the token, may use them; a download link holds a one-time ticket instead of the token.
// (The engine here is unreachable on purpose: nothing is sent; a request past the guard gets 503.)
const TOKEN = 'transfer-token-value-0123456789abcdef';
const TICKET_TTL_MS = 60_000;
/** The tickets' clock, moved by hand: no test sleeps. */
let clock = 1_000_000;
let bridge: Bridge;
const core = new StevedoreCore({
  engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }),
});

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startBridge({ core, staticDir: dir, token: TOKEN, now: () => clock, ticketTtlMs: TICKET_TTL_MS });
});
afterAll(async () => {
  await bridge.close();
  core.dispose();
});

/** A request to this test's bridge, its body read as text. */
async function call(path: string, opts?: BridgeRequest): Promise<{ status: number; body: string }> {
  const r = await bridgeHttp(bridge.port, path, opts);
  return { status: r.status, body: r.body.toString('utf8') };
}

const ours = () => ({ origin: bridge.origin, [TOKEN_HEADER]: TOKEN });
const tarBody = Buffer.alloc(1024); // content is irrelevant: refusals come first

describe('bridge tar routes', () => {
  it('refuse a download without the token, or with a wrong one', async () => {
    expect((await call('/transfer/save?refs=busybox')).status).toBe(401);
    expect((await call('/transfer/save?refs=busybox', { headers: { [TOKEN_HEADER]: `${TOKEN.slice(0, -1)}g` } })).status).toBe(401);
  });

  it('refuse an upload or a preview without the token', async () => {
    for (const path of ['/transfer/load', '/transfer/preview']) {
      expect((await call(path, { method: 'POST', headers: { origin: bridge.origin }, body: tarBody })).status).toBe(401);
    }
  });

  it('never take the token from the URL of a POST', async () => {
    const r = await call(`/transfer/load?token=${TOKEN}`, { method: 'POST', headers: { origin: bridge.origin }, body: tarBody });
    expect(r.status).toBe(401);
  });

  it('refuse a foreign Origin even with the token', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${bridge.port + 1}`]) {
      const headers = { ...ours(), origin };
      expect((await call('/transfer/save?refs=busybox', { headers })).status).toBe(403);
      expect((await call('/transfer/load', { method: 'POST', headers, body: tarBody })).status).toBe(403);
      expect((await call('/transfer/preview', { method: 'POST', headers, body: tarBody })).status).toBe(403);
    }
  });

  it('refuse a POST that carries no Origin (a browser always sends one)', async () => {
    const r = await call('/transfer/load', { method: 'POST', headers: { [TOKEN_HEADER]: TOKEN }, body: tarBody });
    expect(r.status).toBe(403);
  });

  it('refuse a cross-site request that a browser marks with Sec-Fetch-Site', async () => {
    const r = await call(`/transfer/save?refs=busybox&token=${TOKEN}`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(r.status).toBe(403);
  });

  it('refuse a rebinding Host even with the token', async () => {
    const r = await call('/transfer/save?refs=busybox', { headers: { ...ours(), host: `evil.example:${bridge.port}` } });
    expect(r.status).toBe(403);
  });

  it('refuse the wrong method and unknown paths', async () => {
    expect((await call('/transfer/load', { headers: ours() })).status).toBe(405);
    expect((await call('/transfer/save?refs=a', { method: 'POST', headers: ours(), body: '' })).status).toBe(405);
    expect((await call('/transfer/other', { headers: ours() })).status).toBe(404);
  });

  it('let our page through: an upload that is not an archive is refused before the engine is asked', async () => {
    const r = await call('/transfer/load?name=notes.txt', { method: 'POST', headers: ours(), body: 'just some text\n' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('notes.txt is not an image archive') },
    });
    const empty = await call('/transfer/preview?name=empty.tar', { method: 'POST', headers: ours(), body: '' });
    expect(JSON.parse(empty.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'empty.tar is empty' } });
  });

  it('refuse the long-lived token in a download URL, even the right one, even with the header too', async () => {
    const link = { 'sec-fetch-site': 'same-origin' };
    expect((await call(`/transfer/save?refs=busybox&token=${TOKEN}`, { headers: link })).status).toBe(401);
    expect((await call(`/transfer/save?refs=busybox&token=${TOKEN}`, { headers: { ...link, [TOKEN_HEADER]: TOKEN } })).status).toBe(401);
  });

  it('let a program that sends the token in the header download by name (no URL carries it)', async () => {
    const r = await call('/transfer/save?refs=busybox', { headers: ours() });
    expect(r.status).toBe(503);
  });

  it('refuse channels that take local file paths over the WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(TOKEN), { origin: bridge.origin });
    await new Promise((r) => ws.on('open', r));
    const requests = [
      { channel: 'images.save', request: { refs: ['busybox'], path: '/home/someone/.bashrc' } },
      { channel: 'images.load', request: { paths: ['/etc/passwd'] } },
      { channel: 'images.loadPreview', request: { path: '/etc/passwd' } },
    ];
    for (const [i, r] of requests.entries()) {
      const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
      ws.send(JSON.stringify({ type: 'invoke', id: i, ...r }));
      expect(JSON.parse(await reply)).toMatchObject({ id: i, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    }
    ws.close();
  });
});

/** Asks for a download ticket as the page does: a bridge-only frame over the authenticated WebSocket. */
async function ticketFor(
  refs: unknown,
): Promise<{ ok: true; value: DownloadTicket } | { ok: false; error: { code: string; message: string } }> {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(TOKEN), { origin: bridge.origin });
  await new Promise((r) => ws.on('open', r));
  const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
  ws.send(JSON.stringify({ type: 'download-ticket', id: 1, refs }));
  const frame = JSON.parse(await reply);
  ws.close();
  expect(frame).toMatchObject({ type: 'result', id: 1 });
  return frame.result;
}

async function ticketUrl(refs: string[]): Promise<string> {
  const t = await ticketFor(refs);
  if (!t.ok) throw new Error(t.error.message);
  return t.value.url;
}

/** A download link clicked in our page: same-origin, no header. */
const click = (url: string) => call(url, { headers: { 'sec-fetch-site': 'same-origin' } });

describe('bridge download tickets', () => {
  it('are random, short-lived, and the only thing besides the route in the URL', async () => {
    const a = await ticketFor(['busybox']);
    const b = await ticketFor(['busybox']);
    if (!a.ok || !b.ok) throw new Error('no ticket');
    expect(a.value.expiresInMs).toBe(TICKET_TTL_MS);
    const url = new URL(a.value.url, bridge.origin);
    expect(url.pathname).toBe('/transfer/save');
    expect([...url.searchParams.keys()]).toEqual(['ticket']);
    // 32 random bytes in base64url: 256 bits, well over the 128 asked for.
    expect(url.searchParams.get('ticket')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.value.url).not.toBe(b.value.url);
    expect(a.value.url).not.toContain(TOKEN);
  });

  it('work once: the first click gets past the guard, a second use of the same ticket is refused', async () => {
    const url = await ticketUrl(['busybox']);
    const first = await click(url);
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
    const again = await click(url);
    expect(again.status).toBe(401);
    expect(again.body).toMatch(/ticket is unknown, used or expired/);
  });

  it('are spent by the first request that shows them, even one that is refused', async () => {
    const url = await ticketUrl(['busybox']);
    expect((await call(url, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await click(url)).status).toBe(401);
    const posted = await ticketUrl(['busybox']);
    expect((await call(posted, { method: 'POST', headers: { origin: bridge.origin }, body: '' })).status).toBe(405);
    expect((await click(posted)).status).toBe(401);
  });

  it('expire: a ticket shown after its lifetime is refused, one just before it is not', async () => {
    const late = await ticketUrl(['busybox']);
    const inTime = await ticketUrl(['busybox']);
    clock += TICKET_TTL_MS - 1;
    expect((await click(inTime)).status).toBe(503);
    clock += 1;
    expect((await click(late)).status).toBe(401);
  });

  it('are bound to their images: a ticket for one download cannot fetch another', async () => {
    const url = await ticketUrl(['busybox']);
    const other = await click(`${url}&refs=${encodeURIComponent('alpine:3')}`);
    expect(other.status).toBe(403);
    expect(other.body).toMatch(/ticket is for other images/);
    // And it is spent: the refused attempt cannot be followed by the right one.
    expect((await click(url)).status).toBe(401);
    // Naming the same images is allowed (and changes nothing).
    const same = await ticketUrl(['busybox', 'alpine:3']);
    expect((await click(`${same}&refs=busybox&refs=alpine%3A3`)).status).toBe(503);
  });

  it('are not keys to anything else: an upload route ignores a ticket', async () => {
    const url = await ticketUrl(['busybox']);
    const ticket = new URL(url, bridge.origin).searchParams.get('ticket');
    const r = await call(`/transfer/load?ticket=${ticket}`, { method: 'POST', headers: { origin: bridge.origin }, body: tarBody });
    expect(r.status).toBe(401);
  });

  it('refuse a made-up ticket', async () => {
    expect((await click(`/transfer/save?ticket=${'A'.repeat(43)}`)).status).toBe(401);
    expect((await click('/transfer/save?ticket=')).status).toBe(401);
  });

  it("are given only for names a save takes, with the CLI's words otherwise", async () => {
    expect(await ticketFor(['Busybox:1'])).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE' } });
    expect(await ticketFor([])).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await ticketFor('busybox')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('cannot be asked for without the token: the WebSocket is the only way to one', async () => {
    const status = await new Promise<number | string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, { origin: bridge.origin });
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(401);
  });
});
