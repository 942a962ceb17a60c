// The Disk view's pure model (filter, sort, treemap tiles, arrow-key moves) and its store slice in
// Node against a scripted contract: report job → ready, progress, cancel, an event overtaking the
// job id, images changing, selection kept to images that still exist.
import { describe, expect, it } from 'vitest';
import type { DiskReport } from '../../../shared/contract';
import { selectionBytes } from '../../../shared/disk';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { diskRows, filterRows, nextSort, sortRows } from '../../../renderer/src/features/disk/disk-model';
import { neighbourTile, treemapTiles, type Tile } from '../../../renderer/src/features/disk/disk-treemap';
import { fakeApi, flush, jobsOf } from './fake-api';

const id = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

// base (100) shared by web and api; web adds 10, api 20; solo 7 (a stopped container uses it).
const REPORT: DiskReport = {
  images: [
    { id: id(1), references: ['web:1'], created: 1, containers: 0, running: 0, layers: [0, 1], total: 110, unique: 10, shared: 100 },
    {
      id: id(2),
      references: ['api:2', 'api:latest'],
      created: 2,
      containers: 0,
      running: 0,
      layers: [0, 2],
      total: 120,
      unique: 20,
      shared: 100,
    },
    { id: id(3), references: [], created: 3, containers: 1, running: 0, layers: [3], total: 7, unique: 7, shared: 0 },
  ],
  layers: [
    { chainId: 'base', size: 100, images: [0, 1], containers: 0 },
    { chainId: 'web', size: 10, images: [0], containers: 0 },
    { chainId: 'api', size: 20, images: [1], containers: 0 },
    { chainId: 'solo', size: 7, images: [2], containers: 1 },
  ],
  totalBytes: 137,
  naiveBytes: 237,
  prune: { images: 0, bytes: 0 },
  pruneAll: { images: 2, bytes: 130 },
  sizesExact: true,
  at: 0,
};

describe('disk model', () => {
  const rows = diskRows(REPORT);

  it('filters by every word in a reference or the ID, <none> included', () => {
    expect(filterRows(rows, 'api').map((r) => r.name)).toEqual(['api:2']);
    expect(filterRows(rows, 'API latest').map((r) => r.name)).toEqual(['api:2']);
    expect(filterRows(rows, '<none>').map((r) => r.id)).toEqual([id(3)]);
    expect(filterRows(rows, '1111').map((r) => r.name)).toEqual(['web:1']);
    expect(filterRows(rows, '  ')).toHaveLength(3);
  });

  it('sorts numbers largest first on the first click, names A to Z, and flips on the second', () => {
    expect(sortRows(rows, { key: 'unique', desc: true }).map((r) => r.unique)).toEqual([20, 10, 7]);
    expect(sortRows(rows, { key: 'name', desc: false }).map((r) => r.name)).toEqual(['<none>:<none>', 'api:2', 'web:1']);
    expect(nextSort({ key: 'unique', desc: true }, 'total')).toEqual({ key: 'total', desc: true });
    expect(nextSort({ key: 'total', desc: true }, 'total')).toEqual({ key: 'total', desc: false });
    expect(nextSort({ key: 'total', desc: true }, 'name')).toEqual({ key: 'name', desc: false });
  });

  it('draws every byte once: a tile per image for its own bytes, one per group for what it shares', () => {
    const tiles = treemapTiles(
      REPORT,
      rows.map((r) => r.id),
      400,
      300,
    );
    expect(tiles.map((t) => [t.kind, t.names.join('+'), t.bytes]).sort()).toEqual(
      [
        ['shared', 'web:1+api:2', 100],
        ['unique', '<none>:<none>', 7],
        ['unique', 'api:2', 20],
        ['unique', 'web:1', 10],
      ].sort(),
    );
    // Areas follow bytes (padding and rounding aside): the shared tile is the largest.
    const area = (t: Tile) => (t.x1 - t.x0) * (t.y1 - t.y0);
    const shared = tiles.find((t) => t.kind === 'shared')!;
    for (const t of tiles) if (t !== shared) expect(area(shared)).toBeGreaterThan(area(t));
    for (const t of tiles) {
      expect(t.x0).toBeGreaterThanOrEqual(0);
      expect(t.x1).toBeLessThanOrEqual(400);
      expect(t.y1).toBeLessThanOrEqual(300);
    }
    // A filter keeps the images it shows and the groups they are part of.
    expect(treemapTiles(REPORT, [id(3)], 400, 300).map((t) => t.key)).toEqual([id(3)]);
    expect(
      treemapTiles(REPORT, [id(1)], 400, 300)
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['shared', 'unique']);
    expect(treemapTiles(REPORT, [], 400, 300)).toEqual([]);
  });

  it('arrow keys go to the nearest tile that way, and stay put at an edge', () => {
    const tile = (key: string, x0: number, y0: number, x1: number, y1: number): Tile => ({
      key,
      kind: 'unique',
      imageIds: [key],
      names: [key],
      bytes: 1,
      x0,
      y0,
      x1,
      y1,
    });
    // a | b
    // c | d
    const tiles = [tile('a', 0, 0, 50, 50), tile('b', 50, 0, 100, 50), tile('c', 0, 50, 50, 100), tile('d', 50, 50, 100, 100)];
    expect(neighbourTile(tiles, 0, 'ArrowRight')).toBe(1);
    expect(neighbourTile(tiles, 0, 'ArrowDown')).toBe(2);
    expect(neighbourTile(tiles, 3, 'ArrowLeft')).toBe(2);
    expect(neighbourTile(tiles, 3, 'ArrowUp')).toBe(1);
    expect(neighbourTile(tiles, 1, 'ArrowRight')).toBe(1);
    expect(neighbourTile(tiles, 2, 'Home')).toBe(0);
    expect(neighbourTile(tiles, 0, 'End')).toBe(3);
    expect(neighbourTile([], 0, 'End')).toBe(-1);
  });

  it('the selection sums (shared/disk.ts) agree with the figures', () => {
    expect(selectionBytes(REPORT, [id(1), id(2)])).toEqual({ images: 2, frees: 130, shared: 0, keptByContainers: 0, total: 130 });
    expect(selectionBytes(REPORT, [id(3)])).toEqual({ images: 1, frees: 0, shared: 0, keptByContainers: 7, total: 7 });
  });
});

const job = jobsOf('disk', 'Disk usage', 0);

describe('disk slice', () => {
  function setup() {
    let n = 0;
    const f = fakeApi({
      'disk.report': () => ({ jobId: `j${++n}` }),
      'jobs.cancel': () => ({ cancelled: true }),
      'disk.layersSize': () => ({ layersSize: 42 }),
      'images.list': () => ({ rows: [] }),
    });
    const store = createAppStore({ api: f.api });
    connectStore(store, f.transport);
    return { ...f, store, disk: () => store.getState().disk };
  }

  it('stays off the list path: starting the store and listing images asks core for no disk figure', async () => {
    const { disk, callsTo, store } = setup();
    await store.getState().images.refresh();
    await flush();
    expect(callsTo('images.list').length).toBeGreaterThan(0);
    expect(callsTo('disk.report')).toEqual([]);
    expect(callsTo('disk.layersSize')).toEqual([]);
    expect(disk().status).toBe('idle');
  });

  it('starts a job, shows its progress, takes its report, and keeps only selections that still exist', async () => {
    const { emit, disk } = setup();
    disk().setSelected([id(3), 'sha256:gone']);
    await disk().load();
    expect(disk()).toMatchObject({ status: 'loading', jobId: 'j1' });
    emit('job.updated', job('j1', 'running', { current: 2, total: 5 }));
    expect(disk().progress).toEqual({ done: 2, total: 5 });
    // Another job of the same kind is not ours.
    emit('job.updated', job('other', 'succeeded', { result: { ...REPORT, images: [] } }));
    expect(disk().status).toBe('loading');
    emit('job.updated', job('j1', 'succeeded', { result: REPORT }));
    expect(disk()).toMatchObject({ status: 'ready', jobId: null });
    expect(disk().report?.totalBytes).toBe(137);
    expect([...disk().selected]).toEqual([id(3)]);
  });

  it('cancel asks core to stop the job; a cancelled job says so without an error', async () => {
    const { emit, disk, callsTo } = setup();
    await disk().load();
    disk().cancel();
    expect(callsTo('jobs.cancel').map((c) => c.request)).toEqual([{ jobId: 'j1' }]);
    emit('job.updated', job('j1', 'cancelled', { error: { code: 'CANCELLED', message: 'Cancelled' } }));
    expect(disk()).toMatchObject({ status: 'cancelled', error: null });
  });

  it('cancelled before its job id came back: the job is cancelled as soon as it does', async () => {
    const { disk, callsTo } = setup();
    const loading = disk().load();
    disk().cancel();
    expect(disk().status).toBe('cancelled');
    await loading;
    expect(callsTo('jobs.cancel').map((c) => c.request)).toEqual([{ jobId: 'j1' }]);
    expect(disk()).toMatchObject({ status: 'cancelled', jobId: null });
  });

  it('a new load cancels the one still running; a failed job keeps its error', async () => {
    const { emit, disk, callsTo } = setup();
    await disk().load();
    await disk().load();
    expect(callsTo('jobs.cancel').map((c) => c.request)).toEqual([{ jobId: 'j1' }]);
    emit('job.updated', job('j1', 'succeeded', { result: REPORT }));
    expect(disk().status).toBe('loading');
    emit('job.updated', job('j2', 'failed', { error: { code: 'ENGINE_UNREACHABLE', message: 'down' } }));
    expect(disk()).toMatchObject({ status: 'error', error: { code: 'ENGINE_UNREACHABLE' } });
  });

  it('an image change marks the report stale; sort and filter are the view state', async () => {
    const { emit, disk } = setup();
    emit('images.changed', { reason: 'event' });
    await flush();
    expect(disk().stale).toBe(true);
    await disk().load();
    expect(disk().stale).toBe(false);
    disk().sortBy('unique');
    expect(disk().sort).toEqual({ key: 'unique', desc: false });
    disk().setQuery('web');
    disk().toggle(id(1));
    disk().toggle(id(1));
    expect(disk()).toMatchObject({ query: 'web' });
    expect(disk().selected.size).toBe(0);
    expect(await disk().layersSize()).toEqual({ ok: true, value: { layersSize: 42 } });
  });
});
