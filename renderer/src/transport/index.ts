// Owns the choice of transport: Electron's preload when present, otherwise the loopback bridge.
import type { StevedoreApi } from '../../../shared/contract';
import { BRIDGE_WS_PATH, bridgeSubprotocols } from '../../../shared/bridge-protocol';
import { createBridgeClient } from './bridge-client';
import { browserFiles, desktopFiles } from './file-port';
import type { PreloadApi, Transport } from './types';

export type { Transport, TransportState } from './types';

const TOKEN_KEY = 'stevedore.bridgeToken';

/**
 * The bridge hands its token over in the URL fragment (never sent to a server). Keep it for this
 * tab's session so a reload still works, then clear it from the address bar and history.
 */
export function takeBridgeToken(loc: Location = location, storage: Storage = sessionStorage): string | undefined {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', loc.pathname + loc.search);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY) ?? undefined;
}

function electronTransport(api: PreloadApi): Transport {
  return { api, state: () => 'ipc', onStateChange: () => () => undefined, files: desktopFiles((file) => api.getPathForFile(file)) };
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

export function createTransport(): Transport {
  const preload = window.stevedore;
  if (preload && typeof preload.invoke === 'function') return electronTransport(preload);
  const token = takeBridgeToken();
  if (!token) return missingTokenTransport();
  // The token rides in a subprotocol, never in the URL (it would reach logs and tools).
  const bridge = createBridgeClient({ url: `ws://${location.host}${BRIDGE_WS_PATH}`, protocols: bridgeSubprotocols(token) });
  return {
    api: bridge.api,
    state: bridge.state,
    onStateChange: bridge.onStateChange,
    files: browserFiles({ token, downloadTicket: bridge.downloadTicket }, bridge.api),
  };
}
