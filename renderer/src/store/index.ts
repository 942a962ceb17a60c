// Owns building the store and wiring it to the transport's events. No React here: tests drive it in Node.
import { createStore } from 'zustand/vanilla';
import type { Transport } from '../transport/types';
import { createEditSlice } from '../features/edit/edit-slice';
import { createEngineSlice } from '../features/shell/engine-slice';
import { createImagesSlice } from '../features/images/images-slice';
import { createJobsSlice } from '../features/jobs/jobs-slice';
import { createSettingsSlice } from '../features/shell/settings-slice';
import { createDetailSlice } from '../features/detail/detail-slice';
import { createPullSlice } from '../features/search-pull/pull-slice';
import { createSearchSlice } from '../features/search-pull/search-slice';
import { createUiSlice } from '../features/shell/ui-slice';
import { createTransferSlice } from '../features/transfer/transfer-slice';
import { createRegistriesSlice } from '../features/registries/registries-slice';
import { createDiskSlice } from '../features/disk/disk-slice';
import { createExploreSlice } from '../features/explore/explore-slice';
import { createDiffSlice } from '../features/diff/diff-slice';
import { createUpdatesSlice } from '../features/updates/updates-slice';
import { createRegistryCopySlice } from '../features/registry-copy/registry-copy-slice';
import type { AppState, AppStore, StoreDeps } from './types';

export type { AppState, AppStore, StoreDeps } from './types';

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get) => ({
    images: createImagesSlice(set, get, deps),
    jobs: createJobsSlice(set, get, deps),
    engine: createEngineSlice(set, get, deps),
    settings: createSettingsSlice(set, get, deps),
    edit: createEditSlice(set, get, deps),
    search: createSearchSlice(set, get, deps),
    pull: createPullSlice(set, get, deps),
    detail: createDetailSlice(set, get, deps),
    ui: createUiSlice(set, get, deps),
    transfer: createTransferSlice(set, get, deps),
    registries: createRegistriesSlice(set, get, deps),
    disk: createDiskSlice(set, get, deps),
    explore: createExploreSlice(set, get, deps),
    diff: createDiffSlice(set, get, deps),
    updates: createUpdatesSlice(set, get, deps),
    registryCopy: createRegistryCopySlice(set, get, deps),
  }));
}

/**
 * Subscribes the store to the main side's events and loads the first state. The list is refreshed
 * only when core says images changed (or the engine/bridge came back): no polling.
 */
export function connectStore(store: AppStore, transport: Pick<Transport, 'api' | 'state' | 'onStateChange'>): () => void {
  const s = () => store.getState();
  const { api } = transport;
  const loadAll = () => {
    void s().settings.load();
    void s().engine.load();
    void s().images.refresh();
    void s().jobs.load();
  };
  s().engine.setTransport(transport.state());
  let wasDown = false;
  const offs = [
    // Paced and coalesced by the slice: a stream of events never re-lists back to back.
    api.on('images.changed', () => {
      s().images.invalidate();
      s().disk.invalidate();
    }),
    api.on('engine.status', (status) => s().engine.apply(status)),
    api.on('job.updated', (job) => {
      s().jobs.upsert(job);
      s().registries.onJob(job);
      s().transfer.onJob(job);
      s().disk.onJob(job);
      s().explore.onJob(job);
      s().diff.onJob(job);
      s().updates.onJob(job);
    }),
    // The application menu, the tray and notification clicks ask the window to do things.
    api.on('ui.command', (command) => void s().ui.run(command)),
    api.on('settings.changed', (settings) => s().settings.apply(settings)),
    transport.onStateChange((state) => {
      s().engine.setTransport(state);
      if (state === 'closed') wasDown = true;
      // Events were missed while the bridge was away: start over from fresh state.
      if (state === 'open' && wasDown) {
        wasDown = false;
        loadAll();
      }
    }),
  ];
  loadAll();
  return () => offs.forEach((off) => off());
}
