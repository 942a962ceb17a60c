// Owns the one request that leaves before the app's code has loaded: the entry module asks for the
// images list as soon as it is connected, and the store's first request on that channel gets that
// answer instead of asking again, provided it asks the same question (else it asks core itself,
// and the early answer is dropped). Only the first request on the channel is ever answered early.
import type { Channel, RequestOf, ResponseOf, Result, StevedoreApi } from '../../../shared/contract';

export interface EarlyRequest<C extends Channel> {
  channel: C;
  request: RequestOf<C>;
  answer: Promise<Result<ResponseOf<C>>>;
}

/**
 * The Images view's first question: `docker images` with no option and no filter (the images
 * slice's defaults; tests/unit/renderer/early-request.test.ts holds the two together).
 */
export const FIRST_LIST_REQUEST: RequestOf<'images.list'> = { all: false, digests: false, filters: [] };

/**
 * The rest of the store's first state (connectStore's loadAll: settings, engine status, jobs),
 * asked beside the list: their answers are in before the first render, which then shows them,
 * instead of a render of its own each just after the first rows painted.
 */
export const FIRST_STATE_CHANNELS = ['settings.get', 'engine.status', 'jobs.list'] as const;

export function sendEarly<C extends Channel>(api: StevedoreApi, channel: C, request: RequestOf<C>): EarlyRequest<C> {
  const answer = api.invoke(channel, request);
  // For `npm run bench:startup`'s breakdown: when core's answer reached the page.
  void answer.then(() => globalThis.performance?.mark?.(`stevedore:early-${channel}`));
  return { channel, request, answer };
}

/** The same JSON for the same request, whatever the order its keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `api`, whose first invoke on each early request's channel answers with its early answer when it asks the same. */
export function withEarlyAnswer(api: StevedoreApi, early: EarlyRequest<Channel> | readonly EarlyRequest<Channel>[]): StevedoreApi {
  const pending = new Map<Channel, EarlyRequest<Channel>>((Array.isArray(early) ? early : [early]).map((e) => [e.channel, e]));
  return {
    invoke<K extends Channel>(channel: K, request: RequestOf<K>): Promise<Result<ResponseOf<K>>> {
      const taken = pending.get(channel);
      if (taken) {
        pending.delete(channel);
        if (canonical(request) === canonical(taken.request)) return taken.answer as unknown as Promise<Result<ResponseOf<K>>>;
      }
      return api.invoke(channel, request);
    },
    on: (event, listener) => api.on(event, listener),
  };
}
