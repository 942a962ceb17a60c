// Owns the update-detection part of the contract: for each local tag that came from a registry,
// whether that registry's tag still names the same manifest (up to date), another one (newer
// available), or cannot be told (and why). Core keeps the last answers with their time; the
// images list never waits for a check (a check is asked for by the Updates view only).
import { z } from 'zod';

/** A local tag as `docker images` names it (`busybox:latest`, `127.0.0.1:5000/team/app:1`); the reference grammar is checked in core. */
const localReference = z.string().min(1).max(512);

export const UpdatesListRequest = z.object({}).strict();
export const UpdatesCheckRequest = z
  .object({
    /** The local tags to check; absent: every local tag that came from a registry. */
    references: z.array(localReference).min(1).max(1000).optional(),
  })
  .strict();
export type UpdatesCheckRequest = z.infer<typeof UpdatesCheckRequest>;

/** upToDate: the registry's tag names what is here; newer: it names something else; unknown: cannot tell (see reason). */
export type UpdateStatus = 'upToDate' | 'newer' | 'unknown';

/**
 * Why a tag's status cannot be told: the registry does not answer (unreachable), refuses us
 * (unauthorized: log in), the local image has no digest for that repository (never pushed or
 * pulled: nothing to compare), the registry no longer has the tag (notFound), the tag is an
 * index with no entry for the local image's platform, or the image names no platform
 * (noPlatform), or anything else the registry said (failed).
 */
export type UpdateReason = 'unreachable' | 'unauthorized' | 'noDigest' | 'notFound' | 'noPlatform' | 'failed';

export interface UpdateContainer {
  id: string;
  /** Without the leading slash. */
  name: string;
}

export interface TagUpdate {
  /** The local tag, familiar as `docker images` shows it. */
  reference: string;
  /** The registry host, `docker.io` for Docker Hub. */
  registry: string;
  /** The repository path on that registry (`library/busybox`). */
  repository: string;
  tag: string;
  /** The local image the tag names. */
  imageId: string;
  status: UpdateStatus;
  /** Set when status is unknown. */
  reason?: UpdateReason;
  /** The registry's (or the network's) words when status is unknown. */
  message?: string;
  /** The local RepoDigest the answer was compared with. */
  localDigest?: string;
  /** What the registry's tag names now (an index or a manifest). */
  remoteDigest?: string;
  /** `os/arch[/variant]`: the platform whose entry of the registry's index decided. */
  platform?: string;
  /** When the registry answered (ms since the epoch). */
  checkedAt: number;
  /**
   * Running containers on an old image of this tag: this image when a newer one is available, or
   * the image the tag named when it was found outdated, once a pull moved the tag (a pull does not
   * change a running container).
   */
  containers: UpdateContainer[];
}

export interface UpdatesResult {
  /** In the order of the local images list (repository, then tag). */
  results: TagUpdate[];
}

export const registryUpdatesRequestSchemas = {
  'updates.list': UpdatesListRequest,
  'updates.check': UpdatesCheckRequest,
} as const satisfies Record<string, z.ZodType>;

export interface RegistryUpdatesResponseMap {
  /** The answers core keeps from earlier checks; asks no registry and no engine. */
  'updates.list': UpdatesResult;
  /** Asks the registries now (at most 4 requests at a time per registry) and answers for the tags checked. */
  'updates.check': UpdatesResult;
}
