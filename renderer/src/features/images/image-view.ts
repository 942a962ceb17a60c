// Owns the pure parts of the Images view: CLI-style filter strings, the instant text filter and column sorting.
import type { ImageRow } from '../../../../shared/contract';

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

/** The CLI's word for a missing repository, tag or digest. */
const NONE = '<none>';

/**
 * The lower-cased text a row is searched in, built once per row object: rows keep their identity
 * across re-lists (reuseRows), so a keystroke over 5,000 rows only runs `includes`.
 *
 * REPOSITORY and TAG are searched as the CLI prints them, `<none>` included: typing `<none>` finds
 * exactly the untagged rows, those the CLI prints with `<none>` in REPOSITORY or TAG (dangling
 * images, digest-only names); `none` finds those and any name containing "none", like any word.
 * A missing digest is left out: the DIGEST column's `<none>` means "never pushed or pulled by
 * digest", not "untagged", and searching it made `<none>` match nearly every row.
 */
const haystacks = new WeakMap<ImageRow, string>();
function haystack(row: ImageRow): string {
  let hay = haystacks.get(row);
  if (hay === undefined) {
    const digest = row.digest === NONE ? '' : row.digest;
    const id = row.id.startsWith('sha256:') ? row.id.slice(7) : row.id;
    // `repository:tag` holds every term found in the repository or the tag alone (terms hold no
    // space): built for every row at the first key typed, so no more string than needed.
    hay = `${row.repository}:${row.tag} ${id} ${digest}`.toLowerCase();
    haystacks.set(row, hay);
  }
  return hay;
}

/** Every whitespace-separated term must appear in the repository, tag, ID or digest (see haystack). */
export function matchesText(row: ImageRow, terms: string[]): boolean {
  if (terms.length === 0) return true;
  const hay = haystack(row);
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

/** Same items in the same order (by identity). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  // No key arrays: this runs for every row of every re-list (20,000 rows). Values are strings, so a
  // key missing from `b` (undefined, or an Object.prototype member) never equals one of `a`.
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _key in b) if (--n < 0) return false;
  return n === 0;
}

/** Every field equal (the key already holds id, repository, tag and digest). */
export function sameRow(a: ImageRow, b: ImageRow): boolean {
  return (
    a.key === b.key &&
    a.id === b.id &&
    a.repository === b.repository &&
    a.tag === b.tag &&
    a.digest === b.digest &&
    a.created === b.created &&
    a.size === b.size &&
    a.virtualSize === b.virtualSize &&
    a.sharedSize === b.sharedSize &&
    a.containers === b.containers &&
    a.parentId === b.parentId &&
    a.dangling === b.dangling &&
    sameLabels(a.labels, b.labels)
  );
}

/**
 * A fresh list, with the previous list's row objects kept wherever the row did not change, and
 * the previous array itself when nothing changed at all. Identity is what lets the store skip the
 * update, the text filter reuse its per-row cache and the grid's memoized rows skip re-rendering.
 */
export function reuseRows(prev: ImageRow[], next: ImageRow[]): ImageRow[] {
  if (prev.length === 0) return next;
  // A re-list keeps the engine's order: a tag made or removed shifts the rows after it by one. The
  // unchanged head and tail are matched by position; only the rows between them by key (hashing
  // 20,000 fresh keys took most of the time from a changed list's arrival to its painted rows).
  const pl = prev.length;
  const nl = next.length;
  let head = 0;
  while (head < pl && head < nl && sameRow(prev[head], next[head])) head++;
  if (head === pl && head === nl) return prev;
  let tail = 0;
  while (tail < pl - head && tail < nl - head && sameRow(prev[pl - 1 - tail], next[nl - 1 - tail])) tail++;
  const out = next.slice();
  for (let i = 0; i < head; i++) out[i] = prev[i];
  for (let k = 1; k <= tail; k++) out[nl - k] = prev[pl - k];
  // The head's and tail's keys are in neither middle (keys are unique), so matching the middles
  // by key finds every row the whole lists would.
  if (head < nl - tail && head < pl - tail) {
    const byKey = new Map<string, ImageRow>();
    for (let i = head; i < pl - tail; i++) byKey.set(prev[i].key, prev[i]);
    for (let i = head; i < nl - tail; i++) {
      const old = byKey.get(next[i].key);
      if (old && sameRow(old, next[i])) out[i] = old;
    }
  }
  return out;
}

/**
 * Which rows "Copy IDs" / "Copy as…" render: every row (`docker images` itself), the rows the
 * quick text filter shows, or the selected rows among those. The last two are not docker options.
 */
export type CopyScope = 'all' | 'shown' | 'selected';

interface ScopeSource {
  rows: readonly ImageRow[];
  view: readonly ImageRow[];
  text: string;
  selection: ReadonlySet<string>;
}

/** Selected rows the grid shows, in the grid's order (a selected row the filter hides is not copied). */
export const selectedInView = (s: Pick<ScopeSource, 'view' | 'selection'>): ImageRow[] =>
  s.selection.size === 0 ? [] : s.view.filter((r) => s.selection.has(r.key));

/**
 * The scopes on offer, the default first: what you see is what you copy, so a selection of
 * several rows when there is one, else the rows a quick filter shows, else all (exactly
 * `docker images`). One selected row is only where the cursor is (a click or an arrow key selects
 * it), so it is offered last, never the default: Copy IDs after a click still copies the list.
 */
export function copyScopes(s: ScopeSource): CopyScope[] {
  const out: CopyScope[] = [];
  const selected = selectedInView(s).length;
  if (selected > 1) out.push('selected');
  if (textTerms(s.text).length > 0) out.push('shown');
  out.push('all');
  if (selected === 1) out.push('selected');
  return out;
}

/** The rows of a scope in the grid's order, or null for every row in the CLI's order (no restriction). */
export function rowsInScope(s: ScopeSource, scope: CopyScope): readonly ImageRow[] | null {
  if (scope === 'selected') return selectedInView(s);
  if (scope === 'shown') return sameItems(s.view, s.rows) ? null : s.view;
  return null;
}
