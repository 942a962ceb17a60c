// Owns the shape of the whole renderer store: one zustand store made of independent slices.
import type { StoreApi } from 'zustand/vanilla';
import type { StevedoreApi } from '../../../shared/contract';
import type { EditSlice } from './edit-slice';
import type { EngineSlice } from './engine-slice';
import type { ImagesSlice } from './images-slice';
import type { JobsSlice } from './jobs-slice';
import type { SettingsSlice } from './settings-slice';
import type { DetailSlice } from './detail-slice';
import type { PullSlice } from './pull-slice';
import type { SearchSlice } from './search-slice';
import type { UiSlice } from './ui-slice';
import type { TransferSlice } from './transfer-slice';
import type { FilePort } from '../transport/file-port';
import type { RegistriesSlice } from './registries-slice';

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

export type SliceCreator<K extends keyof AppState> = (
  set: AppStore['setState'],
  get: AppStore['getState'],
  deps: StoreDeps,
) => AppState[K];

/** Replaces part of one slice, leaving the other slices' objects untouched (so their selectors stay quiet). */
export function patcher<K extends keyof AppState>(set: AppStore['setState'], get: AppStore['getState'], key: K) {
  return (patch: Partial<AppState[K]>) => set({ [key]: { ...get()[key], ...patch } } as unknown as Partial<AppState>);
}
