// Owns an image diff job's work: both images indexed from the engine at once (headers and a
// sha256 of every regular file, contents never kept), then their configs, layers and merged
// filesystems compared. Byte progress over both; a cancel aborts both reads.
import type { ImageDiff } from '../../../shared/image-diff';
import type { EngineConnection } from '../engine/engine';
import { imageName } from '../engine/engine-name';
import { indexImage, type ImageIndex } from '../explore/image-index';
import type { JobContext } from '../support/jobs';
import { configDiff } from './config-diff';
import { fileDiff } from './file-diff';
import { layerDiff } from './layer-diff';

type Json = Record<string, unknown>;

const innerConfig = (index: ImageIndex): Json | null => {
  const c = index.config.config;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as Json) : null;
};

const layerSides = (index: ImageIndex) => index.layers.map((l) => ({ diffId: l.diffId, createdBy: l.createdBy, size: l.size }));

/** Compares two indexed images (pure once indexed; the integration test calls it on its own too). */
export function compareIndexes(
  left: ImageIndex,
  right: ImageIndex,
  labels: { left: string; right: string },
  signal?: AbortSignal,
): ImageDiff {
  const { files, sameFiles } = fileDiff(left.model.merged, right.model.merged, signal);
  const side = (index: ImageIndex, label: string) => ({
    label,
    imageId: index.imageId,
    repoTags: index.repoTags,
    files: index.model.merged.length,
  });
  return {
    left: side(left, labels.left),
    right: side(right, labels.right),
    config: configDiff(innerConfig(left), innerConfig(right)),
    layers: layerDiff(layerSides(left), layerSides(right)),
    files,
    sameFiles,
  };
}

/** Checks both names at the door before a job exists (INVALID_ARGUMENT in the CLI's words). */
export function checkDiffNames(left: string, right: string): void {
  imageName(left);
  imageName(right);
}

export async function diffImages(engine: EngineConnection, left: string, right: string, ctx: JobContext): Promise<ImageDiff> {
  // One failing read stops the other.
  const both = new AbortController();
  const stop = () => both.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', stop, { once: true });
  const progress = { left: [0, 0], right: [0, 0] };
  const report = () => ctx.progress(progress.left[0] + progress.right[0], progress.left[1] + progress.right[1]);
  const read = (which: 'left' | 'right', image: string) =>
    indexImage(
      engine,
      { kind: 'image', image },
      {
        signal: both.signal,
        hashFiles: true,
        onProgress: (bytes, total) => {
          progress[which] = [bytes, total];
          report();
        },
      },
    ).catch((err: unknown) => {
      both.abort(err);
      throw err;
    });
  try {
    const [l, r] = await Promise.all([read('left', left), read('right', right)]);
    ctx.message(`Compared ${l.model.merged.length} and ${r.model.merged.length} paths`);
    return compareIndexes(l, r, { left, right }, ctx.signal);
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}
