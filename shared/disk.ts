// Owns the disk part of the contract: what images take on the engine's disk, computed from the
// layer graph (RootFS chain IDs, each layer's diff size), what removing a selection or a prune
// would free, and what the engine says it freed. `selectionBytes` is pure, so the Disk view sums a
// selection as rows are ticked without a round trip, with the very rule core uses.
import { z } from 'zod';

/** One layer of the store, counted once however many images hold it. */
export interface DiskLayer {
  /** Layer chain ID (layer.CreateChainID over RootFS.Layers): what the store keys layers by. */
  chainId: string;
  /** Diff size in bytes, as the engine counts it in `/system/df` LayersSize and prune's SpaceReclaimed. */
  size: number;
  /** Indexes into `DiskReport.images` of the listed images whose chain holds this layer. */
  images: number[];
  /** Containers whose image holds it: a container keeps its image's whole chain. */
  containers: number;
}

/** One image as `docker images` lists it (intermediate build parents are counted with their children). */
export interface DiskImage {
  id: string;
  /** Tags and digest references, familiar form; empty for `<none>:<none>`. */
  references: string[];
  /** Unix seconds. */
  created: number;
  /** Containers created from it, running or not, and how many of them run. */
  containers: number;
  running: number;
  /** Indexes into `DiskReport.layers`, bottom first. */
  layers: number[];
  /** Sum of its layers: the SIZE `docker images` prints. */
  total: number;
  /** Bytes in layers no other listed image holds. */
  unique: number;
  /** Bytes in layers other images hold too (total - unique). */
  shared: number;
}

/** What a prune would remove, replayed on the store's model with moby's rules. */
export interface DiskPruneFigure {
  /** Images deleted (intermediate parents included). */
  images: number;
  /** Bytes of the layers that go: what the engine would report as SpaceReclaimed. */
  bytes: number;
}

export interface DiskReport {
  images: DiskImage[];
  layers: DiskLayer[];
  /** Every layer any image holds, each counted once: the engine's `/system/df` LayersSize. */
  totalBytes: number;
  /** The images' SIZE summed per image, shared layers counted again each time (what a naive sum shows). */
  naiveBytes: number;
  /** `docker image prune` (dangling images) and `docker image prune -a`. */
  prune: DiskPruneFigure;
  pruneAll: DiskPruneFigure;
  /** Whether every layer's size was read from a history that matched its image's root filesystem. */
  sizesExact: boolean;
  /** Epoch ms the report was read. */
  at: number;
}

/** What removing a selection amounts to, by the layer graph. */
export interface SelectionBytes {
  images: number;
  /** Layers every holder of which is in the selection and no container keeps. */
  frees: number;
  /** Layers also held by images outside the selection. */
  shared: number;
  /** Layers only the selection and containers hold: they stay while the containers do. */
  keptByContainers: number;
  /** Every layer the selection holds, each once. */
  total: number;
}

/**
 * The bytes removing these images would free, the bytes they share with images outside them and
 * their total: each layer counted once, a layer freed only when no image outside the selection and
 * no container holds it (`docker rmi` never frees a layer a container sits on, forced or not).
 */
export function selectionBytes(report: Pick<DiskReport, 'images' | 'layers'>, imageIds: Iterable<string>): SelectionBytes {
  const wanted = new Set(imageIds);
  const selected = new Set<number>();
  report.images.forEach((img, i) => {
    if (wanted.has(img.id)) selected.add(i);
  });
  const layers = new Set<number>();
  for (const i of selected) for (const l of report.images[i].layers) layers.add(l);
  const out: SelectionBytes = { images: selected.size, frees: 0, shared: 0, keptByContainers: 0, total: 0 };
  for (const l of layers) {
    const layer = report.layers[l];
    out.total += layer.size;
    if (layer.images.some((i) => !selected.has(i))) out.shared += layer.size;
    else if (layer.containers > 0) out.keptByContainers += layer.size;
    else out.frees += layer.size;
  }
  return out;
}

/** The command whose output the Disk view's figures stand for. */
export const SYSTEM_DF_COMMAND = 'docker system df -v';

export const diskRequestSchemas = {
  /** Starts a disk job (kind `disk`; result: DiskReport). Cancel it with `jobs.cancel`. */
  'disk.report': z.object({}).strict(),
  /**
   * The engine's own measure: `/system/df` LayersSize. Slow on big hosts: asked only around a remove
   * (before and after, to show what it really freed), never on the list's path.
   */
  'disk.layersSize': z.object({}).strict(),
} as const satisfies Record<string, z.ZodType>;

export interface DiskResponseMap {
  'disk.report': { jobId: string };
  'disk.layersSize': { layersSize: number };
}
