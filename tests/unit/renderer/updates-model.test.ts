// Update detection in the window: the pure model (order, counts, symbols and words, "Pull all
// newer", the grid's mark, containers on old images) and the slice against a scripted contract
// (kept answers first, a check only when none were kept, Pull newer then a recheck of that tag,
// a pull that ends before its id came back).
import { describe, expect, it } from 'vitest';
import type { TagUpdate } from '../../../shared/registry-updates';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import {
  ageSeconds,
  newerKey,
  newerReferences,
  newerSet,
  sortUpdates,
  staleContainers,
  STATUS_SYMBOL,
  updateCounts,
} from '../../../renderer/src/features/updates/updates-model';
import en from '../../../renderer/src/i18n/en/updates.json';
import es from '../../../renderer/src/i18n/es/updates.json';
import { fakeApi, flush, jobsOf } from './fake-api';

const u = (reference: string, status: TagUpdate['status'], extra: Partial<TagUpdate> = {}): TagUpdate => ({
  reference,
  registry: '127.0.0.1:5000',
  repository: reference.split(':')[0],
  tag: 'x',
  imageId: `sha256:${'1'.repeat(64)}`,
  status,
  checkedAt: 1_000,
  containers: [],
  ...extra,
});

describe('updates model', () => {
  const results = [
    u('b:1', 'upToDate', { containers: [{ id: 'c3', name: 'cache' }] }),
    u('a:1', 'unknown', { reason: 'unreachable' }),
    u('c:1', 'newer', { containers: [{ id: 'c1', name: 'web' }] }),
    u('a:2', 'newer', {
      containers: [
        { id: 'c1', name: 'web' },
        { id: 'c2', name: 'db' },
      ],
    }),
  ];

  it("puts newer first, then can't tell, then up to date, by name within each", () => {
    expect(sortUpdates(results).map((r) => r.reference)).toEqual(['a:2', 'c:1', 'a:1', 'b:1']);
    expect(updateCounts(results)).toEqual({ newer: 2, unknown: 1, upToDate: 1 });
  });

  it('pulls all newer in that order; the grid marks exactly those tags, while they name the image checked', () => {
    expect(newerReferences(results)).toEqual(['a:2', 'c:1']);
    const marks = newerSet(Object.fromEntries(results.map((r) => [r.reference, r])));
    const id = `sha256:${'1'.repeat(64)}`;
    expect([...marks].sort()).toEqual([newerKey('a:2', id), newerKey('c:1', id)]);
    // c:1 pulled since (the pull dialog, the CLI): the row names another image and shows no mark.
    expect(marks.has(newerKey('c:1', `sha256:${'2'.repeat(64)}`))).toBe(false);
  });

  it('lists each container on an old image once, with every tag it runs an old image of, pulled ones too', () => {
    expect(staleContainers(results)).toEqual([
      { id: 'c1', name: 'web', references: ['a:2', 'c:1'] },
      { id: 'c2', name: 'db', references: ['a:2'] },
      // b:1 was pulled since it was found outdated: its container still runs the old image.
      { id: 'c3', name: 'cache', references: ['b:1'] },
    ]);
  });

  it('says each status with a symbol and words in both languages (never colour alone)', () => {
    for (const status of ['newer', 'unknown', 'upToDate'] as const) {
      expect(STATUS_SYMBOL[status]).toMatch(/\S/);
      expect(en.updates.status[status]).toMatch(/[a-z]{2,}/i);
      expect(es.updates.status[status]).toMatch(/[a-z]{2,}/i);
    }
    expect(Object.keys(es.updates.reason).sort()).toEqual(Object.keys(en.updates.reason).sort());
    expect(new Set(Object.values(STATUS_SYMBOL)).size).toBe(3);
  });

  it('never shows a negative age', () => {
    expect(ageSeconds(10_000, 4_000)).toBe(0);
    expect(ageSeconds(4_000, 184_000)).toBe(180);
  });
});

describe('updates slice', () => {
  const pullJob = jobsOf('pull', 'Pull');

  it('reads the kept answers and does not check when there are some', async () => {
    const f = fakeApi({ 'updates.list': () => ({ results: [u('a:1', 'newer')] }) });
    const store = createAppStore({ api: f.api });
    await store.getState().updates.load();
    expect(f.callsTo('updates.check')).toEqual([]);
    expect(store.getState().updates.status).toBe('ready');
    expect([...store.getState().updates.newer]).toEqual([newerKey('a:1', `sha256:${'1'.repeat(64)}`)]);
  });

  it('checks every tag when core kept nothing yet', async () => {
    const f = fakeApi({ 'updates.list': () => ({ results: [] }), 'updates.check': () => ({ results: [u('a:1', 'upToDate')] }) });
    const store = createAppStore({ api: f.api });
    await store.getState().updates.load();
    expect(f.callsTo('updates.check')).toEqual([{ channel: 'updates.check', request: {} }]);
    expect(store.getState().updates.byRef['a:1'].status).toBe('upToDate');
  });

  it('Pull newer pulls that tag, then checks it again once the pull succeeded', async () => {
    let answer: TagUpdate = u('a:1', 'newer');
    const f = fakeApi({
      'updates.list': () => ({ results: [answer] }),
      'updates.check': () => ({ results: [answer] }),
      'images.pull': () => ({ jobId: 'j1' }),
      'jobs.list': () => [],
    });
    const store = createAppStore({ api: f.api });
    connectStore(store, f.transport);
    await store.getState().updates.load();
    await store.getState().updates.pullNewer('a:1');
    expect(f.callsTo('images.pull')).toEqual([{ channel: 'images.pull', request: { reference: 'a:1' } }]);
    expect(store.getState().updates.pulls).toEqual({ j1: 'a:1' });

    f.emit('job.updated', pullJob('j1', 'running'));
    expect(f.callsTo('updates.check')).toEqual([]);
    answer = u('a:1', 'upToDate', { checkedAt: 2_000 });
    f.emit('job.updated', pullJob('j1', 'succeeded'));
    await flush();
    expect(f.callsTo('updates.check')).toEqual([{ channel: 'updates.check', request: { references: ['a:1'] } }]);
    expect(store.getState().updates.byRef['a:1']).toMatchObject({ status: 'upToDate', checkedAt: 2_000 });
    expect(store.getState().updates.newer.size).toBe(0);
  });

  it('Pull newer pulls the platform the answer compared (an index entry), and none when it compared no index', async () => {
    const f = fakeApi({
      'updates.list': () => ({ results: [u('a:1', 'newer', { platform: 'linux/arm64/v8' }), u('b:1', 'newer')] }),
      'images.pull': () => ({ jobId: 'j1' }),
    });
    const store = createAppStore({ api: f.api });
    await store.getState().updates.load();
    await store.getState().updates.pullNewer('a:1');
    await store.getState().updates.pullNewer('b:1');
    expect(f.callsTo('images.pull').map((c) => c.request)).toEqual([
      { reference: 'a:1', platform: 'linux/arm64/v8' },
      { reference: 'b:1' },
    ]);
  });

  it('a pull that ended before its id came back is still followed by the recheck', async () => {
    const f = fakeApi({
      'updates.list': () => ({ results: [u('a:1', 'newer')] }),
      'updates.check': () => ({ results: [u('a:1', 'upToDate')] }),
      'images.pull': async () => {
        f.emit('job.updated', pullJob('j9', 'succeeded'));
        return { jobId: 'j9' };
      },
      'jobs.list': () => [],
    });
    const store = createAppStore({ api: f.api });
    connectStore(store, f.transport);
    await store.getState().updates.load();
    await store.getState().updates.pullNewer('a:1');
    await flush();
    expect(f.callsTo('updates.check')).toEqual([{ channel: 'updates.check', request: { references: ['a:1'] } }]);
    expect(store.getState().updates.pulls).toEqual({});
  });

  it('Pull all newer starts one pull per newer tag, and none for a tag already being pulled', async () => {
    let n = 0;
    const f = fakeApi({
      'updates.list': () => ({ results: [u('a:1', 'newer'), u('b:1', 'newer'), u('c:1', 'upToDate')] }),
      'images.pull': () => ({ jobId: `j${++n}` }),
    });
    const store = createAppStore({ api: f.api });
    await store.getState().updates.load();
    await store.getState().updates.pullNewer('b:1');
    await store.getState().updates.pullAllNewer();
    expect(f.callsTo('images.pull').map((c) => c.request.reference)).toEqual(['b:1', 'a:1']);
  });
});
