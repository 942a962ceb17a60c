// The search, pull, detail and jobs slices against a scripted API: the requests they send, stale
// answers dropped, a search that always ends, per-job state that leaves other jobs' objects alone.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobSnapshot, SearchResult } from '../../../shared/contract';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { jobIds } from '../../../renderer/src/features/jobs/job-model';
import { SEARCH_TIMEOUT_MS } from '../../../renderer/src/features/search-pull/search-model';
import { SEARCH_GUARD_MS } from '../../../renderer/src/features/search-pull/search-slice';
import { deferred, fakeApi, flush, row } from './fake-api';

const result = (name: string, starCount = 1): SearchResult => ({
  name,
  description: `about ${name}`,
  starCount,
  isOfficial: false,
  isAutomated: false,
});

function setup(handlers: Record<string, (req: any) => unknown> = {}, now: () => number = () => 1_000) {
  const f = fakeApi({
    'images.list': () => ({ rows: [], imageCount: 0 }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    ...handlers,
  });
  const store = createAppStore({ api: f.api, now });
  return { ...f, store };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('search slice', () => {
  it('sends the term, limit, filters and a bounded wait; keeps the index and results', async () => {
    const { store, callsTo } = setup({ 'search.run': (req) => ({ index: '127.0.0.1:5002', results: [result(`${req.term}-1`)] }) });
    const s = () => store.getState().search;
    s().setTerm(' 127.0.0.1:5002/app ');
    s().setLimit(500);
    s().setStars('10');
    await s().run();
    expect(callsTo('search.run')[0].request).toEqual({
      term: '127.0.0.1:5002/app',
      limit: 100,
      filters: { stars: 10 },
      timeoutMs: SEARCH_TIMEOUT_MS,
    });
    expect(s().status).toBe('done');
    expect(s().index).toBe('127.0.0.1:5002');
    expect(s().results.map((r) => r.name)).toEqual(['127.0.0.1:5002/app-1']);
    expect(s().query?.term).toBe('127.0.0.1:5002/app');
  });

  it('re-runs when a filter changes after a search, not before', async () => {
    const { store, callsTo } = setup({ 'search.run': () => ({ index: 'docker.io', results: [] }) });
    const s = () => store.getState().search;
    s().setTerm('nginx');
    s().setFilter('official', 'yes');
    await flush();
    expect(callsTo('search.run')).toHaveLength(0);
    await s().run();
    s().setFilter('automated', 'no');
    await flush();
    expect(callsTo('search.run').map((c) => c.request.filters)).toEqual([{ isOfficial: true }, { isOfficial: true, isAutomated: false }]);
  });

  it('drops an answer a newer search replaced, and one nobody waits for any more', async () => {
    const slow = deferred<unknown>();
    let n = 0;
    const { store } = setup({ 'search.run': (req) => (++n === 1 ? slow.promise : { index: 'docker.io', results: [result(req.term)] }) });
    const s = () => store.getState().search;
    s().setTerm('old');
    const first = s().run();
    s().setTerm('new');
    await s().run();
    slow.resolve({ index: 'docker.io', results: [result('old')] });
    await first;
    expect(s().results.map((r) => r.name)).toEqual(['new']);

    const never = deferred<unknown>();
    const { store: store2 } = setup({ 'search.run': () => never.promise });
    const s2 = () => store2.getState().search;
    s2().setTerm('x');
    const running = s2().run();
    expect(s2().status).toBe('loading');
    s2().cancel();
    expect(s2().status).toBe('idle');
    never.resolve({ index: 'docker.io', results: [result('late')] });
    await running;
    expect(s2().results).toEqual([]);
  });

  it("keeps the engine's words on failure, and stops waiting on its own when no answer comes", async () => {
    const { store } = setup({
      'search.run': () => {
        throw Object.assign(new Error('Unexpected status code 500'), { code: 'REGISTRY_UNREACHABLE' });
      },
    });
    const s = () => store.getState().search;
    s().setTerm('127.0.0.1:1/fail');
    await s().run();
    expect(s().status).toBe('error');
    expect(s().error).toEqual({ code: 'REGISTRY_UNREACHABLE', message: 'Unexpected status code 500' });

    vi.useFakeTimers();
    const never = deferred<unknown>();
    const { store: store2 } = setup({ 'search.run': () => never.promise });
    const s2 = () => store2.getState().search;
    s2().setTerm('hang');
    const running = s2().run();
    await vi.advanceTimersByTimeAsync(SEARCH_TIMEOUT_MS + SEARCH_GUARD_MS);
    await running;
    expect(s2().status).toBe('error');
    expect(s2().error?.detail).toEqual({ local: true, timeoutMs: SEARCH_TIMEOUT_MS + SEARCH_GUARD_MS });
  });

  it("formats the shown results in the index's order, with --no-trunc", async () => {
    const results = [result('b', 1), result('a', 9)];
    const { store, callsTo } = setup({ 'search.run': () => ({ index: 'docker.io', results }), 'search.format': () => ({ text: 'x' }) });
    const s = () => store.getState().search;
    s().setTerm('q');
    await s().run();
    s().toggleSort('stars');
    s().setNoTrunc(true);
    await s().format('');
    await s().format('{{.Name}}');
    expect(callsTo('search.format').map((c) => c.request)).toEqual([
      { results, noTrunc: true },
      { results, noTrunc: true, format: '{{.Name}}' },
    ]);
  });
});

describe('pull slice', () => {
  it('starts a pull with the trimmed reference and passes INVALID_REFERENCE through', async () => {
    const { store, callsTo } = setup({
      'images.pull': (req) => {
        if (/[A-Z]/.test(req.reference)) {
          throw Object.assign(new Error('invalid reference format: repository name must be lowercase'), { code: 'INVALID_REFERENCE' });
        }
        return { jobId: 'job-1' };
      },
    });
    const p = () => store.getState().pull;
    p().openDialog('busybox');
    expect(p().dialog).toMatchObject({ initial: 'busybox' });
    const bad = await p().start('Bad');
    expect(bad).toEqual({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: 'invalid reference format: repository name must be lowercase' },
    });
    const good = await p().start('  busybox:1.36 ');
    expect(good).toEqual({ ok: true, value: { jobId: 'job-1' } });
    expect(callsTo('images.pull').map((c) => c.request)).toEqual([{ reference: 'Bad' }, { reference: 'busybox:1.36' }]);
    expect(p().started).toEqual(['job-1']);
    p().closeDialog();
    expect(p().dialog).toBeNull();
  });
});

describe('detail slice', () => {
  it('opens a grid row by its ID, loads history and inspect, and drops answers for another image', async () => {
    const rows = [row('busybox', 'latest'), row('<none>', '<none>')];
    const slowHistory = deferred<unknown>();
    const { store, callsTo } = setup({
      'images.list': () => ({ rows, imageCount: 2 }),
      'images.history': (req) =>
        req.image === rows[0].id
          ? slowHistory.promise
          : { rows: [{ id: req.image, created: 1, createdBy: '', tags: [], size: 0, comment: '' }] },
      'images.inspect': (req) => ({ Id: req.image }),
      'images.historyFormat': () => ({ text: 'x' }),
    });
    await store.getState().images.refresh();
    const d = () => store.getState().detail;
    expect(d().openRow('nope', 'history')).toBe(false);
    expect(d().openRow(rows[0].key, 'inspect')).toBe(true);
    expect(d().open?.target).toEqual({ image: rows[0].id, label: 'busybox:latest' });
    expect(d().open?.tab).toBe('inspect');
    await flush();
    expect(d().inspect.status).toBe('ready');
    expect(d().history.status).toBe('loading');

    // Another image before the first history answered: its late answer is dropped.
    d().openRow(rows[1].key, 'history');
    expect(d().open?.target.label).toBe(rows[1].id.slice(7, 19));
    slowHistory.resolve({ rows: [] });
    await flush();
    expect(d().history.image).toBe(rows[1].id);
    expect(d().history.value?.[0].id).toBe(rows[1].id);

    d().setHistoryOption('noTrunc', true);
    d().setHistoryOption('human', false);
    await d().historyFormat({ template: '', quiet: true });
    expect(callsTo('images.historyFormat')[0].request).toEqual({ image: rows[1].id, noTrunc: true, human: false, quiet: true });
    d().close();
    expect(d().open).toBeNull();
    expect(d().history.status).toBe('idle');
  });
});

describe('jobs slice', () => {
  const snap = (p: Partial<JobSnapshot> & Pick<JobSnapshot, 'id'>): JobSnapshot => ({
    kind: 'pull',
    title: p.id,
    state: 'running',
    current: 0,
    total: 10_000_000,
    layers: [],
    messages: [],
    startedAt: 1,
    ...p,
  });

  it('a tick replaces only its own job and speed; other jobs keep their objects and the id lists stay equal', () => {
    let clock = 0;
    const { store, emit, transport } = setup({}, () => clock);
    connectStore(store, transport);
    emit('job.updated', snap({ id: 'a', current: 0 }));
    emit('job.updated', snap({ id: 'b', state: 'succeeded' }));
    const before = store.getState().jobs;
    const ids = [jobIds(before.byId, 'active'), jobIds(before.byId, 'finished')];
    clock = 1000;
    emit('job.updated', snap({ id: 'a', current: 2_000_000 }));
    const after = store.getState().jobs;
    expect(after.byId.b).toBe(before.byId.b);
    expect(after.byId.a).not.toBe(before.byId.a);
    expect(after.rates.a.bytesPerSecond).toBe(2_000_000);
    expect([jobIds(after.byId, 'active'), jobIds(after.byId, 'finished')]).toEqual(ids);
    // The other slices are untouched by job ticks.
    expect(store.getState().images).toBe(store.getState().images);
    emit('job.updated', snap({ id: 'a', state: 'succeeded', current: 10_000_000, endedAt: 5 }));
    expect(store.getState().jobs.rates.a).toBeUndefined();
  });

  it('clears finished jobs for good, keeping the running ones', async () => {
    const list = [snap({ id: 'run' }), snap({ id: 'done', state: 'succeeded' })];
    const { store, emit, transport } = setup({ 'jobs.list': () => list });
    connectStore(store, transport);
    await flush();
    expect(Object.keys(store.getState().jobs.byId).sort()).toEqual(['done', 'run']);
    store.getState().jobs.clearFinished();
    expect(Object.keys(store.getState().jobs.byId)).toEqual(['run']);
    await store.getState().jobs.load();
    emit('job.updated', snap({ id: 'done', state: 'succeeded' }));
    expect(Object.keys(store.getState().jobs.byId)).toEqual(['run']);
  });
});
