// Owns the jobs.* channels: the jobs core knows (running and recently finished), and cancel by id.
import type { Handlers } from './handlers';
import type { JobManager } from './jobs';

export function createJobsHandlers(jobs: JobManager): Pick<Handlers, 'jobs.list' | 'jobs.cancel'> {
  return {
    'jobs.list': async () => jobs.list(),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
