// Owns the state the tray menu is built from: it follows job and engine events, reads the local
// registry's state and the prune plan through the contract, and notices an image reference on
// the clipboard. No 'electron' import: main.ts feeds it events and the clipboard's text.
import type { EngineStatus, JobSnapshot, LocalRegistryStatus, PrunePlan, Result } from '../../shared/contract';
import { familiarString, parseNormalizedNamed } from '../core/reference';
import { MAX_RECENT_JOBS, type TrayState } from './tray-menu';

export interface ContractCaller {
  handle(channel: string, request: unknown): Promise<Result<unknown>>;
}

export const INITIAL_TRAY_STATE: TrayState = Object.freeze({
  engine: undefined,
  localRegistry: 'unknown',
  prune: 'unknown',
  activeJobs: [],
  recentJobs: [],
}) as TrayState;

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** The image a finished job used, for "Push to local registry": a pull's or a push's reference. */
export function imageOfJob(job: JobSnapshot): string | undefined {
  if (job.state !== 'succeeded' || (job.kind !== 'pull' && job.kind !== 'push')) return undefined;
  const ref = (job.result as { reference?: unknown } | undefined)?.reference;
  return typeof ref === 'string' && ref ? ref : undefined;
}

/** The state after one job.updated: active jobs in start order, finished ones newest first. */
export function applyJobUpdate(state: TrayState, job: JobSnapshot): TrayState {
  const activeJobs = state.activeJobs.filter((j) => j.id !== job.id);
  let recentJobs = state.recentJobs;
  if (FINISHED.has(job.state)) {
    recentJobs = [job, ...recentJobs.filter((j) => j.id !== job.id)].slice(0, MAX_RECENT_JOBS);
  } else {
    activeJobs.push(job);
    activeJobs.sort((a, b) => a.startedAt - b.startedAt);
  }
  return { ...state, activeJobs, recentJobs, lastImage: imageOfJob(job) ?? state.lastImage };
}

/**
 * An image reference worth offering for a pull, from clipboard text: one token (or
 * `docker pull <ref>`), valid per the distribution grammar, and looking like an image rather than
 * any word (a tag, a digest or a path). Returns the familiar form.
 */
export function clipboardReferenceOffer(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const trimmed = text.trim().replace(/^docker\s+(image\s+)?pull\s+/, '');
  if (!trimmed || trimmed.length > 512 || /\s/.test(trimmed)) return undefined;
  if (!/[:/@]/.test(trimmed) || /^[a-z]+:\/\//i.test(trimmed)) return undefined;
  try {
    return familiarString(parseNormalizedNamed(trimmed));
  } catch {
    return undefined;
  }
}

export async function readLocalRegistry(core: ContractCaller): Promise<LocalRegistryStatus | 'unknown'> {
  const r = await core.handle('localRegistry.status', {});
  return r.ok ? (r.value as LocalRegistryStatus) : 'unknown';
}

export async function readPruneSummary(core: ContractCaller): Promise<TrayState['prune']> {
  const r = await core.handle('images.prunePlan', {});
  if (!r.ok) return 'unknown';
  const plan = r.value as PrunePlan;
  return { count: plan.images.length, bytes: plan.spaceReclaimed };
}

/** The tray's state over time; `changed` runs after every update (main debounces the rebuild). */
export class TrayStateTracker {
  private current: TrayState = INITIAL_TRAY_STATE;

  constructor(
    private readonly core: ContractCaller,
    private readonly changed: (state: TrayState) => void,
  ) {}

  get state(): TrayState {
    return this.current;
  }

  private set(next: TrayState): void {
    this.current = next;
    this.changed(next);
  }

  onEngine(status: EngineStatus): void {
    const wasUp = this.current.engine?.reachable;
    this.set({ ...this.current, engine: status });
    if (status.reachable && !wasUp) void this.refresh();
  }

  onJob(job: JobSnapshot): void {
    this.set(applyJobUpdate(this.current, job));
    // A registry job (deploy) changes the registry; any finished job may change the images.
    if (job.kind === 'registry' && FINISHED.has(job.state)) void this.refreshRegistry();
  }

  onClipboard(text: string | undefined): void {
    const offer = clipboardReferenceOffer(text);
    if (offer !== this.current.clipboardReference) this.set({ ...this.current, clipboardReference: offer });
  }

  async refreshRegistry(): Promise<void> {
    this.set({ ...this.current, localRegistry: await readLocalRegistry(this.core) });
  }

  private pruneRead: Promise<void> | undefined;
  private pruneAgain = false;

  /** Bursts (a load of many images) make one read at a time, plus one after it for what came meanwhile. */
  refreshPrune(): Promise<void> {
    if (this.pruneRead) {
      this.pruneAgain = true;
      return this.pruneRead;
    }
    this.pruneRead = (async () => {
      do {
        this.pruneAgain = false;
        this.set({ ...this.current, prune: await readPruneSummary(this.core) });
      } while (this.pruneAgain);
    })().finally(() => {
      this.pruneRead = undefined;
    });
    return this.pruneRead;
  }

  async refresh(): Promise<void> {
    await Promise.all([this.refreshRegistry(), this.refreshPrune()]);
  }
}
