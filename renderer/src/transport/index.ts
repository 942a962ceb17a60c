// Owns the choice of transport: Electron's preload when present, otherwise the loopback bridge.
// Kept light (no file port, no zod): the entry module connects with it before the rest of the
// page has loaded, so the first images list is on its way early (main.tsx). How save and load
// reach files is added afterwards by `withFiles` (transport/with-files.ts).
import type { StevedoreApi } from '../../../shared/contract';
import { BRIDGE_WS_PATH, bridgeSubprotocols } from '../../../shared/bridge-protocol';
import { createBridgeClient, type BridgeTransport } from './bridge-client';
import type { PreloadApi, Transport } from './types';

export type { Transport, TransportState } from './types';

const TOKEN_KEY = 'stevedore.bridgeToken';

/** A transport without its file port yet, and what the file port will be built from. */
export type Connection =
  | { kind: 'desktop'; transport: Transport; preload: PreloadApi }
  | {
      kind: 'bridge';
      transport: Transport;
      token: string;
      downloadTicket: BridgeTransport['downloadTicket'];
      exploreTicket: BridgeTransport['exploreTicket'];
      /** Keeps the token for a reload and clears it from the address bar (keepBridgeToken); once, whoever calls it first. */
      keepToken(): void;
    }
  | { kind: 'none'; transport: Transport };

/**
 * The bridge hands its token over in the URL fragment (never sent to a server); a reload finds it
 * in this tab's session storage instead (keepBridgeToken). Session storage is read only when the
 * fragment has no token: the first touch of it is a synchronous call to the browser, tens of ms
 * on a cold page (traced: 35 to 80 ms on a loaded machine), and it would delay the socket.
 */
export function readBridgeToken(
  loc: Location = location,
  storage: () => Storage = () => sessionStorage,
): { token: string; fromHash: boolean } | undefined {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (fromHash) return { token: fromHash, fromHash: true };
  const kept = storage().getItem(TOKEN_KEY);
  return kept ? { token: kept, fromHash: false } : undefined;
}

/** Keeps the token for this tab's session so a reload still works, and clears it from the address bar and history. */
export function keepBridgeToken(token: string, loc: Location = location, storage: Storage = sessionStorage): void {
  storage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', loc.pathname + loc.search);
}

/** A transport that answers every request with the reason nothing can work. */
function missingTokenTransport(): Transport {
  const api: StevedoreApi = {
    invoke: () =>
      Promise.resolve({
        ok: false as const,
        error: { code: 'ENGINE_UNREACHABLE' as const, message: 'No bridge token: open the URL the bridge printed.' },
      }),
    on: () => () => undefined,
  };
  return { api, state: () => 'no-token', onStateChange: () => () => undefined };
}

/** Connects (Electron's IPC at once, the bridge's WebSocket starts opening); files come later. */
export function connect(): Connection {
  const preload = window.stevedore;
  if (preload && typeof preload.invoke === 'function') {
    return { kind: 'desktop', preload, transport: { api: preload, state: () => 'ipc', onStateChange: () => () => undefined } };
  }
  const found = readBridgeToken();
  if (!found) return { kind: 'none', transport: missingTokenTransport() };
  const { token } = found;
  // The token rides in a subprotocol, never in the URL (it would reach logs and tools).
  const bridge = createBridgeClient({ url: `ws://${location.host}${BRIDGE_WS_PATH}`, protocols: bridgeSubprotocols(token) });
  // Not now: session storage and history are synchronous calls to the browser (tens of ms on a
  // cold page). main.tsx calls keepToken once the app's code has loaded, while the list is on its
  // way and before anything renders, so the page never shows with the token still in its address.
  let kept = !found.fromHash;
  return {
    kind: 'bridge',
    token,
    downloadTicket: bridge.downloadTicket,
    exploreTicket: bridge.exploreTicket,
    keepToken() {
      if (kept) return;
      kept = true;
      keepBridgeToken(token);
    },
    transport: { api: bridge.api, state: bridge.state, onStateChange: bridge.onStateChange },
  };
}
