import { describe, expect, it, vi } from 'vitest';
import type { EngineStatus, JobSnapshot } from '../../../shared/contract';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { buildFilterStrings, emptyFilters } from '../../../renderer/src/features/images/image-view';
import { jobIds } from '../../../renderer/src/features/jobs/job-model';
import { deferred, fakeApi, flush, row } from './fake-api';

const reachable = (checkedAt: number): EngineStatus => ({
  reachable: true,
  host: 'unix:///tmp/x.sock',
  source: 'env',
  version: '28.0.0',
  apiVersion: '1.48',
  checkedAt,
});
const unreachable = (checkedAt: number): EngineStatus => ({
  reachable: false,
  host: 'unix:///tmp/x.sock',
  source: 'env',
  error: 'Cannot connect',
  checkedAt,
});

function setup(rows = [row('busybox', 'latest'), row('alpine', '3.20'), row('<none>', '<none>')]) {
  let current = rows;
  const f = fakeApi({
    'images.list': () => ({ rows: current, imageCount: current.length }),
    'images.format': (req) => ({ text: JSON.stringify(req) }),
    'engine.status': () => reachable(1),
    'engine.reconnect': () => reachable(5),
    'jobs.list': () => [],
    'jobs.cancel': () => ({ cancelled: true }),
  });
  const store = createAppStore({ api: f.api, now: () => 42_000 });
  const disconnect = connectStore(store, f.transport);
  return { ...f, store, disconnect, setRows: (r: typeof rows) => (current = r) };
}

describe('image filters', () => {
  it('become the docker CLI filter strings in a stable order', () => {
    expect(
      buildFilterStrings({
        ...emptyFilters,
        dangling: 'true',
        labels: ['a=b', 'flag'],
        references: ['foo*', 'bar:1'],
        before: 'img:tag',
        since: 'x',
        until: '10m',
      }),
    ).toEqual(['dangling=true', 'label=a=b', 'label=flag', 'reference=foo*', 'reference=bar:1', 'before=img:tag', 'since=x', 'until=10m']);
  });
});

describe('images slice', () => {
  it('lists on start with the CLI options and re-lists when a toggle or filter changes', async () => {
    const { store, callsTo } = setup();
    await flush();
    expect(callsTo('images.list')[0].request).toEqual({ all: false, digests: false, filters: [] });
    store.getState().images.setOption('all', true);
    await flush();
    store.getState().images.setFilters({ labels: ['role=web'], dangling: 'false' });
    await flush();
    expect(callsTo('images.list').at(-1)!.request).toEqual({ all: true, digests: false, filters: ['dangling=false', 'label=role=web'] });
  });

  it('does not re-list for --no-trunc, which only changes how IDs are shown', async () => {
    const { store, callsTo } = setup();
    await flush();
    const before = callsTo('images.list').length;
    store.getState().images.setOption('noTrunc', true);
    await flush();
    expect(callsTo('images.list').length).toBe(before);
  });

  it('re-lists when core says images changed, and only then', async () => {
    const { store, emit, callsTo, setRows } = setup();
    await flush();
    expect(callsTo('images.list')).toHaveLength(1);
    setRows([row('fresh', '1')]);
    emit('images.changed', { reason: 'event', action: 'tag' });
    // After the pause that follows every list (images-pacing.test.ts), not at once.
    await vi.waitFor(() => expect(callsTo('images.list')).toHaveLength(2));
    await flush();
    expect(store.getState().images.rows.map((r) => r.repository)).toEqual(['fresh']);
  });

  it('collapses a burst of change events into one more list', async () => {
    const gate = deferred<void>();
    let lists = 0;
    const f = fakeApi({
      'images.list': async () => {
        lists++;
        await gate.promise;
        return { rows: [], imageCount: 0 };
      },
      'engine.status': () => reachable(1),
      'jobs.list': () => [],
    });
    const store = createAppStore({ api: f.api });
    connectStore(store, f.transport);
    for (let i = 0; i < 10; i++) f.emit('images.changed', { reason: 'event', action: 'untag' });
    gate.resolve();
    await flush();
    await flush();
    await store.getState().images.refresh();
    expect(lists).toBeLessThanOrEqual(3);
  });

  it('drops an answer that arrives after the options changed', async () => {
    const first = deferred<void>();
    const f = fakeApi({
      'images.list': async (req) => {
        if (!req.all) await first.promise;
        return { rows: [row(req.all ? 'with-all' : 'without-all', 'x')], imageCount: 1 };
      },
      'engine.status': () => reachable(1),
      'jobs.list': () => [],
    });
    const store = createAppStore({ api: f.api });
    connectStore(store, f.transport);
    store.getState().images.setOption('all', true);
    first.resolve();
    await flush();
    await flush();
    await store.getState().images.refresh();
    expect(store.getState().images.rows.map((r) => r.repository)).toEqual(['with-all']);
  });

  it('filters text instantly on the client and sorts by column, asc then desc then the CLI order', async () => {
    const { store, callsTo } = setup([
      row('busybox', 'latest', { size: 5 }),
      row('alpine', '3.20', { size: 9 }),
      row('busybox', '1.36', { size: 1 }),
    ]);
    await flush();
    const lists = callsTo('images.list').length;
    store.getState().images.setText('busy');
    expect(store.getState().images.view.map((r) => `${r.repository}:${r.tag}`)).toEqual(['busybox:latest', 'busybox:1.36']);
    expect(callsTo('images.list').length).toBe(lists);
    store.getState().images.setText('');
    store.getState().images.toggleSort('size');
    expect(store.getState().images.view.map((r) => r.size)).toEqual([1, 5, 9]);
    store.getState().images.toggleSort('size');
    expect(store.getState().images.view.map((r) => r.size)).toEqual([9, 5, 1]);
    store.getState().images.toggleSort('size');
    expect(store.getState().images.view.map((r) => r.size)).toEqual([5, 9, 1]);
  });

  it('selects with click, ctrl-click, shift-click and select all, and forgets rows that went away', async () => {
    const rows = [row('a', '1'), row('b', '1'), row('c', '1'), row('d', '1')];
    const { store, emit, setRows } = setup(rows);
    await flush();
    const images = () => store.getState().images;
    images().select(rows[1].key, 'only');
    images().select(rows[3].key, 'range');
    expect([...images().selection]).toEqual([rows[1].key, rows[2].key, rows[3].key]);
    images().select(rows[2].key, 'toggle');
    expect(images().selection.has(rows[2].key)).toBe(false);
    images().selectAll();
    expect(images().selection.size).toBe(4);
    setRows(rows.slice(0, 2));
    emit('images.changed', { reason: 'event', action: 'delete' });
    await vi.waitFor(() => expect(images().selection.size).toBe(2));
  });

  it('asks core for `docker images -q` with the current options', async () => {
    const { store } = setup();
    await flush();
    store.getState().images.setOption('digests', true);
    store.getState().images.setOption('noTrunc', true);
    const result = await store.getState().images.format({ quiet: true });
    expect(result.ok && JSON.parse(result.value.text)).toEqual({ all: false, digests: true, filters: [], noTrunc: true, quiet: true });
  });

  it('shows a list error as data and clears the rows', async () => {
    const f = fakeApi({
      'images.list': () => {
        throw Object.assign(new Error('invalid filter'), { code: 'INVALID_ARGUMENT' });
      },
      'engine.status': () => reachable(1),
      'jobs.list': () => [],
    });
    const store = createAppStore({ api: f.api });
    connectStore(store, f.transport);
    await flush();
    expect(store.getState().images.error).toEqual({ code: 'INVALID_ARGUMENT', message: 'invalid filter' });
  });
});

describe('slices stay independent', () => {
  it('a job progress tick leaves the images slice object untouched', async () => {
    const { store, emit } = setup();
    await flush();
    const images = store.getState().images;
    const job: JobSnapshot = {
      id: 'j1',
      kind: 'pull',
      title: 'Pull busybox',
      state: 'running',
      current: 10,
      total: 100,
      layers: [],
      messages: [],
      startedAt: 1,
    };
    emit('job.updated', job);
    emit('job.updated', { ...job, current: 50 });
    expect(store.getState().images).toBe(images);
    expect(store.getState().jobs.byId.j1.current).toBe(50);
  });

  it('a progress tick of one job among 20 changes only that job: the other rows and the lists stay equal', async () => {
    const { store, emit } = setup();
    await flush();
    const snap = (i: number, current: number): JobSnapshot => ({
      id: `j${i}`,
      kind: 'save',
      title: `Save ${i}`,
      state: 'running',
      current,
      total: 100,
      layers: [],
      messages: [],
      startedAt: i,
    });
    for (let i = 0; i < 20; i++) emit('job.updated', snap(i, 0));
    const before = store.getState();
    const active = jobIds(before.jobs.byId, 'active');
    emit('job.updated', snap(7, 40));
    const after = store.getState();
    // What JobRow and the lists subscribe to (by id, and id arrays compared shallowly).
    for (let i = 0; i < 20; i++) if (i !== 7) expect(after.jobs.byId[`j${i}`]).toBe(before.jobs.byId[`j${i}`]);
    expect(after.jobs.byId.j7.current).toBe(40);
    expect(jobIds(after.jobs.byId, 'active')).toEqual(active);
    // What the grid subscribes to.
    expect(after.images).toBe(before.images);
  });
});

describe('engine slice', () => {
  it('re-lists by itself when a later engine.status says the engine is back', async () => {
    const { store, emit, callsTo } = setup();
    await flush();
    emit('engine.status', unreachable(2));
    expect(store.getState().engine.status?.reachable).toBe(false);
    const lists = callsTo('images.list').length;
    emit('engine.status', reachable(3));
    await flush();
    expect(callsTo('images.list').length).toBe(lists + 1);
  });

  it('ignores a status older than the one it has', async () => {
    const { store, emit } = setup();
    await flush();
    emit('engine.status', reachable(10));
    emit('engine.status', unreachable(9));
    expect(store.getState().engine.status?.reachable).toBe(true);
  });

  it('Retry calls engine.reconnect', async () => {
    const { store, emit, callsTo } = setup();
    await flush();
    emit('engine.status', unreachable(2));
    await store.getState().engine.reconnect();
    expect(callsTo('engine.reconnect')).toHaveLength(1);
    expect(store.getState().engine.status?.reachable).toBe(true);
  });
});
