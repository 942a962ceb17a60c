import { describe, expect, it } from 'vitest';
import { historyLayerSizes, parseEngineTime } from '../../electron/core/edit/image-store-load';
import {
  chainIds,
  ImageStoreModel,
  isSingleReference,
  matchesLabelFilters,
  modelRef,
  SimulatedError,
  type ModelContainer,
  type ModelImage,
  type ModelRef,
} from '../../electron/core/edit/image-store-model';
import { classifyRemoveError, rmiLines } from '../../electron/core/edit/remove';
import { pruneText, pruneWarning, readPruneFilters } from '../../electron/core/edit/prune';

const id = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const short = (n: number) => id(n).slice(7, 19);
const refs = (...names: string[]): ModelRef[] => names.map((n) => modelRef(n) as ModelRef);

function image(n: number, opts: Partial<ModelImage> & { names?: string[] } = {}): ModelImage {
  return {
    id: id(n),
    parent: opts.parent ?? '',
    refs: opts.refs ?? refs(...(opts.names ?? [])),
    created: opts.created ?? 1000 + n,
    labels: opts.labels ?? null,
    hasConfig: opts.hasConfig ?? true,
    size: opts.size ?? 0,
    chain: opts.chain ?? [`sha256:layer${n}`],
  };
}

const ctr = (n: number, imageN: number, running: boolean): ModelContainer => ({
  id: `c${n}`.padEnd(64, '0'),
  name: `ctr${n}`,
  imageId: id(imageN),
  running,
});

function records(model: ImageStoreModel, ref: string, force = false, prune = true): string[] {
  return model.imageDelete(ref, force, prune).map((r) => ('untagged' in r ? `Untagged: ${r.untagged}` : `Deleted: ${r.deleted}`));
}

function refusal(fn: () => unknown): SimulatedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SimulatedError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe("moby's isSingleReference", () => {
  it.each([
    [[], false],
    [['a:1'], true],
    [['a:1', 'a:2'], false],
    [['a:1', 'b:1'], false],
    [[`a:1`, `a@sha256:${'1'.repeat(64)}`], true],
    [[`a:1`, `b@sha256:${'1'.repeat(64)}`], false],
    [[`a@sha256:${'1'.repeat(64)}`, `a@sha256:${'2'.repeat(64)}`], true],
  ] as [string[], boolean][])('%j -> %s', (names, single) => {
    expect(isSingleReference(refs(...names))).toBe(single);
  });
});

describe('replaying image_delete.go', () => {
  it('untags one of several tags and keeps the image', () => {
    const m = new ImageStoreModel([image(1, { names: ['a:1', 'a:2'] })], []);
    expect(records(m, 'a:1')).toEqual(['Untagged: a:1']);
    expect(m.images.has(id(1))).toBe(true);
  });

  it('removes a bare name as name:latest and deletes the image with its layers', () => {
    const m = new ImageStoreModel([image(1, { names: ['a:latest'], chain: ['sha256:l1', 'sha256:l2'] })], []);
    expect(records(m, 'a')).toEqual(['Untagged: a:latest', `Deleted: ${id(1)}`, 'Deleted: sha256:l2', 'Deleted: sha256:l1']);
  });

  it('keeps layers still held by another image or by a container', () => {
    const m = new ImageStoreModel(
      [
        image(1, { names: ['a:1'], chain: ['sha256:base', 'sha256:top1'] }),
        image(2, { names: ['b:1'], chain: ['sha256:base', 'sha256:top2'] }),
      ],
      [],
    );
    expect(records(m, 'a:1')).toEqual(['Untagged: a:1', `Deleted: ${id(1)}`, 'Deleted: sha256:top1']);
    const held = new ImageStoreModel([image(3, { names: ['c:1'], chain: ['sha256:x'] })], [ctr(1, 3, false)]);
    expect(records(held, id(3), true)).toEqual(['Untagged: c:1', `Deleted: ${id(3)}`]);
  });

  it('by ID with tags in several repositories: must be forced, then untags all in store order', () => {
    const m = new ImageStoreModel([image(1, { names: ['b/x:1', 'a/x:1'] })], []);
    const e = refusal(() => m.imageDelete(short(1), false, true));
    expect(e.message).toBe(`conflict: unable to delete ${short(1)} (must be forced) - image is referenced in multiple repositories`);
    expect(e.conflict).toMatchObject({ kind: 'multiple-repositories', canForce: true });
    expect(records(m, short(1), true)).toEqual(['Untagged: a/x:1', 'Untagged: b/x:1', `Deleted: ${id(1)}`, 'Deleted: sha256:layer1']);
  });

  it('a running container: by ID cannot be forced; by name force only untags', () => {
    const m = new ImageStoreModel([image(1, { names: ['a:1'] })], [ctr(7, 1, true)]);
    const byId = refusal(() => m.imageDelete(id(1), true, true));
    expect(byId.message).toBe(
      `conflict: unable to delete ${short(1)} (cannot be forced) - image is being used by running container ${ctr(7, 1, true).id.slice(0, 12)}`,
    );
    expect(byId.conflict).toMatchObject({ kind: 'running-container', canForce: false, containerName: 'ctr7' });
    const byName = refusal(() => m.imageDelete('a:1', false, true));
    expect(byName.message).toBe(
      `conflict: unable to remove repository reference "a:1" (must force) - container ${ctr(7, 1, true).id.slice(0, 12)} is using its referenced image ${short(1)}`,
    );
    expect(byName.conflict).toMatchObject({ kind: 'running-container', canForce: true, forceEffect: 'untag' });
    expect(records(m, 'a:1', true)).toEqual(['Untagged: a:1']);
    expect(m.images.has(id(1))).toBe(true);
  });

  it('a stopped container: by ID must be forced, then the image goes', () => {
    const m = new ImageStoreModel([image(1, { names: ['a:1'] })], [ctr(7, 1, false)]);
    expect(refusal(() => m.imageDelete(id(1), false, true)).conflict).toMatchObject({ kind: 'stopped-container', canForce: true });
    expect(records(m, id(1), true)).toEqual(['Untagged: a:1', `Deleted: ${id(1)}`]);
  });

  it('a parent cannot be deleted while it has children, forced or not', () => {
    const m = new ImageStoreModel([image(1, { names: ['base:1'] }), image(2, { names: ['kid:1'], parent: id(1) })], []);
    const e = refusal(() => m.imageDelete(id(1), true, true));
    expect(e.message).toBe(`conflict: unable to delete ${short(1)} (cannot be forced) - image has dependent child images`);
    // By name it is only untagged (the delete that follows fails quietly).
    expect(records(m, 'base:1')).toEqual(['Untagged: base:1']);
  });

  it('prunes untagged parents unless --no-prune, and stops at a tagged one', () => {
    const imgs = () => [image(1, { names: ['base:1'] }), image(2, { parent: id(1) }), image(3, { names: ['kid:1'], parent: id(2) })];
    expect(records(new ImageStoreModel(imgs(), []), 'kid:1')).toEqual([
      'Untagged: kid:1',
      `Deleted: ${id(3)}`,
      'Deleted: sha256:layer3',
      `Deleted: ${id(2)}`,
      'Deleted: sha256:layer2',
    ]);
    expect(records(new ImageStoreModel(imgs(), []), 'kid:1', false, false)).toEqual([
      'Untagged: kid:1',
      `Deleted: ${id(3)}`,
      'Deleted: sha256:layer3',
    ]);
  });

  it('the last tag of a repository takes its digest references along', () => {
    const d = `sha256:${'d'.repeat(64)}`;
    const m = new ImageStoreModel([image(1, { names: ['r:1', 'r:2', `r@${d}`, 'other:1'] })], []);
    expect(records(m, 'r:2')).toEqual(['Untagged: r:2']);
    expect(records(m, 'r:1')).toEqual(['Untagged: r:1', `Untagged: r@${d}`]);
  });

  it('resolves names, IDs and unique ID prefixes; answers No such image otherwise', () => {
    const m = new ImageStoreModel([image(0xabc1, { names: ['a:1'] }), image(0xabc2)], []);
    expect(m.resolve('a:1').id).toBe(id(0xabc1));
    expect(m.resolve(id(0xabc2)).id).toBe(id(0xabc2));
    expect(m.resolve(id(0xabc2).slice(7)).id).toBe(id(0xabc2));
    expect(refusal(() => m.resolve('nope')).message).toBe('No such image: nope:latest');
    expect(refusal(() => m.resolve('Bad')).status).toBe(400);
  });
});

describe('replaying image_prune.go', () => {
  const L = { t: '1' };
  it('dangling: heads without tags (digest-only ones too), with label, label! and until', () => {
    const d = `sha256:${'d'.repeat(64)}`;
    const m = new ImageStoreModel(
      [
        image(1, { labels: L, created: 100 }),
        image(2, { labels: L, names: ['tagged:1'] }),
        image(3, { labels: L, refs: refs(`r@${d}`) }),
        image(4, { labels: { ...L, keep: '' } }),
        image(5, { labels: L, created: 5000 }),
        image(6, { labels: { other: '1' } }),
        image(7, { labels: L }),
      ],
      [ctr(1, 7, false)],
    );
    const out = m.prune({ all: false, until: 4000, labels: ['t=1'], notLabels: ['keep'] });
    const deleted = out.records.filter((r) => 'deleted' in r).map((r) => (r as { deleted: string }).deleted);
    expect(deleted).toEqual([id(1), 'sha256:layer1', id(3), 'sha256:layer3']);
    expect(out.records).toContainEqual({ untagged: `r@${d}` });
    expect([...out.attempted.keys()].sort()).toEqual([id(1), id(3), id(7)].sort());
    expect(out.attempted.get(id(7))).toMatch(/image is being used by stopped container/);
  });

  it('all: tagged images go too, intermediate parents follow, used ones stay', () => {
    const m = new ImageStoreModel(
      [image(1), image(2, { parent: id(1), names: ['kid:1'] }), image(3, { names: ['busy:1'] }), image(4, { names: ['x:1', 'y:1'] })],
      [ctr(1, 3, true), ctr(2, 4, false)],
    );
    const out = m.prune({ all: true, labels: [], notLabels: [] });
    expect(out.records).toEqual(
      expect.arrayContaining([{ untagged: 'kid:1' }, { deleted: id(2) }, { deleted: id(1) }, { untagged: 'x:1' }]),
    );
    expect(m.images.has(id(3))).toBe(true);
    expect(m.images.get(id(4))?.refs.map((r) => r.familiar)).toEqual(['y:1']);
  });

  it('label filters match like filters.Args.MatchKVList', () => {
    expect(matchesLabelFilters({ a: '1', b: '' }, ['a', 'a=1', 'b='], [])).toBe(true);
    expect(matchesLabelFilters({ a: '1' }, ['a=2'], [])).toBe(false);
    expect(matchesLabelFilters({}, ['a'], [])).toBe(false);
    expect(matchesLabelFilters(null, [], ['a'])).toBe(true);
    // label! excludes only when every label! condition holds.
    expect(matchesLabelFilters({ a: '1' }, [], ['a', 'b'])).toBe(true);
    expect(matchesLabelFilters({ a: '1', b: '2' }, [], ['a', 'b'])).toBe(false);
  });
});

describe('helpers', () => {
  it('chain IDs follow layer.CreateChainID', async () => {
    const { createHash } = await import('node:crypto');
    const a = `sha256:${'a'.repeat(64)}`;
    const b = `sha256:${'b'.repeat(64)}`;
    expect(chainIds([a, b])).toEqual([a, `sha256:${createHash('sha256').update(`${a} ${b}`).digest('hex')}`]);
  });

  it('maps history entries to layers, skipping metadata-only steps', () => {
    const h = (Size: number, CreatedBy = '') => ({ Created: 0, CreatedBy, Size });
    expect(historyLayerSizes([h(10), h(0, '/bin/sh -c #(nop) CMD x'), h(5)], 2)).toEqual([10, 5]);
    expect(historyLayerSizes([h(10), h(0, 'sh -c true'), h(0, '#(nop) ENV')], 2)).toEqual([10, 0]);
    expect(historyLayerSizes([h(10), h(0), h(0), h(7)], 3)).toBeUndefined();
  });

  it('reads the engine time with its nanoseconds', () => {
    expect(parseEngineTime('2024-01-02T03:04:05.123456789Z')).toBeCloseTo(1704164645 + 0.123456789, 6);
    expect(parseEngineTime('2024-01-02T03:04:05Z')).toBe(1704164645);
  });

  it('prints rmi records and prune answers as the CLI does', () => {
    expect(rmiLines([{ Untagged: 'a:1' }, { Deleted: 'sha256:x' }])).toEqual(['Untagged: a:1', 'Deleted: sha256:x']);
    expect(pruneText([{ Untagged: 'a@sha256:1' }, { Deleted: 'sha256:2' }], 1_234_567)).toBe(
      'Deleted Images:\nuntagged: a@sha256:1\ndeleted: sha256:2\n\nTotal reclaimed space: 1.235MB\n',
    );
    expect(pruneText([], 0)).toBe('Total reclaimed space: 0B\n');
    expect(pruneWarning(false)).toBe('WARNING! This will remove all dangling images.');
  });

  it('classifies every refusal of DELETE /images/{name}', () => {
    expect(classifyRemoveError(404, 'No such image: x:latest')).toEqual({ kind: 'not-found', canForce: false });
    expect(
      classifyRemoveError(409, 'conflict: unable to delete 0123456789ab (must be forced) - image is referenced in multiple repositories'),
    ).toEqual({
      kind: 'multiple-repositories',
      canForce: true,
      forceEffect: 'delete',
      imageId: '0123456789ab',
    });
    expect(
      classifyRemoveError(
        409,
        'conflict: unable to delete 0123456789ab (cannot be forced) - image is being used by running container 111111111111',
      ),
    ).toEqual({
      kind: 'running-container',
      canForce: false,
      imageId: '0123456789ab',
      containerId: '111111111111',
    });
    expect(
      classifyRemoveError(
        409,
        'conflict: unable to delete 0123456789ab (must be forced) - image is being used by stopped container 111111111111',
      ),
    ).toMatchObject({
      kind: 'stopped-container',
      canForce: true,
    });
    expect(
      classifyRemoveError(409, 'conflict: unable to delete 0123456789ab (cannot be forced) - image has dependent child images'),
    ).toMatchObject({
      kind: 'child-images',
      canForce: false,
    });
    expect(
      classifyRemoveError(
        409,
        'conflict: unable to remove repository reference "a:1" (must force) - container 111111111111 is using its referenced image 0123456789ab',
      ),
    ).toMatchObject({ reference: 'a:1', containerId: '111111111111', imageId: '0123456789ab', canForce: true });
    expect(classifyRemoveError(500, 'something else')).toBeUndefined();
  });

  it('reads prune filters as the engine does', () => {
    expect(readPruneFilters({ all: true, filters: ['label=a=b', 'label!=c', 'until=10'] }, 100).selection).toEqual({
      all: true,
      until: 10,
      labels: ['a=b'],
      notLabels: ['c'],
    });
    expect(readPruneFilters({ all: false, filters: ['until=1h'] }, 10_000).selection.until).toBe(10_000 - 3600);
    expect([...readPruneFilters({ all: false, filters: [] }).map]).toEqual([['dangling', ['true']]]);
    expect(() => readPruneFilters({ all: false, filters: ['reference=x'] })).toThrow("Invalid filter 'reference'");
    expect(() => readPruneFilters({ all: false, filters: ['until=1h', 'until=2h'] })).toThrow('more than one until filter specified');
    expect(() => readPruneFilters({ all: false, filters: ['dangling=false'] })).toThrow(/all/);
  });
});
