// The bridge token grants a page the engine Stevedore talks to, but not the choice of engine: over
// the bridge, settings.set may not point core at another socket or host (a page could aim it at any
// local socket or remote machine). The desktop app's own path (IPC through the transfer edge, as
// main.ts wires it) still changes the engine. No engine is needed: the endpoints are sockets nobody
// listens on, and what is checked is what core would connect to.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppSettings, EngineEndpointSetting, EngineStatus, Result } from '../../shared/contract';
import { DEFAULT_SETTINGS } from '../../shared/shell';
import { bridgeSubprotocols } from '../../shared/bridge-protocol';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { EngineConnection } from '../../electron/core/engine/engine';
import { ENGINE_CHANGE_BRIDGE_REFUSAL, patchForOrigin } from '../../electron/core/settings/settings-handlers';
import { StevedoreCore } from '../../electron/core/service';
import { createTransferEdge } from '../../electron/transfer-edge';

const root = mkdtempSync(join(tmpdir(), 'bridge-settings-'));
const staticDir = join(root, 'static');
const startHost = `unix://${join(root, 'start.sock')}`;
const elsewhere: EngineEndpointSetting = { kind: 'socket', path: join(root, 'someone-elses.sock') };
const remote: EngineEndpointSetting = { kind: 'tcp', host: 'engine.attacker.example', port: 2375, tls: false };

let core: StevedoreCore;
let bridge: Bridge;
let dataDir: string;
let n = 0;

beforeEach(async () => {
  dataDir = join(root, `data-${++n}`);
  core = new StevedoreCore({
    dataDir,
    dockerConfigDir: join(root, 'docker-config'),
    engine: new EngineConnection({ endpoint: { host: startHost, source: 'settings' } }),
  });
  // Watching (nobody listens there): a switch to another engine would show as engine.status at once.
  expect(await core.start()).toMatchObject({ reachable: false, host: startHost });
  // Settings on disk before the page connects: what a refused change must leave as it was.
  await core.handle('settings.set', { theme: 'light' });
  bridge = await startBridge({ core, staticDir });
});
afterEach(async () => {
  await bridge.close();
  core.dispose();
});
beforeAll(() => {
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One contract call as the renderer's bridge client makes it. */
async function overBridge(channel: string, request: unknown): Promise<Result<unknown>> {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(bridge.token), { origin: bridge.origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    // Events (settings.changed) travel on the same socket: wait for this call's result frame.
    const reply = new Promise<Result<unknown>>((resolve) =>
      ws.on('message', (d) => {
        const frame = JSON.parse(d.toString()) as { type: string; id?: number; result?: Result<unknown> };
        if (frame.type === 'result' && frame.id === 1) resolve(frame.result!);
      }),
    );
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel, request }));
    return await reply;
  } finally {
    ws.close();
  }
}

const settingsFile = () => readFileSync(join(dataDir, 'settings.json'), 'utf8');

/** Every engine.status core emits while `run` runs (a reconfigure emits at least one at once). */
async function statusesDuring(run: () => Promise<unknown>): Promise<EngineStatus[]> {
  const seen: EngineStatus[] = [];
  const off = core.events.on('engine.status', (s) => seen.push(s));
  try {
    await run();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    off();
  }
  return seen;
}

describe('over the bridge', () => {
  it.each([
    ['another local socket', elsewhere],
    ['a remote engine over TCP', remote],
    ['an ssh host', { kind: 'ssh', host: 'build.attacker.example' }],
    ['a docker context', { kind: 'context', name: 'default' }],
  ])('an engine change to %s is refused; nothing is written and core keeps its engine', async (_what, engine) => {
    const before = settingsFile();
    let r: Result<unknown> | undefined;
    const statuses = await statusesDuring(async () => (r = await overBridge('settings.set', { engine, theme: 'dark' })));
    expect(r).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: ENGINE_CHANGE_BRIDGE_REFUSAL } });
    expect(settingsFile()).toBe(before);
    expect(core.settings.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' });
    expect(core.engine.endpoint.host).toBe(startHost);
    expect(statuses).toEqual([]);
  });

  it('other settings still change, and settings.changed tells every window', async () => {
    const changed: AppSettings[] = [];
    core.events.on('settings.changed', (s) => changed.push(s));
    const r = await overBridge('settings.set', { theme: 'dark', language: 'es', notifications: false, closeToTray: false });
    const expected = { ...DEFAULT_SETTINGS, theme: 'dark', language: 'es', notifications: false, closeToTray: false };
    expect(r).toEqual({ ok: true, value: expected });
    expect(JSON.parse(settingsFile())).toEqual(expected);
    expect(changed).toEqual([expected]);
    expect(await overBridge('settings.get', {})).toEqual({ ok: true, value: expected });
  });

  it('the stored engine sent back unchanged with another setting is no change: the rest is saved', async () => {
    const r = await overBridge('settings.set', { engine: { kind: 'auto' }, theme: 'dark' });
    expect(r).toMatchObject({ ok: true, value: { theme: 'dark', engine: { kind: 'auto' } } });
    expect(core.engine.endpoint.host).toBe(startHost);
  });

  it('an unchanged engine is dropped from a bridge patch, so a late save cannot undo a desktop change made meanwhile', () => {
    const stored = { ...DEFAULT_SETTINGS, engine: elsewhere };
    expect(patchForOrigin({ engine: { ...elsewhere }, theme: 'dark' }, stored, { origin: 'bridge' })).toEqual({ theme: 'dark' });
    expect(() => patchForOrigin({ engine: { kind: 'auto' } }, stored, { origin: 'bridge' })).toThrow(ENGINE_CHANGE_BRIDGE_REFUSAL);
    expect(patchForOrigin({ engine: { kind: 'auto' } }, stored, { origin: 'desktop' })).toEqual({ engine: { kind: 'auto' } });
  });

  it('a change refused as invalid is still refused as invalid (validation first)', async () => {
    const r = await overBridge('settings.set', { engine: { kind: 'socket', path: '' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('from the desktop app (IPC through the transfer edge, as main.ts wires it)', () => {
  const edge = () =>
    createTransferEdge(
      core,
      {
        showSaveDialog: () => Promise.reject(new Error('no dialog in this test')),
        showOpenDialog: () => Promise.reject(new Error('no dialog in this test')),
      },
      { defaultDirectory: () => root },
    );

  it('the same engine change is accepted: stored, and core connects to the new engine', async () => {
    let r: Result<unknown> | undefined;
    const statuses = await statusesDuring(async () => (r = await edge().handle('settings.set', { engine: elsewhere, theme: 'dark' })));
    expect(r).toMatchObject({ ok: true, value: { engine: elsewhere, theme: 'dark' } });
    expect(JSON.parse(settingsFile())).toMatchObject({ engine: elsewhere, theme: 'dark' });
    expect(core.engine.endpoint.host).toBe(`unix://${(elsewhere as { path: string }).path}`);
    expect(statuses[0]).toMatchObject({ host: `unix://${(elsewhere as { path: string }).path}`, source: 'settings' });
  });
});
