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

/** HTTP routes of save and load (tar download and uploads), next to the WebSocket. */
export const TRANSFER_ROUTES = { save: '/transfer/save', load: '/transfer/load', preview: '/transfer/preview' } as const;
/** Carries the bridge token on the transfer routes (a download link, which cannot set it, uses `?token=`). */
export const TRANSFER_TOKEN_HEADER = 'x-stevedore-token';
/** Names the job an upload or download ran as. */
export const TRANSFER_JOB_ID_HEADER = 'x-stevedore-job-id';
