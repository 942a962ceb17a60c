// Owns the rule for names read from an archive's manifest.json, which are data someone else wrote:
// a RepoTag is used only when the engine's load would accept it (ParseNormalizedNamed, with a tag:
// daemon/images/tarexport/load.go), and Config/Layers only when they are plain relative paths inside
// the archive. Both sides read it; the core applies it before any engine lookup.
import { InvalidReferenceError, parseNormalizedNamed } from './reference';

/** A tag of the archive that will not be loaded, with the engine's reason. */
export interface RefusedArchiveTag {
  tag: string;
  reason: string;
}

/** The reason the engine's load refuses `tag`, or undefined when it would apply it. */
export function archiveTagProblem(tag: string): string | undefined {
  try {
    const ref = parseNormalizedNamed(tag);
    if (ref.tag === undefined) return `invalid tag ${JSON.stringify(tag)}`;
    return undefined;
  } catch (err) {
    if (err instanceof InvalidReferenceError) return err.message;
    throw err;
  }
}

/** Splits RepoTags into the ones a load applies and the refused ones (each once, in archive order). */
export function sortArchiveTags(tags: readonly string[]): { tags: string[]; refused: RefusedArchiveTag[] } {
  const good: string[] = [];
  const refused: RefusedArchiveTag[] = [];
  for (const tag of new Set(tags)) {
    const reason = archiveTagProblem(tag);
    if (reason === undefined) good.push(tag);
    else refused.push({ tag, reason });
  }
  return { tags: good, refused };
}

/**
 * The reason a Config or Layers entry is no path inside the archive (absolute, `.` or `..`
 * segments, backslashes, control or other characters docker save never writes), or undefined.
 */
export function archivePathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > 1024) return 'not a path inside the archive';
  if (!/^[A-Za-z0-9._:/-]+$/.test(path)) return 'characters docker save never writes';
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'a path outside the archive';
  return undefined;
}
