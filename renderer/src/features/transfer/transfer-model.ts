// Owns the pure parts of save and load as the UI sees them: which names a selection saves and
// whether each keeps its tag in the archive, what a preview means for the images already here,
// and whether a drag carries files. (The equivalent commands are in shared/docker-command.ts.)
import type { ImageRow, TarPreview } from '../../../../shared/contract';
import { removeNames } from '../edit/edit-model';

/**
 * The arguments of one `docker save` for these rows: the names a person would type, each once, in
 * the order shown (the same rule as one `docker rmi`: repo:tag, repo@digest, or the short ID).
 */
export const saveRefs = (rows: readonly ImageRow[]): string[] => removeNames(rows);

/**
 * Whether `docker save <ref>` writes the name into the archive's RepoTags. Only a tag does: an
 * image saved by ID (or by digest) loads back untagged, exactly as with the CLI.
 */
export function keepsTag(ref: string): boolean {
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return false;
  return !ref.includes('@');
}

/** What a preview says about the images here: the tags it would add, the ones it moves, the images it already has. */
export interface PreviewSummary {
  /** Tags in the archive that name nothing here yet, or already name the archive's image. */
  newTags: string[];
  moved: TarPreview['moves'];
  /** The archive's images the engine already has (loading them only re-tags). */
  present: number;
  /** The archive carries no tags at all (saved by ID): its images load as `<none>`. */
  untagged: boolean;
}

export function summarizePreview(p: TarPreview): PreviewSummary {
  const moving = new Set(p.moves.map((m) => m.tag));
  return {
    newTags: p.tags.filter((t) => !moving.has(t)),
    moved: p.moves,
    present: p.images.filter((id) => p.present.includes(id)).length,
    untagged: p.tags.length === 0,
  };
}

/** A drag worth an overlay: it carries files (not text or a link dragged around the page). */
export function dragHasFiles(types: readonly string[] | DOMStringList | undefined | null): boolean {
  if (!types) return false;
  return Array.from(types as ArrayLike<string>).includes('Files');
}
