// Owns the explorer's file tree as pure data: a layer's flat entries (sorted by path, as core sends
// them) become nodes with parents and children once per layer, and the rows a person sees are the
// nodes under expanded folders, in folder order. Kept apart from React so 50,000 entries are built
// and flattened in one pass each, and so the keyboard rules are tested without a page.
import type { FileEntry } from '../../../../shared/explore';

export interface TreeNode {
  /** The entry, or a folder made up for a path whose parent folder the layer tar does not list. */
  entry: FileEntry;
  depth: number;
  /** Index of the parent node, -1 at the top. */
  parent: number;
  /** Shared empty array until a child arrives (most nodes are files: no array each). */
  children: number[];
  /** Not in the layer: a folder that only holds the entries below it. */
  implied: boolean;
}

export interface FileTree {
  nodes: TreeNode[];
  /** Top-level node indexes, in order. */
  roots: number[];
}

const NO_CHILDREN: number[] = [];

const impliedDir = (path: string): FileEntry => ({ path, kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 0 });

/** Base name (the last path segment), computed for the rows drawn rather than for every entry. */
export const nameOf = (node: TreeNode): string => node.entry.path.slice(node.entry.path.lastIndexOf('/') + 1);

/**
 * Builds the tree. Byte order puts `a-b` between `a` and `a/c`, so a folder's children are not
 * contiguous in the input: each entry is hung under its parent by path, which keeps siblings in
 * the input's order (names under one parent compare as the full paths do). Built on every layer
 * switch, before the first paint the bench measures: one pass, folders alone in the path map,
 * and siblings that follow each other find their parent without a lookup.
 */
export function buildTree(entries: readonly FileEntry[]): FileTree {
  const nodes: TreeNode[] = [];
  const roots: number[] = [];
  const folders = new Map<string, number>();
  /** Parents whose children arrived out of order (an implied folder added late). */
  const unsorted = new Set<number>();
  let lastParentPath = '';
  let lastParent = -1;

  const parentIndex = (path: string, slash: number): number => {
    if (slash < 0) return -1;
    if (slash === lastParentPath.length && lastParent >= 0 && path.startsWith(lastParentPath)) return lastParent;
    const parentPath = path.slice(0, slash);
    const found = folders.get(parentPath) ?? attach(impliedDir(parentPath), true);
    lastParentPath = parentPath;
    lastParent = found;
    return found;
  };

  function attach(entry: FileEntry, implied: boolean): number {
    const path = entry.path;
    const parent = parentIndex(path, path.lastIndexOf('/'));
    const index = nodes.length;
    nodes.push({ entry, depth: parent < 0 ? 0 : nodes[parent]!.depth + 1, parent, children: NO_CHILDREN, implied });
    if (entry.kind === 'dir') folders.set(path, index);
    if (parent < 0) {
      if (roots.length > 0 && implied) unsorted.add(-1);
      roots.push(index);
    } else {
      const p = nodes[parent]!;
      if (p.children === NO_CHILDREN) p.children = [];
      else if (implied) unsorted.add(parent);
      p.children.push(index);
    }
    return index;
  }

  for (const entry of entries) {
    const known = entry.kind === 'dir' ? folders.get(entry.path) : undefined;
    if (known === undefined) attach(entry, false);
    else if (nodes[known]!.implied) {
      // Listed after an entry below it: the real header replaces the made-up folder.
      nodes[known]!.entry = entry;
      nodes[known]!.implied = false;
    }
  }
  const byName = (a: number, b: number) => {
    const x = nameOf(nodes[a]!);
    const y = nameOf(nodes[b]!);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  for (const p of unsorted) (p < 0 ? roots : nodes[p]!.children).sort(byName);
  return { nodes, roots };
}

const pathIndexes = new WeakMap<FileTree, Map<string, number>>();

/** The node of a path (to reveal a search result), from a map built on first use. */
export function nodeOf(tree: FileTree, path: string): number | undefined {
  let map = pathIndexes.get(tree);
  if (!map) {
    map = new Map(tree.nodes.map((n, i) => [n.entry.path, i]));
    pathIndexes.set(tree, map);
  }
  return map.get(path);
}

/**
 * Only what the layer changes: a folder the layer lists only because a changed entry lies below it
 * (kind dir, mark modified, same as below) is kept only as the way to those entries. Returns the
 * node indexes to keep.
 */
export function changedOnly(tree: FileTree): Set<number> {
  const keep = new Set<number>();
  tree.nodes.forEach((node, i) => {
    const e = node.entry;
    const onlyAParent = node.implied || (e.kind === 'dir' && e.mark === 'modified' && !e.opaque);
    if (onlyAParent || e.mark === undefined) return;
    for (let n = i; n >= 0 && !keep.has(n); n = tree.nodes[n]!.parent) keep.add(n);
  });
  return keep;
}

/** The rows under expanded folders, depth first; `keep` limits them to a subset (changes only). */
export function visibleRows(tree: FileTree, expanded: ReadonlySet<string>, keep?: ReadonlySet<number> | null): number[] {
  const out: number[] = [];
  const stack: number[] = [];
  const push = (list: readonly number[]) => {
    for (let i = list.length - 1; i >= 0; i--) if (!keep || keep.has(list[i]!)) stack.push(list[i]!);
  };
  push(tree.roots);
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    const node = tree.nodes[n]!;
    if (node.children.length > 0 && expanded.has(node.entry.path)) push(node.children);
  }
  return out;
}

/** Every folder above `path` (to reveal it), nearest last. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

export const hasChildren = (tree: FileTree, n: number) => tree.nodes[n]!.children.length > 0;

export type TreeAction =
  | { kind: 'move'; row: number }
  | { kind: 'expand'; path: string }
  | { kind: 'collapse'; path: string }
  | { kind: 'activate'; node: number }
  | { kind: 'none' };

/**
 * The ARIA tree pattern's keys over the visible rows: Up/Down, Home/End, PageUp/PageDown (by
 * `page` rows), Right opens a folder or steps into it, Left closes it or steps to the parent,
 * Enter opens a folder or closes it, and on a file asks to view it.
 */
export function treeKey(
  tree: FileTree,
  rows: readonly number[],
  cursor: number,
  key: string,
  expanded: ReadonlySet<string>,
  page = 10,
): TreeAction {
  if (rows.length === 0) return { kind: 'none' };
  const at = Math.max(0, Math.min(rows.length - 1, cursor));
  const n = rows[at]!;
  const node = tree.nodes[n]!;
  const open = expanded.has(node.entry.path);
  const move = (row: number): TreeAction => ({ kind: 'move', row: Math.max(0, Math.min(rows.length - 1, row)) });
  switch (key) {
    case 'ArrowDown':
      return move(at + 1);
    case 'ArrowUp':
      return move(at - 1);
    case 'Home':
      return move(0);
    case 'End':
      return move(rows.length - 1);
    case 'PageDown':
      return move(at + page);
    case 'PageUp':
      return move(at - page);
    case 'ArrowRight':
      if (!hasChildren(tree, n)) return { kind: 'none' };
      return open ? move(at + 1) : { kind: 'expand', path: node.entry.path };
    case 'ArrowLeft':
      if (hasChildren(tree, n) && open) return { kind: 'collapse', path: node.entry.path };
      if (node.parent < 0) return { kind: 'none' };
      return move(rows.lastIndexOf(node.parent, at));
    case 'Enter':
      if (hasChildren(tree, n)) return open ? { kind: 'collapse', path: node.entry.path } : { kind: 'expand', path: node.entry.path };
      return { kind: 'activate', node: n };
    default:
      return { kind: 'none' };
  }
}

/** `ls -l`'s mode column: the kind letter, then rwx triplets with setuid/setgid/sticky as s/S and t/T. */
export function modeString(entry: Pick<FileEntry, 'kind' | 'mode'>): string {
  const kind = { file: '-', hardlink: '-', dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p' }[entry.kind];
  const m = entry.mode;
  const triplet = (shift: number, special: boolean, on: string, off: string) => {
    const r = m & (4 << shift) ? 'r' : '-';
    const w = m & (2 << shift) ? 'w' : '-';
    const x = m & (1 << shift);
    return r + w + (special ? (x ? on : off) : x ? 'x' : '-');
  };
  return (
    kind + triplet(6, (m & 0o4000) !== 0, 's', 'S') + triplet(3, (m & 0o2000) !== 0, 's', 'S') + triplet(0, (m & 0o1000) !== 0, 't', 'T')
  );
}
