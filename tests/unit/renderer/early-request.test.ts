// The images list that leaves before the app's code has loaded (main.tsx): the store's first list
// takes that answer instead of asking again, but only when it asks the same question; and the
// question the entry sends is the one the store asks first (else the early request is wasted).
import { describe, expect, it } from 'vitest';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { FIRST_LIST_REQUEST, FIRST_STATE_CHANNELS, sendEarly, withEarlyAnswer } from '../../../renderer/src/transport/early-request';
import { deferred, fakeApi, flush, row } from './fake-api';

const rows = [row('busybox', 'latest'), row('alpine', '3.20')];

function setup() {
  const f = fakeApi({
    'images.list': () => ({ rows, imageCount: rows.length }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x.sock', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
  });
  return f;
}

describe('withEarlyAnswer', () => {
  it('answers the first equal request with the early answer, whatever the order of its keys', async () => {
    const f = setup();
    const early = sendEarly(f.api, 'images.list', FIRST_LIST_REQUEST);
    const api = withEarlyAnswer(f.api, early);
    const answer = await api.invoke('images.list', { filters: [], digests: false, all: false });
    expect(f.callsTo('images.list')).toHaveLength(1);
    expect(answer).toBe(await early.answer);
    // Only once: the next list asks core.
    await api.invoke('images.list', { all: false, digests: false, filters: [] });
    expect(f.callsTo('images.list')).toHaveLength(2);
  });

  it('asks core when the first request differs, and never hands the early answer out later', async () => {
    const f = setup();
    const api = withEarlyAnswer(f.api, sendEarly(f.api, 'images.list', FIRST_LIST_REQUEST));
    await api.invoke('images.list', { all: true, digests: false, filters: [] });
    await api.invoke('images.list', FIRST_LIST_REQUEST);
    expect(f.callsTo('images.list').map((c) => c.request)).toEqual([
      FIRST_LIST_REQUEST,
      { ...FIRST_LIST_REQUEST, all: true },
      FIRST_LIST_REQUEST,
    ]);
  });

  it('answers the first request on each of several channels early, once each', async () => {
    const f = setup();
    const early = [
      sendEarly(f.api, 'images.list', FIRST_LIST_REQUEST),
      ...FIRST_STATE_CHANNELS.map((channel) => sendEarly(f.api, channel, {})),
    ];
    const api = withEarlyAnswer(f.api, early);
    expect(await api.invoke('engine.status', {})).toBe(await early[2].answer);
    expect(await api.invoke('jobs.list', {})).toBe(await early[3].answer);
    expect(await api.invoke('images.list', FIRST_LIST_REQUEST)).toBe(await early[0].answer);
    expect(f.callsTo('engine.status')).toHaveLength(1);
    await api.invoke('engine.status', {});
    expect(f.callsTo('engine.status')).toHaveLength(2);
    expect(f.callsTo('jobs.list')).toHaveLength(1);
  });

  it('passes other channels and events through', async () => {
    const f = setup();
    const api = withEarlyAnswer(f.api, sendEarly(f.api, 'images.list', FIRST_LIST_REQUEST));
    await api.invoke('jobs.list', {});
    expect(f.callsTo('jobs.list')).toHaveLength(1);
    const seen: unknown[] = [];
    api.on('images.changed', (p) => seen.push(p));
    f.emit('images.changed', { reason: 'event', action: 'tag' });
    expect(seen).toHaveLength(1);
  });
});

describe('the store and the early list', () => {
  it("asks first exactly the entry's early question", async () => {
    const f = setup();
    const store = createAppStore({ api: f.api, now: () => 1 });
    connectStore(store, f.transport);
    await flush();
    expect(f.callsTo('images.list')[0]?.request).toEqual(FIRST_LIST_REQUEST);
    // And the rest of its first state exactly as the entry asks it beside the list.
    for (const channel of FIRST_STATE_CHANNELS) expect(f.callsTo(channel)[0]?.request).toEqual({});
  });

  it('shows the early answer without a list of its own', async () => {
    const f = setup();
    const answer = deferred<Awaited<ReturnType<typeof f.api.invoke<'images.list'>>>>();
    const api = withEarlyAnswer(f.api, { channel: 'images.list', request: FIRST_LIST_REQUEST, answer: answer.promise });
    const store = createAppStore({ api, now: () => 1 });
    connectStore(store, { ...f.transport, api });
    await flush();
    expect(store.getState().images.loaded).toBe(false);
    answer.resolve({ ok: true, value: { rows, imageCount: rows.length } });
    await flush();
    expect(store.getState().images.rows.map((r) => r.key)).toEqual(rows.map((r) => r.key));
    expect(f.callsTo('images.list')).toHaveLength(0);
  });
});
