import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { TOKEN_HEADER } from '../../electron/bridge/transfer-routes';
import { EngineConnection } from '../../electron/core/engine';
import { StevedoreCore } from '../../electron/core/service';

// The tar routes move whole images between a browser and the Docker socket: only our own page,
// holding the token, may use them. (The engine here is unreachable on purpose: nothing is sent.)
const TOKEN = 'transfer-token-value';
let bridge: Bridge;
const core = new StevedoreCore({
  engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }),
});

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startBridge({ core, staticDir: dir, token: TOKEN });
});
afterAll(async () => {
  await bridge.close();
  core.dispose();
});

interface Reply {
  status: number;
  body: string;
}

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${bridge.port}`, ...opts.headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const ours = () => ({ origin: bridge.origin, [TOKEN_HEADER]: TOKEN });
const tarBody = Buffer.alloc(1024); // content is irrelevant: refusals come first

describe('bridge tar routes', () => {
  it('refuse a download without the token, or with a wrong one', async () => {
    expect((await call('/transfer/save?refs=busybox')).status).toBe(401);
    expect((await call('/transfer/save?refs=busybox', { headers: { [TOKEN_HEADER]: 'transfer-token-valuf' } })).status).toBe(401);
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
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('notes.txt is not an image archive') } });
    const empty = await call('/transfer/preview?name=empty.tar', { method: 'POST', headers: ours(), body: '' });
    expect(JSON.parse(empty.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'empty.tar is empty' } });
  });

  it('let a same-origin download link through with the token in its query', async () => {
    const r = await call(`/transfer/save?refs=busybox&token=${TOKEN}`, { headers: { 'sec-fetch-site': 'same-origin' } });
    // Past the guard: the (unreachable) engine is what answers.
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
  });

  it('refuse channels that take local file paths over the WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws?token=${TOKEN}`, { origin: bridge.origin });
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
