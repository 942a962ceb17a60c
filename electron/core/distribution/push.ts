// Owns `docker push name[:tag]` through the engine (POST /images/{name}/push): what a push of a
// name would do (registry host the name implies, Docker Hub's namespace rule, login user), and the
// push job: per-layer progress, the CLI's lines, the digest from the engine's aux, and errors with
// the engine's words (auth problems name the registry to log in to). Only the given tag is pushed,
// as the 20.10 CLI does without --all-tags.
import { decodeAuth } from '../credentials/docker-config';
import type Dockerode from 'dockerode';
import type { PushJobResult, PushTarget } from '../../../shared/registries';
import { type AuthConfig, type AuthResolver, encodeAuthHeader, resolveAuth } from '../credentials/auth-hook';
import type { EngineConnection } from '../engine/engine';
import { CoreError, registryErrorCode } from '../engine/engine-errors';
import { engineImage } from '../engine/engine-name';
import type { JobContext, JobManager } from '../support/jobs';
import { followProgress, intoJob } from './progress-stream';
import { parsePullReference } from './pull';
import { PushProgress } from './push-progress';
import { tagImage } from '../edit/tag';
import { DEFAULT_DOMAIN, OFFICIAL_REPO_NAME, type PullTarget } from '../../../shared/reference';

export interface PushDeps {
  engine: EngineConnection;
  jobs: JobManager;
  authFor: AuthResolver;
}

/**
 * Parses a reference the way `docker push` does: normalised (`myapp` -> docker.io/library/myapp),
 * `latest` when no tag; a digest cannot be pushed (the CLI's own check, before any request).
 */
export function parsePushReference(input: string): PullTarget {
  const target = parsePullReference(input);
  if (target.reference.digest !== undefined) throw new CoreError('INVALID_REFERENCE', 'cannot push a digest reference');
  return target;
}

/**
 * Registries phrase "log in first" in several ways: distribution's `unauthorized: authentication
 * required`, the engine's `no basic auth credentials`, Hub's and others' `denied: …`.
 */
const AUTH_PROBLEM = /\bdenied\b|unauthorized|no basic auth credentials|authentication required/i;
const MISSING = /does not exist|name unknown|not found|manifest unknown|blob unknown/i;

/** The job error for an error line in a push stream of `registry`, keeping the engine's words. */
/**
 * In a push stream the engine is the registry's client: a bare `EOF` or a closed connection means
 * the registry went away mid-upload (after the engine's own retries), not a fault of ours.
 */
const REGISTRY_GONE_MID_PUSH = /^(?:.*: )?(?:unexpected )?EOF$|use of closed network connection|connection reset by peer|broken pipe/;

export function pushError(message: string, registry: string): CoreError {
  const code =
    registryErrorCode(message) ??
    (AUTH_PROBLEM.test(message)
      ? 'UNAUTHORIZED'
      : MISSING.test(message)
        ? 'NOT_FOUND'
        : REGISTRY_GONE_MID_PUSH.test(message.trim())
          ? 'REGISTRY_UNREACHABLE'
          : 'INTERNAL');
  return code === 'UNAUTHORIZED' ? new CoreError(code, message, { registry }) : new CoreError(code, message);
}

/** The user name of the login stored for `host`, if any (never the secret). */
async function loginUsername(authFor: AuthResolver, host: string): Promise<string | undefined> {
  let auth;
  try {
    auth = await authFor(host);
  } catch {
    return undefined; // An unreadable store only costs the suggestion; the push itself reports it.
  }
  if (auth?.username) return auth.username;
  return (auth?.auth && decodeAuth(auth.auth)?.username) || undefined;
}

async function imageExists(docker: Dockerode, name: string): Promise<boolean> {
  try {
    await engineImage(docker, name).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** Docker Hub refuses a push to its official `library/` namespace: the name needs a user or organisation. */
const needsHubNamespace = ({ domain, path }: { domain: string; path: string }): boolean =>
  domain === DEFAULT_DOMAIN && path.startsWith(`${OFFICIAL_REPO_NAME}/`);

/** `images.pushTarget`: what `docker push <reference>` would push, and where, before pushing. */
export async function pushTargetOf(deps: Pick<PushDeps, 'engine' | 'authFor'>, input: string): Promise<PushTarget> {
  const target = parsePushReference(input);
  const { domain, path } = target.reference;
  const needsNamespace = needsHubNamespace(target.reference);
  const [exists, username] = await Promise.all([imageExists(deps.engine.docker, target.familiar), loginUsername(deps.authFor, domain)]);
  const result: PushTarget = {
    reference: target.canonical,
    registry: domain,
    repository: path,
    tag: target.tag,
    exists,
    needsNamespace,
  };
  if (username) result.username = username;
  if (needsNamespace && username) result.suggestion = `${username}/${path.slice(OFFICIAL_REPO_NAME.length + 1)}:${target.tag}`;
  return result;
}

/** The AuthConfig to send for `registry`: `{}` when there is no login. */
async function pushCredentials(authFor: AuthResolver, registry: string): Promise<AuthConfig> {
  try {
    return (await resolveAuth(authFor, registry)) ?? {};
  } catch (err) {
    // A store that cannot be read (a broken credential helper) is fixed by logging in again.
    if (err instanceof CoreError && err.code === 'UNAUTHORIZED') throw new CoreError(err.code, err.message, { registry });
    throw err;
  }
}

/**
 * Pushes one tag and resolves with the engine's result. X-Registry-Auth is always sent (the engine
 * refuses a push without it): an empty AuthConfig when there are no credentials, as the CLI does.
 */
export async function pushImage(
  docker: Dockerode,
  target: PullTarget,
  ctx: Pick<JobContext, 'signal' | 'message' | 'layer' | 'progress'>,
  authFor: AuthResolver,
): Promise<PushJobResult> {
  const auth = await pushCredentials(authFor, target.registry);
  const image = engineImage(docker, target.fromImage);
  const query = { tag: target.tag, authconfig: { base64: encodeAuthHeader(auth) }, abortSignal: ctx.signal };
  // Without a callback dockerode returns the response stream's promise (its typings say void).
  const open = () => image.push(query as never) as unknown as Promise<unknown>;
  const progress = await followProgress(open, new PushProgress(), {
    signal: ctx.signal,
    onUpdate: intoJob(ctx),
    errorFor: (message) => pushError(message, target.registry),
    operation: 'push',
  });
  if (!progress.result) throw new CoreError('INTERNAL', `The engine ended the push of ${target.familiar} without a digest`);
  return { reference: target.canonical, tag: progress.result.tag, digest: progress.result.digest, size: progress.result.size };
}

/**
 * `docker tag <source> <target>` then `docker push <target>`, in one step: pushing to another
 * registry or repository than the image is named after. The target passes the push's own checks
 * first (the reference grammar, no digest, Docker Hub's `user/` rule), so nothing is tagged for a
 * push that could not start; then the tag (its own checks on both names, the engine's words), then
 * the push job. A push that fails later leaves the tag, as the CLI's two commands would.
 */
export async function tagAndPush(deps: PushDeps, source: string, target: string): Promise<{ jobId: string; reference: string }> {
  const parsed = parsePushReference(target);
  if (needsHubNamespace(parsed.reference)) {
    throw new CoreError('INVALID_REFERENCE', `Docker Hub needs a user or organisation: ${parsed.familiar} would be refused`, {
      needsNamespace: true,
    });
  }
  await tagImage(deps.engine.docker, source, parsed.familiar);
  return { jobId: startPushJob(deps, parsed.canonical), reference: parsed.canonical };
}

/** Starts a push job of `reference` (checked before anything is sent); returns the job id. */
export function startPushJob(deps: { engine: EngineConnection; jobs: JobManager; authFor: AuthResolver }, reference: string): string {
  const target = parsePushReference(reference);
  // The title names the registry even for Docker Hub (`docker.io/user/app:1`): where it goes is never implied.
  return deps.jobs.start(
    'push',
    `Push ${target.canonical}`,
    (ctx) => {
      if (target.defaultTag) ctx.message(`Using default tag: ${target.tag}`);
      return pushImage(deps.engine.docker, target, ctx, deps.authFor);
    },
    target.canonical,
  );
}
