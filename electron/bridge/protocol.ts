// Owns the wire format of the loopback bridge (WebSocket frames), shared by server and renderer client.
import type { Result } from '../../shared/errors';

export interface InvokeFrame {
  type: 'invoke';
  id: number;
  channel: string;
  request: unknown;
}
export interface ResultFrame {
  type: 'result';
  id: number | null;
  result: Result<unknown>;
}
export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
}

export const BRIDGE_WS_PATH = '/ws';
/** Frames larger than this are refused; no legitimate request comes close. */
export const BRIDGE_MAX_FRAME_BYTES = 1024 * 1024;
