// Owns the Disk view's treemap model: the tiles laid out by d3-hierarchy (images by unique bytes,
// then the layers images share, grouped by who shares them: every byte drawn once, so the
// picture's area is the disk's) and moving between tiles with the arrow keys by where they sit.
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import type { DiskReport } from '../../../../shared/disk';
import { NONE_NAME } from './disk-model';

export interface Tile {
  /** Stable key: the image ID, or `shared:` and the IDs sharing. */
  key: string;
  kind: 'unique' | 'shared';
  /** The images it stands for: one for a unique tile, those sharing for a shared one. */
  imageIds: string[];
  names: string[];
  bytes: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Leaf {
  key: string;
  kind: 'unique' | 'shared';
  imageIds: string[];
  names: string[];
  bytes: number;
}

interface Node {
  children?: (Node | Leaf)[];
}

/**
 * The treemap of these images: one tile per image for the bytes only it holds, one tile per group
 * of images for the layers that group shares (counted once). Tiles under a pixel are left out of
 * the picture; the table lists every image.
 */
export function treemapTiles(report: DiskReport, imageIds: readonly string[], width: number, height: number): Tile[] {
  const shown = new Set(imageIds);
  const byIndex = report.images;
  const nameOf = (i: number) => byIndex[i].references[0] ?? NONE_NAME;
  const unique: Leaf[] = [];
  for (const img of byIndex) {
    if (shown.has(img.id) && img.unique > 0) {
      unique.push({ key: img.id, kind: 'unique', imageIds: [img.id], names: [img.references[0] ?? NONE_NAME], bytes: img.unique });
    }
  }
  const groups = new Map<string, Leaf>();
  for (const layer of report.layers) {
    if (layer.images.length < 2 || layer.size === 0 || !layer.images.some((i) => shown.has(byIndex[i].id))) continue;
    const ids = layer.images.map((i) => byIndex[i].id);
    const key = `shared:${ids.join(',')}`;
    const g = groups.get(key);
    if (g) g.bytes += layer.size;
    else groups.set(key, { key, kind: 'shared', imageIds: ids, names: layer.images.map(nameOf), bytes: layer.size });
  }
  const root: Node = { children: [{ children: unique }, { children: [...groups.values()] }].filter((c) => c.children.length > 0) };
  if (!root.children?.length || width <= 0 || height <= 0) return [];
  const h = hierarchy<Node | Leaf>(root, (d) => ('children' in d ? d.children : undefined))
    .sum((d) => ('bytes' in d ? d.bytes : 0))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laid = treemap<Node | Leaf>().tile(treemapSquarify).size([width, height]).paddingInner(2).round(true)(h);
  return laid
    .leaves()
    .filter((n) => 'bytes' in n.data && n.x1 - n.x0 >= 1 && n.y1 - n.y0 >= 1)
    .map((n) => ({ ...(n.data as Leaf), x0: n.x0, y0: n.y0, x1: n.x1, y1: n.y1 }));
}

export type TileKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/**
 * The tile an arrow key moves to: the nearest whose centre lies that way, preferring the same
 * row (or column); none that way keeps the current one. Home and End go to the first and last.
 */
export function neighbourTile(tiles: readonly Tile[], from: number, key: TileKey): number {
  if (tiles.length === 0) return -1;
  if (key === 'Home') return 0;
  if (key === 'End') return tiles.length - 1;
  const cur = tiles[from];
  if (!cur) return 0;
  const cx = (cur.x0 + cur.x1) / 2;
  const cy = (cur.y0 + cur.y1) / 2;
  let best = from;
  let bestScore = Infinity;
  tiles.forEach((t, i) => {
    if (i === from) return;
    const tx = (t.x0 + t.x1) / 2;
    const ty = (t.y0 + t.y1) / 2;
    const along = key === 'ArrowRight' ? tx - cx : key === 'ArrowLeft' ? cx - tx : key === 'ArrowDown' ? ty - cy : cy - ty;
    if (along <= 0) return;
    const across = key === 'ArrowRight' || key === 'ArrowLeft' ? Math.abs(ty - cy) : Math.abs(tx - cx);
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
