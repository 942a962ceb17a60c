// Owns the wire format of the loopback bridge (WebSocket frames), shared by server and renderer client.
import type { Result } from './errors';
import type { PACKED_IMAGE_LIST } from './image-list-packing';

export interface InvokeFrame {
  type: 'invoke';
  id: number;
  channel: string;
  request: unknown;
  /**
   * The client reads the packed form of this channel's answer (only images.list has one:
   * shared/image-list-packing.ts). Without it the answer is the contract's value as is.
   */
  encoding?: typeof PACKED_IMAGE_LIST;
}
export interface ResultFrame {
  type: 'result';
  id: number | null;
  result: Result<unknown>;
  /** Set when `result.value` is packed (a PackedImageList): the client unpacks it. */
  packed?: typeof PACKED_IMAGE_LIST;
}
export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
}
/**
 * Bridge-only (not a core operation): asks for a one-time ticket to download the tar of `refs`.
 * Answered by a ResultFrame whose value is a DownloadTicket.
 */
export interface DownloadTicketFrame {
  type: 'download-ticket';
  id: number;
  refs: string[];
}
/**
 * Bridge-only: asks for a one-time ticket to download a file, or a folder as a tar, out of an
 * explore session (the browser's "save out"). Answered by a ResultFrame whose value is a DownloadTicket.
 */
export interface ExploreDownloadTicketFrame {
  type: 'explore-download-ticket';
  id: number;
  sessionId: string;
  layer: number | 'merged';
  path: string;
}
export interface DownloadTicket {
  /** Same-origin URL of the download; it carries the ticket and nothing secret besides. */
  url: string;
  /** The ticket is refused after this long, and after its first use. */
  expiresInMs: number;
}

export const BRIDGE_WS_PATH = '/ws';
/** Frames larger than this are refused; no legitimate request comes close. */
export const BRIDGE_MAX_FRAME_BYTES = 1024 * 1024;

/** HTTP routes of save and load (tar download and uploads), next to the WebSocket. */
export const TRANSFER_ROUTES = { save: '/transfer/save', load: '/transfer/load', preview: '/transfer/preview' } as const;
/**
 * The explorer's routes in a browser: `POST /transfer/explore?name=` uploads an archive to explore
 * (kept in a private temp file until its session closes, never loaded; answers `{jobId, sessionId}`
 * as explore.open does), `GET /transfer/explore-save?ticket=` downloads what a ticket names.
 */
export const EXPLORE_ROUTES = { open: '/transfer/explore', save: '/transfer/explore-save' } as const;
/**
 * Carries the bridge token on the transfer routes. The token is never in a URL (history, download
 * list, logs): a download link, which cannot set a header, carries a one-time `?ticket=` instead.
 */
export const TRANSFER_TOKEN_HEADER = 'x-stevedore-token';
/** Query parameter of a download link: a ticket from a DownloadTicketFrame. */
export const TRANSFER_TICKET_PARAM = 'ticket';

/**
 * The WebSocket is opened with two subprotocols, because a browser's WebSocket cannot set a header
 * and the token must not be in its URL: this one, which the bridge selects, and the token as
 * `stevedore.token.<base64url>` (as Kubernetes carries a bearer token), read by the bridge only.
 */
export const BRIDGE_SUBPROTOCOL = 'stevedore.bridge.v1';
export const BRIDGE_TOKEN_SUBPROTOCOL_PREFIX = 'stevedore.token.';

/** The subprotocols that open the bridge's WebSocket with this token (browser and Node alike). */
export function bridgeSubprotocols(token: string): string[] {
  let binary = '';
  for (const byte of new TextEncoder().encode(token)) binary += String.fromCharCode(byte);
  const base64url = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return [BRIDGE_SUBPROTOCOL, BRIDGE_TOKEN_SUBPROTOCOL_PREFIX + base64url];
}

/** Names the job an upload or download ran as. */
export const TRANSFER_JOB_ID_HEADER = 'x-stevedore-job-id';
