// Owns how update-detection answers are shown: the order of the rows (newer first, then can't
// tell, then up to date), each status's symbol and words (never colour alone), the counts, what
// "Pull all newer" pulls, and the one set the images grid reads for its mark. Pure: tests drive it.
import type { TagUpdate, UpdateReason, UpdateStatus } from '../../../../shared/registry-updates';

const ORDER: Record<UpdateStatus, number> = { newer: 0, unknown: 1, upToDate: 2 };

/** Symbol beside the word: the status reads the same without colour. */
export const STATUS_SYMBOL: Record<UpdateStatus, string> = { newer: '↑', unknown: '?', upToDate: '✓' };

export const statusKey = (status: UpdateStatus): string => `updates.status.${status}`;
export const reasonKey = (reason: UpdateReason): string => `updates.reason.${reason}`;

export function sortUpdates(results: readonly TagUpdate[]): TagUpdate[] {
  return [...results].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.reference.localeCompare(b.reference));
}

export function updateCounts(results: readonly TagUpdate[]): Record<UpdateStatus, number> {
  const counts: Record<UpdateStatus, number> = { newer: 0, unknown: 0, upToDate: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** The references "Pull all newer" pulls, in the rows' order. */
export const newerReferences = (results: readonly TagUpdate[]): string[] =>
  sortUpdates(results)
    .filter((r) => r.status === 'newer')
    .map((r) => r.reference);

/**
 * The grid mark's key: the tag and the image it named when checked. A tag pulled since (the pull
 * dialog, the CLI) names another image, so its row no longer matches and shows no mark.
 */
export const newerKey = (reference: string, imageId: string): string => `${reference} ${imageId}`;

/** The grid's mark: newerKey of each tag with a newer image (kept answers only; the grid asks nothing). */
export const newerSet = (byRef: Readonly<Record<string, TagUpdate>>): ReadonlySet<string> =>
  new Set(
    Object.values(byRef)
      .filter((r) => r.status === 'newer')
      .map((r) => newerKey(r.reference, r.imageId)),
  );

/** Seconds since the answer, never negative (a clock a little behind core's). */
export const ageSeconds = (checkedAt: number, nowMs: number): number => Math.max(0, (nowMs - checkedAt) / 1000);

/** Containers on an old image (of a tag with a newer one, or one pulled since), each once with those tags. */
export function staleContainers(results: readonly TagUpdate[]): { id: string; name: string; references: string[] }[] {
  const byId = new Map<string, { id: string; name: string; references: string[] }>();
  for (const r of sortUpdates(results)) {
    for (const c of r.containers) {
      const entry = byId.get(c.id) ?? { id: c.id, name: c.name, references: [] };
      entry.references.push(r.reference);
      byId.set(c.id, entry);
    }
  }
  return [...byId.values()];
}
