// Owns reading the Disk view's report from the engine (the image-store model, then the layer sizes,
// then the graph) and the engine's own measure of image layers, `/system/df` LayersSize.
import { setMaxListeners } from 'node:events';
import type Dockerode from 'dockerode';
import type { DiskReport } from '../../../shared/disk';
import { engineCall } from '../engine/engine-api';
import { loadImageStoreModel } from '../edit/image-store-load';
import type { ImageStoreModel } from '../edit/image-store-model';
import { buildDiskReport } from './layer-graph';
import { readLayerSizes, type LayerSizeCache } from './layer-sizes';

export interface DiskReadOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Epoch ms (injectable for tests). */
  now?: () => number;
}

/** The model and every chain's size, for the report and for tests that replay a prune on them. */
export async function readDiskGraph(
  docker: Dockerode,
  cache: LayerSizeCache,
  opts: DiskReadOptions = {},
): Promise<{ model: ImageStoreModel; sizes: Map<string, number>; exact: boolean }> {
  // Every request in flight (16 inspects, 8 histories) listens on the one signal: not a leak.
  if (opts.signal) setMaxListeners(64, opts.signal);
  const model = await loadImageStoreModel(docker, opts.signal);
  const { sizes, exact } = await readLayerSizes(docker, model, cache, opts);
  return { model, sizes, exact };
}

export async function readDiskReport(docker: Dockerode, cache: LayerSizeCache, opts: DiskReadOptions = {}): Promise<DiskReport> {
  const { model, sizes, exact } = await readDiskGraph(docker, cache, opts);
  return buildDiskReport(model, sizes, { sizesExact: exact, at: (opts.now ?? Date.now)() });
}

/**
 * `/system/df` LayersSize: the engine's own sum of the diff sizes of every layer an image holds.
 * Slow on big hosts (the engine sizes containers and volumes in the same call on API 1.41).
 */
export async function engineLayersSize(docker: Dockerode, signal?: AbortSignal): Promise<number> {
  const df = await engineCall<{ LayersSize?: number }>(docker, { method: 'GET', path: '/system/df', signal });
  return df?.LayersSize ?? 0;
}
