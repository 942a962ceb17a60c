// Owns the Disk view's state: the report (read by a core job, so it never holds up the list or a
// paint, and cancelled when the view goes or a newer one starts), the quick filter, the sort, the
// selected images, and the engine's own LayersSize measure the Remove dialog asks around a removal.
import type { ContractError, DiskReport, JobSnapshot, Result } from '../../../../shared/contract';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';
import type { DiskSort, DiskSortKey } from './disk-model';
import { nextSort } from './disk-model';

export type DiskStatus = 'idle' | 'loading' | 'ready' | 'error' | 'cancelled';

export interface DiskSlice {
  status: DiskStatus;
  jobId: string | null;
  /** Images read so far, of how many (the job's progress). */
  progress: { done: number; total: number };
  report: DiskReport | null;
  error: ContractError | null;
  /** Images changed since the report was read: the view reads it again. */
  stale: boolean;
  query: string;
  sort: DiskSort;
  /** Selected image IDs. */
  selected: ReadonlySet<string>;

  /** Starts a report job (cancelling one still running). */
  load(): Promise<void>;
  cancel(): void;
  onJob(job: JobSnapshot): void;
  invalidate(): void;
  setQuery(query: string): void;
  sortBy(key: DiskSortKey): void;
  toggle(id: string): void;
  setSelected(ids: Iterable<string>): void;
  /** `/system/df` LayersSize, the engine's measure (slow on big hosts: only around a removal). */
  layersSize(): Promise<Result<{ layersSize: number }>>;
}

export const createDiskSlice: SliceCreator<'disk'> = (set, get, deps) => {
  const patch = patcher(set, get, 'disk');
  const disk = () => get().disk;
  /** Finished disk jobs seen before their id came back from the request (events may overtake it). */
  const early = new Map<string, JobSnapshot>();

  const apply = (job: JobSnapshot) => {
    if (job.state === 'running') {
      patch({ progress: { done: job.current, total: job.total } });
    } else if (job.state === 'succeeded') {
      const report = job.result as DiskReport;
      // Images gone since are no longer selectable.
      const ids = new Set(report.images.map((i) => i.id));
      patch({
        status: 'ready',
        jobId: null,
        report,
        error: null,
        selected: new Set([...disk().selected].filter((id) => ids.has(id))),
      });
    } else {
      patch({
        status: job.state === 'cancelled' ? 'cancelled' : 'error',
        jobId: null,
        error:
          job.state === 'cancelled'
            ? null
            : ((job.error as ContractError | undefined) ?? { code: 'INTERNAL', message: 'Disk usage failed' }),
      });
    }
  };

  return {
    status: 'idle',
    jobId: null,
    progress: { done: 0, total: 0 },
    report: null,
    error: null,
    stale: false,
    query: '',
    sort: { key: 'unique', desc: true },
    selected: new Set(),

    async load() {
      const running = disk().jobId;
      if (running) void deps.api.invoke('jobs.cancel', { jobId: running });
      patch({ status: 'loading', jobId: null, stale: false, progress: { done: 0, total: 0 }, error: null });
      const r = await deps.api.invoke('disk.report', {});
      if (!r.ok) {
        patch({ status: 'error', error: r.error });
        return;
      }
      // A newer load started meanwhile: this one is not wanted.
      if (disk().jobId !== null || disk().status !== 'loading') {
        void deps.api.invoke('jobs.cancel', { jobId: r.value.jobId });
        return;
      }
      patch({ jobId: r.value.jobId });
      const seen = early.get(r.value.jobId);
      early.clear();
      if (seen) apply(seen);
    },

    cancel() {
      const jobId = disk().jobId;
      if (jobId) void deps.api.invoke('jobs.cancel', { jobId });
      // Its id not back yet: load() cancels the job as soon as it is.
      else if (disk().status === 'loading') patch({ status: 'cancelled' });
    },

    onJob(job) {
      if (job.kind !== 'disk') return;
      if (job.id === disk().jobId) apply(job);
      else if (job.state !== 'running' && disk().status === 'loading' && disk().jobId === null) early.set(job.id, job);
    },

    invalidate() {
      if (!disk().stale) patch({ stale: true });
    },

    setQuery(query) {
      patch({ query });
    },

    sortBy(key) {
      patch({ sort: nextSort(disk().sort, key) });
    },

    toggle(id) {
      const next = new Set(disk().selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      patch({ selected: next });
    },

    setSelected(ids) {
      patch({ selected: new Set(ids) });
    },

    layersSize: () => deps.api.invoke('disk.layersSize', {}),
  };
};
