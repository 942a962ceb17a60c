// Owns what the tray menu shows for a given state: engine status, the shortcuts people use most,
// the local registry, prune with the space it frees, running and recent jobs. Pure: main.ts renders
// the template with Menu.buildFromTemplate and rebuilds it when the state changes.
import type { EngineStatus, JobSnapshot, LocalRegistryStatus } from '../../shared/contract';
import { humanSize } from '../../shared/docker-units';
import { separator, type MenuItemSpec } from './menu-spec';
import type { ShellStrings } from './shell-strings';

export interface PruneSummary {
  /** Images a dangling-images prune would delete. */
  count: number;
  /** The engine's SpaceReclaimed for that prune (images.prunePlan). */
  bytes: number;
}

export interface TrayState {
  /** Undefined before the first check. */
  engine: EngineStatus | undefined;
  /** From localRegistry.status; 'unknown' when it could not be read. */
  localRegistry: LocalRegistryStatus | 'unknown';
  /** The image last pulled or pushed: what "Push to local registry" pushes. */
  lastImage?: string;
  /** From images.prunePlan; 'unknown' when it could not be read. */
  prune: PruneSummary | 'unknown';
  /** Queued and running jobs, oldest first. */
  activeJobs: readonly JobSnapshot[];
  /** Finished jobs, newest first. */
  recentJobs: readonly JobSnapshot[];
}

/** What one opening of the menu adds to the state; never stored (see trayMenuOnOpen). */
export interface TrayOpening {
  /** An image reference on the clipboard as the menu opened (clipboardReferenceOffer's rule). */
  clipboardReference?: string;
}

/** Longest reference shown in a menu label; the item's action carries the whole reference. */
export const MAX_SHOWN_REFERENCE = 60;

/** Jobs listed at most (a tray menu is not the jobs panel). */
export const MAX_ACTIVE_JOBS = 5;
export const MAX_RECENT_JOBS = 5;

/** Whole percent of a job's progress, or undefined when its total is unknown. */
export function jobPercent(job: Pick<JobSnapshot, 'current' | 'total'>): number | undefined {
  if (!(job.total > 0)) return undefined;
  return Math.max(0, Math.min(100, Math.floor((job.current / job.total) * 100)));
}

/** Menu labels are one line: long engine errors and titles are cut. */
function oneLine(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * A reference cut to fit a menu label: the middle goes, so the registry and the tag or digest
 * people recognize stay (`ghcr.io/org/…/tool:v2`).
 */
export function shortReference(reference: string, max = MAX_SHOWN_REFERENCE): string {
  if (reference.length <= max) return reference;
  const head = Math.ceil((max - 1) / 2);
  return `${reference.slice(0, head)}…${reference.slice(reference.length - (max - 1 - head))}`;
}

function engineItems(state: TrayState, t: ShellStrings): MenuItemSpec[] {
  const e = state.engine;
  if (!e || e.checkedAt === 0) return [{ id: 'engine-status', label: oneLine(t.engineChecking(e?.host ?? '')), enabled: false }];
  if (e.reachable) return [{ id: 'engine-status', label: oneLine(t.engineReachable(e.version, e.host)), enabled: false }];
  return [
    { id: 'engine-status', label: oneLine(t.engineUnreachable(e.error ?? e.host)), enabled: false, toolTip: e.error },
    { id: 'reconnect', label: t.reconnect, action: { kind: 'reconnect' } },
  ];
}

function registryItems(state: TrayState, t: ShellStrings, engineUp: boolean): MenuItemSpec[] {
  const r = state.localRegistry;
  const running = r !== 'unknown' && r.state === 'running';
  const image = state.lastImage;
  const push: MenuItemSpec = !image
    ? { id: 'push-local', label: t.pushLocalNone, enabled: false }
    : running
      ? { id: 'push-local', label: oneLine(t.pushLocal(image)), enabled: engineUp, action: { kind: 'pushLocal', image } }
      : { id: 'push-local', label: oneLine(t.pushLocalNeedsRegistry(image)), enabled: false };
  let registry: MenuItemSpec;
  if (r === 'unknown') registry = { id: 'registry', label: t.registryUnknown, enabled: false };
  else if (r.state === 'running')
    registry = {
      id: 'registry',
      label: t.registryRunning(r.address ?? `localhost:${r.port}`),
      enabled: engineUp,
      action: { kind: 'stopRegistry' },
    };
  // Restarting: the container exits at once and the engine starts it again; deploying would
  // fail (the container exists) and starting does nothing, so stopping is what helps.
  else if (r.state === 'restarting')
    registry = { id: 'registry', label: t.registryRestarting(r.exitCode), enabled: engineUp, action: { kind: 'stopRegistry' } };
  else if (r.state === 'stopped')
    registry = { id: 'registry', label: t.registryStopped, enabled: engineUp, action: { kind: 'startRegistry' } };
  else registry = { id: 'registry', label: t.registryAbsent, enabled: engineUp, action: { kind: 'deployRegistry' } };
  return [push, registry];
}

function pruneItem(state: TrayState, t: ShellStrings, engineUp: boolean): MenuItemSpec {
  const p = state.prune;
  if (p === 'unknown') return { id: 'prune', label: t.pruneUnknown, enabled: engineUp, action: { kind: 'prune' } };
  if (p.count === 0) return { id: 'prune', label: t.pruneNothing, enabled: false };
  return { id: 'prune', label: t.prune(humanSize(p.bytes), p.count), enabled: engineUp, action: { kind: 'prune' } };
}

function jobItems(state: TrayState, t: ShellStrings): MenuItemSpec[] {
  const active = state.activeJobs.slice(0, MAX_ACTIVE_JOBS).map((job): MenuItemSpec => ({
    id: `job:${job.id}`,
    label: oneLine(t.activeJob(job.title, jobPercent(job), job.state === 'queued' ? 'queued' : 'running')),
    action: { kind: 'ui', command: { command: 'showJob', jobId: job.id } },
  }));
  const recent = state.recentJobs.slice(0, MAX_RECENT_JOBS).map((job): MenuItemSpec => ({
    id: `recent:${job.id}`,
    label: oneLine(t.recentJob(job.title, job.state as 'succeeded' | 'failed' | 'cancelled')),
    toolTip: job.error?.message,
    action: { kind: 'ui', command: { command: 'showJob', jobId: job.id } },
  }));
  return [
    ...active,
    {
      id: 'recent-jobs',
      label: t.recentJobs,
      type: 'submenu',
      submenu: recent.length ? recent : [{ id: 'recent-none', label: t.noRecentJobs, enabled: false }],
    },
  ];
}

export function buildTrayMenu(state: TrayState, t: ShellStrings, opening: TrayOpening = {}): MenuItemSpec[] {
  const engineUp = state.engine?.reachable === true;
  const pulls: MenuItemSpec[] = [];
  const offered = opening.clipboardReference;
  if (offered) {
    pulls.push({
      id: 'pull-clipboard',
      label: oneLine(t.pullFromClipboard(shortReference(offered)), 100),
      enabled: engineUp,
      action: { kind: 'ui', command: { command: 'pull', reference: offered } },
    });
  }
  pulls.push({ id: 'pull', label: t.pull, enabled: engineUp, action: { kind: 'ui', command: { command: 'pull' } } });
  return [
    ...engineItems(state, t),
    separator(),
    { id: 'open', label: t.open, action: { kind: 'open' } },
    { id: 'load', label: t.loadTars, enabled: engineUp, action: { kind: 'loadTars' } },
    ...pulls,
    ...registryItems(state, t, engineUp),
    pruneItem(state, t, engineUp),
    separator(),
    ...jobItems(state, t),
    separator(),
    { id: 'quit', label: t.quit, action: { kind: 'quit' } },
  ];
}

/** The tray icon's tooltip: the app, and how many jobs run. */
export function trayToolTip(state: TrayState, t: ShellStrings): string {
  const running = state.activeJobs.length;
  const percents = state.activeJobs.map(jobPercent).filter((p): p is number => p !== undefined);
  if (!running) return t.appName;
  const overall = percents.length ? ` ${Math.floor(percents.reduce((a, b) => a + b, 0) / percents.length)}%` : '';
  return `${t.appName} (${running}${overall})`;
}
