// Owns the Search view's state: the form (term, filters, limit, --no-trunc), the last answer (its
// index and results, or the error in the engine's words), the sort, and "Copy as..." of the results.
// A search always ends: core gives up on a slow index after SEARCH_TIMEOUT_MS, and should even that
// answer never come, the slice stops waiting a little later.
import type { ContractError, Result, SearchResult } from '../../../../shared/contract';
import {
  clampLimit,
  DEFAULT_SEARCH_LIMIT,
  nextSearchSort,
  parseStars,
  SEARCH_TIMEOUT_MS,
  type SearchColumn,
  type SearchQuery,
  type SearchSort,
  triToBool,
  type TriState,
} from './search-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export type SearchStatus = 'idle' | 'loading' | 'done' | 'error';

/** Extra wait, beyond core's own timeout, before the UI stops waiting for any answer at all. */
export const SEARCH_GUARD_MS = 10_000;

export interface SearchSlice {
  term: string;
  limit: number;
  official: TriState;
  automated: TriState;
  /** As typed; '' means no stars filter. */
  stars: string;
  noTrunc: boolean;

  status: SearchStatus;
  /** The query the shown results (or error) answer. */
  query: SearchQuery | null;
  /** The query being asked now. */
  pending: SearchQuery | null;
  /** The index that answered (`docker.io` or the host in the term). */
  index: string | null;
  results: SearchResult[];
  /**
   * The failure, in the engine's words. `detail.local` marks the slice's own guard (no answer at
   * all within SEARCH_TIMEOUT_MS + SEARCH_GUARD_MS).
   */
  error: ContractError | null;
  sort: SearchSort | null;
  /** When the running search started (for the elapsed-time hint). */
  startedAt: number | null;

  setTerm(term: string): void;
  setLimit(limit: number): void;
  setStars(stars: string): void;
  /** Changing a filter re-runs the last search with it. */
  setFilter(name: 'official' | 'automated', value: TriState): void;
  setNoTrunc(noTrunc: boolean): void;
  toggleSort(column: SearchColumn): void;
  /** Runs the form's search; resolves when it answered, failed, or was abandoned. */
  run(): Promise<void>;
  /** Stops waiting for the running search (its late answer is ignored). */
  cancel(): void;
  /** `docker search --format` of the shown results, in the index's order. */
  format(template: string): Promise<Result<{ text: string }>>;
}

/** The query the form describes now. */
export function formQuery(s: Pick<SearchSlice, 'term' | 'limit' | 'official' | 'automated' | 'stars'>): SearchQuery {
  const filters: SearchQuery['filters'] = {};
  const isOfficial = triToBool(s.official);
  const isAutomated = triToBool(s.automated);
  const stars = parseStars(s.stars);
  if (isOfficial !== undefined) filters.isOfficial = isOfficial;
  if (isAutomated !== undefined) filters.isAutomated = isAutomated;
  if (stars !== undefined) filters.stars = stars;
  return { term: s.term.trim(), limit: clampLimit(s.limit), filters };
}

export const createSearchSlice: SliceCreator<'search'> = (set, get, deps) => {
  const patch = patcher(set, get, 'search');
  const search = () => get().search;
  const now = deps.now ?? Date.now;
  let seq = 0;

  return {
    term: '',
    limit: DEFAULT_SEARCH_LIMIT,
    official: 'any',
    automated: 'any',
    stars: '',
    noTrunc: false,
    status: 'idle',
    query: null,
    pending: null,
    index: null,
    results: [],
    error: null,
    sort: null,
    startedAt: null,

    setTerm(term) {
      patch({ term });
    },
    setLimit(limit) {
      patch({ limit: clampLimit(limit) });
    },
    setStars(stars) {
      patch({ stars });
    },
    setFilter(name, value) {
      if (search()[name] === value) return;
      patch({ [name]: value });
      if (search().query && search().term.trim() !== '') void search().run();
    },
    setNoTrunc(noTrunc) {
      patch({ noTrunc });
    },
    toggleSort(column) {
      patch({ sort: nextSearchSort(search().sort, column) });
    },

    async run() {
      const query = formQuery(search());
      if (query.term === '') return;
      const mine = ++seq;
      patch({ status: 'loading', pending: query, startedAt: now(), limit: query.limit });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const guard = new Promise<'guard'>((resolve) => {
        timer = setTimeout(() => resolve('guard'), SEARCH_TIMEOUT_MS + SEARCH_GUARD_MS);
      });
      const answer = await Promise.race([deps.api.invoke('search.run', { ...query, timeoutMs: SEARCH_TIMEOUT_MS }), guard]).finally(() =>
        clearTimeout(timer),
      );
      // A newer search (or a cancel) took over: this answer is for nobody.
      if (mine !== seq) return;
      if (answer === 'guard') {
        patch({
          status: 'error',
          query,
          pending: null,
          startedAt: null,
          results: [],
          index: null,
          error: { code: 'REGISTRY_UNREACHABLE', message: '', detail: { local: true, timeoutMs: SEARCH_TIMEOUT_MS + SEARCH_GUARD_MS } },
        });
        return;
      }
      if (answer.ok) {
        patch({
          status: 'done',
          query,
          pending: null,
          startedAt: null,
          index: answer.value.index,
          results: answer.value.results,
          error: null,
        });
      } else {
        patch({ status: 'error', query, pending: null, startedAt: null, index: null, results: [], error: answer.error });
      }
    },

    cancel() {
      if (search().status !== 'loading') return;
      seq++;
      const s = search();
      patch({ status: s.error ? 'error' : s.query ? 'done' : 'idle', pending: null, startedAt: null });
    },

    format(template) {
      const s = search();
      return deps.api.invoke('search.format', {
        results: s.results,
        noTrunc: s.noTrunc,
        ...(template !== '' ? { format: template } : {}),
      });
    },
  };
};
