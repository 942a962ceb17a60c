// A real StevedoreCore on the private engine (directly or through a SocketProxy), with the waits
// the reliability cases need: for a status, for a change event, for a job to move or to end within
// a bound (a job that never ends is a hang, and fails the case).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineStatus, ImagesChangedEvent, ImageListResult, JobSnapshot, Result } from '../../../shared/contract';
import { EngineConnection } from '../../../electron/core/engine/engine';
import { StevedoreCore } from '../../../electron/core/service';
import { PRIVATE_DOCKER_HOST } from './private-stack';

export interface PrivateCore {
  core: StevedoreCore;
  /** Temp folders of this core (data, docker config, files it writes). */
  dir: string;
  dispose(): void;
}

export async function startPrivateCore(host = PRIVATE_DOCKER_HOST): Promise<PrivateCore> {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-rel-'));
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host, source: 'env' }, minRetryMs: 200, maxRetryMs: 1000 }),
    dataDir: join(dir, 'data'),
    dockerConfigDir: join(dir, 'docker-config'),
  });
  const status = (await core.start()) as EngineStatus;
  if (!status.reachable) throw new Error(`private engine not reachable at ${host}: ${status.error}`);
  return {
    core,
    dir,
    dispose: () => {
      core.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An event watched from the moment the watch is made, awaited later with a bound of its own. */
export interface EventWatch<T> {
  /** The first matching event (kept if it came already); rejects `ms` after this call otherwise. */
  within(ms: number): Promise<T>;
  stop(): void;
}

/**
 * Listens from now on, so an event that comes early is not missed, but counts the bound only from
 * `within()`: "the status says the engine is gone within 20 s of the kill" must not include the time
 * it took to get to the kill (a job's first megabytes, an engine's start), which a loaded machine
 * stretches.
 */
export function watchEvent<T>(subscribe: (cb: (v: T) => void) => () => void, predicate: (v: T) => boolean, what: string): EventWatch<T> {
  let seen: { value: T } | undefined;
  let wake: ((v: T) => void) | undefined;
  const off = subscribe((v) => {
    if (seen || !predicate(v)) return;
    seen = { value: v };
    off();
    wake?.(v);
  });
  return {
    within: (ms) =>
      seen
        ? Promise.resolve(seen.value)
        : new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => {
              off();
              reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
            }, ms);
            wake = (v) => {
              clearTimeout(timer);
              resolve(v);
            };
          }),
    stop: off,
  };
}

export const watchEngineStatus = (core: StevedoreCore, reachable: boolean): EventWatch<EngineStatus> =>
  watchEvent<EngineStatus>(
    (cb) => core.events.on('engine.status', cb),
    (s) => s.reachable === reachable,
    `engine.status reachable=${reachable}`,
  );

export const watchImagesChanged = (
  core: StevedoreCore,
  predicate: (e: ImagesChangedEvent) => boolean = () => true,
): EventWatch<ImagesChangedEvent> =>
  watchEvent<ImagesChangedEvent>((cb) => core.events.on('images.changed', cb), predicate, 'images.changed');

/** Polls `probe` until it returns a value, or throws after `ms`: a wait bounded by a deadline, not a guess at speed. */
export async function pollUntil<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until no images.changed has arrived for `quietMs` (replays of earlier work are over). */
export async function settle(core: StevedoreCore, quietMs = 600, maxMs = 10_000): Promise<void> {
  let last = Date.now();
  const off = core.events.on('images.changed', () => (last = Date.now()));
  const until = Date.now() + maxMs;
  try {
    while (Date.now() - last < quietMs && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  } finally {
    off();
  }
}

/** Starts a job through the contract and returns its id (throws with the contract error). */
export async function startJob(core: StevedoreCore, channel: string, request: unknown): Promise<string> {
  const r = (await core.handle(channel, request)) as Result<{ jobId: string }>;
  if (!r.ok) throw new Error(`${channel} refused: ${r.error.code} ${r.error.message}`);
  return r.value.jobId;
}

/** The job's final snapshot; a job still running after `ms` is a hang and throws. */
export async function jobEnd(core: StevedoreCore, jobId: string, ms: number): Promise<JobSnapshot> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job ${jobId} still ${core.jobs.get(jobId)?.state} after ${ms} ms (a hang)`)), ms);
  });
  try {
    return await Promise.race([core.jobs.wait(jobId), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the job has moved at least `bytes` (mid-transfer); rejects if it ends first or after `ms`. */
export function jobProgress(core: StevedoreCore, jobId: string, bytes: number, ms: number): Promise<JobSnapshot> {
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      off();
      fn();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`job ${jobId} did not move ${bytes} bytes within ${ms} ms`))), ms);
    const off = core.events.on('job.updated', (j) => {
      if (j.id !== jobId) return;
      if (j.state !== 'running')
        done(() => reject(new Error(`job ended (${j.state}: ${j.error?.message ?? ''}) before ${bytes} bytes moved`)));
      else if (j.current >= bytes) done(() => resolve(j));
    });
  });
}

/** images.list through the contract as sorted `id repo:tag` lines (compare with cliImageLines). */
export async function coreImageLines(core: StevedoreCore): Promise<string[]> {
  const r = (await core.handle('images.list', {})) as Result<ImageListResult>;
  if (!r.ok) throw new Error(`images.list: ${r.error.code} ${r.error.message}`);
  return r.value.rows.map((row) => `${row.id} ${row.repository}:${row.tag}`).sort();
}

/** `.partial` files (unfinished saves) anywhere under `dir`. */
export function partialsIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.partial'));
}
