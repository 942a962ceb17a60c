// Owns pulling one image through the engine (POST /images/create): the request the CLI would
// send (the stream is read to its end, with cancel, by progress-stream.ts), and the job that
// reports layers, bytes and the CLI's lines while it runs.
import type Dockerode from 'dockerode';
import type { PullJobResult } from '../../../shared/contract';
import { type AuthConfig, type AuthResolver, encodeAuthHeader, resolveAuth } from '../credentials/auth-hook';
import { CoreError, registryErrorCode, toContractError } from '../engine/engine-errors';
import { engineImage, imageName } from '../engine/engine-name';
import type { JobContext, JobManager } from '../support/jobs';
import { followProgress, intoJob } from './progress-stream';
import { PullProgress, type PullUpdate } from './pull-progress';
import { InvalidReferenceError, type PullTarget, pullTarget } from '../../../shared/reference';

export interface PullOptions {
  signal: AbortSignal;
  auth?: AuthConfig | null;
  /** `--platform os/arch[/variant]` (already checked by the contract's grammar): the engine's `platform` query. */
  platform?: string;
  /** Every decoded message's effect, in stream order. */
  onUpdate?: (update: PullUpdate, progress: PullProgress) => void;
}

/** The contract code for an error line in the middle of a pull stream. */
export function codeForPullError(message: string) {
  return registryErrorCode(message) ?? (/manifest unknown|not found/i.test(message) ? 'NOT_FOUND' : 'INTERNAL');
}

/** Parses a reference the way `docker pull` does, as a contract error (INVALID_REFERENCE) when it is not one. */
export function parsePullReference(input: string): PullTarget {
  try {
    return pullTarget(input);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new CoreError('INVALID_REFERENCE', e.message);
    throw e;
  }
}

/**
 * Pulls `target` and resolves with the folded progress once the engine ended the stream without
 * an error line. Rejects with CANCELLED when `signal` aborts (the HTTP request is aborted, which
 * makes the engine stop the pull), with the engine's words otherwise.
 */
export function pullImage(docker: Dockerode, target: PullTarget, opts: PullOptions): Promise<PullProgress> {
  const { signal } = opts;
  // fromImage goes into the query, not the path; it still passes the door.
  const query: Record<string, unknown> = { fromImage: imageName(target.fromImage), tag: target.tag, abortSignal: signal };
  // As `docker pull --platform` sends it; absent, the engine picks its own platform from an index.
  if (opts.platform) query.platform = opts.platform;
  const auth = opts.auth ? { base64: encodeAuthHeader(opts.auth) } : undefined;
  return followProgress(() => docker.createImage(auth, query as never), new PullProgress(), {
    signal,
    onUpdate: opts.onUpdate,
    errorFor: (message) => new CoreError(codeForPullError(message), message),
    operation: 'pull',
  });
}

/**
 * A pull the registry refused for want of credentials names the registry to log in to
 * (`detail.registry`), as a push does: the engine says so as a 500 before the stream starts
 * (`no basic auth credentials`) or as an error line in it; either way the UI offers "Log in to <host>".
 */
export function withLoginTarget(err: unknown, registry: string): unknown {
  const error = toContractError(err);
  if (error.code !== 'UNAUTHORIZED') return err;
  return new CoreError('UNAUTHORIZED', error.message, { registry });
}

/** The reference to inspect after a pull: by digest when pulled by digest, else by tag. */
function pulledRef(target: PullTarget): string {
  return target.reference.digest ? `${target.fromImage}@${target.reference.digest}` : `${target.fromImage}:${target.tag}`;
}

/** The job body of `images.pull`: progress into the job, the CLI's lines as messages. */
export async function runPullJob(
  docker: Dockerode,
  target: PullTarget,
  ctx: JobContext,
  authFor: AuthResolver,
  platform?: string,
): Promise<PullJobResult> {
  if (target.defaultTag) ctx.message(`Using default tag: ${target.tag}`);
  const auth = await resolveAuth(authFor, target.registry);
  let progress: PullProgress;
  try {
    progress = await pullImage(docker, target, { signal: ctx.signal, auth, platform, onUpdate: intoJob(ctx) });
  } catch (err) {
    throw withLoginTarget(err, target.registry);
  }
  ctx.message(target.canonical);
  const result: PullJobResult = { reference: target.canonical };
  if (progress.digest) result.digest = progress.digest;
  if (progress.status) result.status = progress.status;
  try {
    const info = (await engineImage(docker, pulledRef(target)).inspect()) as { Id?: string };
    if (info.Id) result.id = info.Id;
  } catch {
    // The pull succeeded; an inspect race (someone removed it already) only loses the ID.
  }
  return result;
}

/** Starts `images.pull` as a job; the reference is checked before anything is sent (the platform by the contract). */
export function startPull(jobs: JobManager, docker: Dockerode, reference: string, authFor: AuthResolver, platform?: string): string {
  const target = parsePullReference(reference);
  return jobs.start('pull', `Pull ${target.familiar}`, (ctx) => runPullJob(docker, target, ctx, authFor, platform), target.familiar, {
    platform,
  });
}
