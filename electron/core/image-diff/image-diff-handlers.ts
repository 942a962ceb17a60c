// Owns the handler of the image diff channel: a 'diff' job comparing two images (result: ImageDiff).
import type { EngineConnection } from '../engine/engine';
import type { Handlers } from '../support/handlers';
import type { JobManager } from '../support/jobs';
import { checkDiffNames, diffImages } from './image-diff';

export function createImageDiffHandlers(engine: EngineConnection, jobs: JobManager): Pick<Handlers, 'images.diff'> {
  return {
    'images.diff': async ({ left, right }) => {
      // Refused before a job exists: a name the door would not let through.
      checkDiffNames(left, right);
      const jobId = jobs.start('diff', `Compare ${left} with ${right}`, (ctx) => diffImages(engine, left, right, ctx));
      return { jobId };
    },
  };
}
