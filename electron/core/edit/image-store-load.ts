// Owns filling the image-store model from the Engine API: the images (with `all`, so parents are
// known), their layer chains (one inspect each), the containers, and the diff size of each layer
// read from the images' histories, for plans and dry runs that say how much space goes.
import type Dockerode from 'dockerode';
import { engineCall } from '../engine/engine-api';
import { imagePath } from '../engine/engine-name';
import { chainIds, type ModelContainer, type ModelImage, type ModelRef, modelRef, ImageStoreModel } from './image-store-model';
import { mapLimited } from '../support/map-limited';

interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  Labels: Record<string, string> | null;
}

interface ImageInspect {
  Id: string;
  Parent: string;
  Created: string;
  Size: number;
  Config: { Labels?: Record<string, string> | null } | null;
  RootFS?: { Layers?: string[] };
}

interface HistoryItem {
  Created: number;
  CreatedBy: string;
  Size: number;
}

/** RFC 3339 with nanoseconds to unix seconds (Date keeps only milliseconds). */
export function parseEngineTime(text: string): number {
  const m = /^(.*?T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return Date.parse(text) / 1000;
  return Date.parse(`${m[1]}${m[3]}`) / 1000 + (m[2] ? Number(`0${m[2]}`) : 0);
}

const NONE_REFS = new Set(['<none>:<none>', '<none>@<none>']);

/**
 * Reads the engine's images (with `all`, so parents are known), their layer chains (one inspect
 * each) and all containers. Images that vanish between the list and the inspect are left out.
 */
export async function loadImageStoreModel(docker: Dockerode, signal?: AbortSignal): Promise<ImageStoreModel> {
  const [summaries, containers] = await Promise.all([
    engineCall<ImageSummary[]>(docker, { method: 'GET', path: '/images/json', query: { all: 1 }, signal }),
    engineCall<{ Id: string; Names?: string[]; ImageID: string; State: string }[]>(docker, {
      method: 'GET',
      path: '/containers/json',
      query: { all: 1 },
      signal,
    }),
  ]);
  const inspected = await mapLimited(summaries ?? [], 16, async (s) => {
    try {
      return await engineCall<ImageInspect>(docker, { method: 'GET', path: imagePath(s.Id, '/json'), signal });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  });
  const images: ModelImage[] = [];
  (summaries ?? []).forEach((s, i) => {
    const info = inspected[i];
    if (!info) return;
    const refs = [...(s.RepoTags ?? []), ...(s.RepoDigests ?? [])]
      .filter((r) => !NONE_REFS.has(r))
      .map(modelRef)
      .filter((r): r is ModelRef => r !== undefined);
    images.push({
      id: s.Id,
      parent: info.Parent ?? s.ParentId ?? '',
      refs,
      created: parseEngineTime(info.Created),
      labels: info.Config ? (info.Config.Labels ?? null) : null,
      hasConfig: info.Config != null,
      size: info.Size ?? s.Size,
      chain: chainIds(info.RootFS?.Layers ?? []),
    });
  });
  const running = new Set(['running', 'paused', 'restarting']);
  const ctrs: ModelContainer[] = (containers ?? []).map((c) => ({
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    imageId: c.ImageID,
    running: running.has(c.State),
  }));
  return new ImageStoreModel(images, ctrs);
}

/**
 * Diff sizes of the given layer chains, read from the owning images' history (the engine reports
 * each non-empty layer's DiffSize there, oldest last). `exact` is false when a history cannot be
 * matched to the root filesystem one to one.
 */
export async function layerSizes(
  docker: Dockerode,
  model: ImageStoreModel,
  original: ImageStoreModel,
  chains: readonly string[],
  signal?: AbortSignal,
): Promise<{ sizes: Map<string, number>; exact: boolean }> {
  const sizes = new Map<string, number>();
  let exact = true;
  const byImage = new Map<string, string[]>();
  for (const c of chains) {
    const owner = model.layerOwners.get(c);
    if (!owner) continue;
    byImage.set(owner.imageId, [...(byImage.get(owner.imageId) ?? []), c]);
  }
  await mapLimited([...byImage.keys()], 8, async (imageId) => {
    const img = original.images.get(imageId);
    if (!img) return;
    const history = (await engineCall<HistoryItem[]>(docker, { method: 'GET', path: imagePath(imageId, '/history'), signal })).reverse();
    const perLevel = historyLayerSizes(history, img.chain.length);
    if (!perLevel) exact = false;
    for (const c of byImage.get(imageId) ?? []) {
      const owner = model.layerOwners.get(c);
      sizes.set(c, (owner && perLevel?.[owner.level]) ?? 0);
    }
  });
  return { sizes, exact };
}

/**
 * Maps history entries (oldest first) to layers: entries with a size are layers; among the
 * empty ones, `#(nop)` instructions are metadata-only. Returns undefined when ambiguous.
 */
export function historyLayerSizes(history: readonly HistoryItem[], layers: number): number[] | undefined {
  const sized = history.filter((h) => h.Size > 0);
  if (sized.length === layers) return sized.map((h) => h.Size);
  const likely = history.filter((h) => h.Size > 0 || !/#\(nop\)/.test(h.CreatedBy ?? ''));
  if (likely.length === layers) return likely.map((h) => h.Size);
  if (history.length === layers) return history.map((h) => h.Size);
  return undefined;
}
