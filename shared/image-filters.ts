// Owns the engine rule both sides need about `docker images --filter until=…`: engines older than
// Engine API 1.44 answer it with "Invalid filter 'until'". Core then applies `until` itself
// (electron/core/images/images.ts); the renderer says so beside the filter and in Copy as, since the
// command it shows would fail on such an engine.

/** First Engine API version whose GET /images/json accepts the `until` filter. */
export const UNTIL_FILTER_API = [1, 44] as const;

/** `1.41` >= [1, 44]? Unknown versions are not at least anything. */
export function apiAtLeast(version: string | undefined, [major, minor]: readonly [number, number]): boolean {
  if (!version) return false;
  const [a, b] = version.split('.').map((n) => Number.parseInt(n, 10));
  return a > major || (a === major && b >= minor);
}

/** Whether an engine of this API version refuses `--filter until` (false while the version is unknown). */
export const engineRefusesUntil = (apiVersion: string | undefined): boolean =>
  apiVersion !== undefined && /^\d+\.\d+/.test(apiVersion) && !apiAtLeast(apiVersion, UNTIL_FILTER_API);
