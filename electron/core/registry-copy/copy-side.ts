// Owns the two ends of a registry copy: one registry client per side with the repository it reads
// or writes, the token scopes each request needs, and errors that say which side failed, in that
// registry's own words (a copy between two repositories of one registry names source and target).
import { CoreError } from '../engine/engine-errors';
import { checkRepository, type RegistryClient } from '../registries/registry-client';

export interface CopySide {
  role: 'source' | 'target';
  client: RegistryClient;
  /** host[:port] as given (and as credentials are keyed). */
  host: string;
  repository: string;
}

export function copySide(role: CopySide['role'], client: RegistryClient, host: string, repository: string): CopySide {
  return { role, client, host, repository: checkRepository(repository) };
}

/** `/v2/<repository>`: the repository was checked by the door when the side was made. */
export const repoPath = (side: CopySide) => `/v2/${side.repository}`;
export const pullScope = (repository: string) => `repository:${repository}:pull`;
export const pushScope = (repository: string) => `repository:${repository}:pull,push`;

/** The registry X or Y refused something: its words kept, with which side and what was asked. */
export function sideError(side: CopySide, what: string, err: unknown): unknown {
  if (!(err instanceof CoreError) || err.code === 'CANCELLED') return err;
  // A registry's answer (it has a status) is a refusal; a broken connection or wrong bytes a failure.
  const verb = typeof err.detail?.status === 'number' ? 'refused' : 'failed';
  return new CoreError(err.code, `The ${side.role} registry ${side.host} ${verb} ${what}: ${err.message}`, {
    ...err.detail,
    side: side.role,
  });
}

/** Runs one exchange with a side, naming that side in its failure. */
export async function onSide<T>(side: CopySide, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw sideError(side, what, err);
  }
}
