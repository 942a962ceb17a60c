// Owns the jobs the main side runs (pull, push, save...): snapshots from jobs.list and job.updated, and cancel.
import type { ContractError, JobSnapshot, Result } from '../../../../shared/contract';
import { retryTargetOf } from './job-outcome';
import { nextRate, type JobRate } from './job-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface JobsSlice {
  byId: Readonly<Record<string, JobSnapshot>>;
  /** The last failed cancel, shown to people. */
  error: ContractError | null;
  load(): Promise<void>;
  upsert(job: JobSnapshot): void;
  cancel(jobId: string): Promise<void>;
  /** Starts a failed pull or push again with the same reference (job-outcome.ts); the new job's id. */
  retry(jobId: string): Promise<Result<{ jobId: string }>>;
  /** Transfer speed of running jobs, derived from successive snapshots (job-model.ts). */
  rates: Readonly<Record<string, JobRate>>;
  /** Hides the finished jobs from the panel (core keeps its own history; they stay hidden here). */
  clearFinished(): void;
}

export const isActiveJob = (j: JobSnapshot): boolean => j.state === 'queued' || j.state === 'running';

export const createJobsSlice: SliceCreator<'jobs'> = (set, get, deps) => {
  const patch = patcher(set, get, 'jobs');
  const now = deps.now ?? Date.now;
  const cleared = new Set<string>();
  return {
    rates: {},
    clearFinished() {
      const byId: Record<string, JobSnapshot> = {};
      for (const j of Object.values(get().jobs.byId)) {
        if (isActiveJob(j)) byId[j.id] = j;
        else cleared.add(j.id);
      }
      patch({ byId });
    },
    byId: {},
    error: null,
    async load() {
      const result = await deps.api.invoke('jobs.list', {});
      if (!result.ok) {
        patch({ error: result.error });
        return;
      }
      const byId: Record<string, JobSnapshot> = {};
      for (const j of result.value) if (!cleared.has(j.id)) byId[j.id] = j;
      patch({ byId });
    },
    upsert(job) {
      if (cleared.has(job.id)) return;
      const { rates } = get().jobs;
      const rate = nextRate(rates[job.id], job, now());
      if (rate !== rates[job.id]) {
        const next = { ...rates };
        if (rate) next[job.id] = rate;
        else delete next[job.id];
        patch({ byId: { ...get().jobs.byId, [job.id]: job }, rates: next });
        return;
      }
      patch({ byId: { ...get().jobs.byId, [job.id]: job } });
    },
    async retry(jobId) {
      const job = get().jobs.byId[jobId];
      const target = job ? retryTargetOf(job) : null;
      if (!target) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Job ${jobId} is not a failed pull or push` } };
      return target.kind === 'pull' ? get().pull.start(target.reference, target.platform) : get().registries.push(target.reference);
    },
    async cancel(jobId) {
      const result = await deps.api.invoke('jobs.cancel', { jobId });
      patch({ error: result.ok ? null : result.error });
    },
  };
};
