// Owns the registry copy channel: the request's names checked by the doors before a job exists,
// then a 'copy' job with byte progress and cancel (result: RegistryCopyJobResult).
import type { RegistryCopyRequest } from '../../../shared/registry-copy';
import type { AuthResolver } from '../credentials/auth-hook';
import type { RegistryConfigSource } from '../credentials/plain-http-rule';
import type { Handlers } from '../support/handlers';
import type { JobManager } from '../support/jobs';
import { checkCopyRequest, copyBetweenRegistries } from './registry-copy';

export interface RegistryCopyHandlerDeps {
  jobs: JobManager;
  authFor: AuthResolver;
  registryConfig?: RegistryConfigSource;
  /** Tests pass a recording fetch; the platform's by default. */
  fetch?: typeof fetch;
}

export function copyTitle(req: RegistryCopyRequest): string {
  const tags = req.source.tags;
  const what = tags === undefined ? 'all tags' : tags.length === 1 ? tags[0] : `${tags.length} tags`;
  const platform = req.platform ? ` (${req.platform})` : '';
  return `Copy ${req.source.host}/${req.source.repository} ${what}${platform} to ${req.target.host}/${req.target.repository}`;
}

export function createRegistryCopyHandlers(deps: RegistryCopyHandlerDeps): Pick<Handlers, 'registry.copy'> {
  return {
    'registry.copy': async (req) => {
      checkCopyRequest(req);
      const jobId = deps.jobs.start('copy', copyTitle(req), async (ctx) => {
        let lastMessage: string | undefined;
        return copyBetweenRegistries(deps, req, {
          signal: ctx.signal,
          onProgress: ({ current, total, message }) => {
            ctx.progress(current, total);
            if (message !== undefined && message !== lastMessage) ctx.message((lastMessage = message));
          },
        });
      });
      return { jobId };
    },
  };
}
