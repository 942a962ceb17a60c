// Owns the jobs the main side runs (pull, push, save...): snapshots from jobs.list and job.updated, and cancel.
import type { ContractError, JobSnapshot } from '../../../shared/contract';
import { patcher, type SliceCreator } from './types';

export interface JobsSlice {
  byId: Readonly<Record<string, JobSnapshot>>;
  /** The last failed cancel, shown to people. */
  error: ContractError | null;
  load(): Promise<void>;
  upsert(job: JobSnapshot): void;
  cancel(jobId: string): Promise<void>;
}

export const isActiveJob = (j: JobSnapshot): boolean => j.state === 'queued' || j.state === 'running';

export const createJobsSlice: SliceCreator<'jobs'> = (set, get, deps) => {
  const patch = patcher(set, get, 'jobs');
  return {
    byId: {},
    error: null,
    async load() {
      const result = await deps.api.invoke('jobs.list', {});
      if (!result.ok) {
        patch({ error: result.error });
        return;
      }
      const byId: Record<string, JobSnapshot> = {};
      for (const j of result.value) byId[j.id] = j;
      patch({ byId });
    },
    upsert(job) {
      patch({ byId: { ...get().jobs.byId, [job.id]: job } });
    },
    async cancel(jobId) {
      const result = await deps.api.invoke('jobs.cancel', { jobId });
      patch({ error: result.ok ? null : result.error });
    },
  };
};
