// Owns the handlers of the search.* channels: run a search, and "Copy as..." its results.
import { type AuthResolver, noCredentials, resolveAuth } from './auth-hook';
import type { EngineConnection } from './engine';
import { CoreError } from './engine-errors';
import { FormatError } from './format/context-write';
import { formatSearchResults } from './format/search-format';
import { searchImages } from './search';
import { searchIndexOf } from './reference';
import type { Handlers } from './service';

export function createSearchHandlers(
  engine: EngineConnection,
  authFor: AuthResolver = noCredentials,
): Pick<Handlers, 'search.run' | 'search.format'> {
  return {
    'search.run': async ({ term, limit, filters, timeoutMs }) => {
      const auth = await resolveAuth(authFor, searchIndexOf(term).index);
      return searchImages(engine.docker, { term, limit, filters, timeoutMs, auth });
    },
    'search.format': async ({ results, noTrunc, format }) => {
      try {
        return { text: formatSearchResults(results, { format, noTrunc }) };
      } catch (err) {
        // Template errors carry the CLI's exact text.
        if (err instanceof FormatError) throw new CoreError('INVALID_ARGUMENT', err.message);
        throw err;
      }
    },
  };
}
