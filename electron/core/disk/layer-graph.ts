// Owns the layer graph behind the Disk view: every layer of the store counted once, which listed
// images and containers hold it, each image's unique and shared bytes, and what `docker image
// prune [-a]` would free, all from the image-store model (edit/image-store-model.ts, the model the
// remove and prune plans replay moby's rules on) and the per-layer diff sizes (layer-sizes.ts).
// Pure: no engine here, so unit tests build graphs by hand.
//
// Which images are listed: those `docker images` shows. An intermediate parent (no name, with
// children: what the classic builder leaves) is not; its chain is a prefix of each child's, so its
// layers are held by its children anyway, and removing the last child takes it along (rmi prunes
// untagged parents).
import type { DiskImage, DiskLayer, DiskPruneFigure, DiskReport } from '../../../shared/disk';
import type { ImageStoreModel, ModelContainer, PruneSelection } from '../edit/image-store-model';

/** Images `docker images` lists: named, or without children. */
export function listedImages(model: ImageStoreModel): string[] {
  const parents = new Set<string>();
  for (const img of model.images.values()) if (img.parent) parents.add(img.parent);
  return [...model.images.values()].filter((img) => img.refs.length > 0 || !parents.has(img.id)).map((img) => img.id);
}

/**
 * What a prune with this selection would free: moby's prune replayed on a copy of the model (the
 * same replay `images.prunePlan` runs), the layers it releases summed with their diff sizes.
 */
export function pruneFigure(model: ImageStoreModel, sizes: ReadonlyMap<string, number>, selection: PruneSelection): DiskPruneFigure {
  const copy = model.clone();
  const { records } = copy.prune(selection);
  let images = 0;
  let bytes = 0;
  for (const r of records) {
    if (!('deleted' in r)) continue;
    if (model.images.has(r.deleted)) images++;
    else bytes += sizes.get(r.deleted) ?? 0;
  }
  return { images, bytes };
}

const DANGLING: PruneSelection = { all: false, labels: [], notLabels: [] };
const ALL: PruneSelection = { all: true, labels: [], notLabels: [] };

/** The whole report from a model and the diff size of every chain its images hold. */
export function buildDiskReport(
  model: ImageStoreModel,
  sizes: ReadonlyMap<string, number>,
  opts: { sizesExact: boolean; at: number },
): DiskReport {
  const ids = listedImages(model);
  const layers: DiskLayer[] = [];
  const layerIndex = new Map<string, number>();
  const layerOf = (chainId: string): number => {
    let i = layerIndex.get(chainId);
    if (i === undefined) {
      i = layers.length;
      layerIndex.set(chainId, i);
      layers.push({ chainId, size: sizes.get(chainId) ?? 0, images: [], containers: 0 });
    }
    return i;
  };
  const containersOf = new Map<string, ModelContainer[]>();
  for (const c of model.containers) containersOf.set(c.imageId, [...(containersOf.get(c.imageId) ?? []), c]);
  const images: DiskImage[] = ids.map((id, index) => {
    const img = model.images.get(id)!;
    const own = img.chain.map(layerOf);
    for (const l of own) layers[l].images.push(index);
    const containers = containersOf.get(id) ?? [];
    return {
      id,
      references: img.refs.map((r) => r.familiar),
      created: img.created,
      containers: containers.length,
      running: containers.filter((c) => c.running).length,
      layers: own,
      total: 0,
      unique: 0,
      shared: 0,
    };
  });
  // A container keeps its image's chain, whether that image is listed or an intermediate one.
  for (const c of model.containers) {
    const img = model.images.get(c.imageId);
    if (img) for (const chain of img.chain) layers[layerOf(chain)].containers++;
  }
  for (const image of images) {
    for (const l of image.layers) {
      const layer = layers[l];
      image.total += layer.size;
      if (layer.images.length === 1) image.unique += layer.size;
    }
    image.shared = image.total - image.unique;
  }
  // Layers only intermediate images hold (a parent whose children all went another way) still take space.
  for (const img of model.images.values()) for (const chain of img.chain) layerOf(chain);
  return {
    images,
    layers,
    totalBytes: layers.reduce((sum, l) => sum + l.size, 0),
    naiveBytes: images.reduce((sum, i) => sum + i.total, 0),
    prune: pruneFigure(model, sizes, DANGLING),
    pruneAll: pruneFigure(model, sizes, ALL),
    sizesExact: opts.sizesExact,
    at: opts.at,
  };
}
