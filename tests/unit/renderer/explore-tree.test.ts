// The explorer's tree model: flat entries sorted by path (byte order, as core sends them) become a
// collapsible tree in folder order, with made-up folders where a layer omits a parent, the "only
// changes" filter, the ARIA tree keys, the `ls -l` mode column and the hex dump of a binary file.
import { describe, expect, it } from 'vitest';
import type { FileEntry, FileMark } from '../../../shared/explore';
import {
  ancestorsOf,
  buildTree,
  changedOnly,
  modeString,
  nodeOf,
  treeKey,
  visibleRows,
  type FileTree,
} from '../../../renderer/src/features/explore/tree-model';
import { bytesOf, hexLine, hexLineCount, textOf } from '../../../renderer/src/features/explore/file-view-model';

const entry = (path: string, kind: FileEntry['kind'] = 'file', mark?: FileMark, extra: Partial<FileEntry> = {}): FileEntry => ({
  path,
  kind,
  size: kind === 'file' ? 10 : 0,
  mode: kind === 'dir' ? 0o755 : 0o644,
  uid: 0,
  gid: 0,
  mtime: 0,
  ...(mark ? { mark } : {}),
  ...extra,
});

/** Byte order, as core sorts: `a-b` comes between `a` and `a/c`. */
const byteSorted = (paths: string[]) => [...paths].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));

const paths = (tree: FileTree, rows: number[]) => rows.map((n) => tree.nodes[n]!.entry.path);

describe('buildTree', () => {
  it('hangs children under their folder although byte order puts a sibling of the folder between them', () => {
    const list = byteSorted(['a', 'a/c', 'a-b', 'a/c/d', 'b']);
    expect(list).toEqual(['a', 'a-b', 'a/c', 'a/c/d', 'b']);
    const tree = buildTree(list.map((p) => entry(p, p === 'a' || p === 'a/c' ? 'dir' : 'file')));
    const all = new Set(['a', 'a/c']);
    expect(paths(tree, visibleRows(tree, all))).toEqual(['a', 'a/c', 'a/c/d', 'a-b', 'b']);
    expect(tree.nodes[nodeOf(tree, 'a/c/d')!]!.depth).toBe(2);
  });

  it('makes up the folders a layer does not list, and takes the real header when it comes later', () => {
    const tree = buildTree([entry('usr/bin/tool'), entry('usr', 'dir', 'modified'), entry('etc/.keep')]);
    const usr = tree.nodes[nodeOf(tree, 'usr')!]!;
    expect(usr.implied).toBe(false);
    expect(usr.entry.mark).toBe('modified');
    const bin = tree.nodes[nodeOf(tree, 'usr/bin')!]!;
    expect(bin.implied).toBe(true);
    expect(bin.entry.kind).toBe('dir');
    // Roots in name order although `etc` was made up after `usr`.
    expect(paths(tree, visibleRows(tree, new Set()))).toEqual(['etc', 'usr']);
  });

  it('shows only the top level until folders are expanded, and hides a collapsed folder’s whole subtree', () => {
    const tree = buildTree([entry('a', 'dir'), entry('a/b', 'dir'), entry('a/b/c'), entry('z')]);
    expect(paths(tree, visibleRows(tree, new Set()))).toEqual(['a', 'z']);
    expect(paths(tree, visibleRows(tree, new Set(['a'])))).toEqual(['a', 'a/b', 'z']);
    // a/b open but a closed: nothing of a shows.
    expect(paths(tree, visibleRows(tree, new Set(['a/b'])))).toEqual(['a', 'z']);
    expect(paths(tree, visibleRows(tree, new Set(['a', 'a/b'])))).toEqual(['a', 'a/b', 'a/b/c', 'z']);
  });

  it('builds 50,000 entries into a tree whose first rows are the top level', () => {
    const list: FileEntry[] = [];
    for (let d = 0; d < 50; d++) {
      const dir = `d${String(d).padStart(2, '0')}`;
      list.push(entry(dir, 'dir'));
      for (let f = 0; f < 999; f++) list.push(entry(`${dir}/f${String(f).padStart(3, '0')}`));
    }
    const tree = buildTree(list);
    expect(tree.nodes).toHaveLength(50 * 1000);
    expect(visibleRows(tree, new Set())).toHaveLength(50);
    expect(visibleRows(tree, new Set(['d07']))).toHaveLength(50 + 999);
  });
});

describe('changedOnly', () => {
  it('keeps what the layer changes and the folders on the way to it, not folders listed only as parents', () => {
    const tree = buildTree([
      entry('etc', 'dir', 'modified'),
      entry('etc/app.conf', 'file', 'modified'),
      entry('etc/ssl', 'dir', 'modified'),
      entry('usr', 'dir', 'modified'),
      entry('usr/lib', 'dir', 'modified'),
      entry('var', 'dir', 'added'),
      entry('tmp/gone', 'file', 'removed'),
    ]);
    const keep = changedOnly(tree);
    const all = new Set(['etc', 'usr', 'usr/lib', 'var', 'tmp']);
    expect(paths(tree, visibleRows(tree, all, keep))).toEqual(['etc', 'etc/app.conf', 'tmp', 'tmp/gone', 'var']);
  });

  it('keeps an opaque folder: it hides what is below it', () => {
    const tree = buildTree([entry('opt', 'dir', 'modified', { opaque: true })]);
    expect(paths(tree, visibleRows(tree, new Set(), changedOnly(tree)))).toEqual(['opt']);
  });
});

describe('treeKey (the ARIA tree pattern)', () => {
  const tree = buildTree([entry('a', 'dir'), entry('a/b'), entry('a/c'), entry('d')]);
  const closed = new Set<string>();
  const open = new Set(['a']);
  const rowsClosed = visibleRows(tree, closed); // a, d
  const rowsOpen = visibleRows(tree, open); // a, a/b, a/c, d

  it('moves with Up/Down/Home/End/PageUp/PageDown and stays inside the rows', () => {
    expect(treeKey(tree, rowsOpen, 0, 'ArrowDown', open)).toEqual({ kind: 'move', row: 1 });
    expect(treeKey(tree, rowsOpen, 0, 'ArrowUp', open)).toEqual({ kind: 'move', row: 0 });
    expect(treeKey(tree, rowsOpen, 1, 'End', open)).toEqual({ kind: 'move', row: 3 });
    expect(treeKey(tree, rowsOpen, 3, 'Home', open)).toEqual({ kind: 'move', row: 0 });
    expect(treeKey(tree, rowsOpen, 0, 'PageDown', open, 2)).toEqual({ kind: 'move', row: 2 });
    expect(treeKey(tree, rowsOpen, 3, 'PageDown', open, 2)).toEqual({ kind: 'move', row: 3 });
    expect(treeKey(tree, rowsOpen, 3, 'PageUp', open, 2)).toEqual({ kind: 'move', row: 1 });
  });

  it('Right opens a closed folder, then steps into it; on a file it does nothing', () => {
    expect(treeKey(tree, rowsClosed, 0, 'ArrowRight', closed)).toEqual({ kind: 'expand', path: 'a' });
    expect(treeKey(tree, rowsOpen, 0, 'ArrowRight', open)).toEqual({ kind: 'move', row: 1 });
    expect(treeKey(tree, rowsOpen, 1, 'ArrowRight', open)).toEqual({ kind: 'none' });
  });

  it('Left closes an open folder, else steps to the parent; at the top level it does nothing', () => {
    expect(treeKey(tree, rowsOpen, 0, 'ArrowLeft', open)).toEqual({ kind: 'collapse', path: 'a' });
    expect(treeKey(tree, rowsOpen, 2, 'ArrowLeft', open)).toEqual({ kind: 'move', row: 0 });
    expect(treeKey(tree, rowsOpen, 3, 'ArrowLeft', open)).toEqual({ kind: 'none' });
  });

  it('Enter toggles a folder and activates a file (to view it)', () => {
    expect(treeKey(tree, rowsClosed, 0, 'Enter', closed)).toEqual({ kind: 'expand', path: 'a' });
    expect(treeKey(tree, rowsOpen, 0, 'Enter', open)).toEqual({ kind: 'collapse', path: 'a' });
    expect(treeKey(tree, rowsOpen, 1, 'Enter', open)).toEqual({ kind: 'activate', node: nodeOf(tree, 'a/b') });
    expect(treeKey(tree, [], 0, 'Enter', open)).toEqual({ kind: 'none' });
    expect(treeKey(tree, rowsOpen, 0, 'x', open)).toEqual({ kind: 'none' });
  });

  it('ancestorsOf lists the folders to open to reveal a path', () => {
    expect(ancestorsOf('usr/share/doc/x')).toEqual(['usr', 'usr/share', 'usr/share/doc']);
    expect(ancestorsOf('etc')).toEqual([]);
  });
});

describe('modeString (the mode column of ls -l)', () => {
  it.each([
    [{ kind: 'file', mode: 0o644 }, '-rw-r--r--'],
    [{ kind: 'dir', mode: 0o755 }, 'drwxr-xr-x'],
    [{ kind: 'symlink', mode: 0o777 }, 'lrwxrwxrwx'],
    [{ kind: 'file', mode: 0o4755 }, '-rwsr-xr-x'],
    [{ kind: 'file', mode: 0o4644 }, '-rwSr--r--'],
    [{ kind: 'file', mode: 0o2755 }, '-rwxr-sr-x'],
    [{ kind: 'dir', mode: 0o1777 }, 'drwxrwxrwt'],
    [{ kind: 'dir', mode: 0o1776 }, 'drwxrwxrwT'],
    [{ kind: 'char', mode: 0o666 }, 'crw-rw-rw-'],
    [{ kind: 'block', mode: 0o660 }, 'brw-rw----'],
    [{ kind: 'fifo', mode: 0o600 }, 'prw-------'],
    [{ kind: 'hardlink', mode: 0o755 }, '-rwxr-xr-x'],
  ] as const)('%o → %s', (e, expected) => {
    expect(modeString(e)).toBe(expected);
  });
});

describe('file viewer model', () => {
  it('prints hexdump -C lines, the last one padded', () => {
    const bytes = new Uint8Array([...Buffer.from('/bin/sh\0ELF'), 0xff, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46]);
    expect(hexLineCount(bytes)).toBe(2);
    expect(hexLine(bytes, 0)).toBe('00000000  2f 62 69 6e 2f 73 68 00  45 4c 46 ff 00 41 42 43  |/bin/sh.ELF..ABC|');
    expect(hexLine(bytes, 16)).toBe(`00000010  44 45 46 ${'   '.repeat(5)} ${'   '.repeat(8)} |DEF|`);
  });

  it('decodes base64 content, and text as UTF-8', () => {
    const base64 = Buffer.from('héllo\n').toString('base64');
    const bytes = bytesOf({ base64 });
    expect(Array.from(bytes)).toEqual(Array.from(Buffer.from('héllo\n')));
    expect(textOf(bytes)).toBe('héllo\n');
  });
});
