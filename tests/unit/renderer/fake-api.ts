// A scripted StevedoreApi for store tests: records invokes, answers from handlers, emits events on demand.
import type { EventMap, EventName, ImageRow, JobSnapshot, Result, StevedoreApi } from '../../../shared/contract';

type Handler = (request: any) => unknown | Promise<unknown>;

export function fakeApi(handlers: Record<string, Handler>) {
  const calls: { channel: string; request: any }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: StevedoreApi = {
    async invoke(channel, request) {
      calls.push({ channel, request });
      const h = handlers[channel];
      if (!h) return { ok: false, error: { code: 'INTERNAL', message: `no handler for ${channel}` } } as Result<never>;
      try {
        return { ok: true, value: await h(request) } as Result<never>;
      } catch (err) {
        const e = err as { code?: string; message: string };
        return { ok: false, error: { code: e.code ?? 'INTERNAL', message: e.message } } as Result<never>;
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const transport = { api, state: () => 'ipc' as const, onStateChange: () => () => undefined };
  return { api, calls, emit, transport, callsTo: (c: string) => calls.filter((x) => x.channel === c) };
}

let n = 0;
export function row(repository: string, tag: string, extra: Partial<ImageRow> = {}): ImageRow {
  n++;
  const id = extra.id ?? `sha256:${String(n).padStart(64, 'a')}`;
  return {
    key: `${id}|${repository}|${tag}`,
    id,
    repository,
    tag,
    digest: '',
    created: 1_700_000_000 + n,
    size: 1000 * n,
    virtualSize: 1000 * n,
    sharedSize: -1,
    containers: -1,
    labels: {},
    parentId: '',
    dangling: repository === '<none>' && tag === '<none>',
    ...extra,
  };
}

export const flush = () => new Promise((r) => setTimeout(r, 0));

export function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Snapshots of one kind of job as its `job.updated` events carry them: `job(id, state, extra)`, nothing done yet. */
export const jobsOf =
  (kind: JobSnapshot['kind'], title: string, startedAt = 1) =>
  (id: string, state: JobSnapshot['state'], extra: Partial<JobSnapshot> = {}): JobSnapshot => ({
    id,
    kind,
    title,
    state,
    current: 0,
    total: 0,
    layers: [],
    messages: [],
    startedAt,
    ...extra,
  });
