// Owns the shape of the whole renderer store: one zustand store made of independent slices.
import type { StoreApi } from 'zustand/vanilla';
import type { StevedoreApi } from '../../../shared/contract';
import type { EditSlice } from '../features/edit/edit-slice';
import type { EngineSlice } from '../features/shell/engine-slice';
import type { ImagesSlice } from '../features/images/images-slice';
import type { JobsSlice } from '../features/jobs/jobs-slice';
import type { SettingsSlice } from '../features/shell/settings-slice';
import type { DetailSlice } from '../features/detail/detail-slice';
import type { PullSlice } from '../features/search-pull/pull-slice';
import type { SearchSlice } from '../features/search-pull/search-slice';
import type { UiSlice } from '../features/shell/ui-slice';
import type { TransferSlice } from '../features/transfer/transfer-slice';
import type { FilePort } from '../transport/file-port';
import type { RegistriesSlice } from '../features/registries/registries-slice';
import type { DiskSlice } from '../features/disk/disk-slice';
import type { ExploreSlice } from '../features/explore/explore-slice';
import type { DiffSlice } from '../features/diff/diff-slice';
import type { UpdatesSlice } from '../features/updates/updates-slice';
import type { RegistryCopySlice } from '../features/registry-copy/registry-copy-slice';

export interface AppState {
  images: ImagesSlice;
  jobs: JobsSlice;
  engine: EngineSlice;
  settings: SettingsSlice;
  edit: EditSlice;
  search: SearchSlice;
  pull: PullSlice;
  detail: DetailSlice;
  transfer: TransferSlice;
  registries: RegistriesSlice;
  disk: DiskSlice;
  explore: ExploreSlice;
  diff: DiffSlice;
  updates: UpdatesSlice;
  registryCopy: RegistryCopySlice;
  ui: UiSlice;
}

export type AppStore = StoreApi<AppState>;

export interface StoreDeps {
  api: StevedoreApi;
  /** Where settings persist; absent in tests. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** How save and load reach files (the transport's); absent where there is none. */
  files?: FilePort;
}

export type SliceCreator<K extends keyof AppState> = (set: AppStore['setState'], get: AppStore['getState'], deps: StoreDeps) => AppState[K];
