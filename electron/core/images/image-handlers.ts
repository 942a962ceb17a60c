// Owns the handlers of the images.* channels (list and "Copy as..." formatting).
import type { ImageListResult } from '../../../shared/contract';
import type { EngineConnection } from '../engine/engine';
import { CoreError } from '../engine/engine-errors';
import { formatImages } from './format/image-format';
import { expandImageRows } from './format/image-rows';
import { listImageSummaries } from './images';
import type { Handlers } from '../support/handlers';

export function createImageHandlers(engine: EngineConnection): Pick<Handlers, 'images.list' | 'images.format'> {
  const list = (all: boolean, filters: string[]) =>
    listImageSummaries(engine.docker, { all, filters, apiVersion: engine.status.apiVersion });

  return {
    'images.list': async ({ all, filters, digests }): Promise<ImageListResult> => {
      const images = await list(all, filters);
      return { rows: expandImageRows(images, { digests, formatUsesDigest: false }), imageCount: images.length };
    },
    'images.format': async ({ all, filters, digests, noTrunc, quiet, format, rows }) => {
      const images = await list(all, filters);
      try {
        // `rows`: only the grid rows a quick filter shows or that are selected (not a docker option).
        return { text: formatImages(images, { format, quiet, noTrunc, digests, only: rows }) };
      } catch (err) {
        // Template errors carry the CLI's exact text.
        throw new CoreError('INVALID_ARGUMENT', err instanceof Error ? err.message : String(err));
      }
    },
  };
}
