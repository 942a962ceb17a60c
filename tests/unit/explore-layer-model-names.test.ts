// The layer model's edges: names from archives we did not write (hostile ones skipped and
// counted, never thrown on), the path order, the glob search, and a model at image scale.
import { describe, expect, it } from 'vitest';
import { normalizeEntryName, sortByPath } from '../../electron/core/explore/entry-names';
import { buildImageModel, type RawEntry } from '../../electron/core/explore/layer-model';
import { dir, entryAt, file, hardlink, paths, symlink, view, whiteout } from './explore-layer-model-support';

describe('entry names', () => {
  it.each([
    ['./etc/passwd', 'etc/passwd'],
    ['/etc/passwd', 'etc/passwd'],
    ['etc/ssl/', 'etc/ssl'],
    ['./usr//lib/./x', 'usr/lib/x'],
    ['/./a/', 'a'],
    ['.bashrc', '.bashrc'],
    ['a..b/...', 'a..b/...'],
    ['./', ''],
    ['/', ''],
  ])('normalises %j to %j', (name, path) => {
    expect(normalizeEntryName(name)).toBe(path);
  });

  it.each(['../etc/passwd', 'a/../../b', 'a/..', './..', 'a/\0b'])('refuses %j', (name) => {
    expect(normalizeEntryName(name)).toBeNull();
  });

  it('sorts by path components: a folder right before its children, a/b before a-b and a.b', () => {
    const sorted = sortByPath(['a.b', 'a-b', 'a/b/c', 'a', 'a/b', 'B', 'a/b-c', 'a/b/d'].map((path) => ({ path })));
    expect(sorted.map((e) => e.path)).toEqual(['B', 'a', 'a/b', 'a/b/c', 'a/b/d', 'a/b-c', 'a-b', 'a.b']);
  });
});

describe('hostile and odd headers', () => {
  it('skips and counts hostile names, bad links and bad sizes, keeping every good entry', () => {
    const bad: RawEntry[] = [
      file('../escape', 1),
      file('a/../../escape', 1),
      file('nul\0name', 1),
      whiteout('etc/.wh.'),
      whiteout('etc/.wh...'),
      hardlink('etc/link-out', '../../etc/shadow'),
      hardlink('etc/link-none', ''),
      { ...symlink('etc/sym-nul', 'a\0b') },
      { ...file('etc/weird', 1), kind: 'socket' as RawEntry['kind'] },
      file('etc/negative', -1),
      file('etc/nan', Number.NaN),
    ];
    const model = buildImageModel([[dir('etc/'), file('etc/ok', 3), ...bad, symlink('etc/abs', '/usr/bin/../lib')]]);
    expect(model.layers[0].skipped).toBe(bad.length);
    expect(view(model, 0)).toEqual(['etc:added', 'etc/abs:added', 'etc/ok:added']);
    // A symlink's target is the container's business, absolute or with `..`: kept verbatim.
    expect(entryAt(model.merged, 'etc/abs')?.linkTarget).toBe('/usr/bin/../lib');
  });

  it('neither shows nor counts the root folder or aufs metadata (.wh..wh.plnk)', () => {
    const model = buildImageModel([[dir('./'), dir('.wh..wh.plnk/'), file('.wh..wh.plnk/123.456', 4), file('x', 1)]]);
    expect(view(model, 0)).toEqual(['x:added']);
    expect(model.layers[0].skipped).toBe(0);
  });

  it('reports 0 as the size of everything but a regular file', () => {
    const model = buildImageModel([
      [
        { ...dir('d/'), size: 4096 },
        { ...hardlink('h', 'd'), size: 77 },
        { ...symlink('s', 'd'), size: 5 },
      ],
    ]);
    expect(model.merged.map((e) => e.size)).toEqual([0, 0, 0]);
    expect(model.mergedBytes).toBe(0);
  });

  it('takes a folder header that comes after its children (tar order is not trusted)', () => {
    const model = buildImageModel([[file('srv/www/index.html', 2), dir('srv/www/', { mode: 0o750, uid: 33 }), dir('srv/')]]);
    expect(view(model, 0)).toEqual(['srv:added', 'srv/www:added', 'srv/www/index.html:added']);
    expect(entryAt(model.merged, 'srv/www')).toMatchObject({ mode: 0o750, uid: 33 });
  });

  it('reads a top-level .wh..wh..opq as an opaque root: every lower path goes', () => {
    const model = buildImageModel([
      [file('a', 1), dir('b/'), file('b/c', 2)],
      [file('.wh..wh..opq', 0), file('d', 3)],
    ]);
    expect(view(model, 1)).toEqual(['a:removed', 'b:removed', 'd:added']);
    expect(paths(model.merged)).toEqual(['d']);
    expect(model.wasted.bytes).toBe(3);
  });

  it('replaces a file that a deeper entry needs as its folder with an implied folder', () => {
    const model = buildImageModel([[file('conf', 6)], [file('conf/a', 1)]]);
    expect(entryAt(model.merged, 'conf')).toMatchObject({ kind: 'dir', mode: 0o755 });
    expect(model.wasted.entries).toEqual([{ path: 'conf', bytes: 6, layer: 0, by: 'overwritten', byLayer: 1 }]);
  });

  it('survives folders nested deeper than the call stack', () => {
    const deep = Array.from({ length: 15_000 }, () => 'd').join('/');
    const model = buildImageModel([[file(`${deep}/leaf`, 1)], [whiteout('.wh.d')]]);
    expect(model.layers[0].entries).toHaveLength(1);
    expect(model.merged).toEqual([]);
    expect(model.wasted.bytes).toBe(1);
  }, 120_000);
});

describe('glob search', () => {
  const model = buildImageModel([
    [
      dir('etc/'),
      file('etc/a.conf'),
      dir('etc/nginx/'),
      file('etc/nginx/nginx.conf'),
      file('root/.bashrc'),
      file('lib/x.so'),
      file('usr/lib/y.so'),
    ],
    [whiteout('etc/.wh.a.conf'), file('etc/b.ini'), file('app/lib/z.so')],
  ]);
  const found = (glob: string, limit = 100) => model.search(glob, limit).matches.map((m) => `${m.layer}:${m.entry.path}`);

  it('matches the base name for a pattern without a slash, dot files included', () => {
    expect(found('*.conf')).toEqual(['0:etc/a.conf', '0:etc/nginx/nginx.conf', '1:etc/a.conf']);
    expect(found('*rc')).toEqual(['0:root/.bashrc']);
    expect(found('*.{conf,ini}')).toEqual(['0:etc/a.conf', '0:etc/nginx/nginx.conf', '1:etc/a.conf', '1:etc/b.ini']);
  });

  it('anchors a pattern with a slash at the root: * stays in a folder, ** crosses folders', () => {
    expect(found('etc/*.conf')).toEqual(['0:etc/a.conf', '1:etc/a.conf']);
    expect(found('etc/**/*.conf')).toEqual(['0:etc/a.conf', '0:etc/nginx/nginx.conf', '1:etc/a.conf']);
    expect(found('**/lib/*.so')).toEqual(['0:lib/x.so', '0:usr/lib/y.so', '1:app/lib/z.so']);
    expect(found('/lib/*.so')).toEqual(['0:lib/x.so']);
    expect(found('/lib')).toEqual([]);
    expect(found('lib')).toEqual([]); // implied folders are in the merged view, not in a layer's entries
  });

  it('finds removals with their mark, ordered by layer then path', () => {
    const hits = model.search('a.conf', 10).matches;
    expect(hits.map((m) => [m.layer, m.entry.mark])).toEqual([
      [0, 'added'],
      [1, 'removed'],
    ]);
  });

  it('stops at the limit and says so', () => {
    expect(model.search('*', 3)).toMatchObject({ truncated: true });
    expect(model.search('*', 3).matches).toHaveLength(3);
    expect(model.search('*.so', 3)).toMatchObject({ truncated: false });
  });

  it('reads extglob syntax literally instead of compiling it', () => {
    const literal = buildImageModel([[file('+(a|b)'), file('a')]]);
    expect(literal.search('+(a|b)', 10).matches.map((m) => m.entry.path)).toEqual(['+(a|b)']);
  });
});

describe('at image scale', () => {
  /**
   * 10 layers, 100 folders. Layer 0: the folders and 99 files each (size 1). Layer k (1..9): the
   * folders again, unchanged; 49 new files each (size 1); f0..f49 of layer 0 overwritten (size k+1);
   * from layer 2 on, a whiteout of the first file the layer below added in each folder.
   */
  function synthetic(): RawEntry[][] {
    const layers: RawEntry[][] = [];
    const base: RawEntry[] = [];
    for (let i = 0; i < 100; i++) {
      base.push(dir(`s${i}/`));
      for (let j = 0; j < 99; j++) base.push(file(`s${i}/f${j}`, 1));
    }
    layers.push(base);
    for (let k = 1; k < 10; k++) {
      const layer: RawEntry[] = [];
      for (let i = 0; i < 100; i++) {
        layer.push(dir(`s${i}/`));
        if (k >= 2) layer.push(whiteout(`s${i}/.wh.L${k - 1}-0`));
        for (let j = 0; j < 49; j++) layer.push(file(`s${i}/L${k}-${j}`, 1));
        for (let j = 0; j < 50; j++) layer.push(file(`s${i}/f${j}`, k + 1));
      }
      layers.push(layer);
    }
    return layers;
  }

  it('builds a model of 100,000+ headers with the counts the layers imply', () => {
    const layers = synthetic();
    expect(layers.reduce((n, l) => n + l.length, 0)).toBe(100_800);
    const model = buildImageModel(layers);

    expect(model.layers[0]).toMatchObject({ files: 10_000, added: 10_000, modified: 0, removed: 0 });
    expect(model.layers[1]).toMatchObject({ files: 10_000, added: 4_900, modified: 5_000, removed: 0 });
    for (let k = 2; k < 10; k++) expect(model.layers[k]).toMatchObject({ files: 10_000, added: 4_900, modified: 5_000, removed: 100 });

    expect(model.merged).toHaveLength(100 + 9_900 + 9 * 4_900 - 8 * 100);
    expect(model.mergedBytes).toBe(49 * 100 + 5_000 * 10 + (9 * 4_900 - 800));
    // Overwrites: layer 0's f0..f49 (1 byte), then layer k's (k+1 bytes) for k = 1..8; removals: 800 files of 1 byte.
    expect(model.wasted.bytes).toBe(5_000 + 5_000 * (2 + 3 + 4 + 5 + 6 + 7 + 8 + 9) + 800);
    expect(model.wasted.entries).toHaveLength(1_000);
    expect(model.wasted.entries[0]).toMatchObject({ bytes: 9, layer: 8, by: 'overwritten', byLayer: 9 });

    expect(model.ownerOf('s0/f0')).toBe(9);
    expect(model.ownerOf('s0/f50')).toBe(0);
    expect(model.ownerOf('s5/L1-0')).toBeUndefined();
    expect(model.ownerOf('s5/L9-0')).toBe(9);
    expect(model.search('f0', 5_000).matches).toHaveLength(1_000);
    expect(model.search('**/L3-*', 5_000)).toMatchObject({ truncated: false });
    expect(model.search('**/L3-*', 5_000).matches).toHaveLength(5_000);
    expect(model.search('**/L3-*', 4_999)).toMatchObject({ truncated: true });
    expect(paths(model.merged).slice(0, 3)).toEqual(['s0', 's0/L1-1', 's0/L1-10']);
  }, 120_000); // no timing asserted: the generous timeout only spares a loaded machine
});
