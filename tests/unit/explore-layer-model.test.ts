// The explorer's layer model as a specification: how layers stack (whiteouts, opaque folders,
// overwrites), the marks each layer's view carries, the merged view and the wasted space.
import { describe, expect, it } from 'vitest';
import { buildImageModel } from '../../electron/core/explore/layer-model';
import { dir, entryAt, file, hardlink, paths, symlink, view, whiteout } from './explore-layer-model-support';

const baseLayer = [dir('etc/'), file('etc/passwd', 100), file('etc/hosts', 20), dir('usr/'), dir('usr/bin/'), file('usr/bin/sh', 1000)];

describe('a single layer', () => {
  it('marks everything added, normalises names and sorts by path components', () => {
    const model = buildImageModel([[dir('./'), dir('./a-b/'), dir('./a/'), file('./a/b', 5), file('/a/c', 6), file('a.txt', 1)]]);
    expect(view(model, 0)).toEqual(['a:added', 'a/b:added', 'a/c:added', 'a-b:added', 'a.txt:added']);
    expect(model.layers[0]).toMatchObject({ files: 5, added: 5, modified: 0, removed: 0, skipped: 0 });
    expect(paths(model.merged)).toEqual(['a', 'a/b', 'a/c', 'a-b', 'a.txt']);
    expect(model.mergedBytes).toBe(12);
    expect(model.wasted).toEqual({ bytes: 0, entries: [] });
  });

  it('keeps the header attributes, mode without file-type bits, and no mark in the merged view', () => {
    const model = buildImageModel([[file('bin/tool', 7, { mode: 0o104755, uid: 1000, gid: 50, mtime: 42, digest: 'ab' })]]);
    const tool = entryAt(model.merged, 'bin/tool');
    expect(tool).toEqual({ path: 'bin/tool', kind: 'file', size: 7, mode: 0o4755, uid: 1000, gid: 50, mtime: 42, digest: 'ab' });
    expect(entryAt(model.layers[0].entries, 'bin/tool')?.mark).toBe('added');
  });

  it('implies a folder no header lists in the merged view (0755 root, as the engine creates it), not in the layer view', () => {
    const model = buildImageModel([[file('opt/app/run', 3)]]);
    expect(view(model, 0)).toEqual(['opt/app/run:added']);
    expect(paths(model.merged)).toEqual(['opt', 'opt/app', 'opt/app/run']);
    expect(entryAt(model.merged, 'opt/app')).toMatchObject({ kind: 'dir', mode: 0o755, uid: 0, gid: 0 });
    expect(model.ownerOf('opt/app/run')).toBe(0);
  });

  it('lets the last header of a path win and counts the earlier bytes as wasted by the same layer', () => {
    const model = buildImageModel([[file('x', 10), file('x', 4)]]);
    expect(view(model, 0)).toEqual(['x:added']);
    expect(entryAt(model.merged, 'x')?.size).toBe(4);
    expect(model.wasted.entries).toEqual([{ path: 'x', bytes: 10, layer: 0, by: 'overwritten', byLayer: 0 }]);
  });
});

describe('whiteouts', () => {
  it('removes a file: the view shows it removed with its size from below, not the .wh. file', () => {
    const model = buildImageModel([baseLayer, [dir('etc/'), whiteout('etc/.wh.hosts')]]);
    expect(view(model, 1)).toEqual(['etc:-', 'etc/hosts:removed']);
    expect(entryAt(model.layers[1].entries, 'etc/hosts')).toMatchObject({ kind: 'file', size: 20, mark: 'removed' });
    expect(model.layers[1]).toMatchObject({ files: 1, added: 0, modified: 0, removed: 1 });
    expect(paths(model.merged)).toEqual(['etc', 'etc/passwd', 'usr', 'usr/bin', 'usr/bin/sh']);
    expect(model.ownerOf('etc/hosts')).toBeUndefined();
    expect(model.wasted).toEqual({ bytes: 20, entries: [{ path: 'etc/hosts', bytes: 20, layer: 0, by: 'removed', byLayer: 1 }] });
  });

  it('removes a folder with everything under it, shown once as the removed folder', () => {
    const model = buildImageModel([baseLayer, [whiteout('.wh.usr')]]);
    expect(view(model, 1)).toEqual(['usr:removed']);
    expect(entryAt(model.layers[1].entries, 'usr')?.kind).toBe('dir');
    expect(paths(model.merged)).toEqual(['etc', 'etc/hosts', 'etc/passwd']);
    expect(model.wasted.entries).toEqual([{ path: 'usr/bin/sh', bytes: 1000, layer: 0, by: 'removed', byLayer: 1 }]);
  });

  it('ignores a whiteout of a path that does not exist below, in the merged view and the layer view', () => {
    const model = buildImageModel([baseLayer, [whiteout('etc/.wh.shadow'), whiteout('.wh.nothing')]]);
    expect(view(model, 1)).toEqual([]);
    expect(model.layers[1]).toMatchObject({ files: 0, removed: 0, skipped: 0 });
    expect(model.merged).toHaveLength(6);
  });

  it('applies to lower layers only: a file of the same layer stays (removed then written again is modified)', () => {
    const model = buildImageModel([baseLayer, [whiteout('etc/.wh.passwd'), file('etc/passwd', 30)]]);
    expect(view(model, 1)).toEqual(['etc/passwd:modified']);
    expect(entryAt(model.merged, 'etc/passwd')?.size).toBe(30);
    expect(model.ownerOf('etc/passwd')).toBe(1);
    expect(model.wasted.entries).toEqual([{ path: 'etc/passwd', bytes: 100, layer: 0, by: 'overwritten', byLayer: 1 }]);
  });

  it('lets a later layer add a removed path again (added: it was absent below)', () => {
    const model = buildImageModel([baseLayer, [whiteout('etc/.wh.hosts')], [file('etc/hosts', 25)]]);
    expect(view(model, 2)).toEqual(['etc/hosts:added']);
    expect(entryAt(model.merged, 'etc/hosts')).toMatchObject({ size: 25 });
    expect(model.ownerOf('etc/hosts')).toBe(2);
    expect(model.wasted.bytes).toBe(20);
  });

  it('keeps a whiteout inside a folder removed by the same layer out of the view', () => {
    const model = buildImageModel([baseLayer, [whiteout('usr/bin/.wh.sh'), whiteout('.wh.usr')]]);
    expect(view(model, 1)).toEqual(['usr:removed']);
    expect(model.wasted.bytes).toBe(1000);
  });
});

describe('opaque folders', () => {
  const lower = [dir('app/'), file('app/a', 1), dir('app/lib/'), file('app/lib/x', 2), file('app/lib/y', 3), file('keep', 4)];

  it('hides everything below the folder, shows the old children removed, keeps the same layer entries', () => {
    const model = buildImageModel([lower, [dir('app/'), file('app/.wh..wh..opq', 0), file('app/new', 5)]]);
    expect(view(model, 1)).toEqual(['app:modified!', 'app/a:removed', 'app/lib:removed', 'app/new:added']);
    expect(model.layers[1]).toMatchObject({ files: 2, added: 1, modified: 1, removed: 2 });
    expect(paths(model.merged)).toEqual(['app', 'app/new', 'keep']);
    expect(entryAt(model.merged, 'app')?.opaque).toBeUndefined();
    expect(model.wasted.bytes).toBe(1 + 2 + 3);
    expect(model.wasted.entries.every((w) => w.by === 'removed' && w.byLayer === 1)).toBe(true);
  });

  it('hides the old content of a child folder the layer lists again, showing the old grandchildren removed', () => {
    const model = buildImageModel([lower, [dir('app/'), file('app/.wh..wh..opq', 0), dir('app/lib/'), file('app/lib/x', 9)]]);
    expect(view(model, 1)).toEqual(['app:modified!', 'app/a:removed', 'app/lib:-', 'app/lib/x:modified', 'app/lib/y:removed']);
    expect(paths(model.merged)).toEqual(['app', 'app/lib', 'app/lib/x', 'keep']);
    expect(model.wasted.entries).toEqual([
      { path: 'app/lib/y', bytes: 3, layer: 0, by: 'removed', byLayer: 1 },
      { path: 'app/lib/x', bytes: 2, layer: 0, by: 'overwritten', byLayer: 1 },
      { path: 'app/a', bytes: 1, layer: 0, by: 'removed', byLayer: 1 },
    ]);
  });

  it('gives a folder named only by the marker an entry with its attributes from below', () => {
    const model = buildImageModel([[dir('app/', { mode: 0o700, uid: 5 }), file('app/a', 1)], [file('app/.wh..wh..opq', 0)]]);
    expect(view(model, 1)).toEqual(['app:modified!', 'app/a:removed']);
    expect(entryAt(model.merged, 'app')).toMatchObject({ kind: 'dir', mode: 0o700, uid: 5 });
    expect(model.ownerOf('app')).toBe(1);
  });

  it('nests: an opaque folder inside an opaque folder, over three layers', () => {
    const model = buildImageModel([
      [dir('a/'), file('a/1', 1), dir('a/b/'), file('a/b/2', 2)],
      [dir('a/'), file('a/.wh..wh..opq', 0), dir('a/b/'), file('a/b/3', 3), file('a/4', 4)],
      [dir('a/'), dir('a/b/'), file('a/b/.wh..wh..opq', 0), file('a/b/5', 5)],
    ]);
    expect(view(model, 1)).toEqual(['a:modified!', 'a/1:removed', 'a/4:added', 'a/b:-', 'a/b/2:removed', 'a/b/3:added']);
    expect(view(model, 2)).toEqual(['a:-', 'a/b:modified!', 'a/b/3:removed', 'a/b/5:added']);
    expect(paths(model.merged)).toEqual(['a', 'a/4', 'a/b', 'a/b/5']);
    expect(model.wasted.bytes).toBe(1 + 2 + 3);
    expect(model.wasted.entries.find((w) => w.path === 'a/b/3')).toEqual({ path: 'a/b/3', bytes: 3, layer: 1, by: 'removed', byLayer: 2 });
  });

  it('an opaque folder over nothing is simply added', () => {
    const model = buildImageModel([[dir('x/')], [dir('new/'), file('new/.wh..wh..opq', 0), file('new/f', 1)]]);
    expect(view(model, 1)).toEqual(['new:added!', 'new/f:added']);
  });
});

describe('marks of entries written again', () => {
  it('marks a folder listed again with the same mode and owner unmarked (only mtime differs), else modified', () => {
    const model = buildImageModel([
      [dir('etc/'), dir('var/'), dir('tmp/')],
      [dir('etc/', { mtime: 9 }), dir('var/', { mode: 0o700 }), dir('tmp/', { uid: 1 }), file('etc/motd', 1)],
    ]);
    expect(view(model, 1)).toEqual(['etc:-', 'etc/motd:added', 'tmp:modified', 'var:modified']);
    expect(model.layers[1]).toMatchObject({ files: 4, added: 1, modified: 2, removed: 0 });
  });

  it('marks a rewritten file modified even with the same content, and a kind change modified', () => {
    const model = buildImageModel([
      [file('same', 5, { digest: 'd1' }), file('link', 3), dir('d/'), file('d/in', 8)],
      [file('same', 5, { digest: 'd1' }), symlink('link', '/etc/passwd'), file('d', 2)],
    ]);
    expect(view(model, 1)).toEqual(['d:modified', 'link:modified', 'same:modified']);
    expect(entryAt(model.merged, 'link')).toMatchObject({ kind: 'symlink', size: 0, linkTarget: '/etc/passwd' });
    expect(paths(model.merged)).toEqual(['d', 'link', 'same']);
  });
});

describe('wasted space', () => {
  it('counts overwrites and removals over layers, largest first, with the layer holding the bytes', () => {
    const model = buildImageModel([
      [file('big', 1000), file('small', 10), file('gone', 300), file('empty', 0)],
      [file('big', 2000), whiteout('.wh.gone'), whiteout('.wh.empty')],
      [file('big', 5)],
    ]);
    expect(model.wasted).toEqual({
      bytes: 1000 + 300 + 2000,
      entries: [
        { path: 'big', bytes: 2000, layer: 1, by: 'overwritten', byLayer: 2 },
        { path: 'big', bytes: 1000, layer: 0, by: 'overwritten', byLayer: 1 },
        { path: 'gone', bytes: 300, layer: 0, by: 'removed', byLayer: 1 },
      ],
    });
    expect(model.mergedBytes).toBe(5 + 10);
  });

  it('counts the files of a folder that a later layer replaces with a file as overwritten', () => {
    const model = buildImageModel([[dir('cache/'), file('cache/a', 7), file('cache/b', 8)], [file('cache', 1)]]);
    expect(model.wasted.bytes).toBe(15);
    expect(model.wasted.entries.map((w) => [w.path, w.by, w.byLayer])).toEqual([
      ['cache/b', 'overwritten', 1],
      ['cache/a', 'overwritten', 1],
    ]);
  });

  it('keeps at most 1,000 entries, the largest, while the total counts all', () => {
    const lower = Array.from({ length: 1500 }, (_, i) => file(`f${i}`, i + 1));
    const model = buildImageModel([lower, lower.map((e) => whiteout(`.wh.${e.name}`))]);
    expect(model.wasted.entries).toHaveLength(1000);
    expect(model.wasted.entries[0]).toMatchObject({ path: 'f1499', bytes: 1500 });
    expect(model.wasted.entries[999].bytes).toBe(501);
    expect(model.wasted.bytes).toBe((1500 * 1501) / 2);
  });

  it('spares a file whose content a hard link of its own layer still shows', () => {
    const model = buildImageModel([
      [file('a', 50), hardlink('b', './a'), file('c', 9)],
      [whiteout('.wh.a'), whiteout('.wh.c')],
    ]);
    expect(entryAt(model.merged, 'b')).toMatchObject({ kind: 'hardlink', size: 0, linkTarget: 'a' });
    expect(model.wasted.entries).toEqual([{ path: 'c', bytes: 9, layer: 0, by: 'removed', byLayer: 1 }]);
  });
});

describe('ownerOf', () => {
  it('names the layer whose entry a container sees, normalising the path asked for', () => {
    const model = buildImageModel([baseLayer, [dir('etc/'), file('etc/passwd', 1)], [whiteout('usr/bin/.wh.sh')]]);
    expect(model.ownerOf('etc/passwd')).toBe(1);
    expect(model.ownerOf('/etc/passwd')).toBe(1);
    expect(model.ownerOf('etc/hosts')).toBe(0);
    expect(model.ownerOf('etc')).toBe(1);
    expect(model.ownerOf('usr/bin/sh')).toBeUndefined();
    expect(model.ownerOf('nope')).toBeUndefined();
    expect(model.ownerOf('../etc/passwd')).toBeUndefined();
    expect(model.ownerOf('')).toBeUndefined();
  });
});
