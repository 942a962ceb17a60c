// Owns what the UI knows about the engine (reachable, host, versions) and the transport under it.
import type { ContractError, EngineStatus } from '../../../../shared/contract';
import type { TransportState } from '../../transport/types';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface EngineSlice {
  status: EngineStatus | null;
  transport: TransportState;
  /** A Retry is in flight. */
  retrying: boolean;
  /** engine.status / engine.reconnect themselves failed (e.g. the bridge is gone). */
  error: ContractError | null;
  load(): Promise<void>;
  reconnect(): Promise<void>;
  /** Applies a status (from a response or an engine.status event); re-lists when the engine comes back. */
  apply(status: EngineStatus): void;
  setTransport(state: TransportState): void;
}

export const createEngineSlice: SliceCreator<'engine'> = (set, get, deps) => {
  const patch = patcher(set, get, 'engine');
  return {
    status: null,
    transport: 'connecting',
    retrying: false,
    error: null,
    async load() {
      const result = await deps.api.invoke('engine.status', {});
      if (result.ok) get().engine.apply(result.value);
      else patch({ error: result.error });
    },
    async reconnect() {
      patch({ retrying: true });
      const result = await deps.api.invoke('engine.reconnect', {});
      patch({ retrying: false });
      if (result.ok) get().engine.apply(result.value);
      else patch({ error: result.error });
    },
    apply(status) {
      const previous = get().engine.status;
      // Events and responses can cross; an older check must not overwrite a newer one.
      if (previous && status.checkedAt < previous.checkedAt) return;
      patch({ status, error: null });
      if (status.reachable && previous && !previous.reachable) void get().images.refresh();
    },
    setTransport(transport) {
      patch({ transport });
    },
  };
};
