// Owns "push to the local registry": the name an image is pushed under
// (localhost:<port>/<repository>:<tag>), said before anything is done, then tagging it so and
// starting the push job, in one step.
import type Dockerode from 'dockerode';
import { CoreError } from '../engine/engine-errors';
import { engineImage } from '../engine/engine-name';
import { type LocalRegistryDeps, localRegistryStatus, noLocalRegistry } from './local-registry';
import { startPushJob } from '../distribution/push';
import { DEFAULT_DOMAIN, DEFAULT_TAG, familiarName, InvalidReferenceError, parseNormalizedNamed } from '../../../shared/reference';
import { tagImage } from '../edit/tag';

/** The repository and tag an image is known by, for `localhost:<port>/<repository>:<tag>`. */
export async function defaultPushName(docker: Dockerode, image: string): Promise<{ repository?: string; tag: string }> {
  const info = (await engineImage(docker, image)
    .inspect()
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode === 404) throw new CoreError('NOT_FOUND', `No such image: ${image}`);
      throw err;
    })) as { Id: string; RepoTags?: string[] | null };
  // A name the person typed wins; an ID (or ID prefix) falls back to the image's first tag.
  const tags = (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  const hex = image.replace(/^sha256:/, '');
  const byId =
    /^[a-f0-9]{1,64}$/.test(hex) &&
    info.Id.startsWith(`sha256:${hex}`) &&
    !tags.some((t) => t === image || t === `${image}:${DEFAULT_TAG}`);
  const name = byId ? tags[0] : image;
  if (!name) return { tag: DEFAULT_TAG };
  try {
    const ref = parseNormalizedNamed(name);
    // The repository without its registry host: docker.io/library/busybox -> busybox.
    const repository = ref.domain === DEFAULT_DOMAIN ? familiarName(ref) : ref.path;
    return { repository, tag: ref.tag ?? DEFAULT_TAG };
  } catch (err) {
    if (err instanceof InvalidReferenceError) return { tag: DEFAULT_TAG };
    throw err;
  }
}

type LocalPushRequest = { image: string; repository?: string; tag?: string; containerName: string };

/**
 * The name a push to the local registry would tag and push, `localhost:<port>/<repository>:<tag>`,
 * without doing it (so it can be said first); the registry must be running.
 */
export async function localPushReference(deps: LocalRegistryDeps, req: LocalPushRequest): Promise<string> {
  const status = await localRegistryStatus(deps, req.containerName);
  if (status.state === 'absent') throw noLocalRegistry(req.containerName);
  if (status.state === 'restarting') {
    throw new CoreError(
      'CONFLICT',
      `The local registry "${req.containerName}" keeps restarting${status.exitCode !== undefined ? ` (exit code ${status.exitCode})` : ''}; see docker logs ${req.containerName}.`,
      { containerName: req.containerName, state: status.state },
    );
  }
  if (status.state !== 'running') {
    throw new CoreError('CONFLICT', `The local registry "${req.containerName}" is stopped. Start it first.`, {
      containerName: req.containerName,
    });
  }
  const fallback = await defaultPushName(deps.engine.docker, req.image);
  const repository = req.repository ?? fallback.repository;
  if (!repository) {
    throw new CoreError('INVALID_ARGUMENT', `${req.image} has no name to push it under; give a repository name`);
  }
  return `localhost:${status.port}/${repository}:${req.tag ?? fallback.tag}`;
}

/** Tags `image` as `localhost:<port>/<repository>:<tag>` and starts pushing it; the registry must be running. */
export async function pushToLocalRegistry(deps: LocalRegistryDeps, req: LocalPushRequest): Promise<{ jobId: string; reference: string }> {
  const reference = await localPushReference(deps, req);
  await tagImage(deps.engine.docker, req.image, reference);
  const jobId = startPushJob({ engine: deps.engine, jobs: deps.jobs, authFor: deps.authFor }, reference);
  return { jobId, reference };
}
