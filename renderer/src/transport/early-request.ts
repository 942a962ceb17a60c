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

/** `api`, whose first `early.channel` invoke answers with the early answer when it asks the same. */
export function withEarlyAnswer<C extends Channel>(api: StevedoreApi, early: EarlyRequest<C>): StevedoreApi {
  let pending: EarlyRequest<C> | undefined = early;
  return {
    invoke<K extends Channel>(channel: K, request: RequestOf<K>): Promise<Result<ResponseOf<K>>> {
      if (pending && (channel as Channel) === pending.channel) {
        const taken = pending;
        pending = undefined;
        if (canonical(request) === canonical(taken.request)) return taken.answer as unknown as Promise<Result<ResponseOf<K>>>;
      }
      return api.invoke(channel, request);
    },
    on: (event, listener) => api.on(event, listener),
  };
}
