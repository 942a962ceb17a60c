// Settings persistence and the engine endpoint they choose, against the real test engine (never
// stopped here: a "bad" engine is a socket path nobody listens on).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings, EngineStatus, ImagesChangedEvent, Result } from '../../shared/contract';
import { DEFAULT_SETTINGS } from '../../shared/shell';
import { StevedoreCore } from '../../electron/core/service';
import { loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
const stack = loadStackEnv();
const savedDockerHost = process.env.DOCKER_HOST;
const cores: StevedoreCore[] = [];
let root: string;

function newCore(dataDir: string): StevedoreCore {
  const core = new StevedoreCore({ dataDir, dockerConfigDir: join(root, 'docker-config') });
  cores.push(core);
  return core;
}

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function nextStatus(core: StevedoreCore, predicate: (s: EngineStatus) => boolean, timeoutMs = 15_000): Promise<EngineStatus> {
  if (predicate(core.engine.status)) return Promise.resolve(core.engine.status);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching engine.status in time (last: ${JSON.stringify(core.engine.status)})`));
    }, timeoutMs);
    const off = core.events.on('engine.status', (s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'shell-settings-'));
  // "auto" is the CLI's order: DOCKER_HOST names the test engine.
  process.env.DOCKER_HOST = stack.dockerHost;
});
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose();
});
afterAll(() => {
  if (savedDockerHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = savedDockerHost;
  rmSync(root, { recursive: true, force: true });
});

describe('settings are stored in the data folder', () => {
  it('a change survives into the next start of the app', async () => {
    const dataDir = join(root, 'persist');
    const first = newCore(dataDir);
    expect(value<AppSettings>(await first.handle('settings.get', {}))).toEqual(DEFAULT_SETTINGS);
    const saved = value<AppSettings>(await first.handle('settings.set', { theme: 'dark', language: 'es', closeToTray: false }));
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', language: 'es', closeToTray: false });
    first.dispose();

    const second = newCore(dataDir);
    expect(value<AppSettings>(await second.handle('settings.get', {}))).toEqual(saved);
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toEqual(saved);
  });

  it('every change is announced as settings.changed with the stored settings', async () => {
    const core = newCore(join(root, 'events'));
    const seen: AppSettings[] = [];
    core.events.on('settings.changed', (s) => seen.push(s));
    await core.handle('settings.set', { notifications: false });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, notifications: false }]);
  });

  it('an invalid change is refused before anything is written', async () => {
    const dataDir = join(root, 'invalid');
    const core = newCore(dataDir);
    await core.handle('settings.set', { theme: 'light' });
    const before = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    const r = await core.handle('settings.set', { theme: 'purple', password: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('a file that is not JSON falls back to the defaults and is kept aside as settings.json.bad', async () => {
    const dataDir = join(root, 'corrupt');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'settings.json'), '{"theme": "dark", ');
    const core = newCore(dataDir);
    expect(value<AppSettings>(await core.handle('settings.get', {}))).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(join(dataDir, 'settings.json.bad'), 'utf8')).toBe('{"theme": "dark", ');
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
    expect(core.settings.recovered?.reason).toMatch(/not JSON/);
    // The next change writes a good file again.
    await core.handle('settings.set', { theme: 'light' });
    expect(newCore(dataDir).settings.get().theme).toBe('light');
  });

  it('a file with one bad value keeps the good ones and sets the original aside', async () => {
    const dataDir = join(root, 'partial');
    mkdirSync(dataDir, { recursive: true });
    const original = JSON.stringify({ theme: 'dark', language: 'klingon', closeToTray: false, fromTheFuture: 1 });
    writeFileSync(join(dataDir, 'settings.json'), original);
    const core = newCore(dataDir);
    expect(value<AppSettings>(await core.handle('settings.get', {}))).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', closeToTray: false });
    expect(readFileSync(join(dataDir, 'settings.json.bad'), 'utf8')).toBe(original);
    expect(core.settings.recovered?.reason).toContain('language');
  });
});

describe.skipIf(Boolean(skipReason))('the engine endpoint setting reconnects core', () => {
  it('a socket nobody listens on makes the engine unreachable; back to auto reaches the test engine again', async () => {
    const core = newCore(join(root, 'switch'));
    expect((await core.start()) as EngineStatus).toMatchObject({ reachable: true, host: stack.dockerHost });

    const badSocket = join(root, 'nobody-listens.sock');
    const down = nextStatus(core, (s) => s.host === `unix://${badSocket}` && !s.reachable && s.checkedAt > 0);
    const saved = value<AppSettings>(await core.handle('settings.set', { engine: { kind: 'socket', path: badSocket } }));
    expect(saved.engine).toEqual({ kind: 'socket', path: badSocket });
    const status = await down;
    expect(status).toMatchObject({ source: 'settings', reachable: false });
    expect(status.error).toContain(badSocket);
    const list = await core.handle('images.list', {});
    expect(list).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });

    const up = nextStatus(core, (s) => s.host === stack.dockerHost && s.reachable);
    const relisted = new Promise<ImagesChangedEvent>((resolve) => {
      const off = core.events.on('images.changed', (e) => {
        if (e.reason !== 'reconnected') return;
        off();
        resolve(e);
      });
    });
    await core.handle('settings.set', { engine: { kind: 'auto' } });
    expect(await up).toMatchObject({ source: 'env', reachable: true });
    // The events watch reopens on the new engine and the UI is told to re-list.
    await relisted;
    expect(value<{ rows: unknown[] }>(await core.handle('images.list', {})).rows.length).toBeGreaterThan(0);
  });

  it('the test engine chosen as a socket is reached, and a new start uses the stored choice', async () => {
    const dataDir = join(root, 'socket');
    const socketPath = stack.dockerHost.replace(/^unix:\/\//, '');
    const first = newCore(dataDir);
    await first.handle('settings.set', { engine: { kind: 'socket', path: socketPath } });
    first.dispose();
    delete process.env.DOCKER_HOST; // the setting, not the environment, picks the engine now
    try {
      const second = newCore(dataDir);
      expect(await second.start()).toMatchObject({ reachable: true, source: 'settings', host: stack.dockerHost });
    } finally {
      process.env.DOCKER_HOST = stack.dockerHost;
    }
  });

  it('a docker context that does not exist is refused and the engine stays as it was', async () => {
    const core = newCore(join(root, 'context'));
    await core.start();
    const r = await core.handle('settings.set', { engine: { kind: 'context', name: 'no-such-context' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((r as { error: { message: string } }).error.message).toContain('no-such-context');
    expect(core.settings.get().engine).toEqual({ kind: 'auto' });
    expect(core.engine.status).toMatchObject({ reachable: true, host: stack.dockerHost });
  });
});
