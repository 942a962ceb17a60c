// Owns `docker history` output: the historyContext a `--format` template sees (.ID .CreatedSince
// .CreatedAt .CreatedBy .Size .Comment, `{{json .}}`), -H / --no-trunc / -q, the default tables,
// and byte-exact rendering through the shared Context writer.
import type { HistoryRow } from '../../../../shared/contract';
import { ellipsis, type GoZoneResolver, humanDuration, humanSizeWithPrecision, truncateId } from '../../../../shared/docker-units';
import { rowContextValue, stringMethod, subHeaderContext, writeFormattedText } from './context-write';
import { TABLE_FORMAT_KEY } from './docker-template';
import { type ByteString, toBytes } from './go-bytes';
import { encodeJSON } from './go-json';
import { type GoFunc, type GoValue } from './go-value';
import { goLocalZone } from './local-zone';

export const HISTORY_CONTEXT_TYPE = '*image.historyContext';

export const DEFAULT_HISTORY_TABLE_FORMAT = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
export const NON_HUMAN_HISTORY_TABLE_FORMAT = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const QUIET_FORMAT = '{{.ID}}';

export const HISTORY_HEADERS: Readonly<Record<string, string>> = {
  ID: 'IMAGE',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  Size: 'SIZE',
  Comment: 'COMMENT',
};

/** Dates before this are shown as N/A in human mode (formatter_history.go `epoch`). */
const HUMAN_EPOCH_UNIX = Date.UTC(2000, 0, 1) / 1000;

/** NewHistoryFormat: `-q` and `-H=false` only change the default table; a custom format wins. */
export function historyFormat(source: string | undefined, quiet: boolean, human: boolean): string {
  const s = source === undefined || source === '' ? TABLE_FORMAT_KEY : source;
  if (s !== TABLE_FORMAT_KEY) return s;
  if (quiet) return QUIET_FORMAT;
  return human ? DEFAULT_HISTORY_TABLE_FORMAT : NON_HUMAN_HISTORY_TABLE_FORMAT;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Go's time.Unix(unix, 0).Format(time.RFC3339) in a zone: `2009-11-10T23:00:00Z` / `…+01:00`. */
export function goRFC3339(unix: number, zone: GoZoneResolver): string {
  const { offsetSeconds } = zone(unix);
  const d = new Date((unix + offsetSeconds) * 1000);
  const y = d.getUTCFullYear();
  const year = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  const date = `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  if (offsetSeconds === 0) return `${date}T${time}Z`;
  const minutes = Math.trunc(Math.abs(offsetSeconds) / 60);
  return `${date}T${time}${offsetSeconds < 0 ? '-' : '+'}${pad2(Math.trunc(minutes / 60))}:${pad2(minutes % 60)}`;
}

export interface HistoryContextOptions {
  trunc: boolean;
  human: boolean;
  /** Epoch ms for `.CreatedSince`. */
  now: number;
  zone: GoZoneResolver;
}

/** The placeholder values of one row, computed as historyContext's methods do. */
export function historyPlaceholders(row: HistoryRow, opts: HistoryContextOptions): Record<string, () => string> {
  const createdAt = () => goRFC3339(row.created, opts.zone);
  return {
    ID: () => (opts.trunc ? truncateId(row.id) : row.id),
    CreatedAt: createdAt,
    CreatedSince: () => {
      if (!opts.human) return createdAt();
      if (row.created <= HUMAN_EPOCH_UNIX) return 'N/A';
      return `${humanDuration((opts.now - row.created * 1000) / 1000)} ago`;
    },
    CreatedBy: () => {
      const createdBy = row.createdBy.replace(/\t/g, ' ');
      return opts.trunc ? ellipsis(createdBy, 45) : createdBy;
    },
    Size: () => (opts.human ? humanSizeWithPrecision(row.size, 3) : String(row.size)),
    Comment: () => row.comment,
  };
}

function formatTags(tags: readonly string[]): ByteString {
  return `[${tags.map(toBytes).join(' ')}]`;
}

/** The *image.historyContext value for one row. */
export function historyContextValue(row: HistoryRow, opts: HistoryContextOptions): GoValue {
  const values = historyPlaceholders(row, opts);
  const methods: Record<string, GoFunc> = {};
  for (const [name, get] of Object.entries(values)) methods[name] = stringMethod(get);
  return rowContextValue({
    type: HISTORY_CONTEXT_TYPE,
    methods,
    unexported: ['trunc', 'human', 'h'],
    // fmt's %v: {HeaderContext trunc human {Comment Created CreatedBy ID Size Tags}}
    format: () =>
      `{{<nil>} ${opts.trunc} ${opts.human} {${toBytes(row.comment)} ${row.created} ${toBytes(row.createdBy)} ${toBytes(row.id)} ${row.size} ${formatTags(row.tags)}}}`,
    marshalJSON: () => {
      const entries = new Map<ByteString, GoValue>(Object.keys(values).map((k) => [k, methods[k].call([])]));
      return encodeJSON({ kind: 'map', type: 'map[string]interface {}', elem: 'interface {}', entries }, true);
    },
  });
}

export interface FormatHistoryOptions {
  /** `--format`; absent or '' is the default table. */
  format?: string;
  noTrunc?: boolean;
  /** `-H`, default true. */
  human?: boolean;
  quiet?: boolean;
  /** Epoch ms for `.CreatedSince` (default now). */
  now?: number;
  /** Zone for `.CreatedAt` (default Go's time.Local for this process). */
  zone?: GoZoneResolver;
}

/** What `docker history` prints for these rows. Throws FormatError with the CLI's text. */
export function formatHistory(rows: readonly HistoryRow[], opts: FormatHistoryOptions = {}): string {
  const human = opts.human ?? true;
  const ctx: HistoryContextOptions = {
    trunc: !opts.noTrunc,
    human,
    now: opts.now ?? Date.now(),
    zone: opts.zone ?? goLocalZone(),
  };
  return writeFormattedText(
    historyFormat(opts.format, opts.quiet ?? false, human),
    rows.map((r) => historyContextValue(r, ctx)),
    subHeaderContext(HISTORY_HEADERS),
  );
}
