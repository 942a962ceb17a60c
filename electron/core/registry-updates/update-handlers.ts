// Owns the update-detection channels (shared/registry-updates.ts): the kept answers, and a check
// the Updates view asks for. The images list never calls these.
import type { Handlers } from '../support/handlers';
import type { EngineConnection } from '../engine/engine';
import type { AuthResolver } from '../credentials/auth-hook';
import { engineRegistryConfig } from '../credentials/plain-http-rule';
import { UpdateChecker } from './update-checker';

export interface UpdateHandlerDeps {
  engine: EngineConnection;
  authFor: AuthResolver;
  /** The registry client's HTTP function (tests pass a recording one). */
  fetch?: typeof fetch;
}

export function createUpdateHandlers(deps: UpdateHandlerDeps): Pick<Handlers, 'updates.list' | 'updates.check'> {
  const checker = new UpdateChecker({
    docker: () => deps.engine.docker,
    authFor: deps.authFor,
    // Plain http only where the engine itself would speak it (its /info insecure registries).
    registryConfig: engineRegistryConfig(() => deps.engine.docker),
    fetch: deps.fetch,
    // The settings' endpoint changed (EngineConnection.reconfigure): the kept answers were about another engine.
    scope: () => deps.engine.endpoint.host,
  });
  return {
    'updates.list': async () => ({ results: checker.cached() }),
    'updates.check': async ({ references }) => ({ results: await checker.check(references) }),
  };
}
