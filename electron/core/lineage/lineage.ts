// Owns an image's lineage as the engine knows it: its names (inspect), its parent chain and
// children among local images (`/images/json?all=1`, intermediates included, by `ParentId`), and
// the containers created from it, matched by ImageID (a container keeps the ID it was created
// from when its tag moves), with their creation and last start read from each one's inspect.
import type Dockerode from 'dockerode';
import { ZERO_TIME, type ImageLineage, type LineageContainer, type LineageImage } from '../../../shared/lineage';
import { engineCall } from '../engine/engine-api';
import { containerPath, imagePath } from '../engine/engine-name';
import { checkImageArgument } from '../images/history';
import { mapLimited } from '../support/map-limited';

interface ImageSummary {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  Created?: number;
}

interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  ImageID?: string;
  State?: string;
  Status?: string;
}

interface ContainerInspect {
  Created?: string;
  State?: { StartedAt?: string };
}

/** Inspects at once at most this many containers: an image with hundreds of them must not flood the engine. */
const INSPECT_CONCURRENCY = 8;
/** A chain longer than this is a loop in a damaged store, not history. */
const MAX_CHAIN = 4096;

/** The engine (20.10) names an untagged image `<none>:<none>`; that is no tag. */
const realTags = (tags: readonly string[] | null | undefined): string[] =>
  (tags ?? []).filter((t) => t !== '<none>:<none>' && t !== '<none>@<none>');

const toImage = (s: ImageSummary): LineageImage => ({ id: s.Id, repoTags: realTags(s.RepoTags), created: s.Created ?? 0 });

const isNotFound = (err: unknown): boolean => (err as { statusCode?: number })?.statusCode === 404;

async function containerOf(docker: Dockerode, c: ContainerSummary, signal?: AbortSignal): Promise<LineageContainer | null> {
  let inspect: ContainerInspect;
  try {
    inspect = (await engineCall<ContainerInspect>(docker, { method: 'GET', path: containerPath(c.Id, '/json'), signal })) ?? {};
  } catch (err) {
    // Removed between the list and its inspect: it is no longer a container of the image.
    if (isNotFound(err)) return null;
    throw err;
  }
  const startedAt = inspect.State?.StartedAt;
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    imageName: c.Image ?? '',
    state: c.State ?? '',
    status: c.Status ?? '',
    created: inspect.Created ?? '',
    ...(startedAt && startedAt !== ZERO_TIME ? { startedAt } : {}),
  };
}

/** The latest creation or start among the containers (RFC 3339 strings with nanoseconds compare by Date). */
export function lastUsedOf(containers: readonly LineageContainer[]): ImageLineage['lastUsed'] {
  let best: ImageLineage['lastUsed'];
  let bestMs = -Infinity;
  for (const c of containers) {
    for (const [how, at] of [
      ['created', c.created],
      ['started', c.startedAt],
    ] as const) {
      const ms = at ? Date.parse(at) : NaN;
      if (!Number.isNaN(ms) && ms > bestMs) {
        bestMs = ms;
        best = { at: at as string, container: c.name || c.id, how };
      }
    }
  }
  return best;
}

export async function imageLineage(docker: Dockerode, image: string, signal?: AbortSignal): Promise<ImageLineage> {
  checkImageArgument(image);
  const inspect = await engineCall<{ Id: string; Parent?: string; RepoTags?: string[] | null; RepoDigests?: string[] | null }>(docker, {
    method: 'GET',
    path: imagePath(image, '/json'),
    signal,
  });
  const [all, containerRows] = await Promise.all([
    engineCall<ImageSummary[]>(docker, { method: 'GET', path: '/images/json', query: { all: 1 }, signal }),
    engineCall<ContainerSummary[]>(docker, { method: 'GET', path: '/containers/json', query: { all: 1 }, signal }),
  ]);
  const byId = new Map((all ?? []).map((s) => [s.Id, s]));

  const parents: LineageImage[] = [];
  const seen = new Set([inspect.Id]);
  for (let id = inspect.Parent; id && !seen.has(id) && parents.length < MAX_CHAIN; id = byId.get(id)?.ParentId) {
    seen.add(id);
    const s = byId.get(id);
    // A parent the listing does not have is gone from the store: the chain known here ends.
    if (!s) break;
    parents.push(toImage(s));
  }
  const children = (all ?? [])
    .filter((s) => s.ParentId === inspect.Id)
    .map(toImage)
    .sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));

  const own = (containerRows ?? []).filter((c) => c.ImageID === inspect.Id);
  const containers = (await mapLimited(own, INSPECT_CONCURRENCY, (c) => containerOf(docker, c, signal)))
    .filter((c): c is LineageContainer => c !== null)
    .sort((a, b) => Date.parse(b.created || '0') - Date.parse(a.created || '0') || a.name.localeCompare(b.name));
  const lastUsed = lastUsedOf(containers);
  return {
    imageId: inspect.Id,
    repoTags: realTags(inspect.RepoTags),
    repoDigests: (inspect.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
    parents,
    children,
    containers,
    ...(lastUsed ? { lastUsed } : {}),
  };
}
