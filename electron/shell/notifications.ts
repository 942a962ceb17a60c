// Owns when a finished job becomes a desktop notification: a long job that succeeded or failed
// while the window was not focused (and notifications are on). Cancelled jobs are the person's
// own doing and are not announced. main.ts shows it; clicking shows the job in the window.
import type { JobSnapshot, JobState } from '../../shared/contract';
import type { ShellStrings } from './shell-strings';

export interface JobNotification {
  title: string;
  body: string;
  /** The job the click shows (ui.command showJob). */
  jobId: string;
  failed: boolean;
}

export interface NotifyContext {
  /** The setting (AppSettings.notifications). */
  enabled: boolean;
  /** Whether the main window exists, is visible and has the focus. */
  windowFocused: boolean;
}

const TERMINAL: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

/** Remembers each job's last state, so only the transition into an ending is seen (not repeats). */
export class JobTransitions {
  private readonly states = new Map<string, JobState>();
  /** Jobs already seen ending (bounded: the oldest are forgotten first). */
  private readonly ended = new Set<string>();

  constructor(private readonly endedLimit = 500) {}

  /** The state the job was in before this update, when this update ends it; undefined otherwise. */
  observe(job: Pick<JobSnapshot, 'id' | 'state'>): { from: JobState | undefined } | undefined {
    if (!TERMINAL.has(job.state)) {
      this.states.set(job.id, job.state);
      return undefined;
    }
    if (this.ended.has(job.id)) return undefined;
    const from = this.states.get(job.id);
    this.states.delete(job.id);
    this.ended.add(job.id);
    if (this.ended.size > this.endedLimit) this.ended.delete(this.ended.values().next().value as string);
    return { from };
  }
}

/** The notification for a job update, or undefined when none should be shown. */
export function jobNotification(
  job: JobSnapshot,
  transition: { from: JobState | undefined } | undefined,
  ctx: NotifyContext,
  t: ShellStrings,
): JobNotification | undefined {
  if (!transition || !ctx.enabled || ctx.windowFocused) return undefined;
  if (job.state === 'succeeded') {
    const last = job.messages.at(-1);
    return { title: t.jobSucceeded(job.title), body: last ?? '', jobId: job.id, failed: false };
  }
  if (job.state === 'failed') {
    return { title: t.jobFailed(job.title), body: job.error?.message ?? '', jobId: job.id, failed: true };
  }
  return undefined;
}
