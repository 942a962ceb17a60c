// Owns the browser side of the loopback bridge: the contract over one WebSocket, with reconnects,
// and invokes that fail as ENGINE_UNREACHABLE (never hang) while the bridge is gone. Besides the
// contract it asks for the bridge's own one-time download tickets.
import type { Channel, EventMap, EventName, RequestOf, ResponseOf, Result } from '../../../shared/contract';
import type {
  DownloadTicket,
  DownloadTicketFrame,
  EventFrame,
  ExploreDownloadTicketFrame,
  InvokeFrame,
  ResultFrame,
} from '../../../shared/bridge-protocol';
import { PACKED_IMAGE_LIST, unpackImageList, type PackedImageList } from '../../../shared/image-list-packing';
import type { Transport, TransportState } from './types';

export interface BridgeClientOptions {
  /** The ws:// URL of the bridge; the token is never in it. */
  url: string;
  /** WebSocket subprotocols; the token travels in one (`bridgeSubprotocols`). */
  protocols?: string[];
  /** Injected by tests; the browser's WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket;
  /** How long an invoke may wait for the socket to (re)open before it fails. */
  connectWaitMs?: number;
  minRetryMs?: number;
  maxRetryMs?: number;
}

/** The bridge client: the contract, and a download ticket for a browser save. */
export interface BridgeTransport extends Transport {
  /** A one-time, short-lived URL that downloads the tar of exactly these images. */
  downloadTicket(refs: readonly string[]): Promise<Result<DownloadTicket>>;
  /** A one-time, short-lived URL that downloads a file, or a folder as a tar, out of an explore session. */
  exploreTicket(entry: { sessionId: string; layer: number | 'merged'; path: string }): Promise<Result<DownloadTicket>>;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  frame: InvokeFrame | DownloadTicketFrame | ExploreDownloadTicketFrame;
  sent: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A packed images.list answer as the contract's value; a malformed one as an INTERNAL error. */
function unpacked(result: Result<unknown>): Result<unknown> {
  if (!result.ok) return result;
  try {
    return { ok: true, value: unpackImageList(result.value as PackedImageList) };
  } catch (err) {
    return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
}

const bridgeGone = (message: string): Result<never> => ({
  ok: false,
  error: { code: 'ENGINE_UNREACHABLE', message },
});

export function createBridgeClient(opts: BridgeClientOptions): BridgeTransport {
  const WS = opts.WebSocketImpl ?? WebSocket;
  const connectWaitMs = opts.connectWaitMs ?? 10_000;
  const minRetryMs = opts.minRetryMs ?? 250;
  const maxRetryMs = opts.maxRetryMs ?? 5_000;

  let socket: WebSocket | undefined;
  let state: TransportState = 'connecting';
  let retryMs = minRetryMs;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(s: TransportState) => void>();

  const setState = (next: TransportState) => {
    if (next === state) return;
    state = next;
    for (const l of stateListeners) l(next);
  };

  const settle = (id: number, result: Result<unknown>) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(result);
  };

  const send = (p: Pending) => {
    if (socket?.readyState !== WS.OPEN) return;
    socket.send(JSON.stringify(p.frame));
    p.sent = true;
    clearTimeout(p.timer);
  };

  const onMessage = (ev: MessageEvent) => {
    let frame: ResultFrame | EventFrame;
    try {
      frame = JSON.parse(String(ev.data)) as ResultFrame | EventFrame;
    } catch {
      return;
    }
    if (frame.type === 'result') {
      if (typeof frame.id === 'number') settle(frame.id, frame.packed === PACKED_IMAGE_LIST ? unpacked(frame.result) : frame.result);
      else console.error('Bridge refused a frame:', frame.result);
    } else if (frame.type === 'event') {
      for (const l of eventListeners.get(frame.event) ?? []) {
        try {
          l(frame.payload);
        } catch (err) {
          console.error(`Listener for ${frame.event} failed`, err);
        }
      }
    }
  };

  const connect = () => {
    setState('connecting');
    const ws = opts.protocols ? new WS(opts.url, opts.protocols) : new WS(opts.url);
    socket = ws;
    ws.onopen = () => {
      // For `npm run bench:startup`'s breakdown (the first one is the page's connection).
      globalThis.performance?.mark?.('stevedore:bridge-open');
      retryMs = minRetryMs;
      setState('open');
      for (const p of pending.values()) if (!p.sent) send(p);
    };
    ws.onmessage = onMessage;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      // Requests already on the wire will never be answered by this socket.
      for (const [id, p] of pending) {
        if (p.sent) settle(id, bridgeGone('The connection to the Stevedore bridge was lost.'));
      }
      setState('closed');
      const delay = retryMs;
      retryMs = Math.min(retryMs * 2, maxRetryMs);
      setTimeout(connect, delay);
    };
    // Errors are always followed by close, which does the work.
    ws.onerror = () => undefined;
  };

  /** Sends a frame (now, or once the socket opens) and resolves with its result frame. */
  const request = <T>(frameOf: (id: number) => InvokeFrame | DownloadTicketFrame | ExploreDownloadTicketFrame): Promise<Result<T>> =>
    new Promise((resolve) => {
      const id = nextId++;
      const p: Pending = {
        resolve: resolve as (r: Result<unknown>) => void,
        frame: frameOf(id),
        sent: false,
        timer: undefined,
      };
      pending.set(id, p);
      if (socket?.readyState === WS.OPEN) {
        send(p);
      } else {
        p.timer = setTimeout(() => settle(id, bridgeGone('The Stevedore bridge is not reachable.')), connectWaitMs);
      }
    });

  const api: Transport['api'] = {
    invoke<C extends Channel>(channel: C, req: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      // The images list comes packed (shared/image-list-packing.ts): 2.4 MB of JSON at 5,000 tags otherwise.
      const encoding = channel === 'images.list' ? PACKED_IMAGE_LIST : undefined;
      return request<ResponseOf<C>>((id) =>
        encoding ? { type: 'invoke', id, channel, request: req, encoding } : { type: 'invoke', id, channel, request: req },
      );
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };

  connect();

  return {
    api,
    downloadTicket: (refs) => request<DownloadTicket>((id) => ({ type: 'download-ticket', id, refs: [...refs] })),
    exploreTicket: (entry) =>
      request<DownloadTicket>((id) => ({
        type: 'explore-download-ticket',
        id,
        sessionId: entry.sessionId,
        layer: entry.layer,
        path: entry.path,
      })),
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
