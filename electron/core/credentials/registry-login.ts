// Owns `docker login` for Stevedore: the credentials are checked by the engine's
// POST /auth before anything is stored, then stored where the CLI would store them. The password
// goes to the engine and to the store, and nowhere else: errors are rebuilt from the engine's
// words with the password masked, and nothing here logs. An `http://` address is refused before
// anything is sent unless plain http is allowed there (loopback, or the engine's insecure registries).
import type Dockerode from 'dockerode';
import type { LoginResult } from '../../../shared/registries';
import type { DockerCredentials } from './credential-store';
import { CoreError, engineMessage, isAbortError, isUnreachableError, registryErrorCode, toContractError } from '../engine/engine-errors';
import { registryAddress } from './registry-host';
import { maskSecret } from './credential-helper';
import { checkPlainHttp, type RegistryConfigSource } from './plain-http-rule';

export { maskSecret };

export interface LoginRequest {
  host: string;
  username: string;
  password: string;
}

/** The engine's AuthenticateOKBody. */
interface AuthResponse {
  Status?: string;
  IdentityToken?: string;
}

/**
 * The engine reports a registry that refused the credentials as a 500 whose words are the
 * registry's (`login attempt to http://h/v2/ failed with status: 401 Unauthorized`), or as a 401.
 */
const LOGIN_REFUSED = /failed with status: 40[13]\b|unauthorized|incorrect username or password|authentication required/i;

/** A failed POST /auth as a contract error in the engine's (the registry's) words, never with the secret. */
export function loginError(err: unknown, secret: string): CoreError {
  if (err instanceof CoreError) return new CoreError(err.code, maskSecret(err.message, secret), err.detail);
  if (isAbortError(err) || isUnreachableError(err)) {
    const e = toContractError(err);
    return new CoreError(e.code, e.message, e.detail);
  }
  const status = (err as { statusCode?: unknown })?.statusCode;
  const message = maskSecret(engineMessage(err), secret);
  const detail = typeof status === 'number' ? { status } : undefined;
  if (status === 401 || status === 403 || LOGIN_REFUSED.test(message)) return new CoreError('UNAUTHORIZED', message, detail);
  const code = registryErrorCode(message);
  if (code) return new CoreError(code, message, detail);
  return new CoreError(toContractError(err).code, message, detail);
}

/**
 * `docker login -u user --password-stdin host`: checked by the engine, then stored. When the
 * registry answers with an identity token, the token is stored instead of the password.
 */
export async function login(
  docker: Dockerode,
  credentials: DockerCredentials,
  request: LoginRequest,
  opts: { registryConfig?: RegistryConfigSource } = {},
): Promise<LoginResult> {
  const address = registryAddress(request.host);
  const username = request.username.trim();
  if (!username) throw new CoreError('INVALID_ARGUMENT', 'A user name is required');
  // The engine itself picks https for a registry it does not list as insecure, whatever the
  // scheme typed; a typed `http://` that would not be honoured is said plainly, before the engine
  // (or the registry) hears of the password.
  if (!address.hub && /^http:\/\//i.test(request.host.trim())) await checkPlainHttp(address.host, opts.registryConfig);
  let response: AuthResponse;
  try {
    response = (await docker.checkAuth({
      username,
      password: request.password,
      serveraddress: address.key,
    })) as AuthResponse;
  } catch (err) {
    throw loginError(err, request.password);
  }
  let storedIn: string;
  try {
    storedIn = await credentials.store(address.key, {
      username,
      ...(response?.IdentityToken ? { identityToken: response.IdentityToken } : { password: request.password }),
    });
  } catch (err) {
    const e = loginError(err, request.password);
    throw new CoreError(e.code, `Error saving credentials: ${e.message}`, e.detail);
  }
  return { host: address.host, username, status: response?.Status || 'Login Succeeded', storedIn };
}
