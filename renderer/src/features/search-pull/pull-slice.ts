// Owns "Pull image": whether its dialog is open (and with what reference), and starting a pull.
// Core checks the reference (INVALID_REFERENCE at once, in the CLI's words) and runs the job; the
// job's progress arrives through the jobs slice like any other job's.
import type { RegistryPlatforms, Result } from '../../../../shared/contract';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface PullDialogState {
  /** The reference the field starts with (from a search result, or empty). */
  initial: string;
  nonce: number;
}

export interface PullSlice {
  dialog: PullDialogState | null;
  /** Jobs started from this window, newest last (the dialog follows the latest). */
  started: string[];
  openDialog(initial?: string): void;
  closeDialog(): void;
  /** `platform`: `--platform os/arch[/variant]`, absent for the engine's own. */
  start(reference: string, platform?: string): Promise<Result<{ jobId: string }>>;
  /** The registry's tags of a repository, for the dialog's list (all Link pages). */
  remoteTags(host: string, repository: string): Promise<Result<{ repository: string; tags: string[] }>>;
  /** A tag's platforms (an index's entries, or a single manifest's own). */
  remotePlatforms(host: string, repository: string, tag: string): Promise<Result<RegistryPlatforms>>;
}

export const createPullSlice: SliceCreator<'pull'> = (set, get, deps) => {
  const patch = patcher(set, get, 'pull');
  let nonce = 0;
  return {
    dialog: null,
    started: [],
    openDialog(initial = '') {
      patch({ dialog: { initial, nonce: ++nonce } });
    },
    closeDialog() {
      if (get().pull.dialog) patch({ dialog: null });
    },
    async start(reference, platform) {
      const result = await deps.api.invoke(
        'images.pull',
        platform ? { reference: reference.trim(), platform } : { reference: reference.trim() },
      );
      if (result.ok) patch({ started: [...get().pull.started, result.value.jobId].slice(-50) });
      return result;
    },
    remoteTags: (host, repository) => deps.api.invoke('registry.tags', { host, repository }),
    remotePlatforms: (host, repository, tag) => deps.api.invoke('registry.platforms', { host, repository, tag }),
  };
};
