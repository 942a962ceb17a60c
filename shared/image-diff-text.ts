// Owns "Copy the result as text" of an image diff: a plain text report in a stable order (config
// fields in DIFF_CONFIG_FIELDS order, layers bottom first, files by path), the same whoever renders
// it, so two runs over the same images copy the same bytes. English, like the CLI's own output.
import type { DiffFileSide, FileDiffEntry, ImageDiff } from './image-diff';

export interface DiffTextOptions {
  /** Leave out config fields and layers that are the same. */
  onlyChanged?: boolean;
}

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

/** A path's side in one line: `file 0644 0:0 12 sha256:…`, `symlink 0777 0:0 -> busybox`. */
export function fileSideText(s: DiffFileSide): string {
  const parts = [s.kind, octal(s.mode), `${s.uid}:${s.gid}`];
  if (s.kind === 'file') parts.push(String(s.size));
  if (s.linkTarget !== undefined) parts.push(`-> ${s.linkTarget}`);
  if (s.digest) parts.push(`sha256:${s.digest}`);
  return parts.join(' ');
}

const MARK: Record<FileDiffEntry['change'], string> = { added: 'A', removed: 'D', changed: 'M' };

export function imageDiffText(diff: ImageDiff, opts: DiffTextOptions = {}): string {
  const out: string[] = [];
  out.push(`left:  ${diff.left.label} (${diff.left.imageId})`);
  out.push(`right: ${diff.right.label} (${diff.right.imageId})`);
  out.push('');
  out.push('Config:');
  for (const f of diff.config) {
    if (opts.onlyChanged && f.same) continue;
    out.push(`  ${f.same ? 'same' : 'different'} ${f.field}`);
    if (f.same) continue;
    out.push(`    - ${f.left === null ? '(unset)' : JSON.stringify(f.left)}`);
    out.push(`    + ${f.right === null ? '(unset)' : JSON.stringify(f.right)}`);
  }
  out.push('');
  out.push('Layers:');
  for (const l of diff.layers) {
    if (opts.onlyChanged && l.status === 'shared') continue;
    out.push(`  ${l.index} ${l.status}`);
    if (l.left) out.push(`    - ${l.left.diffId} ${l.left.size} ${JSON.stringify(l.left.createdBy)}`);
    if (l.right) out.push(`    + ${l.right.diffId} ${l.right.size} ${JSON.stringify(l.right.createdBy)}`);
  }
  out.push('');
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const f of diff.files) counts[f.change]++;
  out.push(`Files: ${counts.added} added, ${counts.removed} removed, ${counts.changed} changed, ${diff.sameFiles} same`);
  for (const f of diff.files) {
    out.push(`${MARK[f.change]} ${f.path}${f.differs ? ` (${f.differs.join(', ')})` : ''}`);
    if (f.left) out.push(`    - ${fileSideText(f.left)}`);
    if (f.right) out.push(`    + ${fileSideText(f.right)}`);
  }
  return `${out.join('\n')}\n`;
}
