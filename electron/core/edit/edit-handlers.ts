// Owns the handlers of the editing channels: remove (plan and do), prune (dry run and do), tag
// (validate and do), undo of an untag, the container list and commit (a job).
import type { EngineConnection } from '../engine/engine';
import { checkCommitOptions, commitContainer, listContainers } from './commit';
import type { JobManager } from '../support/jobs';
import { planPrune, pruneImages } from './prune';
import { planRemove, removeImages } from './remove';
import type { Handlers } from '../support/handlers';
import { tagImage, undoUntag, validateTagOnEngine } from './tag';

export type EditChannel =
  | 'images.removePlan'
  | 'images.remove'
  | 'images.prunePlan'
  | 'images.prune'
  | 'images.tag'
  | 'images.validateTag'
  | 'images.undoUntag'
  | 'containers.list'
  | 'images.commit';

export function createEditHandlers(engine: EngineConnection, jobs: JobManager): Pick<Handlers, EditChannel> {
  const docker = () => engine.docker;
  return {
    'images.removePlan': ({ names, force, noPrune }) => planRemove(docker(), names, { force, noPrune }),
    'images.remove': ({ names, force, noPrune }) => removeImages(docker(), names, { force, noPrune }),
    'images.prunePlan': ({ all, filters }) => planPrune(docker(), { all, filters }),
    'images.prune': ({ all, filters }) => pruneImages(docker(), { all, filters }),
    'images.tag': ({ source, target }) => tagImage(docker(), source, target),
    'images.validateTag': ({ target, source }) => validateTagOnEngine(docker(), target, source),
    'images.undoUntag': ({ imageId, references, overwrite }) => undoUntag(docker(), imageId, references, overwrite),
    'containers.list': () => listContainers(docker()),
    'images.commit': async (request) => {
      // Refused before any request and before a job exists: bad changes, bad reference, no container.
      const { familiar } = checkCommitOptions(request);
      const title = `Commit ${request.container}${familiar ? ` as ${familiar}` : ''}`;
      const jobId = jobs.start('commit', title, async (ctx) => {
        const result = await commitContainer(docker(), request, ctx.signal);
        // `docker commit` prints the full ID.
        ctx.message(result.id);
        return result;
      });
      return { jobId };
    },
  };
}
