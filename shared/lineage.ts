// Owns the lineage part of the contract: an image's tags and digests, its parents and children
// among local images, and the containers made from it (matched by image ID, never by name, so a
// container whose tag moved to another image still counts for the image it runs).
import { z } from 'zod';
import { commandLine, inspectCommand } from './docker-command';

/** An image met on the way up or down the chain (`docker images -a` rows, intermediates included). */
export interface LineageImage {
  /** `sha256:<hex>`. */
  id: string;
  repoTags: string[];
  /** Seconds since the epoch (the engine's `Created` of /images/json). */
  created: number;
}

export interface LineageContainer {
  id: string;
  /** Without the leading `/`. */
  name: string;
  /** What the container was created with (`repo:tag`, an ID): the engine's `Image`. */
  imageName: string;
  /** `running`, `exited`, `created`, `paused`, `restarting`, `removing`, `dead`. */
  state: string;
  /** The engine's status line (`Exited (0) 5 minutes ago`). */
  status: string;
  /** RFC 3339, from the container's inspect. */
  created: string;
  /** RFC 3339; absent when the container never started (the engine says `0001-01-01T00:00:00Z`). */
  startedAt?: string;
}

export interface ImageLineage {
  /** `sha256:<hex>` of the image asked about. */
  imageId: string;
  repoTags: string[];
  repoDigests: string[];
  /** Nearest first: the image's parent, then its parent's parent... (the `Parent` field). */
  parents: LineageImage[];
  /** Local images whose parent is this image (direct children only). */
  children: LineageImage[];
  /** Newest created first. */
  containers: LineageContainer[];
  /** The latest `created` or `startedAt` among the containers, absent when there are none. */
  lastUsed?: { at: string; container: string; how: 'created' | 'started' };
}

export const lineageRequestSchemas = {
  'images.lineage': z.object({ image: z.string().min(1).max(1024) }).strict(),
} as const satisfies Record<string, z.ZodType>;

export interface LineageResponseMap {
  'images.lineage': ImageLineage;
}

/** The engine's "never" for StartedAt / FinishedAt. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The CLI commands that show the same things: the inspect (tags, digests, parent) and the containers. */
export function lineageCommands(image: string): { inspect: string; containers: string } {
  return {
    inspect: inspectCommand(image),
    // `ancestor=` also lists containers of the image's descendants; the lineage view lists only its own.
    containers: commandLine(['docker', 'ps', '-a', '--filter', `ancestor=${image}`]),
  };
}
