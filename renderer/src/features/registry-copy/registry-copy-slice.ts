// Owns "Copy to registry…" state: the dialog the registry browser or an image row opens (one at a
// time, fresh for each nonce), and the copy jobs started from this window with the request each was
// started with, so a failed one (say, refused until a login) can be started again as it was.
// Type-only imports of the contract: this module loads with the first view (store/index.ts).
import type { Result } from '../../../../shared/contract';
import type { RegistryCopyRequest } from '../../../../shared/registry-copy';
import type { CopySource } from './registry-copy-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface RegistryCopyDialog {
  nonce: number;
  source: CopySource;
  /** Every tag the browser listed, for a whole repository's copy (its Copy as lines name them). */
  knownTags?: string[];
}

export interface RegistryCopySlice {
  dialog: RegistryCopyDialog | null;
  /** Copy jobs started here, by job id, with the request each was started with (newest 50). */
  started: Readonly<Record<string, RegistryCopyRequest>>;
  /** The registry the last copy went to: the next dialog starts there (tags are often copied one after another). */
  lastTargetHost: string | null;
  /** Opens the dialog for these tags (`source.tags` absent: every tag of the repository). */
  open(source: CopySource, knownTags?: readonly string[]): void;
  close(): void;
  /** Sends `registry.copy` with exactly this request; the job's id. */
  start(request: RegistryCopyRequest): Promise<Result<{ jobId: string }>>;
  /** Starts a copy started here again with the same request (after a login, say). */
  retry(jobId: string): Promise<Result<{ jobId: string }>>;
}

const KEEP = 50;

export const createRegistryCopySlice: SliceCreator<'registryCopy'> = (set, get, deps) => {
  const patch = patcher(set, get, 'registryCopy');
  let nonce = 0;
  return {
    dialog: null,
    started: {},
    lastTargetHost: null,

    open(source, knownTags) {
      const tags = source.tags ? [...source.tags] : undefined;
      patch({
        dialog: {
          nonce: ++nonce,
          source: { host: source.host, repository: source.repository, ...(tags ? { tags } : {}) },
          ...(knownTags ? { knownTags: [...knownTags] } : {}),
        },
      });
    },

    close() {
      if (get().registryCopy.dialog) patch({ dialog: null });
    },

    async start(request) {
      const result = await deps.api.invoke('registry.copy', request);
      if (result.ok) {
        const entries = Object.entries(get().registryCopy.started).slice(-(KEEP - 1));
        patch({ started: Object.fromEntries([...entries, [result.value.jobId, request]]), lastTargetHost: request.target.host });
      }
      return result;
    },

    async retry(jobId) {
      const request = get().registryCopy.started[jobId];
      if (!request) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Job ${jobId} is not a copy started here` } };
      return get().registryCopy.start(request);
    },
  };
};
