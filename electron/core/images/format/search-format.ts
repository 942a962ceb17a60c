// Owns `docker search` output as the installed CLI (v25+) prints it: the searchContext a
// `--format` template sees (.Name .Description .StarCount .IsOfficial, `{{json .}}`), the default
// table, truncation of descriptions, and byte-exact rendering through the shared Context writer.
import type { SearchResult } from '../../../../shared/contract';
import { ellipsis } from '../../../../shared/docker-units';
import { rowContextValue, stringMethod, subHeaderContext, writeFormattedText } from './context-write';
import { TABLE_FORMAT_KEY } from './docker-template';
import { type ByteString, toBytes } from './go-bytes';
import { encodeJSON } from './go-json';
import { type GoFunc, type GoValue } from './go-value';

export const SEARCH_CONTEXT_TYPE = '*registry.searchContext';

/** The default since CLI v25 (the AUTOMATED column was dropped with the is_automated field). */
export const DEFAULT_SEARCH_TABLE_FORMAT = 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}';

export const SEARCH_HEADERS: Readonly<Record<string, string>> = {
  Name: 'NAME',
  Description: 'DESCRIPTION',
  StarCount: 'STARS',
  IsOfficial: 'OFFICIAL',
};

/** NewSearchFormat: '' and `table` mean the default table; anything else is a template. */
export function searchFormat(source: string | undefined): string {
  return source === undefined || source === '' || source === TABLE_FORMAT_KEY ? DEFAULT_SEARCH_TABLE_FORMAT : source;
}

/** `.Description`: CR and LF become spaces; truncated to 45 display columns unless --no-trunc. */
export function searchDescription(description: string, trunc: boolean): string {
  const flat = description.replace(/[\n\r]/g, ' ');
  return trunc ? ellipsis(flat, 45) : flat;
}

/** The *registry.searchContext for one result. MarshalJSON flips its `json` flag for good, as in Go. */
export function searchContextValue(result: SearchResult, trunc: boolean): GoValue {
  let json = false;
  const formatBool = (value: boolean): string => (json ? String(value) : value ? '[OK]' : '');
  const methods: Record<string, GoFunc> = {
    Name: stringMethod(() => result.name),
    Description: stringMethod(() => searchDescription(result.description, trunc)),
    StarCount: stringMethod(() => String(result.starCount)),
    IsOfficial: stringMethod(() => formatBool(result.isOfficial)),
  };
  return rowContextValue({
    type: SEARCH_CONTEXT_TYPE,
    methods,
    unexported: ['trunc', 'json', 's'],
    // fmt's %v: {HeaderContext trunc json {StarCount IsOfficial Name IsAutomated Description}}
    format: () =>
      `{{<nil>} ${trunc} ${json} {${result.starCount} ${result.isOfficial} ${toBytes(result.name)} ${result.isAutomated} ${toBytes(result.description)}}}`,
    marshalJSON: () => {
      json = true;
      const keys = ['Description', 'IsOfficial', 'Name', 'StarCount'];
      const entries = new Map<ByteString, GoValue>(keys.map((k) => [k, methods[k].call([])]));
      return encodeJSON({ kind: 'map', type: 'map[string]interface {}', elem: 'interface {}', entries }, true);
    },
  });
}

export interface FormatSearchOptions {
  /** `--format`; absent or '' is the default table. */
  format?: string;
  noTrunc?: boolean;
}

/**
 * What `docker search` prints for these results (in the order given: the CLI no longer sorts).
 * Throws FormatError with the CLI's `template parsing error: ...` text.
 */
export function formatSearchResults(results: readonly SearchResult[], opts: FormatSearchOptions = {}): string {
  const trunc = !opts.noTrunc;
  return writeFormattedText(
    searchFormat(opts.format),
    results.map((r) => searchContextValue(r, trunc)),
    subHeaderContext(SEARCH_HEADERS),
  );
}
