// How the Images view keeps up with a stream of `images.changed` events without drowning in
// re-lists (a 5,000-row list under load takes seconds): at most one list in flight, events
// meanwhile collapse into exactly one more list, and a pause of max(300 ms, 2x the last list's
// duration) after each list. Explicit refreshes (the button, an option, the engine coming back)
// skip the pause. Fake timers stand in for both the pause and the list's duration.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus, ImageRow } from '../../../shared/contract';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { RELIST_MAX_GAP_MS, RELIST_MIN_GAP_MS, relistGap } from '../../../renderer/src/features/images/images-slice';
import { reuseRows } from '../../../renderer/src/features/images/image-view';
import { fakeApi, row } from './fake-api';

const reachable: EngineStatus = {
  reachable: true,
  host: 'unix:///tmp/x.sock',
  source: 'env',
  version: '28.0.0',
  apiVersion: '1.48',
  checkedAt: 1,
};

/** A store whose every list takes `listMs` of (fake) time and answers the rows current at its end. */
function setup(listMs: number, initial: ImageRow[] = [row('busybox', 'latest'), row('alpine', '3.20')]) {
  let current = initial;
  const f = fakeApi({
    'images.list': async () => {
      await new Promise((r) => setTimeout(r, listMs));
      // Fresh objects every time, as rows decoded from the wire are.
      return { rows: current.map((r) => ({ ...r, labels: { ...r.labels } })), imageCount: current.length };
    },
    'engine.status': () => reachable,
    'jobs.list': () => [],
  });
  const store = createAppStore({ api: f.api, now: () => 42_000 });
  connectStore(store, f.transport);
  const changed = () => f.emit('images.changed', { reason: 'event', action: 'tag' });
  return { store, changed, lists: () => f.callsTo('images.list').length, setRows: (r: ImageRow[]) => (current = r) };
}

/** Lets fake time pass, running the timers and promise callbacks due meanwhile. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('re-lists on images.changed', () => {
  it('wait 300 ms after a quick list, and a burst in that pause is one list', async () => {
    const { changed, lists } = setup(50);
    await pass(50); // the first list (t = 0..50)
    expect(lists()).toBe(1);
    for (let i = 0; i < 5; i++) changed();
    await pass(RELIST_MIN_GAP_MS - 1);
    expect(lists()).toBe(1);
    await pass(1);
    expect(lists()).toBe(2);
    await pass(10_000);
    expect(lists()).toBe(2);
  });

  it('while a list is in flight become exactly one more list, twice its duration after it', async () => {
    const { changed, lists } = setup(1_000);
    await pass(100);
    for (let i = 0; i < 9; i++) {
      changed();
      await pass(100);
    }
    // t = 1,000: the first list answered; the next waits 2 x 1,000 ms.
    expect(lists()).toBe(1);
    await pass(1_999);
    expect(lists()).toBe(1);
    await pass(1);
    expect(lists()).toBe(2);
    await pass(20_000);
    expect(lists()).toBe(2);
  });

  it('an event long after the last list lists at once', async () => {
    const { changed, lists } = setup(20);
    await pass(5_000);
    changed();
    await pass(0);
    expect(lists()).toBe(2);
  });

  it('never keep a list in flight back to back, however fast events come', async () => {
    const listMs = 800;
    const { changed, lists } = setup(listMs);
    // 10 s of events every 100 ms.
    for (let t = 0; t < 10_000; t += 100) {
      changed();
      await pass(100);
    }
    // Each cycle is a list plus a pause of twice its length: at most a third of the time listing.
    expect(lists()).toBeLessThanOrEqual(Math.ceil(10_000 / (listMs * 3)) + 1);
    expect(lists()).toBeGreaterThanOrEqual(3);
  });
});

describe('explicit refresh', () => {
  it('skips the pause and also serves the pending event', async () => {
    const { store, changed, lists } = setup(50);
    await pass(50);
    changed();
    const done = store.getState().images.refresh();
    await pass(50);
    await done;
    expect(lists()).toBe(2);
    await pass(10_000);
    expect(lists()).toBe(2);
  });

  it('during a list resolves only after a list that started after it answered', async () => {
    const { store, setRows, lists } = setup(1_000);
    await pass(500);
    setRows([row('fresh', '1')]);
    let resolved = false;
    void store
      .getState()
      .images.refresh()
      .then(() => (resolved = true));
    await pass(500); // the first list answers (with the rows at its end), the second starts now
    expect(lists()).toBe(2);
    expect(resolved).toBe(false);
    await pass(1_000);
    expect(resolved).toBe(true);
    expect(store.getState().images.rows.map((r) => r.repository)).toEqual(['fresh']);
  });
});

describe('the pause', () => {
  it('is twice the last list, at least 300 ms and at most 5 s', () => {
    expect(relistGap(0)).toBe(RELIST_MIN_GAP_MS);
    expect(relistGap(100)).toBe(300);
    expect(relistGap(400)).toBe(800);
    expect(relistGap(60_000)).toBe(RELIST_MAX_GAP_MS);
  });
});

describe('a re-list that changes nothing', () => {
  it('keeps the rows and view arrays, so nothing re-renders', async () => {
    const { store, lists } = setup(10);
    await pass(10);
    const { rows, view } = store.getState().images;
    const done = store.getState().images.refresh();
    await pass(10);
    await done;
    expect(lists()).toBe(2);
    expect(store.getState().images.rows).toBe(rows);
    expect(store.getState().images.view).toBe(view);
  });

  it('keeps the objects of unchanged rows when others change', async () => {
    const a = row('a', '1');
    const b = row('b', '1');
    const { store, setRows } = setup(10, [a, b]);
    await pass(10);
    const before = store.getState().images.rows;
    setRows([a, { ...b, size: b.size + 1 }, row('c', '1')]);
    const done = store.getState().images.refresh();
    await pass(10);
    await done;
    const after = store.getState().images.rows;
    expect(after).not.toBe(before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1].size).toBe(b.size + 1);
    expect(after.map((r) => r.repository)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the view when a keystroke does not change which rows match', async () => {
    const { store } = setup(10, [row('busybox', 'latest'), row('alpine', '3.20')]);
    await pass(10);
    store.getState().images.setText('bus');
    const view = store.getState().images.view;
    store.getState().images.setText('busy');
    expect(store.getState().images.view).toBe(view);
    store.getState().images.setText('alp');
    expect(store.getState().images.view.map((r) => r.repository)).toEqual(['alpine']);
  });
});

describe('reuseRows', () => {
  it('notices a label change (labels are compared by value)', () => {
    const a = row('a', '1', { labels: { x: '1' } });
    expect(reuseRows([a], [{ ...a, labels: { x: '1' } }])).toEqual([a]);
    expect(reuseRows([a], [{ ...a, labels: { x: '1' } }])[0]).toBe(a);
    const changed = { ...a, labels: { x: '2' } };
    expect(reuseRows([a], [changed])[0]).toBe(changed);
  });
});
