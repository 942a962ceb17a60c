// Owns the registries channels (shared/registries.ts): login state, push, local registry, browser.
// Placeholder wiring while the modules land; each handler is replaced by its module's handler.
import type { Handlers } from './service';
import type { EngineConnection } from './engine';
import type { JobManager } from './jobs';
import { CoreError } from './engine-errors';
import type { RegistryResponseMap } from '../../shared/registries';
import type { AuthResolver } from './auth-hook';

export interface RegistryDeps {
  engine: EngineConnection;
  jobs: JobManager;
  /** Stevedore's own data folder (user-added registries, local registry settings). */
  dataDir: string;
  /** The docker CLI's config folder (DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir: string;
  /** Credentials for a registry host, from the docker CLI's stores (see credentials work). */
  authFor: AuthResolver;
}

type RegistryChannel = keyof RegistryResponseMap;

export function createRegistryHandlers(_deps: RegistryDeps): Pick<Handlers, RegistryChannel> {
  const notYet = async (): Promise<never> => {
    throw new CoreError('INTERNAL', 'Not available yet');
  };
  return {
    'registries.list': notYet,
    'registries.add': notYet,
    'registries.forget': notYet,
    'registries.login': notYet,
    'registries.logout': notYet,
    'images.pushTarget': notYet,
    'images.push': notYet,
    'localRegistry.status': notYet,
    'localRegistry.deploy': notYet,
    'localRegistry.start': notYet,
    'localRegistry.stop': notYet,
    'localRegistry.remove': notYet,
    'localRegistry.push': notYet,
    'registry.catalog': notYet,
    'registry.tags': notYet,
    'registry.tagInfo': notYet,
    'registry.deleteTag': notYet,
  };
}
