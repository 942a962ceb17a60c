// Owns `docker search` against the engine: which index a term asks, the engine's filter JSON,
// GET /images/search with a bounded wait (a slow index must not hang the UI), and the results in
// the order the engine returns them (the CLI stopped sorting by stars in v23).
import type Dockerode from 'dockerode';
import type { SearchResult, SearchRunResult } from '../../../shared/contract';
import { type AuthConfig, encodeAuthHeader } from '../credentials/auth-hook';
import { CoreError } from '../engine/engine-errors';
import { searchIndexOf } from '../../../shared/reference';

export const DEFAULT_SEARCH_LIMIT = 25;
export const DEFAULT_SEARCH_TIMEOUT_MS = 20_000;

export interface SearchFilters {
  isOfficial?: boolean;
  isAutomated?: boolean;
  /** At least this many stars. */
  stars?: number;
}

export interface SearchOptions {
  term: string;
  limit?: number;
  filters?: SearchFilters;
  /** Credentials for the index, when the registries work provides them. */
  auth?: AuthConfig | null;
  /** Give up on a slow index after this long (REGISTRY_UNREACHABLE). */
  timeoutMs?: number;
  /** Aborts the request (CANCELLED). */
  signal?: AbortSignal;
}

/** The `--filter` values the CLI would pass for these filters (for "copy as command"). */
export function searchFilterArgs(filters: SearchFilters = {}): string[] {
  const out: string[] = [];
  if (filters.isOfficial !== undefined) out.push(`is-official=${filters.isOfficial}`);
  if (filters.isAutomated !== undefined) out.push(`is-automated=${filters.isAutomated}`);
  if (filters.stars !== undefined) out.push(`stars=${filters.stars}`);
  return out;
}

/** filters.ToJSON of the CLI's FilterOpt for these filters, or undefined when there are none. */
export function searchFiltersJson(filters: SearchFilters = {}): string | undefined {
  const json: Record<string, Record<string, boolean>> = {};
  if (filters.isOfficial !== undefined) json['is-official'] = { [String(filters.isOfficial)]: true };
  if (filters.isAutomated !== undefined) json['is-automated'] = { [String(filters.isAutomated)]: true };
  if (filters.stars !== undefined) json.stars = { [String(filters.stars)]: true };
  return Object.keys(json).length > 0 ? JSON.stringify(json) : undefined;
}

/** The engine's answer: an array of snake_case results. */
interface EngineSearchResult {
  name?: string;
  description?: string;
  star_count?: number;
  is_official?: boolean;
  is_automated?: boolean;
}

export function toSearchResult(r: EngineSearchResult): SearchResult {
  return {
    name: r.name ?? '',
    description: r.description ?? '',
    starCount: r.star_count ?? 0,
    isOfficial: r.is_official === true,
    isAutomated: r.is_automated === true,
  };
}

/**
 * Asks the engine to search its index. The engine does the HTTP to the index; the terms it
 * rejects (a scheme in the term) are rejected here first with the engine's words.
 */
export async function searchImages(docker: Dockerode, opts: SearchOptions): Promise<SearchRunResult> {
  const term = opts.term;
  if (term.includes('://')) {
    throw new CoreError('INVALID_ARGUMENT', 'Invalid repository name (ex: "registry.domain.tld/myrepos")');
  }
  const { index } = searchIndexOf(term);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS;
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  const onOuterAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) abort.abort();

  const query: Record<string, unknown> = { term, limit: opts.limit ?? DEFAULT_SEARCH_LIMIT, abortSignal: abort.signal };
  const filters = searchFiltersJson(opts.filters);
  if (filters) query.filters = filters;
  if (opts.auth) query.authconfig = { base64: encodeAuthHeader(opts.auth) };
  try {
    const raw = (await docker.searchImages(query as never)) as unknown;
    const list = Array.isArray(raw) ? (raw as EngineSearchResult[]) : [];
    return { index, results: list.map(toSearchResult) };
  } catch (err) {
    if (timedOut) {
      throw new CoreError(
        'REGISTRY_UNREACHABLE',
        `The search index ${index} did not answer within ${Number((timeoutMs / 1000).toFixed(1))} s`,
        { index, timeoutMs },
      );
    }
    throw err;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
