// The preload's view of the fake `electron` module (tests/support/fake-electron.ts): contextBridge,
// ipcRenderer and webUtils, recorded.
import { strictModule } from './fake-electron-bundle';

/** The preload's view of electron: contextBridge, ipcRenderer and webUtils, recorded. */
export function createFakePreloadElectron() {
  const exposed: { key: string; api: unknown }[] = [];
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcRenderer = {
    invoke(channel: string, ...args: unknown[]) {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: `answer from ${channel}` });
    },
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    send() {
      throw new Error('the preload must not use ipcRenderer.send');
    },
    sendSync() {
      throw new Error('the preload must not use ipcRenderer.sendSync');
    },
  };
  // Electron answers '' for a File the page built itself (not backed by a file on disk).
  const webUtils = {
    getPathForFile: (file: { name?: string; inMemory?: boolean }) => (file.inMemory ? '' : `/dropped/${file.name ?? ''}`),
  };
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      exposed.push({ key, api });
    },
  };
  return {
    module: strictModule({ contextBridge, ipcRenderer, webUtils }, 'electron (preload)'),
    ipcRenderer,
    exposed,
    invoked,
    listeners,
    /** Main sends an event to the page (webContents.send). */
    emit(channel: string, payload: unknown) {
      const event = { sender: ipcRenderer, senderId: 0 };
      for (const l of listeners.get(channel) ?? []) l(event, structuredClone(payload));
    },
  };
}
