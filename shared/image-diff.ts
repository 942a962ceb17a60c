// Owns the image diff part of the contract: two images side by side (config, layers, and the
// files of their merged filesystems, what a container of each sees). A diff is a job (kind
// 'diff', byte progress over both images' layers, cancellable); its result is an ImageDiff.
import { z } from 'zod';
import type { FileMeta } from './explore';

/** The config fields compared, in this order (the engine's names, kept in both languages). */
export const DIFF_CONFIG_FIELDS = ['Env', 'Cmd', 'Entrypoint', 'User', 'WorkingDir', 'ExposedPorts', 'Volumes', 'Labels'] as const;
export type DiffConfigField = (typeof DIFF_CONFIG_FIELDS)[number];

/**
 * One config field of both images. A value is a list of lines: Env and Cmd/Entrypoint as their
 * entries, ExposedPorts and Volumes as their sorted keys, Labels as sorted `key=value`, User and
 * WorkingDir as one line; null when the image does not set it.
 */
export interface ConfigFieldDiff {
  field: DiffConfigField;
  same: boolean;
  left: string[] | null;
  right: string[] | null;
}

export interface DiffLayerSide {
  diffId: string;
  createdBy: string;
  size: number;
}

/**
 * Layers by position, bottom first. `shared`: the same diff_id on a shared chain below (the
 * engine stores it once); `different`: both have a layer there, not the same; `left`/`right`:
 * only one image has that many layers.
 */
export interface LayerDiffRow {
  index: number;
  status: 'shared' | 'different' | 'left' | 'right';
  left?: DiffLayerSide;
  right?: DiffLayerSide;
}

/** A path as one image sees it. */
export interface DiffFileSide extends FileMeta {
  /** Hex sha256 of a regular file's content. */
  digest?: string;
}

/** What differs about a path both images have. */
export type FileDifference = 'kind' | 'size' | 'mode' | 'owner' | 'linkTarget' | 'content';

/** `added`: only the right image has it; `removed`: only the left; `changed`: both, not the same. */
export interface FileDiffEntry {
  path: string;
  change: 'added' | 'removed' | 'changed';
  left?: DiffFileSide;
  right?: DiffFileSide;
  /** For `changed`: what differs, in FileDifference order. */
  differs?: FileDifference[];
}

export interface DiffImageSide {
  /** What the person picked (`repo:tag` or an ID). */
  label: string;
  /** `sha256:<hex>`. */
  imageId: string;
  repoTags: string[];
  files: number;
}

export interface ImageDiff {
  left: DiffImageSide;
  right: DiffImageSide;
  config: ConfigFieldDiff[];
  layers: LayerDiffRow[];
  /** Every path that differs, sorted by path (byte order). */
  files: FileDiffEntry[];
  /** Paths present and the same in both. */
  sameFiles: number;
}

const imageArg = z.string().min(1).max(1024);

export const imageDiffRequestSchemas = {
  /** Starts a diff job (result: ImageDiff). */
  'images.diff': z.object({ left: imageArg, right: imageArg }).strict(),
} as const satisfies Record<string, z.ZodType>;

export interface ImageDiffResponseMap {
  'images.diff': { jobId: string };
}
