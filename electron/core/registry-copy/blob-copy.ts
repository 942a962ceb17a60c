// Owns moving one blob from the source registry to the target: skipped when the target has it
// (HEAD), mounted when both are one registry, else streamed from X's GET into Y's upload (POST,
// then one PUT ?digest= with the blob's length whose body is X's response as Y takes it). Never held
// whole in memory: bytes pass through one chunk at a time with back-pressure (a slow target slows
// the source's read), hashed and counted on the way, and a blob that is not what the manifest says
// fails before the target commits it. A failed or cancelled upload's
// session is deleted on the target.
import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import { CoreError } from '../engine/engine-errors';
import { streamRequest } from '../registries/registry-stream';
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
  const timer = setTimeout(() => idle.abort(), IDLE_MS);
  return {
    signal: signal ? AbortSignal.any([signal, idle.signal]) : idle.signal,
    fired: () => idle.signal.aborted,
    // Once per chunk: restarting the one timer in place is cheaper than a new one each time.
    touch: () => void timer.refresh(),
    stop: () => clearTimeout(timer),
  };
}

/**
 * The verifying middle of X's GET piped into Y's PUT: each chunk hashed, counted and passed on as
 * the PUT drains it (so a slow target slows the source read). The last chunk is held until the
 * end: a size or sha256 that is not the manifest's errors the stream before it goes, so Y never
 * gets the whole body and commits nothing. Its verdicts carry the source's name (`fail`).
 */
function verifier(ctx: BlobCopyContext, blob: Descriptor, touch: () => void, fail: (err: unknown) => unknown): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  let held: Buffer | undefined;
  const wrong = (why: string) => new CoreError('INVALID_ARGUMENT', why);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      touch();
      seen += chunk.length;
      if (seen > blob.size) return done(fail(wrong(`it is longer than ${blob.size} bytes`)) as Error);
      hash.update(chunk);
      ctx.onBytes(chunk.length);
      const out = held;
      held = chunk;
      done(null, out);
    },
    flush(done) {
      const digest = `sha256:${hash.digest('hex')}`;
      if (seen !== blob.size) return done(fail(wrong(`it is ${seen} bytes, not ${blob.size}`)) as Error);
      if (digest !== blob.digest) return done(fail(wrong(`its bytes hash to ${digest}`)) as Error);
      done(null, held);
    },
  });
}

/** GET from X piped into PUT on Y's session (undici request()s, registry-stream.ts); the source's failures named as the source's. */
async function streamInto(ctx: BlobCopyContext, blob: Descriptor, session: string): Promise<void> {
  const watch = idleWatch(ctx.signal);
  let sourceFailure: unknown;
  const fail = (err: unknown) => (sourceFailure = sideError(ctx.source, `serving ${blob.digest}`, err));
  // Ends X's response when Y's side fails first (the PUT may fail before it read the body).
  const download = new AbortController();
  let source: Readable | undefined;
  let verify: Transform | undefined;
  try {
    const got = await onSide(ctx.source, `the blob ${blob.digest}`, () =>
      streamRequest(ctx.source.client, {
        method: 'GET',
        path: `${repoPath(ctx.source)}/blobs/${blob.digest}`,
        scope: pullScope(ctx.source.repository),
        redirect: 'storage',
        signal: AbortSignal.any([watch.signal, download.signal]),
      }),
    );
    source = got.body;
    verify = verifier(ctx, blob, watch.touch, fail);
    // Which end broke first: a target that fails destroys the verifier, which the pipeline passes back to the source.
    let broke: 'source' | 'target' | undefined;
    verify.on('error', () => (broke ??= 'target'));
    source.on('error', (err: { code?: string; message?: string }) => {
      if (broke) return;
      broke = 'source';
      fail(new CoreError('REGISTRY_UNREACHABLE', `it broke off (${err?.code ?? err?.message})`));
    });
    pipeline(source, verify, () => undefined);
    const put = await streamRequest(ctx.target.client, {
      method: 'PUT',
      path: uploadPath(ctx.target.client.endpoint.baseUrl, session, blob.digest),
      headers: { 'content-type': 'application/octet-stream' },
      body: { stream: verify, length: blob.size },
      scope: ctx.targetScope,
      signal: watch.signal,
    });
    await put.body.dump();
  } catch (err) {
    download.abort();
    verify?.destroy();
    source?.destroy();
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
