import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelName, requestSchemas } from '../../shared/contract';
import { buildPreloadApi } from '../../electron/preload-api';

function fakeIpc() {
  return {
    invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })),
    on: vi.fn(),
    removeListener: vi.fn(),
  };
}

describe('the contract', () => {
  it('has a request schema for exactly the named channels', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('rejects unknown keys (no prototype-pollution smuggling)', () => {
    const r = requestSchemas['images.list'].safeParse(JSON.parse('{"all":true,"__proto__":{"x":1},"constructor":1}'));
    expect(r.success).toBe(false);
  });

  it('fills CLI defaults for an empty images.list request', () => {
    expect(requestSchemas['images.list'].parse({})).toEqual({ all: false, filters: [], digests: false });
  });
});

describe('the preload', () => {
  it('exposes exactly the contract channels and events, and nothing of ipcRenderer', () => {
    const api = buildPreloadApi(fakeIpc(), { getPathForFile: () => '/x' });
    expect(Object.keys(api).sort()).toEqual(['channels', 'events', 'getPathForFile', 'invoke', 'on']);
    expect([...api.channels]).toEqual([...CHANNEL_NAMES]);
    expect([...api.events]).toEqual([...EVENT_NAMES]);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards a contract channel under its namespaced IPC name', async () => {
    const ipc = fakeIpc();
    const api = buildPreloadApi(ipc, { getPathForFile: () => '' });
    await expect(api.invoke('images.list', { all: true })).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(ipc.invoke).toHaveBeenCalledWith(ipcChannelName('images.list'), { all: true });
  });

  it('refuses a channel outside the contract without touching IPC', async () => {
    const ipc = fakeIpc();
    const api = buildPreloadApi(ipc, { getPathForFile: () => '' });
    const result = (await api.invoke('shell.exec', {})) as { ok: boolean; error: { code: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('INVALID_ARGUMENT');
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('subscribes only to contract events and hides the IPC event object from the page', () => {
    const ipc = fakeIpc();
    const api = buildPreloadApi(ipc, { getPathForFile: () => '' });
    api.on('not.an.event', () => undefined);
    expect(ipc.on).not.toHaveBeenCalled();
    const seen: unknown[] = [];
    const off = api.on('images.changed', (p) => seen.push(p));
    const wrapped = ipc.on.mock.calls[0][1] as (e: unknown, p: unknown) => void;
    wrapped({ sender: 'secret' }, { reason: 'event' });
    expect(seen).toEqual([{ reason: 'event' }]);
    off();
    expect(ipc.removeListener).toHaveBeenCalledWith('stevedore-event:images.changed', wrapped);
  });
});
