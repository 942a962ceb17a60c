// Owns the registries channels (shared/registries.ts): login state, push, local registry, browser.
import type { Handlers } from '../service';
import type { EngineConnection } from '../engine/engine';
import type { JobManager } from '../support/jobs';
import type { RegistryResponseMap } from '../../../shared/registries';
import type { AuthResolver } from '../credentials/auth-hook';
import { createLocalRegistryHandlers } from './local-registry';
import { createLocalRegistryPushHandler } from './local-registry-push';
import { createRegistryBrowserHandlers } from './registry-browser';
import { pushTargetOf, startPushJob } from '../distribution/push';
import { createDockerCredentials, type DockerCredentials } from '../credentials/credential-store';
import { login } from '../credentials/registry-login';
import { engineRegistryConfig } from '../credentials/plain-http-rule';
import { addUserRegistry, forgetUserRegistry, listRegistries } from './registries';

export interface RegistryDeps {
  engine: EngineConnection;
  jobs: JobManager;
  /** Stevedore's own data folder (user-added registries, local registry settings). */
  dataDir: string;
  /** The docker CLI's config folder (DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir: string;
  /** Credentials for a registry host, from the docker CLI's stores (see credentials work). */
  authFor: AuthResolver;
  /** The docker CLI's credential stores (login/logout/list); made from dockerConfigDir when absent. */
  credentials?: DockerCredentials;
}

type RegistryChannel = keyof RegistryResponseMap;

export function createRegistryHandlers(deps: RegistryDeps): Pick<Handlers, RegistryChannel> {
  const credentials = deps.credentials ?? createDockerCredentials({ configDir: deps.dockerConfigDir });
  const list = () => listRegistries(credentials, deps.dataDir, deps.engine.docker);
  // A registry logged in or out of here stays listed (not logged in) until the user forgets it.
  // The login itself already happened: a registries.json that cannot be written does not undo it
  // (registries.list reports that file's problem).
  const remember = (host: string) => addUserRegistry(deps.dataDir, host).catch(() => undefined);
  return {
    'registries.list': list,
    'registries.add': async ({ host }) => {
      await addUserRegistry(deps.dataDir, host);
      return list();
    },
    'registries.forget': async ({ host }) => {
      await forgetUserRegistry(deps.dataDir, host);
      return list();
    },
    'registries.login': async (request) => {
      const result = await login(deps.engine.docker, credentials, request, {
        registryConfig: engineRegistryConfig(() => deps.engine.docker),
      });
      await remember(result.host);
      return result;
    },
    'registries.logout': async ({ host }) => {
      const result = await credentials.erase(host);
      await remember(result.host);
      return result;
    },
    'images.pushTarget': ({ reference }) => pushTargetOf(deps, reference),
    'images.push': async ({ reference }) => ({ jobId: startPushJob(deps, reference) }),
    ...createLocalRegistryHandlers(deps),
    ...createLocalRegistryPushHandler(deps),
    // Plain http only where the engine itself would speak it (its /info insecure registries).
    ...createRegistryBrowserHandlers({ ...deps, registryConfig: engineRegistryConfig(() => deps.engine.docker) }),
  };
}
