import { describe, expect, it } from 'vitest';
import { ImageStoreModel, modelRef, type ModelContainer, type ModelImage, type ModelRef } from '../../electron/core/edit/image-store-model';
import { buildDiskReport, listedImages } from '../../electron/core/disk/layer-graph';
import { LayerSizeCache, levelSizes } from '../../electron/core/disk/layer-sizes';
import { selectionBytes } from '../../shared/disk';

const id = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const refs = (...names: string[]): ModelRef[] => names.map((n) => modelRef(n) as ModelRef);

function image(n: number, chain: string[], opts: Partial<ModelImage> & { names?: string[] } = {}): ModelImage {
  return {
    id: id(n),
    parent: opts.parent ?? '',
    refs: opts.refs ?? refs(...(opts.names ?? [])),
    created: 1000 + n,
    labels: null,
    hasConfig: true,
    size: opts.size ?? 0,
    chain,
  };
}

const ctr = (n: number, imageN: number, running: boolean): ModelContainer => ({
  id: `c${n}`.padEnd(64, '0'),
  name: `ctr${n}`,
  imageId: id(imageN),
  running,
});

// base (100) <- app1 adds 10, app2 adds 20; solo has its own 7; dangling has its own 3.
const SIZES = new Map([
  ['base', 100],
  ['app1', 10],
  ['app2', 20],
  ['solo', 7],
  ['dang', 3],
]);

function store(containers: ModelContainer[] = []) {
  return new ImageStoreModel(
    [
      image(1, ['base'], { names: ['base:1'] }),
      image(2, ['base', 'app1'], { names: ['app:1'] }),
      image(3, ['base', 'app2'], { names: ['app:2'] }),
      image(4, ['solo'], { names: ['solo:1'] }),
      image(5, ['dang']),
    ],
    containers,
  );
}

const report = (containers: ModelContainer[] = []) => buildDiskReport(store(containers), SIZES, { sizesExact: true, at: 0 });
const byId = (r: ReturnType<typeof report>, n: number) => r.images.find((i) => i.id === id(n))!;

describe('disk layer graph', () => {
  it('counts every layer once in the total, and per image its unique and shared bytes', () => {
    const r = report();
    expect(r.totalBytes).toBe(100 + 10 + 20 + 7 + 3);
    // The naive sum counts base three times.
    expect(r.naiveBytes).toBe(100 + 110 + 120 + 7 + 3);
    expect(byId(r, 2)).toMatchObject({ total: 110, unique: 10, shared: 100 });
    expect(byId(r, 1)).toMatchObject({ total: 100, unique: 0, shared: 100 });
    expect(byId(r, 4)).toMatchObject({ total: 7, unique: 7, shared: 0 });
  });

  it('a selection frees the layers no image outside it holds', () => {
    const r = report();
    expect(selectionBytes(r, [id(2)])).toMatchObject({ frees: 10, shared: 100, total: 110 });
    // Both children and the base together: everything they hold goes.
    expect(selectionBytes(r, [id(1), id(2), id(3)])).toMatchObject({ frees: 130, shared: 0, total: 130 });
    // Two children without the base image: base stays, held by base:1.
    expect(selectionBytes(r, [id(2), id(3)])).toMatchObject({ frees: 30, shared: 100, total: 130 });
    expect(selectionBytes(r, [])).toMatchObject({ images: 0, frees: 0, total: 0 });
  });

  it('a container keeps its image layers: nothing freed until it goes, and not counted as shared', () => {
    const r = report([ctr(1, 4, false)]);
    expect(selectionBytes(r, [id(4)])).toEqual({ images: 1, frees: 0, shared: 0, keptByContainers: 7, total: 7 });
    expect(byId(r, 4)).toMatchObject({ containers: 1, running: 0 });
    // A container on app:1 keeps base too.
    const r2 = report([ctr(2, 2, true)]);
    expect(selectionBytes(r2, [id(1), id(2), id(3)])).toMatchObject({ frees: 20, keptByContainers: 110 });
  });

  it('prune and prune -a figures replay moby on the model', () => {
    const r = report();
    expect(r.prune).toEqual({ images: 1, bytes: 3 });
    expect(r.pruneAll).toEqual({ images: 5, bytes: 140 });
    const r2 = report([ctr(1, 2, false)]);
    // app:1 stays for the container; base:1 goes but its layer stays under the container's chain.
    expect(r2.pruneAll).toEqual({ images: 4, bytes: 30 });
  });

  it('an intermediate parent is not listed; its layers count with its children', () => {
    const model = new ImageStoreModel([image(1, ['base']), image(2, ['base', 'app1'], { parent: id(1), names: ['app:1'] })], []);
    expect(listedImages(model)).toEqual([id(2)]);
    const r = buildDiskReport(model, SIZES, { sizesExact: true, at: 0 });
    expect(r.images.map((i) => i.id)).toEqual([id(2)]);
    expect(selectionBytes(r, [id(2)])).toMatchObject({ frees: 110, total: 110 });
  });
});

describe('layer sizes', () => {
  const h = (size: number, createdBy = '/bin/sh -c x') => ({ Created: 0, CreatedBy: createdBy, Size: size });

  it('reads each non-empty layer size from the history, oldest first', () => {
    const img = image(1, ['a', 'b'], { size: 30 });
    const got = levelSizes(img, [h(10), h(0, '/bin/sh -c #(nop)  CMD ["sh"]'), h(20)], () => undefined);
    expect(got).toEqual({ sizes: [10, 20], exact: true });
  });

  it('fills the one unknown level from the image size when the history is ambiguous', () => {
    const img = image(1, ['a', 'b', 'c'], { size: 60 });
    const known = new Map([
      ['a', 10],
      ['c', 30],
    ]);
    expect(levelSizes(img, undefined, (c) => known.get(c))).toEqual({ sizes: [10, 20, 30], exact: true });
    expect(levelSizes(img, undefined, () => undefined)).toEqual({ sizes: [0, 0, 0], exact: false });
  });

  it('the cache keeps guesses apart and stays bounded', () => {
    const cache = new LayerSizeCache(2);
    cache.set('a', 1);
    cache.set('b', 2, false);
    expect(cache.isGuess('b')).toBe(true);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
  });
});
