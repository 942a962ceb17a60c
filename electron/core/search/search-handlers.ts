// Owns the handlers of the search.* channels: run a search, and "Copy as..." its results.
import { type AuthResolver, noCredentials, resolveAuth } from '../credentials/auth-hook';
import type { EngineConnection } from '../engine/engine';
import { CoreError } from '../engine/engine-errors';
import { FormatError } from '../images/format/context-write';
import { formatSearchResults } from '../images/format/search-format';
import { searchImages } from './search';
import { searchIndexOf } from '../../../shared/reference';
import type { Handlers } from '../support/handlers';

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
