// Owns the pure parts of the editing UI: which names a selection removes, the docker commands the
// dialogs are equivalent to, and how typed text (changes, filters, repository + tag) becomes a request.
import type { ImageRow, TagTargetPart } from '../../../../shared/contract';
import { truncateId } from '../../../../shared/docker-units';

// The equivalent commands live with all the others in shared/docker-command.ts.
export { commitCommand, pruneCommand, rmiCommand, shellQuote, tagCommand } from '../../../../shared/docker-command';

export const shortId = (id: string): string => truncateId(id);

/**
 * The name a person would type for one row: `repo:tag`, `repo@digest` for a digest-only row, and
 * the short ID for a `<none>` row (a digest-only row listed without --digests has no digest to use).
 */
export function rowReference(row: Pick<ImageRow, 'repository' | 'tag' | 'digest' | 'id'>): string {
  if (row.repository !== '<none>' && row.tag !== '<none>') return `${row.repository}:${row.tag}`;
  if (row.repository !== '<none>' && row.digest.startsWith('sha256:')) return `${row.repository}@${row.digest}`;
  return shortId(row.id);
}

/**
 * The rows an action (Remove, Save) is for: the keys given, else the selected rows, else the
 * cursor's row. In the order people see; rows the text filter hides are not acted on.
 */
export function actedRows(
  images: { view: readonly ImageRow[]; selection: ReadonlySet<string>; cursor: string | null },
  keys?: readonly string[],
): ImageRow[] {
  const chosen = keys ?? (images.selection.size > 0 ? [...images.selection] : images.cursor ? [images.cursor] : []);
  const wanted = new Set(chosen);
  return images.view.filter((r) => wanted.has(r.key));
}

/**
 * The arguments of one `docker rmi` for these rows, in their order, each once: with --digests one
 * tag shows on several rows, and all of them mean the same name.
 */
export function removeNames(rows: readonly ImageRow[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const row of rows) {
    const name = rowReference(row);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

/** One `--filter` per non-blank line, trimmed. */
export function filterLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Dockerfile instructions, one per line; blank lines are dropped (the engine skips them anyway). */
export function changeLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '');
}

/** `repo[:tag]` from the two fields; no repository means a dangling `<none>` image. */
export function commitReference(repository: string, tag: string): string | undefined {
  const repo = repository.trim();
  const t = tag.trim();
  if (repo === '') return undefined;
  return t === '' ? repo : `${repo}:${t}`;
}

/** Which commit field a refusal belongs to, from the error's `detail.part`. */
export function commitErrorField(detail: Record<string, unknown> | undefined): 'changes' | 'reference' | 'container' | null {
  const part = detail?.part;
  if (part === 'change') return 'changes';
  if (part === 'reference') return 'reference';
  return null;
}

/** Tag parts that belong to the tag (after the colon) rather than to the repository. */
export const isTagPart = (part: TagTargetPart | undefined): boolean => part === 'tag' || part === 'tag-length';
