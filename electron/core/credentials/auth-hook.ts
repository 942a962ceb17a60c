// Owns the seam through which pull and search get registry credentials: the AuthConfig the engine
// accepts in X-Registry-Auth, the resolver type the registries/login work plugs in, and the
// header encoding. Credentials never leave core (no logs, no job snapshots, no renderer).
import { CoreError } from '../engine/engine-errors';

/** The engine's AuthConfig (api/types/auth.go); every field optional. */
export interface AuthConfig {
  username?: string;
  password?: string;
  /** base64("user:password"), as stored in config.json `auths`. */
  auth?: string;
  email?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

/**
 * Credentials for a registry host: `docker.io` for Docker Hub (the CLI's config key for it is
 * `https://index.docker.io/v1/`), otherwise the host[:port] of the reference or search term.
 * null/undefined means "send none".
 */
export type AuthResolver = (registryHost: string) => AuthConfig | null | undefined | Promise<AuthConfig | null | undefined>;

/** Until the registries work adds login, nothing is sent. */
export const noCredentials: AuthResolver = () => null;

/** X-Registry-Auth: base64url (padded) of the JSON, as registrytypes.EncodeAuthConfig writes it. */
export function encodeAuthHeader(auth: AuthConfig): string {
  return Buffer.from(JSON.stringify(auth), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Resolves credentials, never letting a failing resolver's error text (which may hold secrets) through. */
export async function resolveAuth(resolver: AuthResolver, registryHost: string): Promise<AuthConfig | null> {
  try {
    return (await resolver(registryHost)) ?? null;
  } catch {
    throw new CoreError('UNAUTHORIZED', `Could not read the credentials for ${registryHost}`);
  }
}
