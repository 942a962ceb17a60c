// Owns running async work over many items with a bound on how many are in flight: engine lookups
// (inspect, history) and registry requests fan out over hundreds of items, and an unbounded
// Promise.all would open that many sockets at once. Twelve lines do not justify p-map (ESM-only,
// one more runtime dependency of the main bundle).

/** Runs `work` over `items` with at most `limit` at a time, keeping order; rejects with the first failure. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
