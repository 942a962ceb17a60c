// Owns the state the tray menu is built from: it follows job and engine events and reads the local
// registry's state and the prune plan through the contract; and decides which clipboard text is
// an image reference worth offering. The clipboard is not part of the state: it is read only as
// the menu opens (trayMenuOnOpen in tray-menu.ts). No 'electron' import: main.ts feeds it events.
import type { EngineStatus, JobSnapshot, LocalRegistryStatus, PrunePlan, Result } from '../../shared/contract';
import { clipboardReferenceOffer } from '../../shared/clipboard-reference';
import type { MenuItemSpec } from './menu-spec';
import type { ShellStrings } from './shell-strings';
import { buildTrayMenu, MAX_RECENT_JOBS, type TrayState } from './tray-menu';

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
 * The menu for one opening of the tray (a click on the icon, on the platforms that tell us before
 * the menu shows): the clipboard is read now, once, and what it offers lives only in this menu,
 * never in the tracker's state.
 */
export function trayMenuOnOpen(state: TrayState, readClipboardText: () => string, t: ShellStrings): MenuItemSpec[] {
  return buildTrayMenu(state, t, { clipboardReference: clipboardReferenceOffer(readClipboardText()) });
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
