// Owns the registries channels (shared/registries.ts): the registries list and login state, the
// local registry (deploy, start, stop, remove, push to it) and the registry browser.
import type { Handlers } from '../support/handlers';
import type { EngineConnection } from '../engine/engine';
import type { JobManager } from '../support/jobs';
import type { RegistryResponseMap } from '../../../shared/registries';
import type { AuthResolver } from '../credentials/auth-hook';
import {
  type LocalRegistryDeps,
  localRegistryStatus,
  removeLocalRegistry,
  startDeployJob,
  startLocalRegistry,
  stopLocalRegistry,
} from './local-registry';
import { localPushReference, pushToLocalRegistry } from './local-registry-push';
import { type BrowserDeps, catalog, deleteManifest, listTags, tagInfo } from './registry-browser';
import { manifestPlatforms } from './manifest-platforms';
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

/** The push channels are in the contract's registries part, but push is distribution's (push-handlers.ts). */
type RegistryChannel = Exclude<keyof RegistryResponseMap, 'images.pushTarget' | 'images.push' | 'images.tagAndPush'>;

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
    ...localRegistryHandlers(deps),
    // Plain http only where the engine itself would speak it (its /info insecure registries).
    ...browserHandlers({ ...deps, registryConfig: engineRegistryConfig(() => deps.engine.docker) }),
  };
}

type LocalRegistryChannel =
  | 'localRegistry.status'
  | 'localRegistry.deploy'
  | 'localRegistry.start'
  | 'localRegistry.stop'
  | 'localRegistry.remove'
  | 'localRegistry.push'
  | 'localRegistry.pushPlan';

function localRegistryHandlers(deps: LocalRegistryDeps): Pick<Handlers, LocalRegistryChannel> {
  return {
    'localRegistry.status': ({ containerName }) => localRegistryStatus(deps, containerName),
    'localRegistry.deploy': async (options): Promise<RegistryResponseMap['localRegistry.deploy']> => ({
      jobId: startDeployJob(deps, options),
    }),
    'localRegistry.start': ({ containerName }) => startLocalRegistry(deps, containerName),
    'localRegistry.stop': ({ containerName }) => stopLocalRegistry(deps, containerName),
    'localRegistry.remove': ({ containerName }) => removeLocalRegistry(deps, containerName),
    'localRegistry.push': (req) => pushToLocalRegistry(deps, req),
    'localRegistry.pushPlan': async (req) => ({ reference: await localPushReference(deps, req) }),
  };
}

type BrowserChannel = 'registry.catalog' | 'registry.tags' | 'registry.tagInfo' | 'registry.deleteTag' | 'registry.platforms';

function browserHandlers(deps: BrowserDeps): Pick<Handlers, BrowserChannel> {
  return {
    'registry.catalog': (req): Promise<RegistryResponseMap['registry.catalog']> => catalog(deps, req),
    'registry.tags': (req) => listTags(deps, req),
    'registry.tagInfo': (req) => tagInfo(deps, req),
    'registry.deleteTag': (req) => deleteManifest(deps, req),
    'registry.platforms': (req) => manifestPlatforms(deps, req),
  };
}
