// The bridge's head start on a page's first images list (electron/bridge/first-list.ts): serving
// index.html starts the list the page's entry asks for first, and that request takes its answer,
// unless an image event came meanwhile, the request differs, the head start failed or went stale.
// Through a real bridge: the page load lists once, the WebSocket request gets that list (packed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { bridgeSubprotocols } from '../../shared/bridge-protocol';
import type { EventMap, ImageListResult, Result } from '../../shared/contract';
import { PACKED_IMAGE_LIST, unpackImageList, type PackedImageList } from '../../shared/image-list-packing';
import { createFirstListHeadStart, FIRST_LIST, HEAD_START_GAP_MS, HEAD_START_TTL_MS } from '../../electron/bridge/first-list';
import { startBridge } from '../../electron/bridge/server';
import { TypedEmitter } from '../../electron/core/support/typed-emitter';
import type { StevedoreCore } from '../../electron/core/service';
import { FIRST_LIST_REQUEST } from '../../renderer/src/transport/early-request';

const LIST: ImageListResult = {
  rows: [
    {
      key: `sha256:${'a'.repeat(64)}|web|1|<none>`,
      id: `sha256:${'a'.repeat(64)}`,
      repository: 'web',
      tag: '1',
      digest: '<none>',
      created: 1,
      size: 2,
      virtualSize: 2,
      sharedSize: -1,
      containers: -1,
      labels: {},
      parentId: '',
      dangling: false,
    },
  ],
  imageCount: 1,
};

/** Just what the head start and the bridge's WebSocket use of core: its events and handle(). */
function fakeCore(answer: () => Result<unknown> = () => ({ ok: true, value: LIST })) {
  const events = new TypedEmitter<EventMap>();
  const handle = vi.fn(async (_channel: string, _request: unknown, _origin?: string) => answer());
  return { core: { events, handle } as unknown as StevedoreCore, events, handle };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('first list head start', () => {
  it('asks what the page asks first', () => {
    expect(FIRST_LIST).toEqual(FIRST_LIST_REQUEST);
  });

  it('answers the first equal request with the list started at page load, once', async () => {
    const { core, handle } = fakeCore();
    const head = createFirstListHeadStart(core);
    head.start();
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenCalledWith('images.list', FIRST_LIST, 'bridge');
    const answer = head.take('images.list', { filters: [], digests: false, all: false });
    await expect(answer).resolves.toEqual({ ok: true, value: LIST });
    expect(head.take('images.list', FIRST_LIST)).toBeUndefined();
    expect(handle).toHaveBeenCalledTimes(1);
    head.dispose();
  });

  it('leaves other requests alone', () => {
    const { core } = fakeCore();
    const head = createFirstListHeadStart(core);
    head.start();
    expect(head.take('images.list', { ...FIRST_LIST, digests: true })).toBeUndefined();
    expect(head.take('images.list', { ...FIRST_LIST, filters: ['dangling=true'] })).toBeUndefined();
    expect(head.take('images.list', { ...FIRST_LIST, extra: 1 })).toBeUndefined();
    expect(head.take('jobs.list', {})).toBeUndefined();
    // Still there for the page's own request.
    expect(head.take('images.list', FIRST_LIST)).toBeDefined();
    head.dispose();
  });

  it('drops the head start when images changed or settings changed since it started', () => {
    const { core, events } = fakeCore();
    const head = createFirstListHeadStart(core, () => 0);
    head.start();
    events.emit('images.changed', {} as EventMap['images.changed']);
    expect(head.take('images.list', FIRST_LIST)).toBeUndefined();
    const later = createFirstListHeadStart(core);
    later.start();
    events.emit('settings.changed', {} as EventMap['settings.changed']);
    expect(later.take('images.list', FIRST_LIST)).toBeUndefined();
    head.dispose();
    later.dispose();
  });

  it('never hands on a failed head start: the request is asked again', async () => {
    let calls = 0;
    const { core, handle } = fakeCore(() =>
      ++calls === 1 ? { ok: false, error: { code: 'ENGINE_UNREACHABLE', message: 'away' } } : { ok: true, value: LIST },
    );
    const head = createFirstListHeadStart(core);
    head.start();
    await expect(head.take('images.list', FIRST_LIST)).resolves.toEqual({ ok: true, value: LIST });
    expect(handle).toHaveBeenCalledTimes(2);
    head.dispose();
  });

  it('starts at most one list per gap, and forgets one nobody asked for', () => {
    vi.useFakeTimers();
    let t = 0;
    const { core, handle } = fakeCore();
    const head = createFirstListHeadStart(core, () => t);
    head.start();
    head.start();
    expect(handle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(HEAD_START_TTL_MS);
    expect(head.take('images.list', FIRST_LIST)).toBeUndefined();
    t = HEAD_START_GAP_MS - 1;
    head.start();
    expect(handle).toHaveBeenCalledTimes(1);
    t = HEAD_START_GAP_MS;
    head.start();
    expect(handle).toHaveBeenCalledTimes(2);
    expect(head.take('images.list', FIRST_LIST)).toBeDefined();
    head.dispose();
  });

  it('through the bridge: the page load lists once and its first request gets that list, packed', async () => {
    const { core, handle } = fakeCore();
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-first-list-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const token = 'first-list-test-token-0123456789abcdef';
    const bridge = await startBridge({ core, staticDir: dir, token });
    try {
      const status = await new Promise<number>((resolve, reject) =>
        request(`${bridge.origin}/`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end(),
      );
      expect(status).toBe(200);
      expect(handle).toHaveBeenCalledTimes(1);
      const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(token), { origin: bridge.origin });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
      ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'images.list', request: FIRST_LIST, encoding: PACKED_IMAGE_LIST }));
      const frame = JSON.parse(await reply) as { id: number; packed?: string; result: { ok: true; value: PackedImageList } };
      ws.close();
      expect(frame).toMatchObject({ id: 1, packed: PACKED_IMAGE_LIST, result: { ok: true } });
      expect(unpackImageList(frame.result.value)).toEqual(LIST);
      expect(handle).toHaveBeenCalledTimes(1);
    } finally {
      await bridge.close();
    }
  });
});
