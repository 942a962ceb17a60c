// Owns moving one blob from the source registry to the target: skipped when the target has it
// (HEAD), mounted when both are one registry, else streamed from X's GET into Y's upload (POST,
// then one PUT ?digest= whose body is X's response as it arrives). Never held whole in memory:
// bytes pass through one chunk at a time, hashed and counted on the way, and a blob that is not
// what the manifest says fails before the target commits it. A failed or cancelled upload's
// session is deleted on the target.
import { createHash } from 'node:crypto';
import { CoreError } from '../engine/engine-errors';
import type { Descriptor } from './copy-plan';
import { type CopySide, onSide, pullScope, repoPath, sideError } from './copy-side';

/** A registry that stops sending (or answering) for this long fails the blob; a slow one does not. */
const IDLE_MS = 60_000;
/** A failed upload's DELETE may not hold the job's end for longer. */
const CLEANUP_MS = 5_000;

export type BlobOutcome = 'skipped' | 'mounted' | 'uploaded';

export interface BlobCopyContext {
  source: CopySide;
  target: CopySide;
  /** The scope every target request asks for: push on the target, plus pull on the source for a mount. */
  targetScope: string;
  /** Source and target are the same registry: try a cross-repository mount first. */
  sameRegistry: boolean;
  signal?: AbortSignal;
  /** Bytes that went from X to Y, as they pass. */
  onBytes: (n: number) => void;
}

/** HEAD /v2/<dst>/blobs/<digest>: the target has it already. */
export async function targetHas(ctx: BlobCopyContext, blob: Descriptor): Promise<boolean> {
  return onSide(ctx.target, `a check for ${blob.digest}`, async () => {
    try {
      const r = await ctx.target.client.request({
        method: 'HEAD',
        path: `${repoPath(ctx.target)}/blobs/${blob.digest}`,
        scope: ctx.targetScope,
        signal: ctx.signal,
      });
      await r.body?.cancel();
      return true;
    } catch (err) {
      if (err instanceof CoreError && err.code === 'NOT_FOUND') return false;
      throw err;
    }
  });
}

/** The path of an upload session (the registry's Location), refused when it points at another origin. */
export function uploadPath(baseUrl: string, location: string | null, digest?: string): string {
  const base = new URL(baseUrl);
  let url: URL | undefined;
  try {
    url = new URL(location ?? '', base);
  } catch {
    url = undefined;
  }
  if (!location || !url || url.origin !== base.origin) {
    throw new CoreError('INTERNAL', `it named an upload location elsewhere (${String(location).slice(0, 200)})`);
  }
  if (digest) url.searchParams.set('digest', digest);
  return `${url.pathname}${url.search}`;
}

/** POST /v2/<dst>/blobs/uploads/ (with ?mount=&from= when mounting): mounted, or the session's path. */
async function startUpload(ctx: BlobCopyContext, blob: Descriptor, mount: boolean): Promise<{ mounted: true } | { session: string }> {
  const query = mount ? `?${new URLSearchParams({ mount: blob.digest, from: ctx.source.repository })}` : '';
  return onSide(ctx.target, `an upload of ${blob.digest}`, async () => {
    const r = await ctx.target.client.request({
      method: 'POST',
      path: `${repoPath(ctx.target)}/blobs/uploads/${query}`,
      scope: ctx.targetScope,
      signal: ctx.signal,
    });
    await r.body?.cancel();
    if (r.status === 201 && mount) return { mounted: true };
    return { session: uploadPath(ctx.target.client.endpoint.baseUrl, r.headers.get('location')) };
  });
}

/** An abort that fires when nothing moved for IDLE_MS; touched on every chunk. */
function idleWatch(signal?: AbortSignal) {
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), IDLE_MS);
  };
  touch();
  return {
    signal: signal ? AbortSignal.any([signal, idle.signal]) : idle.signal,
    fired: () => idle.signal.aborted,
    touch,
    stop: () => clearTimeout(timer),
  };
}

/**
 * X's blob as a stream for Y's PUT: each chunk hashed, counted and passed on; at the end, a size or
 * sha256 that is not the manifest's errors the stream, so Y never gets the end of the body and
 * commits nothing. A read that breaks is kept in `failure` with the source's name on it.
 */
function verifiedBody(
  ctx: BlobCopyContext,
  blob: Descriptor,
  body: ReadableStream<Uint8Array>,
  touch: () => void,
  fail: (err: unknown) => unknown,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const hash = createHash('sha256');
  let seen = 0;
  const wrong = (why: string) => new CoreError('INVALID_ARGUMENT', why);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (err) {
          const why = (err as { cause?: { code?: string } })?.cause?.code ?? (err as Error)?.message;
          controller.error(fail(new CoreError('REGISTRY_UNREACHABLE', `it broke off (${why})`)));
          return;
        }
        touch();
        if (next.done) {
          const digest = `sha256:${hash.digest('hex')}`;
          if (seen !== blob.size) controller.error(fail(wrong(`it is ${seen} bytes, not ${blob.size}`)));
          else if (digest !== blob.digest) controller.error(fail(wrong(`its bytes hash to ${digest}`)));
          else controller.close();
          return;
        }
        seen += next.value.length;
        if (seen > blob.size) {
          await reader.cancel().catch(() => undefined);
          controller.error(fail(wrong(`it is longer than ${blob.size} bytes`)));
          return;
        }
        hash.update(next.value);
        ctx.onBytes(next.value.length);
        controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** GET from X piped into PUT on Y's session; the source's failures named as the source's. */
async function streamInto(ctx: BlobCopyContext, blob: Descriptor, session: string): Promise<void> {
  const watch = idleWatch(ctx.signal);
  let sourceFailure: unknown;
  const fail = (err: unknown) => (sourceFailure = sideError(ctx.source, `serving ${blob.digest}`, err));
  // Ends X's response when Y's side fails first (the PUT may fail before it read the body).
  const download = new AbortController();
  try {
    const got = await onSide(ctx.source, `the blob ${blob.digest}`, () =>
      ctx.source.client.request({
        path: `${repoPath(ctx.source)}/blobs/${blob.digest}`,
        scope: pullScope(ctx.source.repository),
        redirect: 'storage',
        untimed: true,
        signal: AbortSignal.any([watch.signal, download.signal]),
      }),
    );
    const body = verifiedBody(ctx, blob, got.body ?? new ReadableStream(), watch.touch, fail);
    const put = await ctx.target.client.request({
      method: 'PUT',
      path: uploadPath(ctx.target.client.endpoint.baseUrl, session, blob.digest),
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
      scope: ctx.targetScope,
      untimed: true,
      signal: watch.signal,
    });
    await put.body?.cancel();
  } catch (err) {
    download.abort();
    // A cancel or a stall breaks both requests: say that, not the broken read it caused.
    if (ctx.signal?.aborted) throw new CoreError('CANCELLED', 'Cancelled');
    if (watch.fired()) {
      throw new CoreError('REGISTRY_UNREACHABLE', `The copy of ${blob.digest} stalled: nothing moved for ${IDLE_MS / 1000} s`);
    }
    if (sourceFailure) throw sourceFailure;
    throw sideError(ctx.target, `the upload of ${blob.digest}`, err);
  } finally {
    watch.stop();
  }
}

/** Best effort: a session left open holds space on the target until its own purge. */
async function cancelUpload(ctx: BlobCopyContext, session: string): Promise<void> {
  try {
    const r = await ctx.target.client.request({
      method: 'DELETE',
      path: uploadPath(ctx.target.client.endpoint.baseUrl, session),
      scope: ctx.targetScope,
      signal: AbortSignal.timeout(CLEANUP_MS),
    });
    await r.body?.cancel();
  } catch {
    // The session expires on its own; the copy's own error is the one to report.
  }
}

/** Puts one blob the target lacks: a mount when it can, else an upload streamed from the source. */
export async function copyBlob(ctx: BlobCopyContext, blob: Descriptor): Promise<Exclude<BlobOutcome, 'skipped'>> {
  const started = await startUpload(ctx, blob, ctx.sameRegistry);
  if ('mounted' in started) return 'mounted';
  try {
    await streamInto(ctx, blob, started.session);
    return 'uploaded';
  } catch (err) {
    await cancelUpload(ctx, started.session);
    throw err;
  }
}
