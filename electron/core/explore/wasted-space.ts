// Owns the explorer's wasted space: bytes of regular files that a layer ships and a later layer
// (or a later header of the same layer) hides again, by writing the same path or a parent over it
// (`overwritten`) or by a whiteout or an opaque folder (`removed`). They still cost every pull and
// every byte of disk the layer takes, which is what people look for when slimming an image.
import type { WastedEntry } from '../../../shared/explore';

/** The explorer lists the largest ones; the total counts all. */
export const WASTED_ENTRIES_MAX = 1000;

export class WastedLedger {
  private readonly entries: WastedEntry[] = [];

  /** A file left its place in the merged view; only regular files with content waste bytes. */
  record(path: string, kind: string, size: number, layer: number, by: WastedEntry['by'], byLayer: number): void {
    if (kind !== 'file' || size <= 0) return;
    this.entries.push({ path, bytes: size, layer, by, byLayer });
  }

  /**
   * Largest first (then by layer and path, so equal sizes come out the same on every run), at most
   * `max`; `bytes` is the total of all of them. `keep` drops the ones it refuses (a file whose
   * content a hard link of its own layer still shows is not wasted).
   */
  result(keep: (entry: WastedEntry) => boolean = () => true, max = WASTED_ENTRIES_MAX): { bytes: number; entries: WastedEntry[] } {
    const kept = this.entries.filter(keep);
    let bytes = 0;
    for (const entry of kept) bytes += entry.bytes;
    kept.sort((a, b) => b.bytes - a.bytes || a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { bytes, entries: kept.slice(0, max) };
  }
}
