// Owns the pure parts of the Search view: which index a term asks, the reference a result pulls,
// the CLI command a search is equivalent to, description truncation and sorting the results.
import type { SearchResult } from '../../../../shared/contract';
import { ellipsis } from '../../../../shared/docker-units';
import { searchCommand as dockerSearchCommand } from '../../../../shared/docker-command';

export const DOCKER_HUB_INDEX = 'docker.io';
export const DEFAULT_SEARCH_LIMIT = 25;
/** How long core waits for a slow index (sent as `timeoutMs`, so the UI knows the bound). */
export const SEARCH_TIMEOUT_MS = 20_000;

export type TriState = 'any' | 'yes' | 'no';

export interface SearchFilters {
  isOfficial?: boolean;
  isAutomated?: boolean;
  stars?: number;
}

export interface SearchQuery {
  term: string;
  limit: number;
  filters: SearchFilters;
}

export type SearchColumn = 'name' | 'description' | 'stars' | 'official' | 'automated';
export interface SearchSort {
  column: SearchColumn;
  direction: 'asc' | 'desc';
}

/**
 * The index a term asks, as the engine decides it (registry.ParseSearchIndexInfo): the first path
 * component when it looks like a host (has `.` or `:`, or is `localhost`), else Docker Hub.
 */
export function indexOfTerm(term: string): string {
  const t = term.trim();
  const slash = t.indexOf('/');
  if (slash === -1) return DOCKER_HUB_INDEX;
  const first = t.slice(0, slash);
  if (!/[.:]/.test(first) && first !== 'localhost') return DOCKER_HUB_INDEX;
  return first === 'index.docker.io' ? DOCKER_HUB_INDEX : first;
}

const looksLikeHost = (component: string): boolean => /[.:]/.test(component) || component === 'localhost';

/**
 * What `docker pull` takes for a result: Docker Hub names as they are; names from another index
 * get that index in front, unless the index already returned a name with a host.
 */
export function pullReferenceFor(name: string, index: string): string {
  if (index === DOCKER_HUB_INDEX) return name;
  const slash = name.indexOf('/');
  if (slash > 0 && looksLikeHost(name.slice(0, slash))) return name;
  return `${index}/${name}`;
}

/** The tri-state filters as the contract's booleans (undefined = no filter). */
export const triToBool = (v: TriState): boolean | undefined => (v === 'any' ? undefined : v === 'yes');

/** `--filter` values as the CLI takes them, in the CLI's order. */
export function searchFilterArgs(filters: SearchFilters): string[] {
  const out: string[] = [];
  if (filters.isOfficial !== undefined) out.push(`is-official=${filters.isOfficial}`);
  if (filters.isAutomated !== undefined) out.push(`is-automated=${filters.isAutomated}`);
  if (filters.stars !== undefined) out.push(`stars=${filters.stars}`);
  return out;
}

/** The `docker search` command line equivalent to a query (and, for "Copy as...", a template). */
export function searchCommand(q: SearchQuery, opts: { noTrunc?: boolean; format?: string } = {}): string {
  return dockerSearchCommand(q.term, {
    filters: searchFilterArgs(q.filters),
    limit: q.limit !== DEFAULT_SEARCH_LIMIT ? q.limit : undefined,
    ...opts,
  });
}

/** DESCRIPTION as the CLI shows it: line breaks become spaces; 45 columns unless --no-trunc. */
export function descriptionText(description: string, noTrunc: boolean): string {
  const flat = description.replace(/[\n\r]/g, ' ');
  return noTrunc ? flat : ellipsis(flat, 45);
}

/** Clamps a typed limit to the engine's range; NaN means the default. */
export function clampLimit(n: number): number {
  if (!Number.isFinite(n)) return DEFAULT_SEARCH_LIMIT;
  return Math.max(1, Math.min(100, Math.trunc(n)));
}

/** A typed star count: '' or garbage means no filter; negatives become 0. */
export function parseStars(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) return undefined;
  return Math.max(0, Math.min(1_000_000_000, Math.trunc(n)));
}

/** Next sort of a column: ascending, descending, then back to the index's own order. */
export function nextSearchSort(current: SearchSort | null, column: SearchColumn): SearchSort | null {
  // Numbers and flags read best largest / true first.
  const first = column === 'name' || column === 'description' ? 'asc' : 'desc';
  if (!current || current.column !== column) return { column, direction: first };
  if (current.direction === first) return { column, direction: first === 'asc' ? 'desc' : 'asc' };
  return null;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compare(a: SearchResult, b: SearchResult, column: SearchColumn): number {
  switch (column) {
    case 'name':
      return collator.compare(a.name, b.name);
    case 'description':
      return collator.compare(a.description, b.description);
    case 'stars':
      return a.starCount - b.starCount;
    case 'official':
      return Number(a.isOfficial) - Number(b.isOfficial);
    case 'automated':
      return Number(a.isAutomated) - Number(b.isAutomated);
  }
}

/** The results in the chosen order; ties (and no sort) keep the index's order. */
export function sortResults(results: readonly SearchResult[], sort: SearchSort | null): SearchResult[] {
  if (!sort) return [...results];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return results
    .map((r, i) => [r, i] as const)
    .sort(([a, ia], [b, ib]) => sign * compare(a, b, sort.column) || ia - ib)
    .map(([r]) => r);
}
