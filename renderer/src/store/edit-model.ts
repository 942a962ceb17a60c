// Owns the pure parts of the editing UI: which names a selection removes, the docker commands the
// dialogs are equivalent to, and how typed text (changes, filters, repository + tag) becomes a request.
import type { ImageRow, TagTargetPart } from '../../../shared/contract';
import { truncateId } from '../../../shared/docker-units';

/** POSIX-shell quoting, only where needed (as the Images view's command line does). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

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

export function rmiCommand(names: readonly string[], opts: { force: boolean; noPrune: boolean }): string {
  const parts = ['docker', 'rmi'];
  if (opts.force) parts.push('-f');
  if (opts.noPrune) parts.push('--no-prune');
  return [...parts, ...names.map(shellQuote)].join(' ');
}

/** `docker image prune` as the dialog runs it: confirmed in the dialog, hence `-f`. */
export function pruneCommand(opts: { all: boolean; filters: readonly string[] }): string {
  const parts = ['docker', 'image', 'prune'];
  if (opts.all) parts.push('-a');
  for (const f of opts.filters) parts.push('--filter', shellQuote(f));
  parts.push('-f');
  return parts.join(' ');
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

export interface CommitForm {
  container: string;
  reference?: string;
  author?: string;
  message?: string;
  changes: readonly string[];
  pause: boolean;
}

export function commitCommand(f: CommitForm): string {
  const parts = ['docker', 'commit'];
  if (f.author) parts.push('--author', shellQuote(f.author));
  if (f.message) parts.push('--message', shellQuote(f.message));
  for (const c of f.changes) parts.push('--change', shellQuote(c));
  if (!f.pause) parts.push('--pause=false');
  parts.push(f.container ? shellQuote(f.container) : 'CONTAINER');
  if (f.reference) parts.push(shellQuote(f.reference));
  return parts.join(' ');
}

export function tagCommand(source: string, target: string): string {
  return ['docker', 'tag', shellQuote(source), target ? shellQuote(target) : 'TARGET'].join(' ');
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
