// Owns the pure parts of the Jobs panel: transfer speed derived from successive snapshots, which
// jobs are active or finished (as id lists that stay equal while only progress changes), the
// engine's layer statuses, and what a finished pull reports.
import type { JobLayer, JobSnapshot, PullJobResult } from '../../../../shared/contract';

export interface JobRate {
  /** Bytes done at the last sample. */
  current: number;
  /** Renderer clock (ms) of the last sample. */
  at: number;
  /** Smoothed bytes per second; null until two samples are known. */
  bytesPerSecond: number | null;
}

/** Time constant of the speed's smoothing: a burst fades out over a couple of seconds. */
export const RATE_TAU_MS = 2_000;

/**
 * The job's speed after one more snapshot. Only running jobs with a known total have one; a
 * snapshot whose bytes went backwards (a layer's size learnt late) starts the measure over.
 */
export function nextRate(prev: JobRate | undefined, job: JobSnapshot, now: number): JobRate | undefined {
  if (job.state !== 'running' || job.total <= 0) return undefined;
  if (!prev || job.current < prev.current) return { current: job.current, at: now, bytesPerSecond: null };
  const dt = now - prev.at;
  // Same tick (or a clock that went back): nothing new to learn.
  if (dt <= 0) return prev;
  if (job.current === prev.current && dt < 250) return prev;
  const instant = ((job.current - prev.current) * 1000) / dt;
  const alpha = 1 - Math.exp(-dt / RATE_TAU_MS);
  const bytesPerSecond = prev.bytesPerSecond === null ? instant : prev.bytesPerSecond + alpha * (instant - prev.bytesPerSecond);
  return { current: job.current, at: now, bytesPerSecond };
}

/** A finished job's average speed over its whole run (main-side clock at both ends). */
export function averageRate(job: JobSnapshot): number | null {
  if (job.endedAt === undefined || job.total <= 0 || job.current <= 0) return null;
  const seconds = (job.endedAt - job.startedAt) / 1000;
  return seconds > 0 ? job.current / seconds : null;
}

/** Seconds left at this speed, or null while it cannot be told (no total, no speed yet, done). */
export function etaSeconds(job: Pick<JobSnapshot, 'current' | 'total'>, bytesPerSecond: number | null): number | null {
  if (job.total <= 0 || bytesPerSecond === null || bytesPerSecond <= 0 || job.current >= job.total) return null;
  return (job.total - job.current) / bytesPerSecond;
}

export const isActive = (j: Pick<JobSnapshot, 'state'>): boolean => j.state === 'queued' || j.state === 'running';

const newestFirst = (a: JobSnapshot, b: JobSnapshot) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1);

/** Ids of the jobs in one group, newest first. Equal arrays (shallowly) while only progress changes. */
export function jobIds(byId: Readonly<Record<string, JobSnapshot>>, group: 'active' | 'finished'): string[] {
  return Object.values(byId)
    .filter((j) => isActive(j) === (group === 'active'))
    .sort(newestFirst)
    .map((j) => j.id);
}

/** The statuses a pull's layer goes through, with the name of each one's CSS class (`layer-<name>`); their words are in i18n/engine-status.ts. */
export const LAYER_STATUS_KEYS: Readonly<Record<string, string>> = {
  Waiting: 'waiting',
  'Pulling fs layer': 'pullingFsLayer',
  Downloading: 'downloading',
  'Verifying Checksum': 'verifyingChecksum',
  'Download complete': 'downloadComplete',
  Extracting: 'extracting',
  'Pull complete': 'pullComplete',
  'Already exists': 'alreadyExists',
};

/** How far along a layer is, for its little bar: 0..1 or null when the engine gave no numbers. */
/**
 * The statuses that end a layer's work, pull's and push's (`Mounted from <repository>` too), and a
 * load's as core settles them (`Loaded`; a layer the engine had is `Already exists`).
 */
const LAYER_DONE = new Set(['Pull complete', 'Already exists', 'Pushed', 'Layer already exists', 'Loaded']);
const isLayerDone = (status: string): boolean => LAYER_DONE.has(status) || status.startsWith('Mounted from ');

export function layerFraction(layer: Pick<JobLayer, 'status' | 'current' | 'total'>): number | null {
  if (isLayerDone(layer.status)) return 1;
  if (!layer.total || layer.total <= 0) return null;
  return Math.max(0, Math.min(1, (layer.current ?? 0) / layer.total));
}

/** Layers whose work is over (for the "n of m layers" count). */
export const layerDone = (l: Pick<JobLayer, 'status'>): boolean => isLayerDone(l.status);

/** How many layers the job goes through: a load knows them from its archive before each has a row. */
export const layerTotal = (job: Pick<JobSnapshot, 'layers' | 'layerCount'>): number => Math.max(job.layerCount ?? 0, job.layers.length);

/** A succeeded pull's result, when the job is one and carries it. */
export function pullResultOf(job: JobSnapshot): PullJobResult | null {
  if (job.kind !== 'pull' || job.state !== 'succeeded' || !job.result || typeof job.result !== 'object') return null;
  const r = job.result as Partial<PullJobResult>;
  return typeof r.reference === 'string' ? (r as PullJobResult) : null;
}
