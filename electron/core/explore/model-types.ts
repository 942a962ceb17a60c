// Owns the types of the explorer's layer model (built by layer-model.ts, which re-exports them),
// apart so the model's helpers can name them without importing the model.
import type { ExploreSearchResult, FileEntry, FileMeta, WastedEntry } from '../../../shared/explore';

/** One tar header of a layer, as read: `name` exactly as in the layer tar ('./etc/passwd', 'etc/.wh.foo', 'usr/.wh..wh..opq'). */
export interface RawEntry extends FileMeta {
  name: string;
  mtime: number;
  /** hex sha256 of the content, when hashed */
  digest?: string;
}

export type ModelEntry = FileEntry & { digest?: string };

export interface ModelLayer {
  /** Sorted by path components; removals included (mark 'removed'). */
  entries: ModelEntry[];
  /** Entries that are not removals (shared/explore.ts ExploreLayer.files). */
  files: number;
  added: number;
  modified: number;
  removed: number;
  /** Headers left out: hostile names, unknown kinds, whiteouts naming nothing. */
  skipped: number;
}

export interface ImageModel {
  layers: ModelLayer[];
  merged: ModelEntry[];
  mergedBytes: number;
  wasted: { bytes: number; entries: WastedEntry[] };
  search(glob: string, limit: number): ExploreSearchResult;
  /** The layer whose entry a container sees at `path` (to read its content), undefined when absent. */
  ownerOf(path: string): number | undefined;
}
