import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeSubprotocols } from '../../shared/bridge-protocol';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';

// The bridge must never become a way for a web page to reach the Docker socket.
const TOKEN = 'correct-token-value-0123456789abcdef';
let bridge: Bridge;
const core = new StevedoreCore({
  engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }),
});

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-static-'));
  // The real page's head: its meta policy is Electron's (no WebSocket), which the bridge drops.
  const meta = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/.exec(readFileSync('renderer/index.html', 'utf8'))![0];
  writeFileSync(join(dir, 'index.html'), `<!doctype html><head>${meta}<title>t</title></head>`);
  bridge = await startBridge({ core, staticDir: dir, token: TOKEN });
});
afterAll(async () => {
  await bridge.close();
  core.dispose();
});

/**
 * Opens a WebSocket and resolves with 'open' or the HTTP status it was refused with. The token is
 * offered as the page offers it (a subprotocol), or in the URL's query with `tokenInQuery`.
 */
function tryConnect(opts: {
  token?: string;
  tokenInQuery?: string;
  origin?: string;
  host?: string;
  address?: string;
}): Promise<string | number> {
  const address = opts.address ?? `127.0.0.1:${bridge.port}`;
  const query = opts.tokenInQuery === undefined ? '' : `?token=${encodeURIComponent(opts.tokenInQuery)}`;
  const headers: Record<string, string> = {};
  if (opts.host) headers.host = opts.host;
  return new Promise((resolve) => {
    const protocols = opts.token === undefined ? [] : bridgeSubprotocols(opts.token);
    const ws = new WebSocket(`ws://${address}/ws${query}`, protocols, { origin: opts.origin ?? bridge.origin, headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

describe('loopback bridge security', () => {
  it('listens on 127.0.0.1 only', () => {
    const addr = bridge.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
  });

  it('is not reachable on the IPv6 loopback or any other interface', async () => {
    expect(await tryConnect({ token: TOKEN, address: `[::1]:${bridge.port}` })).toMatch(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH/);
  });

  it('refuses a connection without the token', async () => {
    expect(await tryConnect({})).toBe(401);
  });

  it('refuses a wrong token', async () => {
    expect(await tryConnect({ token: `${TOKEN.slice(0, -1)}g` })).toBe(401);
  });

  it('refuses the token in the URL, even the right one (URLs reach logs and histories)', async () => {
    expect(await tryConnect({ tokenInQuery: TOKEN })).toBe(401);
    expect(await tryConnect({ token: TOKEN, tokenInQuery: TOKEN })).toBe(401);
  });

  it('accepts the right token offered as a subprotocol, and answers with the plain one only', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(TOKEN), { origin: bridge.origin });
    await new Promise((r) => ws.on('open', r));
    expect(ws.protocol).toBe('stevedore.bridge.v1');
    ws.close();
  });

  it('hands the token to a person in the URL fragment only, which a browser never sends', () => {
    expect(bridge.url).toBe(`${bridge.origin}/#token=${TOKEN}`);
  });

  it('refuses a foreign Origin even with the token', async () => {
    expect(await tryConnect({ token: TOKEN, origin: 'https://evil.example' })).toBe(403);
    expect(await tryConnect({ token: TOKEN, origin: 'null' })).toBe(403);
  });

  it('refuses a rebinding Host even with the token', async () => {
    expect(await tryConnect({ token: TOKEN, host: `evil.example:${bridge.port}` })).toBe(403);
  });

  it('accepts our own page with the token and answers contract calls', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(TOKEN), { origin: bridge.origin });
    await new Promise((r) => ws.on('open', r));
    const reply = new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'engine.status', request: {} }));
    const frame = JSON.parse(await reply);
    expect(frame).toMatchObject({ type: 'result', id: 7, result: { ok: true } });
    const bad = new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
    ws.send('{not json');
    expect(JSON.parse(await bad)).toMatchObject({ id: null, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    ws.close();
  });

  it('serves the page with a strict CSP and refuses a rebinding Host for pages too', async () => {
    const get = (host: string) =>
      new Promise<{ status: number; csp?: string; body: string }>((resolve) => {
        request({ host: '127.0.0.1', port: bridge.port, path: '/', headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined, body }),
          );
        }).end();
      });
    const ok = await get(`127.0.0.1:${bridge.port}`);
    expect(ok.status).toBe(200);
    expect(ok.csp).toContain("script-src 'self'");
    // The header is the one policy: it allows the bridge's own WebSocket and no other.
    expect(ok.csp).toContain(`connect-src 'self' ws://127.0.0.1:${bridge.port} ws://localhost:${bridge.port}`);
    expect(ok.body).not.toMatch(/Content-Security-Policy/i);
    expect(ok.body).toContain('<title>t</title>');
    expect((await get(`attacker.example:${bridge.port}`)).status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: bridge.port, path: '/..%2f..%2fetc%2fpasswd' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(status).toBe(404);
  });
});
