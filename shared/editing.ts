// Owns the data shapes of the editing operations (remove, prune, tag, commit, undo of an untag)
// that cross the contract. Pure types: no Node, no DOM.
import type { ContractError } from './errors';

// ---------------------------------------------------------------------------------------------
// Remove (`docker rmi [--force] [--no-prune] image...`)

/**
 * Why the engine refused to remove one image:
 * - `multiple-repositories`: removal by ID of an image with tags in several repositories (force untags them all);
 * - `running-container`: a running (or paused/restarting) container uses it;
 * - `stopped-container`: a stopped container uses it;
 * - `child-images`: other images are built on it (cannot be forced);
 * - `not-found`: no such image.
 */
export type RemoveConflictKind = 'multiple-repositories' | 'running-container' | 'stopped-container' | 'child-images' | 'not-found';

export interface RemoveConflict {
  kind: RemoveConflictKind;
  /** Whether retrying with force gets past it. */
  canForce: boolean;
  /**
   * What a forced retry does: `delete` the image, or only `untag` the name (by name, an image used by a
   * running container loses the name and stays, dangling, as `docker rmi -f name` does).
   */
  forceEffect?: 'delete' | 'untag';
  /** The image as the engine names it in the message (12 hex). */
  imageId?: string;
  /** The container as the engine names it (12 hex) and, when it could be looked up, its name. */
  containerId?: string;
  containerName?: string;
  /** The repository reference the engine refused to remove (`unable to remove repository reference "x"`). */
  reference?: string;
}

/** What re-tagging would restore after an untag: the same image ID and the tags it lost. */
export interface UndoUntag {
  imageId: string;
  references: string[];
  /** Digest references that went too; tagging cannot bring them back (only a pull or push can). */
  lostDigests: string[];
}

export interface RemoveItemResult {
  /** The name or ID exactly as given. */
  name: string;
  ok: boolean;
  /** The engine's records in order, exactly as `docker rmi` prints them: `Untagged: x`, `Deleted: sha256:…`. */
  lines: string[];
  untagged: string[];
  /** Deleted image IDs and layer chain IDs, as the engine reported them. */
  deleted: string[];
  /** The full ID the name resolved to, when it resolved. */
  imageId?: string;
  /** Present when the image still exists and only lost names: what `images.undoUntag` can put back. */
  undo?: UndoUntag;
  error?: ContractError;
  conflict?: RemoveConflict;
  /** The line the docker CLI prints on stderr for this item's error. */
  errorLine?: string;
}

export interface RemoveResult {
  items: RemoveItemResult[];
  /** What `docker rmi` exits with: 1 when an item failed, except when forced and every failure was "No such image". */
  exitCode: 0 | 1;
}

export interface RemovePlanItem {
  name: string;
  imageId?: string;
  /** References that would be removed, in the engine's order. */
  untag: string[];
  /** Image IDs that would be deleted: the named image, then parents pruned after it. */
  delete: string[];
  /** Layer chain IDs that would be freed. */
  layers: string[];
  /** Bytes of those layers (their diff sizes), as prune would count them. */
  spaceFreed: number;
  /** The records the engine is expected to return, as `docker rmi` would print them. */
  lines: string[];
  /** The engine would refuse this item, with these words. */
  conflict?: RemoveConflict;
  message?: string;
  /** An image would be deleted: there is no undo. */
  irreversible: boolean;
  /** Only names would go and the image stays: `images.undoUntag` can put them back afterwards. */
  undoable: boolean;
}

export interface RemovePlan {
  /** Always true: derived from the image and container lists; the engine decides at removal time. */
  bestEffort: true;
  note: string;
  items: RemovePlanItem[];
  spaceFreed: number;
  irreversible: boolean;
}

// ---------------------------------------------------------------------------------------------
// Prune (`docker image prune [-a] [--filter until=…] [--filter label=…]`)

export interface PrunePlanImage {
  id: string;
  /** Its names (tags and digests), `<none>` images have none. */
  references: string[];
  created: number;
  size: number;
  labels: Record<string, string>;
}

export interface PruneKeptImage {
  id: string;
  references: string[];
  /** Why the filters selected it but the engine would keep it (its own conflict words). */
  reason: string;
}

export interface PrunePlan {
  all: boolean;
  filters: string[];
  /** Images that would be deleted. */
  images: PrunePlanImage[];
  /** Selected by the filters but kept (used by a container, has children...). */
  kept: PruneKeptImage[];
  /** What the engine's answer should list. */
  untagged: string[];
  deleted: string[];
  /** Sum of the diff sizes of the layers that would go: the engine's SpaceReclaimed. */
  spaceReclaimed: number;
  /** Whether every layer size was known (history consistent with the root filesystem). */
  sizesExact: boolean;
  irreversible: true;
  /** The CLI's confirmation prompt for this prune. */
  warning: string;
}

export interface PruneResult {
  untagged: string[];
  deleted: string[];
  /** The engine's SpaceReclaimed, in bytes. */
  spaceReclaimed: number;
  /** What `docker image prune -f` prints for this answer. */
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Tag (`docker tag source target`)

/** The part of a target reference that is wrong. */
export type TagTargetPart =
  | 'empty'
  | 'hex-id'
  | 'repository-lowercase'
  | 'domain'
  | 'port'
  | 'path-component'
  | 'tag'
  | 'tag-length'
  | 'name-length'
  | 'digest'
  | 'ambiguous-name'
  | 'format';

export interface TagTargetValidation {
  input: string;
  valid: boolean;
  /** Registry host (`docker.io` for Docker Hub) and path, when the name part parsed. */
  domain?: string;
  path?: string;
  /** Normalised name, e.g. `docker.io/library/busybox` (what the CLI sends as `repo`). */
  name?: string;
  /** The tag, `latest` when none was given. */
  tag?: string;
  /** Fully normalised, e.g. `docker.io/library/busybox:latest`. */
  normalized?: string;
  /** Familiar form, e.g. `busybox:latest`. */
  familiar?: string;
  /** No tag was given: the CLI adds `latest`. */
  defaultTag?: boolean;
  error?: {
    part: TagTargetPart;
    /** The offending piece of the input. */
    value: string;
    /** Plain-English explanation of the rule (the UI may translate by `part`). */
    detail: string;
    /** The exact message the docker CLI prints. */
    message: string;
    /** The reference library's own error text. */
    reason: string;
  };
  /** The full ID of the source, when a source was given and exists. */
  sourceImageId?: string;
  /** The source itself is wrong or missing, in the CLI's / engine's words. */
  sourceError?: string;
  /** The target already names an image; `sameImage` false means tagging moves it away from that image. */
  existing?: { imageId: string; sameImage: boolean };
}

export interface TagResult {
  source: string;
  /** Familiar form of the created tag. */
  target: string;
  normalized: string;
  /** The image now carrying the tag. */
  imageId: string;
  /** The image the tag was moved away from, if it named another image before. */
  previousImageId?: string;
}

export interface UndoUntagResult {
  imageId: string;
  restored: string[];
  skipped: { reference: string; reason: 'digest' | 'moved' | 'invalid'; message: string; imageId?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Commit (`docker commit [--author] [--message] [--change …] [--pause] container [repo[:tag]]`)

export interface ContainerRow {
  /** Full container ID. */
  id: string;
  /** Name without the leading `/`. */
  name: string;
  /** The image as the container was created from it (name or ID). */
  image: string;
  imageId: string;
  command: string;
  /** created, running, paused, restarting, removing, exited, dead */
  state: string;
  /** Human status as `docker ps` prints it, e.g. `Up 2 minutes`, `Exited (0) 3 hours ago`. */
  status: string;
  /** Unix seconds. */
  created: number;
}

export interface CommitResult {
  /** The new image's full ID, `sha256:…`, as `docker commit` prints it. */
  id: string;
  /** Familiar `repo:tag` when one was given; absent for a dangling `<none>` image. */
  reference?: string;
}
