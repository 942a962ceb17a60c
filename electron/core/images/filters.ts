// Owns parsing of `--filter key=value` strings the way the docker CLI's FilterOpt does,
// and the client-side `until` filter for engines whose API predates it.
import { CoreError } from '../engine/engine-errors';

export type FilterMap = Map<string, string[]>;

/** docker/cli opts.FilterOpt.Set: must contain '=', key lower-cased and trimmed, value trimmed. */
export function parseFilters(values: readonly string[]): FilterMap {
  const out: FilterMap = new Map();
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq < 0) throw new CoreError('INVALID_ARGUMENT', 'bad format of filter (expected name=value)');
    const key = raw.slice(0, eq).trim().toLowerCase();
    const value = raw.slice(eq + 1).trim();
    const list = out.get(key) ?? [];
    list.push(value);
    out.set(key, list);
  }
  return out;
}

/** The engine's JSON encoding of filters: a map of sets. */
export function filtersToEngineJson(filters: FilterMap): Record<string, Record<string, boolean>> {
  const json: Record<string, Record<string, boolean>> = {};
  for (const [k, vs] of filters) {
    json[k] = {};
    for (const v of vs) json[k][v] = true;
  }
  return json;
}

const GO_DURATION = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * moby's timetypes.GetTimestamp: a Go duration is relative to now (now - d), otherwise
 * RFC3339 variants, dates, or unix seconds[.nanos]. Returns unix seconds.
 */
export function parseTimestamp(value: string, nowSeconds: number): number {
  if (value === '') return nowSeconds;
  if (GO_DURATION.test(value)) {
    let total = 0;
    for (const m of value.matchAll(GO_DURATION_PART)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
    if (value.startsWith('-')) total = -total;
    return nowSeconds - total;
  }
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  let iso = value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) iso = `${value}T00:00:00`;
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}){0,2}(\.\d+)?$/.test(value)) iso = value;
  const ms = Date.parse(hasZone ? iso : iso); // no zone: local time, like moby (time.ParseInLocation(Local))
  if (Number.isNaN(ms)) {
    throw new CoreError('INVALID_ARGUMENT', `failed to parse value as time or duration: "${value}"`);
  }
  return ms / 1000;
}
