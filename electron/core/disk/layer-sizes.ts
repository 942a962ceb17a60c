// Owns the diff size of every layer in the store, read from image histories (Engine API 1.41).
//
// Why history and not /system/df: /system/df gives each image's Size and SharedSize and the store's
// LayersSize, but no size per layer, so what a given SET of images shares among itself cannot be
// derived from it; and it is the slow call on big hosts (it sizes every container's read-write layer
// and every volume). `GET /images/{id}/history` lists, for each non-empty layer, exactly the number
// /system/df and prune sum: moby's image history asks the layer store for that chain's DiffSize
// (daemon/images/image_history.go). Histories are matched to RootFS.Layers by the rule the remove and
// prune plans already use (edit/image-store-load.ts historyLayerSizes). Where a history does not
// match one to one, the image's Size (the sum of its chain's diff sizes) gives the one level left
// unknown; otherwise sizes are marked not exact.
//
// A chain ID names its content, so its size never changes: sizes are cached for the process, and a
// second Disk report reads histories only for layers it has not seen (one inspect per image stays).
import type Dockerode from 'dockerode';
import { engineCall } from '../engine/engine-api';
import { imagePath } from '../engine/engine-name';
import { historyLayerSizes } from '../edit/image-store-load';
import type { ImageStoreModel, ModelImage } from '../edit/image-store-model';
import { mapLimited } from '../support/map-limited';

interface HistoryItem {
  Created: number;
  CreatedBy: string;
  Size: number;
}

/** chain ID -> diff size. Chain IDs are content addresses: an entry is never stale. */
export class LayerSizeCache {
  private readonly sizes = new Map<string, number>();
  /** Chains whose size was a best guess (a history that did not match its root filesystem). */
  private readonly guessed = new Set<string>();
  /** Bounded so a long session on a churning host cannot grow it without end. */
  constructor(private readonly limit = 200_000) {}

  get(chain: string): number | undefined {
    return this.sizes.get(chain);
  }

  isGuess(chain: string): boolean {
    return this.guessed.has(chain);
  }

  set(chain: string, size: number, exact = true): void {
    if (this.sizes.size >= this.limit && !this.sizes.has(chain)) {
      const oldest = this.sizes.keys().next().value as string;
      this.sizes.delete(oldest);
      this.guessed.delete(oldest);
    }
    this.sizes.set(chain, size);
    if (exact) this.guessed.delete(chain);
    else this.guessed.add(chain);
  }
}

/** Fills the levels one image tells: from its history, else the one unknown level its Size leaves. */
export function levelSizes(img: ModelImage, history: readonly HistoryItem[] | undefined, known: (chain: string) => number | undefined) {
  const fromHistory = history ? historyLayerSizes(history, img.chain.length) : undefined;
  if (fromHistory) {
    const sum = fromHistory.reduce((a, b) => a + b, 0);
    return { sizes: fromHistory, exact: sum === img.size };
  }
  const levels = img.chain.map(known);
  const unknown = levels.filter((s) => s === undefined).length;
  if (unknown !== 1) return { sizes: levels.map((s) => s ?? 0), exact: unknown === 0 };
  const rest = img.size - levels.reduce<number>((a, b) => a + (b ?? 0), 0);
  return { sizes: levels.map((s) => s ?? Math.max(0, rest)), exact: rest >= 0 };
}

export interface LayerSizesResult {
  sizes: Map<string, number>;
  exact: boolean;
}

/**
 * The diff size of every chain the model's images hold. Longest chains first: one history tells
 * every level of its image, so images whose layers are all known by then are never asked.
 */
export async function readLayerSizes(
  docker: Dockerode,
  model: ImageStoreModel,
  cache: LayerSizeCache,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<LayerSizesResult> {
  const images = [...model.images.values()].sort((a, b) => b.chain.length - a.chain.length);
  let done = 0;
  const missing = (img: ModelImage) => img.chain.some((c) => cache.get(c) === undefined);
  // Sequential over images by chain length would be slow; a small pool, each skipping what others found.
  await mapLimited(images, 8, async (img) => {
    if (missing(img)) {
      let history: HistoryItem[] | undefined;
      try {
        history = (await engineCall<HistoryItem[]>(docker, { method: 'GET', path: imagePath(img.id, '/history'), signal: opts.signal }))
          .slice()
          .reverse();
      } catch (err) {
        // Removed meanwhile: its layers, if still held, are told by another image's history or stay unknown.
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
      if (missing(img)) {
        const got = levelSizes(img, history, (c) => cache.get(c));
        img.chain.forEach((c, level) => {
          if (cache.get(c) === undefined) cache.set(c, got.sizes[level], got.exact);
        });
      }
    }
    opts.onProgress?.(++done, images.length);
  });
  const sizes = new Map<string, number>();
  let exact = true;
  for (const img of model.images.values()) {
    for (const c of img.chain) {
      sizes.set(c, cache.get(c) ?? 0);
      if (cache.isGuess(c)) exact = false;
    }
  }
  return { sizes, exact };
}
