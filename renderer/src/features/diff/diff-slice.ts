// Owns the Compare view as the UI runs it: the two images picked (prefilled from a row's "Compare
// with…"), the diff job (progress, cancel), its result, the "only what differs" filter and the
// text report to copy. A new comparison replaces the previous one; a job no longer current is ignored.
import type { ContractError, JobSnapshot } from '../../../../shared/contract';
import type { ImageDiff } from '../../../../shared/image-diff';
import { imageDiffText } from '../../../../shared/image-diff-text';
import { isActive } from '../jobs/job-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface DiffSlice {
  left: string;
  right: string;
  status: 'idle' | 'running' | 'ready' | 'error';
  jobId: string | null;
  progress: { current: number; total: number };
  result: ImageDiff | null;
  error: ContractError | null;
  /** Show only config fields, layers and files that differ. */
  onlyChanged: boolean;

  setLeft(image: string): void;
  setRight(image: string): void;
  swap(): void;
  setOnlyChanged(on: boolean): void;
  /** From a row's menu: that image on the left, the Compare view shown. */
  openCompare(image: string): void;
  run(): Promise<void>;
  cancel(): Promise<void>;
  onJob(job: JobSnapshot): void;
  /** The result as plain text (stable order), honouring the filter. */
  text(): string;
}

const isDiff = (v: unknown): v is ImageDiff => !!v && typeof v === 'object' && Array.isArray((v as ImageDiff).files);

export const createDiffSlice: SliceCreator<'diff'> = (set, get, deps) => {
  const patch = patcher(set, get, 'diff');
  const diff = () => get().diff;
  return {
    left: '',
    right: '',
    status: 'idle',
    jobId: null,
    progress: { current: 0, total: 0 },
    result: null,
    error: null,
    onlyChanged: false,

    setLeft: (left) => patch({ left }),
    setRight: (right) => patch({ right }),
    swap: () => patch({ left: diff().right, right: diff().left }),
    setOnlyChanged: (onlyChanged) => patch({ onlyChanged }),

    openCompare(image) {
      patch({ left: image, ...(diff().right === image ? { right: '' } : {}) });
      get().settings.setView('diff');
    },

    async run() {
      const { left, right, jobId, status } = diff();
      if (!left.trim() || !right.trim()) return;
      if (jobId && status === 'running') void deps.api.invoke('jobs.cancel', { jobId });
      patch({ status: 'running', jobId: null, result: null, error: null, progress: { current: 0, total: 0 } });
      const r = await deps.api.invoke('images.diff', { left: left.trim(), right: right.trim() });
      if (!r.ok) return patch({ status: 'error', error: r.error });
      patch({ jobId: r.value.jobId });
      // The job may have ended before its id came back.
      const ended = get().jobs.byId[r.value.jobId];
      if (ended) diff().onJob(ended);
    },

    async cancel() {
      const { jobId, status } = diff();
      if (jobId && status === 'running') await deps.api.invoke('jobs.cancel', { jobId });
    },

    onJob(job) {
      const s = diff();
      if (job.id !== s.jobId || s.status !== 'running') return;
      if (isActive(job)) return patch({ progress: { current: job.current, total: job.total } });
      if (job.state === 'succeeded' && isDiff(job.result)) return patch({ status: 'ready', result: job.result, jobId: null });
      patch({
        status: 'error',
        jobId: null,
        error:
          job.state === 'cancelled'
            ? { code: 'CANCELLED', message: job.error?.message ?? 'Cancelled' }
            : { code: (job.error?.code ?? 'INTERNAL') as ContractError['code'], message: job.error?.message ?? job.title },
      });
    },

    text() {
      const { result, onlyChanged } = diff();
      return result ? imageDiffText(result, { onlyChanged }) : '';
    },
  };
};
