// Owns what the window loads on demand: the views other than Images and the overlays whose dialogs
// are not needed for the first rows, each its own chunk (tests/unit/renderer/code-split.test.ts
// checks the build keeps them out of what the page loads first). `prefetchLater` fetches them all
// once the first rows are in, so switching views or opening a dialog seldom waits.
import { lazy, type ComponentType } from 'react';

/** React.lazy for a module's named component. */
function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const loadSearch = () => import('./features/search-pull/SearchView');
const loadJobs = () => import('./features/jobs/JobsPanel');
const loadRegistries = () => import('./features/registries/RegistriesView');
const loadEditOverlays = () => import('./features/edit/EditOverlays');
const loadDetailOverlays = () => import('./features/detail/DetailOverlays');
const loadRegistriesOverlays = () => import('./features/registries/RegistriesOverlays');
const loadDisk = () => import('./features/disk/DiskView');
const loadExplore = () => import('./features/explore/ExploreView');
const loadDiff = () => import('./features/diff/DiffView');
const loadUpdates = () => import('./features/updates/UpdatesView');
const loadRegistryCopy = () => import('./features/registry-copy/RegistryCopyOverlay');

export const SearchView = lazyNamed(loadSearch, 'SearchView');
export const JobsPanel = lazyNamed(loadJobs, 'JobsPanel');
export const RegistriesView = lazyNamed(loadRegistries, 'RegistriesView');
export const EditOverlays = lazyNamed(loadEditOverlays, 'EditOverlays');
export const DetailOverlays = lazyNamed(loadDetailOverlays, 'DetailOverlays');
export const RegistriesOverlays = lazyNamed(loadRegistriesOverlays, 'RegistriesOverlays');
export const DiskView = lazyNamed(loadDisk, 'DiskView');
export const ExploreView = lazyNamed(loadExplore, 'ExploreView');
export const DiffView = lazyNamed(loadDiff, 'DiffView');
export const UpdatesView = lazyNamed(loadUpdates, 'UpdatesView');
export const RegistryCopyOverlay = lazyNamed(loadRegistryCopy, 'RegistryCopyOverlay');

const everyChunk = [
  loadSearch,
  loadJobs,
  loadRegistries,
  loadEditOverlays,
  loadDetailOverlays,
  loadRegistriesOverlays,
  loadDisk,
  loadExplore,
  loadDiff,
  loadUpdates,
  loadRegistryCopy,
];

let prefetching = false;

/** Fetches (and evaluates) every on-demand chunk when the page is idle, once; a failure waits for real use. */
export function prefetchLater(): void {
  if (prefetching) return;
  prefetching = true;
  const run = () => everyChunk.forEach((load) => void load().catch(() => undefined));
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 0);
}
