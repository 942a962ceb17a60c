// Owns what the renderer knows about its transport: the contract's API plus the connection state
// of the transport itself (the bridge can drop; Electron's IPC cannot).
import type { StevedoreApi } from '../../../shared/contract';
import type { FilePort } from './file-port';

export type TransportState =
  /** Electron IPC: always there. */
  | 'ipc'
  | 'connecting'
  | 'open'
  /** The socket dropped; a reconnect is scheduled. */
  | 'closed'
  /** Opened in a browser without the bridge token: nothing can work. */
  | 'no-token';

export interface Transport {
  api: StevedoreApi;
  state(): TransportState;
  /** Called on every state change; returns an unsubscribe function. */
  onStateChange(listener: (state: TransportState) => void): () => void;
  /** How save and load reach files here (local paths in Electron, the bridge's HTTP routes in a browser). */
  files?: FilePort;
}

/** What Electron's preload exposes on `window.stevedore`. */
export interface PreloadApi extends StevedoreApi {
  getPathForFile(file: File): string;
}

declare global {
  interface Window {
    stevedore?: PreloadApi;
  }
}
