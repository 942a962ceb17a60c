// Owns the object the preload exposes to the page: exactly the contract's channels and events,
// nothing of ipcRenderer itself. Kept free of 'electron' imports so Node tests can build it.
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelName, ipcEventName, type ChannelName, type EventNameOf } from '../shared/channels';
import { IPC_GRANT_FILE_PATH } from './ipc-internal';

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
    /**
     * Path of a dropped File (Electron removed File.path); used by drag-and-drop load. Main lets
     * images.load read only paths it was told of here or picked in its open dialog: webUtils
     * answers a path only for a File backed by a file the person gave the page (a drop, a file
     * picker), '' for one the page made itself and throws for anything else, so the page cannot
     * have an arbitrary string granted. The grant is sent before the path is returned, and IPC
     * from one page arrives in order, so it is in place before the page's load request.
     */
    getPathForFile(file: unknown): string {
      const path = webUtils.getPathForFile(file);
      if (typeof path === 'string' && path !== '') void Promise.resolve(ipc.invoke(IPC_GRANT_FILE_PATH, path)).catch(() => undefined);
      return path;
    },
  });
}

export type PreloadApi = ReturnType<typeof buildPreloadApi>;
