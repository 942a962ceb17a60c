// The bridge token is the key to the Docker engine: a configured one shorter than 32 characters is
// refused before anything starts (startBridge and `npm run preview` alike), with words that say why.
// The download tickets that stand in for it in links are single-use, short-lived and bounded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgeTokenProblem, MIN_BRIDGE_TOKEN_LENGTH } from '../../electron/bridge/bridge-token';
import { DownloadTickets } from '../../electron/bridge/download-tickets';
import { startBridge } from '../../electron/bridge/server';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';

const root = resolve(import.meta.dirname, '../..');
const staticDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  return dir;
};
const unreachableCore = () =>
  new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: 'unix:///nonexistent/stevedore.sock', source: 'env' } }) });

describe('a configured bridge token', () => {
  it('must be 32 characters at least', () => {
    expect(MIN_BRIDGE_TOKEN_LENGTH).toBe(32);
    expect(bridgeTokenProblem('x'.repeat(32))).toBeNull();
    expect(bridgeTokenProblem('x'.repeat(31))).toMatch(/is 31 characters long; the bridge needs at least 32/);
    expect(bridgeTokenProblem('x', 'STEVEDORE_BRIDGE_TOKEN')).toMatch(/^STEVEDORE_BRIDGE_TOKEN is 1 character long/);
  });

  it('is refused by startBridge when shorter: nothing listens', async () => {
    const core = unreachableCore();
    try {
      await expect(startBridge({ core, staticDir: staticDir(), token: 'x'.repeat(31) })).rejects.toThrow(/at least 32/);
      const bridge = await startBridge({ core, staticDir: staticDir(), token: 'y'.repeat(32) });
      expect(bridge.token).toBe('y'.repeat(32));
      await bridge.close();
    } finally {
      core.dispose();
    }
  });

  it('is random and 43 characters when none is configured', async () => {
    const core = unreachableCore();
    const bridge = await startBridge({ core, staticDir: staticDir() });
    try {
      expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      await bridge.close();
      core.dispose();
    }
  });

  it('stops `npm run preview` at start with the reason and a non-zero exit when STEVEDORE_BRIDGE_TOKEN is short', () => {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'electron/bridge/cli.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        STEVEDORE_BRIDGE_TOKEN: 'short-token',
        STEVEDORE_BRIDGE_PORT: '0',
        DOCKER_HOST: 'unix:///nonexistent/stevedore.sock',
        DOCKER_CONTEXT: '',
      },
    });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toContain('Stevedore bridge not started: STEVEDORE_BRIDGE_TOKEN is 11 characters long; the bridge needs at least 32');
    expect(r.stdout).not.toContain('STEVEDORE_BRIDGE_URL=');
  }, 70_000);
});

describe('download tickets', () => {
  it('grant their images once', () => {
    const tickets = new DownloadTickets({ now: () => 0 });
    const { ticket } = tickets.issue(['web:1', 'web:2']);
    expect(tickets.take(ticket)).toEqual({ refs: ['web:1', 'web:2'] });
    expect(tickets.take(ticket)).toBeUndefined();
    expect(tickets.take('')).toBeUndefined();
    expect(tickets.take(null)).toBeUndefined();
  });

  it('expire after their lifetime, by the injected clock', () => {
    let now = 0;
    const tickets = new DownloadTickets({ now: () => now, ttlMs: 60_000 });
    const a = tickets.issue(['web:1']).ticket;
    const b = tickets.issue(['web:1']).ticket;
    now = 59_999;
    expect(tickets.take(a)).toEqual({ refs: ['web:1'] });
    now = 60_000;
    expect(tickets.take(b)).toBeUndefined();
  });

  it('are 256 random bits each, and never the same twice', () => {
    const tickets = new DownloadTickets();
    const seen = new Set(Array.from({ length: 200 }, () => tickets.issue(['a']).ticket));
    expect(seen.size).toBe(200);
    for (const t of seen) expect(Buffer.from(t, 'base64url')).toHaveLength(32);
  });

  it('are bounded: beyond the limit the oldest unused one is dropped, and expired ones are forgotten', () => {
    let now = 0;
    const tickets = new DownloadTickets({ now: () => now, max: 3, ttlMs: 10 });
    const first = tickets.issue(['a']).ticket;
    tickets.issue(['b']);
    tickets.issue(['c']);
    const fourth = tickets.issue(['d']).ticket;
    expect(tickets.size).toBe(3);
    expect(tickets.take(first)).toBeUndefined();
    expect(tickets.take(fourth)).toEqual({ refs: ['d'] });
    now = 10;
    expect(tickets.size).toBe(0);
  });

  it('keep their own copy of the images they grant', () => {
    const tickets = new DownloadTickets();
    const refs = ['web:1'];
    const { ticket } = tickets.issue(refs);
    refs.push('other:1');
    expect(tickets.take(ticket)).toEqual({ refs: ['web:1'] });
  });
});
