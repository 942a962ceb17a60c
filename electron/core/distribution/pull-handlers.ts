// Owns the handler of images.pull: check the reference, start the pull job, return its id at once.
import { type AuthResolver, noCredentials } from '../credentials/auth-hook';
import type { EngineConnection } from '../engine/engine';
import type { JobManager } from '../support/jobs';
import { startPull } from './pull';
import type { Handlers } from '../support/handlers';

export function createPullHandlers(
  engine: EngineConnection,
  jobs: JobManager,
  authFor: AuthResolver = noCredentials,
): Pick<Handlers, 'images.pull'> {
  return {
    'images.pull': async ({ reference, platform }) => ({ jobId: startPull(jobs, engine.docker, reference, authFor, platform) }),
  };
}
