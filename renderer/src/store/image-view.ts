// Owns the pure parts of the Images view: CLI-style filter strings, the instant text filter and column sorting.
import type { ImageRow } from '../../../shared/contract';

export interface ImageFilters {
  /** '' = no dangling filter; otherwise `dangling=true|false`. */
  dangling: '' | 'true' | 'false';
  /** `key` or `key=value`, each one `--filter label=...`. */
  labels: string[];
  /** Globs, each one `--filter reference=...`. */
  references: string[];
  before: string;
  since: string;
  /** Timestamp or Go duration (`10m`). */
  until: string;
}

export const emptyFilters: ImageFilters = Object.freeze({
  dangling: '',
  labels: [],
  references: [],
  before: '',
  since: '',
  until: '',
}) as ImageFilters;

/** The `--filter` values the docker CLI would receive, in a stable order. */
export function buildFilterStrings(f: ImageFilters): string[] {
  const out: string[] = [];
  if (f.dangling) out.push(`dangling=${f.dangling}`);
  for (const l of f.labels) if (l.trim()) out.push(`label=${l.trim()}`);
  for (const r of f.references) if (r.trim()) out.push(`reference=${r.trim()}`);
  if (f.before.trim()) out.push(`before=${f.before.trim()}`);
  if (f.since.trim()) out.push(`since=${f.since.trim()}`);
  if (f.until.trim()) out.push(`until=${f.until.trim()}`);
  return out;
}

export const hasActiveFilters = (f: ImageFilters): boolean => buildFilterStrings(f).length > 0;

export type SortColumn = 'repository' | 'tag' | 'id' | 'created' | 'size' | 'digest';
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  column: SortColumn;
  direction: SortDirection;
}

/** asc -> desc -> the CLI's own order. */
export function nextSort(current: SortState | null, column: SortColumn): SortState | null {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  if (current.direction === 'asc') return { column, direction: 'desc' };
  return null;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareBy(column: SortColumn): (a: ImageRow, b: ImageRow) => number {
  switch (column) {
    case 'created':
      return (a, b) => a.created - b.created;
    case 'size':
      return (a, b) => a.size - b.size;
    case 'id':
      return (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    default:
      return (a, b) => collator.compare(a[column], b[column]);
  }
}

/** Every whitespace-separated term must appear in the repository, tag, ID or digest. */
export function matchesText(row: ImageRow, terms: string[]): boolean {
  if (terms.length === 0) return true;
  const hay = `${row.repository}:${row.tag} ${row.repository} ${row.tag} ${row.id.replace(/^sha256:/, '')} ${row.digest}`.toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export function textTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The rows the grid shows: core's rows (the CLI's order), text-filtered, then sorted (stable). */
export function computeView(rows: readonly ImageRow[], text: string, sort: SortState | null): ImageRow[] {
  const terms = textTerms(text);
  const filtered = terms.length ? rows.filter((r) => matchesText(r, terms)) : rows.slice();
  if (!sort) return filtered;
  const cmp = compareBy(sort.column);
  const sign = sort.direction === 'asc' ? 1 : -1;
  const indexed = filtered.map((row, i) => ({ row, i }));
  indexed.sort((a, b) => sign * cmp(a.row, b.row) || a.i - b.i);
  return indexed.map((x) => x.row);
}
