// Owns what Copy as offers instead of `--filter until=…` on an engine that refuses it (API < 1.44,
// where core applies `until` itself): a `before=<image>` filter that lists exactly the same rows,
// found from two lists core made (with and without `until`), or the plain truth that the CLI
// cannot express it there. Pure; the dialog asks core for the two lists.
import type { ImageRow } from '../../../../shared/contract';

export type UntilEquivalent =
  /** No listed image is as new as `until`: the same command without it lists the same rows. */
  | { kind: 'drop' }
  /** `--filter before=<image>` lists the same rows: `image` is the oldest one `until` leaves out. */
  | { kind: 'before'; image: string }
  /** No docker filter selects exactly these rows on this engine. */
  | { kind: 'none' };

interface Image {
  id: string;
  created: number;
  /** A `repo:tag` naming it, or '' (untagged). */
  name: string;
}

function imagesOf(rows: readonly ImageRow[]): Map<string, Image> {
  const out = new Map<string, Image>();
  for (const r of rows) {
    const name = r.repository !== '<none>' && r.tag !== '<none>' ? `${r.repository}:${r.tag}` : '';
    const seen = out.get(r.id);
    if (!seen) out.set(r.id, { id: r.id, created: r.created, name });
    else if (!seen.name && name) seen.name = name;
  }
  return out;
}

/**
 * `before=X` keeps the images created strictly before X, at the engine's nanosecond precision, and
 * `until=T` (applied by core) those whose Created second is before T. They agree when X is the
 * oldest image `until` leaves out and no other left-out image shares its second (that one might be
 * nanoseconds older than X, which `before` would keep). Equal "as of now": a relative `until`
 * (30m) moves with the clock while X does not, as any copied output is a snapshot.
 */
export function untilEquivalent(withUntil: readonly ImageRow[], withoutUntil: readonly ImageRow[]): UntilEquivalent {
  const kept = imagesOf(withUntil);
  const all = imagesOf(withoutUntil);
  // The two lists must describe the same images: `until` only ever removes.
  for (const id of kept.keys()) if (!all.has(id)) return { kind: 'none' };
  const left = [...all.values()].filter((img) => !kept.has(img.id));
  if (left.length === 0) return { kind: 'drop' };
  const oldest = left.reduce((a, b) => (b.created < a.created ? b : a));
  if (left.some((img) => img !== oldest && img.created === oldest.created)) return { kind: 'none' };
  for (const img of kept.values()) if (img.created >= oldest.created) return { kind: 'none' };
  return { kind: 'before', image: oldest.name || oldest.id.replace(/^sha256:/, '').slice(0, 12) };
}

/**
 * The `--filter` values of the equivalent command: `until` gone and, for `before`, one `before` (an
 * engine of API < 1.44 honours only the last of several, so a `before` set by hand is replaced; no
 * loss: the new image came from the list made with the old `before`, so it is older than that one).
 */
export function equivalentFilters(filters: readonly string[], eq: UntilEquivalent): string[] | null {
  if (eq.kind === 'none') return null;
  const rest = filters.filter((f) => !f.startsWith('until='));
  if (eq.kind === 'drop') return rest;
  return [...rest.filter((f) => !f.startsWith('before=')), `before=${eq.image}`];
}
