// Owns what a finished job leaves people with, beyond its state: the pull or push to start again
// when it failed (Retry, and "Log in to <host>" then retry), the images a load brought in (the
// lines `docker load` prints), and the image a commit made. Pure: no store, no I/O.
import type { CommitResult, JobSnapshot, LoadJobResult } from '../../../../shared/contract';

export interface RetryTarget {
  kind: 'pull' | 'push';
  /** The reference the job was started with: starting it again is the retry. */
  reference: string;
  /** The platform a pull asked for, asked for again. */
  platform?: string;
}

/**
 * Core names what these jobs work on in `subject`, the reference it checked (familiar for a pull,
 * canonical for a push); given back, it starts the same work. Snapshots from before `subject`
 * existed carry it only in the title: `Pull <familiar>` / `Push <canonical>`.
 */
const TITLE_PREFIX = { pull: 'Pull ', push: 'Push ' } as const;

/** The pull or push to start again when this one failed; null for other jobs and states. */
export function retryTargetOf(job: Pick<JobSnapshot, 'kind' | 'state' | 'title' | 'subject' | 'platform'>): RetryTarget | null {
  if (job.state !== 'failed' || (job.kind !== 'pull' && job.kind !== 'push')) return null;
  if (job.subject) return { kind: job.kind, reference: job.subject, ...(job.platform ? { platform: job.platform } : {}) };
  const prefix = TITLE_PREFIX[job.kind];
  if (!job.title.startsWith(prefix)) return null;
  const reference = job.title.slice(prefix.length).trim();
  // A title with more words than a reference is not one we can start again.
  return reference !== '' && !/\s/.test(reference) ? { kind: job.kind, reference } : null;
}

const LOADED_IMAGE = 'Loaded image: ';
const LOADED_ID = 'Loaded image ID: ';

/** A succeeded load's lines (`Loaded image: x:y`, `Loaded image ID: sha256:…`), as the CLI prints them. */
export function loadedLinesOf(job: Pick<JobSnapshot, 'kind' | 'state' | 'result'>): string[] {
  if (job.kind !== 'load' || job.state !== 'succeeded' || !job.result || typeof job.result !== 'object') return [];
  const loaded = (job.result as Partial<LoadJobResult>).loaded;
  return Array.isArray(loaded) ? loaded.filter((l): l is string => typeof l === 'string') : [];
}

/** What each line names: the reference, or the image ID of an archive without names. */
export function loadedNames(lines: readonly string[]): string[] {
  return lines
    .map((l) =>
      (l.startsWith(LOADED_IMAGE) ? l.slice(LOADED_IMAGE.length) : l.startsWith(LOADED_ID) ? l.slice(LOADED_ID.length) : l).trim(),
    )
    .filter((n) => n !== '');
}

/** The first name and how many more (for "Loaded x:y and 2 more"); null when nothing was named. */
export function namesSummary(names: readonly string[]): { first: string; more: number } | null {
  return names.length === 0 ? null : { first: names[0]!, more: names.length - 1 };
}

/** A succeeded commit's result, when the job is one and carries it. */
export function commitResultOf(job: Pick<JobSnapshot, 'kind' | 'state' | 'result'>): CommitResult | null {
  if (job.kind !== 'commit' || job.state !== 'succeeded' || !job.result || typeof job.result !== 'object') return null;
  const r = job.result as Partial<CommitResult>;
  return typeof r.id === 'string' ? (r as CommitResult) : null;
}
