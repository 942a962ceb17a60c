// Owns the bridge's head start on a page's first images list (issue #15, cold start). A page asks
// for `docker images` as soon as its first script has connected (renderer/src/main.tsx), a good
// 100 ms after its HTML left the bridge; 5,000 tags then take core about as long again. So serving
// index.html starts that very list, and the first identical request answers with it, provided no
// image event has come since it started (then it is dropped and the request lists afresh: the
// page sees what it would have seen, as of a moment it could not have asked). A failed head start
// is never handed on either. The answer is only ever given over an authenticated WebSocket; a page
// load that never connects costs one list, and head starts are at most one per HEAD_START_GAP_MS.
import type { RequestOf, Result } from '../../shared/contract';
import type { StevedoreCore } from '../core/service';

/** The Images view's first question (renderer/src/transport/early-request.ts FIRST_LIST_REQUEST; a test holds the two together). */
export const FIRST_LIST: RequestOf<'images.list'> = { all: false, digests: false, filters: [] };

/** A head start not asked for within this long is dropped. */
export const HEAD_START_TTL_MS = 5_000;
/** The least time between two head starts: page loads alone never make the bridge list back to back. */
export const HEAD_START_GAP_MS = 1_000;

const isFirstList = (request: unknown): boolean => {
  if (request === null || typeof request !== 'object') return false;
  const r = request as Record<string, unknown>;
  return Object.keys(r).length === 3 && r.all === false && r.digests === false && Array.isArray(r.filters) && r.filters.length === 0;
};

export interface FirstListHeadStart {
  /** A page's HTML is on its way: list now (unless a head start is pending or one started just now). */
  start(): void;
  /** The head start's answer for this request, if it is the first list and one is pending; else undefined. */
  take(channel: string, request: unknown): Promise<Result<unknown>> | undefined;
  dispose(): void;
}

export function createFirstListHeadStart(core: StevedoreCore, now: () => number = Date.now): FirstListHeadStart {
  let pending: { answer: Promise<Result<unknown>>; timer: ReturnType<typeof setTimeout> } | undefined;
  let lastStart = -Infinity;
  const drop = () => {
    if (pending) clearTimeout(pending.timer);
    pending = undefined;
  };
  // Whatever changed may be missing from the list in flight (an engine that was away replays its
  // events when it is back); a settings change may have switched the engine.
  const offs = [core.events.on('images.changed', drop), core.events.on('settings.changed', drop)];
  return {
    start() {
      const t = now();
      if (pending || t - lastStart < HEAD_START_GAP_MS) return;
      lastStart = t;
      const answer = core.handle('images.list', FIRST_LIST, 'bridge');
      const timer = setTimeout(drop, HEAD_START_TTL_MS);
      timer.unref?.();
      pending = { answer, timer };
    },
    take(channel, request) {
      if (channel !== 'images.list' || !pending || !isFirstList(request)) return undefined;
      const { answer } = pending;
      drop();
      // A failure (the engine away a moment ago) is not handed on: the request is asked again.
      return answer.then((result) => (result.ok ? result : core.handle(channel, request, 'bridge')));
    },
    dispose() {
      drop();
      for (const off of offs) off();
    },
  };
}
