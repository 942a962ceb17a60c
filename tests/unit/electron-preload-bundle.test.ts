// The preload that ships (dist/electron/preload.cjs, built here by scripts/build-electron.mjs), run
// as a sandboxed preload runs: one CommonJS file that may require 'electron' and nothing else, here
// a recording stand-in (tests/support/fake-electron.ts). It specifies what the page gets: one
// frozen `window.stevedore` with the contract's calls and events, never ipcRenderer or a way to
// reach a channel outside the contract. The main-process side is tests/integration/electron-main-*.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelName, ipcEventName } from '../../shared/channels';
import { IPC_GRANT_FILE_PATH } from '../../electron/ipc-internal';
import { buildElectronBundles, ELECTRON_BUNDLES } from '../support/electron-bundles';
import { createFakePreloadElectron, runBundle } from '../support/fake-electron';

interface ExposedApi {
  channels: readonly string[];
  events: readonly string[];
  invoke(channel: unknown, request?: unknown, ...extra: unknown[]): Promise<unknown>;
  on(event: unknown, listener: unknown): () => void;
  getPathForFile(file: unknown): string;
}

const UNKNOWN = { ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Unknown channel/) } };

function loadPreload() {
  const electron = createFakePreloadElectron();
  const { required } = runBundle(ELECTRON_BUNDLES.preload, electron.module, { allowOthers: false });
  return { electron, required, api: electron.exposed[0]?.api as ExposedApi };
}

beforeAll(() => {
  buildElectronBundles();
});

describe('the shipped preload (dist/electron/preload.cjs)', () => {
  it("is one self-contained file: it requires only 'electron', as a sandboxed preload must", () => {
    const { required } = loadPreload();
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('exposes exactly one object, window.stevedore, holding only the contract: no ipcRenderer, no generic send', () => {
    const { electron, api } = loadPreload();
    expect(electron.exposed.map((e) => e.key)).toEqual(['stevedore']);
    expect(Object.keys(api).sort()).toEqual(['channels', 'events', 'getPathForFile', 'invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(api.channels).toEqual(CHANNEL_NAMES);
    expect(api.events).toEqual(EVENT_NAMES);
    expect(Object.isFrozen(api.channels) && Object.isFrozen(api.events)).toBe(true);
    for (const value of Object.values(api)) {
      expect(value).not.toBe(electron.ipcRenderer);
      expect(value).not.toHaveProperty('send');
      expect(value).not.toHaveProperty('sendSync');
    }
    // The page cannot add to it or swap a function for its own.
    expect(() => Object.assign(api, { send: () => undefined })).toThrow(TypeError);
    expect(() => Object.assign(api, { invoke: () => undefined })).toThrow(TypeError);
  });

  it("sends each contract call on that channel's namespaced IPC name, with the request and nothing more", async () => {
    const { electron, api } = loadPreload();
    for (const channel of CHANNEL_NAMES) {
      await expect(api.invoke(channel, { probe: channel }, 'extra', 'arguments')).resolves.toEqual({
        ok: true,
        value: `answer from ${ipcChannelName(channel)}`,
      });
    }
    expect(electron.invoked).toEqual(CHANNEL_NAMES.map((channel) => ({ channel: ipcChannelName(channel), args: [{ probe: channel }] })));
  });

  it('refuses any channel outside the contract without sending anything', async () => {
    const { electron, api } = loadPreload();
    const strangers: unknown[] = [
      'stevedore:images.list', // the IPC name itself is not a contract channel
      'images.list ',
      'IMAGES.LIST',
      'ELECTRON_BROWSER_WINDOW_ALERT',
      '__proto__',
      'constructor',
      'toString',
      '',
      42,
      null,
      { toString: () => 'images.list' },
    ];
    for (const channel of strangers) await expect(api.invoke(channel, {}), String(channel)).resolves.toEqual(UNKNOWN);
    expect(electron.invoked).toEqual([]);
  });

  it('delivers contract events to the page as their payload alone (never the IPC event and its sender), until unsubscribed', () => {
    const { electron, api } = loadPreload();
    const received: unknown[][] = [];
    const off = api.on('images.changed', (...args: unknown[]) => received.push(args));
    electron.emit(ipcEventName('images.changed'), { reason: 'tag' });
    expect(received).toEqual([[{ reason: 'tag' }]]);
    off();
    electron.emit(ipcEventName('images.changed'), { reason: 'delete' });
    expect(received).toHaveLength(1);
    expect(electron.listeners.get(ipcEventName('images.changed'))?.size ?? 0).toBe(0);
  });

  it('subscribes to nothing outside the contract', () => {
    const { electron, api } = loadPreload();
    api.on('stevedore-event:images.changed', () => undefined);
    api.on('ELECTRON_RENDERER_CONTEXT_MENU', () => undefined);
    api.on('images.changed', 'not a function');
    expect([...electron.listeners.values()].reduce((n, set) => n + set.size, 0)).toBe(0);
  });

  it("gives the path of a dropped file through Electron's webUtils, and tells main (outside the contract) that this path was given", () => {
    const { api, electron } = loadPreload();
    expect(api.getPathForFile({ name: 'images.tar' })).toBe('/dropped/images.tar');
    // The grant goes out before the path is returned, so it reaches main before the page's load request.
    expect(electron.invoked).toEqual([{ channel: IPC_GRANT_FILE_PATH, args: ['/dropped/images.tar'] }]);
    expect(CHANNEL_NAMES.map(ipcChannelName)).not.toContain(IPC_GRANT_FILE_PATH);
  });

  it('grants nothing for a File the page made itself, and the page cannot reach the grant channel', async () => {
    const { api, electron } = loadPreload();
    expect(api.getPathForFile({ name: 'made-up.tar', inMemory: true })).toBe('');
    await expect(api.invoke(IPC_GRANT_FILE_PATH, '/etc/shadow')).resolves.toEqual(UNKNOWN);
    await expect(api.invoke('grant-file-path', '/etc/shadow')).resolves.toEqual(UNKNOWN);
    expect(electron.invoked).toEqual([]);
  });
});
