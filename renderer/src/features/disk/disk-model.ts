// Owns the Disk view's table model: the rows (quick filter and sort, as the Images list filters).
// The treemap's layout is in disk-treemap.ts, so d3-hierarchy loads with the Disk view, not with
// the store (which imports this module's sort for its slice).
import type { DiskImage, DiskReport } from '../../../../shared/disk';

export type DiskSortKey = 'name' | 'unique' | 'shared' | 'total' | 'containers' | 'created';
export interface DiskSort {
  key: DiskSortKey;
  desc: boolean;
}

export interface DiskRow {
  id: string;
  /** What people read: the first reference, or `<none>:<none>`. */
  name: string;
  references: string[];
  unique: number;
  shared: number;
  total: number;
  containers: number;
  running: number;
  created: number;
}

export const NONE_NAME = '<none>:<none>';

export function diskRows(report: DiskReport): DiskRow[] {
  return report.images.map((img: DiskImage) => ({
    id: img.id,
    name: img.references[0] ?? NONE_NAME,
    references: img.references,
    unique: img.unique,
    shared: img.shared,
    total: img.total,
    containers: img.containers,
    running: img.running,
    created: img.created,
  }));
}

/** The quick filter: every word must appear in a reference, or the ID (with or without `sha256:`). */
export function filterRows(rows: readonly DiskRow[], query: string): DiskRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const hay = [...(r.references.length > 0 ? r.references : [NONE_NAME]), r.id].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function sortRows(rows: readonly DiskRow[], sort: DiskSort): DiskRow[] {
  const dir = sort.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const c = typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
    // Ties by name then ID, so the order never depends on the engine's.
    return c !== 0 ? c * dir : a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
}

/** Numbers sort largest first on the first click, names A to Z. */
export function nextSort(current: DiskSort, key: DiskSortKey): DiskSort {
  if (current.key === key) return { key, desc: !current.desc };
  return { key, desc: key !== 'name' };
}
