// Owns how a layer tar's entry names become explorer paths (shared/explore.ts FileEntry.path), how
// whiteout names are read (OCI image-spec layer.md "Whiteouts"), and the explorer's path order.
// Pure: the names come from archives we did not write, so nothing here throws on a bad one.

/**
 * `./etc//passwd/` -> `etc/passwd`: drops leading `./` and `/`, empty and `.` components and the
 * trailing slash. Returns '' for the root itself (`./`, `/`), which is no entry of the explorer,
 * and null for a hostile name: a NUL, or a `..` component anywhere. The engine accepts `a/../b`
 * when it stays inside the root, but no tool that writes layers produces one, and refusing it
 * keeps every path the explorer hands out free of traversal without resolving anything.
 */
export function normalizeEntryName(name: string): string | null {
  if (name.includes('\0')) return null;
  let rest = name;
  while (rest.startsWith('./')) rest = rest.slice(2);
  // Fast path: what docker save, buildkit and the OCI tools write (`etc/passwd`, `./usr/bin/`).
  if (!rest.startsWith('.') && !rest.startsWith('/') && !rest.includes('//') && !rest.includes('/.')) {
    return rest.endsWith('/') ? rest.slice(0, -1) : rest;
  }
  const parts: string[] = [];
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.join('/');
}

export const WHITEOUT_PREFIX = '.wh.';
/** `.wh..wh.` names are aufs bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`), not removals; moby skips them too. */
const WHITEOUT_META_PREFIX = '.wh..wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

export type NameRole =
  /** A real entry at `path`. */
  | { role: 'entry'; path: string }
  /** `.wh.<name>`: `path` (the removed one, `dir/<name>`) and everything under it goes. */
  | { role: 'whiteout'; path: string }
  /** `.wh..wh..opq`: everything lower layers hold under `dir` ('' for the root) goes. */
  | { role: 'opaque'; dir: string }
  /** aufs metadata: neither a file nor a removal. */
  | { role: 'meta' };

/** What a normalised, non-empty path means in a layer. Null for a whiteout naming nothing (`.wh.`, `.wh...`). */
export function nameRole(path: string): NameRole | null {
  // aufs keeps its bookkeeping in top-level `.wh..wh.plnk/` and the like, contents included.
  if (path.startsWith(WHITEOUT_META_PREFIX) && path !== OPAQUE_MARKER) return { role: 'meta' };
  const slash = path.lastIndexOf('/');
  const base = slash < 0 ? path : path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return { role: 'entry', path };
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (base === OPAQUE_MARKER) return { role: 'opaque', dir };
  if (base.startsWith(WHITEOUT_META_PREFIX)) return { role: 'meta' };
  const removed = base.slice(WHITEOUT_PREFIX.length);
  if (removed === '' || removed === '.' || removed === '..') return null;
  return { role: 'whiteout', path: dir === '' ? removed : `${dir}/${removed}` };
}

/** The folder holding `path`, '' for a top-level one. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * The explorer's order: by path components, so a folder comes right before its own children and
 * `a/b` sorts before `a-b` (as a tree shows them), each component compared by UTF-16 code unit
 * (the same as the bytes of UTF-8 except astral characters against U+E000..U+FFFF, which no image
 * has been seen to mix). That is plain string order with '/' ranked below every other character.
 */
export function comparePaths(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  return (x === 0x2f ? -1 : x) - (y === 0x2f ? -1 : y);
}

/**
 * Sorts in place by comparePaths. Layer tars come nearly sorted (the engine and buildkit write
 * them in walk order), which the engine's merge sort finishes in about one pass, with no key or
 * wrapper allocated per entry.
 */
export function sortByPath<T extends { path: string }>(items: T[]): T[] {
  return items.sort((a, b) => comparePaths(a.path, b.path));
}
