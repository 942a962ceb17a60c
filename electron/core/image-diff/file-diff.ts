// Owns the files half of an image diff: two merged filesystems (what a container of each sees)
// compared path by path, as `diff -r --no-dereference` would compare two exports of them: a path
// only on one side is added or removed (every path under an added folder too, which `diff -rq`
// folds into its folder), a path on both is changed when its kind, size, mode, owner, link target
// or, for regular files of the same size, content digest differ. Pure.
import type { DiffFileSide, FileDiffEntry, FileDifference } from '../../../shared/image-diff';
import { byCodePoint } from './config-diff';

/** The fields of a merged entry the diff reads (layer-model.ts's ModelEntry has them all). */
export interface DiffableEntry extends DiffFileSide {
  path: string;
}

const side = (e: DiffableEntry): DiffFileSide => ({
  kind: e.kind,
  size: e.size,
  mode: e.mode,
  uid: e.uid,
  gid: e.gid,
  ...(e.linkTarget !== undefined ? { linkTarget: e.linkTarget } : {}),
  ...(e.digest !== undefined ? { digest: e.digest } : {}),
});

/** What differs between two entries at one path, in FileDifference order; empty when the same. */
export function differences(l: DiffableEntry, r: DiffableEntry): FileDifference[] {
  const out: FileDifference[] = [];
  if (l.kind !== r.kind) out.push('kind');
  // A folder's size is no content of it (tar says 0; nothing compares it).
  const sized = l.kind === 'file' && r.kind === 'file';
  if (sized && l.size !== r.size) out.push('size');
  if ((l.mode & 0o7777) !== (r.mode & 0o7777)) out.push('mode');
  if (l.uid !== r.uid || l.gid !== r.gid) out.push('owner');
  if ((l.linkTarget ?? '') !== (r.linkTarget ?? '')) out.push('linkTarget');
  // Same size: only the digest can tell (a size already differs otherwise).
  if (sized && l.size === r.size && l.digest !== undefined && r.digest !== undefined && l.digest !== r.digest) out.push('content');
  return out;
}

export interface FileDiffResult {
  files: FileDiffEntry[];
  sameFiles: number;
}

/** Compares two merged lists; the result is sorted by path in code point (UTF-8 byte) order. */
export function fileDiff(left: Iterable<DiffableEntry>, right: Iterable<DiffableEntry>, signal?: AbortSignal): FileDiffResult {
  const rightByPath = new Map<string, DiffableEntry>();
  for (const e of right) rightByPath.set(e.path, e);
  const files: FileDiffEntry[] = [];
  let sameFiles = 0;
  let n = 0;
  for (const l of left) {
    // A diff of two big images is long CPU work: a cancel is looked at now and then.
    if (++n % 65536 === 0) signal?.throwIfAborted();
    const r = rightByPath.get(l.path);
    if (!r) {
      files.push({ path: l.path, change: 'removed', left: side(l) });
      continue;
    }
    rightByPath.delete(l.path);
    const differs = differences(l, r);
    if (differs.length === 0) sameFiles++;
    else files.push({ path: l.path, change: 'changed', left: side(l), right: side(r), differs });
  }
  for (const r of rightByPath.values()) files.push({ path: r.path, change: 'added', right: side(r) });
  files.sort((a, b) => byCodePoint(a.path, b.path));
  return { files, sameFiles };
}
