// Owns a load job's layer rows. The engine reports only the layers it has to load ("Loading layer",
// keyed by the first 12 hex digits of the layer's diff ID, one after the other) and says nothing
// of layers it already has, so its rows alone undercount: a 3-layer archive whose base is present
// shows "1 layer". The count comes from the archive's manifest.json instead (each distinct layer
// once), and once a load succeeds every layer of every image it loaded is settled from the engine's
// own answer (the images' RootFS): loaded, or already there. A finished load never shows a layer
// still "Loading layer".
import type Dockerode from 'dockerode';
import type { JobLayer } from '../../../shared/contract';
import type { ManifestEntry } from '../../../shared/tar-manifest';
import { truncateId } from '../../../shared/docker-units';
import { engineCall } from '../engine/engine-api';
import { imagePath } from '../engine/engine-name';
import type { JobContext } from '../support/jobs';

/** The engine's status while it registers a layer (moby's tarexport). */
export const LOADING_LAYER = 'Loading layer';
/** Ours: the engine moved past this layer, or the load succeeded. */
export const LAYER_LOADED = 'Loaded';
/** Ours, in the pull's words: the engine had the layer and skipped it. */
export const LAYER_PRESENT = 'Already exists';

export type LayerSink = Pick<JobContext, 'layer' | 'layerCount' | 'setLayers'>;

/** `sha256:<64 hex>` -> the 12 hex digits the engine's progress names a layer by (stringid.TruncateID). */
export const shortLayerId = truncateId;

/** Distinct layers of a manifest: a layer several images share is one layer (as docker save writes it once). */
export const manifestLayerCount = (manifest: readonly ManifestEntry[]): number => new Set(manifest.flatMap((m) => m.Layers)).size;

/** The names `Loaded image: x:y` / `Loaded image ID: sha256:…` lines give, for reading the images back. */
export function loadedNames(lines: readonly string[]): string[] {
  return lines.map((l) => /^Loaded image(?: ID)?: (.+)$/.exec(l)?.[1]?.trim()).filter((n): n is string => !!n);
}

/**
 * One job's rows over all its archives (a job may load several files in turn): rows settled by
 * earlier archives, then the current archive's rows as the engine reports them.
 */
export class LoadLayers {
  /** Rows of archives already loaded, in their order. */
  private readonly settled = new Map<string, JobLayer>();
  /** Rows the engine reported for the archive being loaded. */
  private current = new Map<string, JobLayer>();
  /** Distinct layers of the archive being loaded, once its manifest is known. */
  private expected: number | undefined;
  private manifest: ManifestEntry[] | undefined;

  constructor(private readonly sink: LayerSink) {}

  /** A new archive starts: nothing is known of it yet. */
  begin(): void {
    this.current = new Map();
    this.expected = undefined;
    this.manifest = undefined;
  }

  /** The archive's manifest.json, read from the bytes on their way to the engine. */
  expect(manifest: ManifestEntry[]): void {
    this.manifest = manifest;
    this.expected = manifestLayerCount(manifest);
    this.sendCount();
  }

  /** One progress line of the engine. The layer before it is done: the engine loads one at a time. */
  engine(layer: JobLayer): void {
    if (!this.current.has(layer.id)) {
      for (const [id, row] of this.current) {
        if (row.status !== LOADING_LAYER) continue;
        const done = doneRow(row);
        this.current.set(id, done);
        this.sink.layer(done);
      }
    }
    const row = { ...layer };
    this.current.set(layer.id, row);
    this.sink.layer(row);
    this.sendCount();
  }

  /**
   * The archive loaded: its images' layers (the engine's RootFS, read back) become its rows, in the
   * images' order, each loaded (the engine reported it) or already there. Without the diff IDs
   * (the images cannot be read back) the engine's rows end loaded and are the count.
   */
  async settle(docker: Dockerode, loaded: readonly string[], signal?: AbortSignal): Promise<void> {
    const diffIds = await this.diffIdsOf(docker, loaded, signal);
    const rows = diffIds ? diffIds.map(shortLayerId) : [...this.current.keys()];
    for (const id of rows) {
      if (this.settled.has(id)) continue;
      const reported = this.current.get(id);
      this.settled.set(id, reported ? doneRow(reported) : { id, status: LAYER_PRESENT });
    }
    // A row the images do not name (never seen so far) still ends done rather than running.
    for (const [id, row] of this.current) if (!this.settled.has(id)) this.settled.set(id, doneRow(row));
    this.begin();
    this.sink.setLayers([...this.settled.values()]);
    this.sink.layerCount(this.settled.size);
  }

  private sendCount(): void {
    const pending = Math.max(this.expected ?? 0, this.current.size);
    this.sink.layerCount(this.settled.size + pending);
  }

  /**
   * The diff IDs of the loaded images, base first, each once: by the manifest's config digests
   * (the image IDs), else by the names the engine printed; undefined when they cannot be read.
   */
  private async diffIdsOf(docker: Dockerode, loaded: readonly string[], signal?: AbortSignal): Promise<string[] | undefined> {
    const byConfig = this.manifest?.map((m) => configImageId(m.Config)).filter((id): id is string => !!id) ?? [];
    const attempts = [byConfig, loadedNames(loaded)].filter((names) => names.length > 0);
    for (const names of attempts) {
      const layers = await rootFsLayers(docker, names, signal);
      if (layers) return [...new Set(layers.flat())];
    }
    return undefined;
  }
}

const doneRow = (row: JobLayer): JobLayer => ({
  ...row,
  status: LAYER_LOADED,
  ...(row.total !== undefined && row.total > 0 ? { current: row.total } : {}),
});

/** `<hex>.json` (docker save) or `blobs/sha256/<hex>` (OCI layout) -> `sha256:<hex>`; undefined otherwise. */
function configImageId(config: string): string | undefined {
  const m = /(?:^|\/)([a-f0-9]{64})(?:\.json)?$/.exec(config);
  return m ? `sha256:${m[1]}` : undefined;
}

/** Each image's RootFS.Layers, or undefined when one of them cannot be read (gone, or another store's IDs). */
async function rootFsLayers(docker: Dockerode, names: readonly string[], signal?: AbortSignal): Promise<string[][] | undefined> {
  try {
    return await Promise.all(
      names.map(async (name) => {
        const info = await engineCall<{ RootFS?: { Layers?: string[] } }>(docker, {
          method: 'GET',
          path: imagePath(name, '/json'),
          signal,
        });
        return info.RootFS?.Layers ?? [];
      }),
    );
  } catch {
    // Only the rows' detail is lost: the load itself succeeded.
    return undefined;
  }
}
