import { describe, expect, it, vi } from 'vitest';
import { bridgeSubprotocols } from '../../../shared/bridge-protocol';
import { PACKED_IMAGE_LIST, packImageList } from '../../../shared/image-list-packing';
import { createBridgeClient } from '../../../renderer/src/transport/bridge-client';

/** Just enough of the browser WebSocket to drive the client. */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static all: FakeSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  sent: any[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const make = () => {
  FakeSocket.all = [];
  const t = createBridgeClient({
    url: 'ws://127.0.0.1:1/ws',
    protocols: bridgeSubprotocols('the-token-of-this-test-0123456789'),
    WebSocketImpl: FakeSocket as never,
    minRetryMs: 5,
    maxRetryMs: 5,
    connectWaitMs: 50,
  });
  return { t, socket: () => FakeSocket.all.at(-1)! };
};

describe('bridge client', () => {
  it('opens the socket with the token in a subprotocol, never in the URL', () => {
    const { socket } = make();
    expect(socket().url).toBe('ws://127.0.0.1:1/ws');
    const [plain, carrier] = socket().protocols!;
    expect(plain).toBe('stevedore.bridge.v1');
    expect(Buffer.from(carrier.replace('stevedore.token.', ''), 'base64url').toString()).toBe('the-token-of-this-test-0123456789');
  });

  it('asks for a download ticket with a bridge-only frame and resolves with its answer', async () => {
    const { t, socket } = make();
    socket().open();
    const p = t.downloadTicket(['web:1', 'web:2']);
    const frame = socket().sent[0];
    expect(frame).toEqual({ type: 'download-ticket', id: frame.id, refs: ['web:1', 'web:2'] });
    socket().receive({ type: 'result', id: frame.id, result: { ok: true, value: { url: '/transfer/save?ticket=x', expiresInMs: 60000 } } });
    await expect(p).resolves.toEqual({ ok: true, value: { url: '/transfer/save?ticket=x', expiresInMs: 60000 } });
  });

  it('sends invokes made before the socket opened, and resolves them by id', async () => {
    const { t, socket } = make();
    const p = t.api.invoke('jobs.list', {});
    socket().open();
    const frame = socket().sent[0];
    expect(frame).toMatchObject({ type: 'invoke', channel: 'jobs.list', request: {} });
    socket().receive({ type: 'result', id: frame.id, result: { ok: true, value: [] } });
    await expect(p).resolves.toEqual({ ok: true, value: [] });
  });

  it('asks for the images list packed and gives back the rows it packed', async () => {
    const { t, socket } = make();
    socket().open();
    const row = (tag: string) => ({
      key: `sha256:${'a'.repeat(64)}|web|${tag}|<none>`,
      id: `sha256:${'a'.repeat(64)}`,
      repository: 'web',
      tag,
      digest: '<none>',
      created: 1,
      size: 2,
      virtualSize: 2,
      sharedSize: -1,
      containers: -1,
      labels: { a: 'b' },
      parentId: '',
      dangling: false,
    });
    const list = { rows: [row('1'), row('2')], imageCount: 1 };
    const p = t.api.invoke('images.list', { all: false, digests: false, filters: [] });
    const frame = socket().sent[0];
    expect(frame).toMatchObject({ type: 'invoke', channel: 'images.list', encoding: PACKED_IMAGE_LIST });
    socket().receive({ type: 'result', id: frame.id, result: { ok: true, value: packImageList(list) }, packed: PACKED_IMAGE_LIST });
    await expect(p).resolves.toEqual({ ok: true, value: list });
    // Other channels are asked for as they are, and a packed list that does not add up is an error, not rows.
    const other = t.api.invoke('jobs.list', {});
    expect(socket().sent[1]).not.toHaveProperty('encoding');
    socket().receive({ type: 'result', id: socket().sent[1].id, result: { ok: true, value: [] } });
    await expect(other).resolves.toEqual({ ok: true, value: [] });
    const bad = t.api.invoke('images.list', { all: false, digests: false, filters: [] });
    const broken = { ...packImageList(list)!, cells: [0] };
    socket().receive({ type: 'result', id: socket().sent[2].id, result: { ok: true, value: broken }, packed: PACKED_IMAGE_LIST });
    await expect(bad).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('fails invokes in flight with ENGINE_UNREACHABLE when the socket drops, then reconnects', async () => {
    const { t, socket } = make();
    socket().open();
    const first = socket();
    const p = t.api.invoke('engine.status', {});
    first.drop();
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
    expect(t.state()).toBe('closed');
    await vi.waitFor(() => expect(FakeSocket.all.length).toBe(2));
    socket().open();
    expect(t.state()).toBe('open');
  });

  it('fails an invoke that waited too long for a socket', async () => {
    const { t } = make();
    await expect(t.api.invoke('jobs.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
  });

  it('delivers events to their listeners until unsubscribed', () => {
    const { t, socket } = make();
    socket().open();
    const seen: unknown[] = [];
    const off = t.api.on('images.changed', (e) => seen.push(e));
    socket().receive({ type: 'event', event: 'images.changed', payload: { reason: 'event' } });
    off();
    socket().receive({ type: 'event', event: 'images.changed', payload: { reason: 'refresh' } });
    expect(seen).toEqual([{ reason: 'event' }]);
  });
});
