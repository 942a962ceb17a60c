// Owns update detection's state in the window: the answers core keeps (read when the Updates view
// opens, never by the images list), a check the view asks for, and "Pull newer" for one tag or
// all: each an images.pull job, after whose success that tag is checked again. The images grid
// reads `newer` for its mark and asks nothing.
import type { ContractError, JobSnapshot, TagUpdate } from '../../../../shared/contract';
import { isPlatform } from '../../../../shared/platform';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';
import { newerReferences, newerSet } from './updates-model';

export type UpdatesStatus = 'idle' | 'loading' | 'checking' | 'ready' | 'error';

export interface UpdatesSlice {
  status: UpdatesStatus;
  /** Kept answers by local tag (familiar `repository:tag`). */
  byRef: Readonly<Record<string, TagUpdate>>;
  /** Tags with a newer image: the grid's mark. */
  newer: ReadonlySet<string>;
  error: ContractError | null;
  /** Pull jobs started here, by job id: the tag each one pulls. */
  pulls: Readonly<Record<string, string>>;
  /** Tags being checked again after their pull. */
  rechecking: ReadonlySet<string>;

  /** Reads the answers core kept (no registry is asked); checks everything when there are none yet. */
  load(): Promise<void>;
  /** Asks the registries now: every tag from a registry, or the ones named. */
  check(references?: string[]): Promise<void>;
  pullNewer(reference: string): Promise<void>;
  pullAllNewer(): Promise<void>;
  onJob(job: JobSnapshot): void;
}

export const createUpdatesSlice: SliceCreator<'updates'> = (set, get, deps) => {
  const patch = patcher(set, get, 'updates');
  const updates = () => get().updates;
  /** Pull jobs that ended before their id came back from images.pull (events may overtake the answer). */
  const endedEarly = new Map<string, JobSnapshot>();
  let pullsAsked = 0;

  const keep = (results: readonly TagUpdate[], replaceAll: boolean) => {
    const byRef: Record<string, TagUpdate> = replaceAll ? {} : { ...updates().byRef };
    for (const r of results) byRef[r.reference] = r;
    patch({ byRef, newer: newerSet(byRef) });
  };

  const recheck = async (reference: string) => {
    patch({ rechecking: new Set([...updates().rechecking, reference]) });
    const r = await deps.api.invoke('updates.check', { references: [reference] });
    const rest = new Set(updates().rechecking);
    rest.delete(reference);
    patch({ rechecking: rest });
    if (r.ok) keep(r.value.results, false);
    // The tag is gone (pulled under another name, removed meanwhile): its old answer no longer holds.
    else if (r.error.code === 'NOT_FOUND') {
      const byRef = { ...updates().byRef };
      delete byRef[reference];
      patch({ byRef, newer: newerSet(byRef) });
    }
  };

  return {
    status: 'idle',
    byRef: {},
    newer: new Set(),
    error: null,
    pulls: {},
    rechecking: new Set(),

    async load() {
      patch({ status: 'loading', error: null });
      const r = await deps.api.invoke('updates.list', {});
      if (!r.ok) {
        patch({ status: 'error', error: r.error });
        return;
      }
      keep(r.value.results, true);
      if (r.value.results.length === 0) await updates().check();
      else patch({ status: 'ready' });
    },

    async check(references) {
      patch({ status: 'checking', error: null });
      const r = await deps.api.invoke('updates.check', references ? { references } : {});
      if (!r.ok) {
        patch({ status: 'error', error: r.error });
        return;
      }
      keep(r.value.results, references === undefined);
      patch({ status: 'ready' });
    },

    async pullNewer(reference) {
      pullsAsked++;
      // The platform the answer compared (an index's entry): pulling without it would fetch the
      // engine's default platform, which is not the image that was found outdated when they differ.
      const platform = updates().byRef[reference]?.platform;
      const r = await deps.api.invoke('images.pull', { reference, ...(platform && isPlatform(platform) ? { platform } : {}) });
      pullsAsked--;
      if (!r.ok) {
        patch({ error: r.error });
        return;
      }
      patch({ pulls: { ...updates().pulls, [r.value.jobId]: reference } });
      const ended = endedEarly.get(r.value.jobId);
      if (pullsAsked === 0) endedEarly.clear();
      if (ended) updates().onJob(ended);
    },

    async pullAllNewer() {
      const busy = new Set(Object.values(updates().pulls));
      for (const reference of newerReferences(Object.values(updates().byRef))) {
        if (!busy.has(reference)) await updates().pullNewer(reference);
      }
    },

    onJob(job) {
      if (job.kind !== 'pull' || job.state === 'running' || job.state === 'queued') return;
      const reference = updates().pulls[job.id];
      if (reference === undefined) {
        if (pullsAsked > 0) endedEarly.set(job.id, job);
        return;
      }
      const pulls = { ...updates().pulls };
      delete pulls[job.id];
      patch({ pulls });
      if (job.state === 'succeeded') void recheck(reference);
    },
  };
};
