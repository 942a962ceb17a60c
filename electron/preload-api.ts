// Owns the object the preload exposes to the page: exactly the contract's channels and events,
// nothing of ipcRenderer itself. Kept free of 'electron' imports so Node tests can build it.
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelName, ipcEventName, type ChannelName, type EventNameOf } from '../shared/channels';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface WebUtilsLike {
  getPathForFile(file: unknown): string;
}

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

export function buildPreloadApi(ipc: IpcRendererLike, webUtils: WebUtilsLike) {
  return Object.freeze({
    channels: Object.freeze([...CHANNEL_NAMES]),
    events: Object.freeze([...EVENT_NAMES]),
    invoke(channel: string, request: unknown): Promise<unknown> {
      if (!channels.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown channel: ${String(channel)}` } });
      }
      return ipc.invoke(ipcChannelName(channel as ChannelName), request);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!events.has(event) || typeof listener !== 'function') return () => undefined;
      // Never hand the IpcRendererEvent (it carries `sender`) to the page.
      const wrapped = (_e: unknown, payload: unknown) => listener(payload);
      const name = ipcEventName(event as EventNameOf);
      ipc.on(name, wrapped);
      return () => {
        ipc.removeListener(name, wrapped);
      };
    },
    /** Path of a dropped File (Electron removed File.path); used by drag-and-drop load. */
    getPathForFile(file: unknown): string {
      return webUtils.getPathForFile(file);
    },
  });
}

export type PreloadApi = ReturnType<typeof buildPreloadApi>;
