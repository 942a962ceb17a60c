// Specifies the Images grid's shortcuts for many rows (issue #15, bench:list): reuseRows matching
// the unchanged head and tail by position gives exactly the rows a match by key over both lists
// gives; the quick filter's kept views give exactly what computeView gives, whatever was typed
// before; the width samples format SIZE once per distinct size and still pick the widest texts.
import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../../../shared/contract';
import { columnsFor, widthSamples } from '../../../renderer/src/features/images/grid-columns';
import { computeView, reuseRows, sameRow, type SortState } from '../../../renderer/src/features/images/image-view';
import { createViewCache } from '../../../renderer/src/features/images/view-cache';
import { sizeText } from '../../../renderer/src/ui/format';
import { row } from './fake-api';

/** The rule before the head/tail shortcut: every next row matched by key over the whole previous list. */
function reuseByKey(prev: ImageRow[], next: ImageRow[]): ImageRow[] {
  if (prev.length === 0) return next;
  if (prev.length === next.length && next.every((r, i) => sameRow(prev[i], r))) return prev;
  const byKey = new Map(prev.map((r) => [r.key, r]));
  return next.map((r) => {
    const old = byKey.get(r.key);
    return old && sameRow(old, r) ? old : r;
  });
}

/** A deterministic pseudo-random source, so a failure reproduces. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const copy = (r: ImageRow): ImageRow => ({ ...r, labels: { ...r.labels } });

describe('reuseRows', () => {
  const base = Array.from({ length: 40 }, (_, i) => row(`repo${i % 3}`, `t${i}`, { labels: i % 4 ? {} : { a: String(i) } }));

  it('returns the previous array itself when a fresh list holds the same rows', () => {
    expect(reuseRows(base, base.map(copy))).toBe(base);
  });

  it('keeps every unchanged row object around a tag made, removed or changed, as matching by key does', () => {
    const rnd = random(7);
    for (let trial = 0; trial < 300; trial++) {
      const next = base.map(copy);
      for (let edits = 1 + Math.floor(rnd() * 3); edits > 0; edits--) {
        const at = Math.floor(rnd() * next.length);
        const kind = rnd();
        if (kind < 0.3) next.splice(at, 0, row('new', `n${trial}-${edits}`));
        else if (kind < 0.6) next.splice(at, 1);
        else if (kind < 0.8) next[at] = { ...next[at], labels: { changed: 'yes' } };
        else next.splice(at, 0, ...next.splice(Math.floor(rnd() * next.length), 1));
      }
      const got = reuseRows(base, next);
      const want = reuseByKey(base, next);
      expect(got).toHaveLength(want.length);
      // The first row that is not the very object matching by key picks (-1: none).
      expect(
        got.findIndex((r, i) => r !== want[i]),
        `trial ${trial}`,
      ).toBe(-1);
    }
  });

  it('tells labels apart by keys and values, whatever their order', () => {
    const a = row('r', '1', { labels: { x: '1', y: '2' } });
    expect(reuseRows([a], [{ ...a, labels: { y: '2', x: '1' } }])[0]).toBe(a);
    expect(reuseRows([a], [{ ...a, labels: { x: '1' } }])[0]).not.toBe(a);
    expect(reuseRows([a], [{ ...a, labels: { x: '1', y: '2', z: '' } }])[0]).not.toBe(a);
    expect(reuseRows([a], [{ ...a, labels: { x: '1', y: '3' } }])[0]).not.toBe(a);
    expect(reuseRows([a], [{ ...a, labels: { x: '1', constructor: '2' } }])[0]).not.toBe(a);
  });
});

describe('the quick filter over kept views', () => {
  const rows = Array.from({ length: 300 }, (_, i) =>
    row(i % 7 === 0 ? 'Registry.example:5000/App' : `stevedore/list${i % 5}`, `T${i}`, { size: (i % 9) * 1000 }),
  );

  it('gives what computeView gives for every text, typed forward and erased, under any sort', () => {
    const viewFor = createViewCache();
    const texts = [
      '',
      's',
      'st',
      'ste',
      'ste l',
      'ste li',
      'ste li t1',
      'ste li t',
      'ste l',
      'app',
      'APP :5',
      'app',
      '',
      'list2 t2',
      'list2 t',
      't2 list2',
    ];
    const sorts: (SortState | null)[] = [null, { column: 'tag', direction: 'asc' }, { column: 'size', direction: 'desc' }];
    for (const sort of sorts)
      for (const text of [...texts, ...texts.slice().reverse()]) expect(viewFor(rows, text, sort)).toEqual(computeView(rows, text, sort));
  });

  it('forgets its views when the rows change', () => {
    const viewFor = createViewCache();
    expect(viewFor(rows, 'list1', null)).toEqual(computeView(rows, 'list1', null));
    const fewer = rows.slice(0, 100);
    expect(viewFor(fewer, 'list1', null)).toEqual(computeView(fewer, 'list1', null));
    expect(viewFor(fewer, 'list1 t1', null)).toEqual(computeView(fewer, 'list1 t1', null));
  });
});

describe('width samples over many rows', () => {
  it('formats SIZE once per distinct size and keeps the widest texts', () => {
    const view = [row('a', '1', { size: 5 }), row('bbbb', '22', { size: 123_456_789 }), row('cc', '333', { size: 5 })];
    const samples = widthSamples(view, columnsFor(false), false, 'en');
    expect(samples.size).toEqual([sizeText(123_456_789, 'en'), sizeText(5, 'en')]);
    expect(samples.repository[0]).toBe('bbbb');
    expect(samples.tag[0]).toBe('333');
  });
});
