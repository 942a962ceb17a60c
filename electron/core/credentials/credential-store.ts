// Owns where registry credentials live and how they are read, stored and erased, exactly as the
// docker CLI decides: credHelpers[key], else credsStore (or the platform's default helper when
// config.json names no store at all), else the `auths` entries of config.json. Everything is read
// from disk on each call, so a `docker login` made in a terminal is seen at once.
import type { AuthConfig, AuthResolver } from './auth-hook';
import {
  type AuthEntry,
  authEntries,
  containsAuth,
  credHelpersOf,
  credsStoreOf,
  decodeAuth,
  encodeAuth,
  type JsonObject,
  readDockerConfig,
  updateDockerConfig,
  withAuths,
} from './docker-config';
import {
  HELPER_NAME_RE,
  HELPER_PREFIX,
  type HelperRunner,
  helperErase,
  helperGet,
  helperOnPath,
  helperStore,
  programOnPath,
  spawnHelper,
  TOKEN_USERNAME,
} from './credential-helper';
import { CoreError } from '../engine/engine-errors';
import { convertToHostname, HUB_SERVER_ADDRESS, isHubAddress, registryAddress } from './registry-host';

/** What other modules need from the credentials: the resolver and the login's user name. */
export interface RegistryCredentials {
  /** The CLI's ResolveAuthConfig for a registry host (`docker.io` for Docker Hub); null when logged out. */
  authFor: AuthResolver;
  /** The user name stored for `host`, to suggest `user/image`; never the secret. */
  usernameFor(host: string): Promise<string | undefined>;
}

export interface StoreChoice {
  kind: 'file' | 'helper';
  /** The helper's suffix (`pass` for docker-credential-pass). */
  helper?: string;
}

export interface LoginState {
  key: string;
  store: StoreChoice;
  loggedIn: boolean;
  username?: string;
}

export interface DockerCredentialsOptions {
  /** The docker CLI's config folder (DOCKER_CONFIG or ~/.docker). */
  configDir: string;
  /** Environment helpers are looked up in (PATH) and run with; default process.env. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Replaces process spawning (protocol tests). */
  runHelper?: HelperRunner;
}

export interface StoredLogin {
  username: string;
  password?: string;
  /** Set when the registry answered the login with an identity token: it is stored instead of the password. */
  identityToken?: string;
}

/** AuthConfig fields the CLI blanks before writing an `auths` entry (only `auth` carries them). */
const BLANKED_FIELDS = ['auth', 'username', 'password', 'serveraddress', 'identitytoken'] as const;
/** A helper name becomes part of a program name: no path separators or anything a shell would read. */

function checkedHelper(name: string): string {
  if (!HELPER_NAME_RE.test(name)) {
    throw new CoreError('INVALID_ARGUMENT', `config.json names a credential helper Stevedore will not run: "${name.slice(0, 100)}"`);
  }
  return name;
}

/**
 * An app started from the macOS Finder gets a PATH without /usr/local/bin or Homebrew, where
 * Docker Desktop and brew put docker-credential-osxkeychain; a terminal's CLI finds it there.
 */
const MAC_HELPER_DIRS = ['/usr/local/bin', '/opt/homebrew/bin', '/Applications/Docker.app/Contents/Resources/bin'];

export function helperEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): NodeJS.ProcessEnv {
  if (platform !== 'darwin') return env;
  const dirs = (env.PATH ?? '').split(':').filter(Boolean);
  const missing = MAC_HELPER_DIRS.filter((d) => !dirs.includes(d));
  return missing.length ? { ...env, PATH: [...dirs, ...missing].join(':') } : env;
}

/** The CLI's defaultCredentialsStore for each platform (Linux: pass when `pass` is installed). */
async function platformDefaultStore(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Promise<string> {
  if (platform === 'darwin') return 'osxkeychain';
  if (platform === 'win32') return 'wincred';
  if (platform === 'linux') return (await programOnPath('pass', env)) ? 'pass' : 'secretservice';
  return '';
}

/** The entry an `auths` key holds for `key`, or the first legacy key (`https://host/`) that means it. */
function fileEntry(data: JsonObject, key: string): { key: string; entry: AuthEntry } | undefined {
  const entries = authEntries(data);
  if (entries[key]) return { key, entry: entries[key] };
  for (const [stored, entry] of Object.entries(entries)) if (convertToHostname(stored) === key) return { key: stored, entry };
  return undefined;
}

/** The entry as the CLI writes it: `auth` first, no clear-text fields, other fields kept. */
function rewrittenEntry(old: AuthEntry | undefined, auth: string, identityToken?: string): AuthEntry {
  const rest: AuthEntry = { ...(old ?? {}) };
  for (const f of BLANKED_FIELDS) delete rest[f];
  const entry: AuthEntry = {};
  if (auth) entry.auth = auth;
  if (typeof rest.email === 'string') entry.email = rest.email;
  if (identityToken) entry.identitytoken = identityToken;
  return { ...entry, ...rest };
}

function authFromEntry(entry: AuthEntry, serverAddress: string): AuthConfig | null {
  const auth: AuthConfig = {};
  const decoded = typeof entry.auth === 'string' && entry.auth !== '' ? decodeAuth(entry.auth) : null;
  const username = decoded?.username ?? (typeof entry.username === 'string' ? entry.username : '');
  const password = decoded?.password ?? (typeof entry.password === 'string' ? entry.password : '');
  if (username) auth.username = username;
  if (password) auth.password = password;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) auth.identitytoken = entry.identitytoken;
  if (typeof entry.registrytoken === 'string' && entry.registrytoken) auth.registrytoken = entry.registrytoken;
  if (!auth.username && !auth.password && !auth.identitytoken && !auth.registrytoken) return null;
  if (typeof entry.email === 'string' && entry.email) auth.email = entry.email;
  auth.serveraddress = serverAddress;
  return auth;
}

/** The credentials the docker CLI would use, in the same places it keeps them. */
export class DockerCredentials implements RegistryCredentials {
  readonly configDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly platform: NodeJS.Platform;
  private readonly run: HelperRunner;

  constructor(opts: DockerCredentialsOptions) {
    this.configDir = opts.configDir;
    this.platform = opts.platform ?? process.platform;
    this.env = opts.env ?? helperEnv(process.env, this.platform);
    this.run = opts.runHelper ?? spawnHelper({ env: this.env });
  }

  /**
   * The CLI's DetectDefaultStore: a config that names no store and holds no login gets the
   * platform's helper, when that program is installed (and the CLI then writes it as credsStore).
   */
  async effectiveCredsStore(data: JsonObject): Promise<{ name: string; detected: boolean }> {
    const named = credsStoreOf(data);
    if (named || containsAuth(data)) return { name: named, detected: false };
    const fallback = await platformDefaultStore(this.platform, this.env);
    if (fallback && (await helperOnPath(fallback, this.env))) return { name: fallback, detected: true };
    return { name: '', detected: false };
  }

  /** getConfiguredCredentialStore: credHelpers[key] beats credsStore; neither means the file. */
  async storeFor(data: JsonObject, key: string): Promise<StoreChoice & { detected?: boolean }> {
    const helper = key ? credHelpersOf(data)[key] : undefined;
    if (helper) return { kind: 'helper', helper: checkedHelper(helper) };
    const store = await this.effectiveCredsStore(data);
    if (store.name) return { kind: 'helper', helper: checkedHelper(store.name), detected: store.detected };
    return { kind: 'file' };
  }

  /** The credentials stored under `key` in this config (nativeStore.Get / fileStore.Get). */
  async getFrom(data: JsonObject, key: string): Promise<AuthConfig | null> {
    return this.getIn(data, key, await this.storeFor(data, key));
  }

  /** getFrom with the store already worked out (loginStates needs the choice too; it is worked out once). */
  private async getIn(data: JsonObject, key: string, store: StoreChoice): Promise<AuthConfig | null> {
    if (store.kind === 'file') {
      const found = fileEntry(data, key);
      return found ? authFromEntry(found.entry, found.key) : null;
    }
    const creds = await helperGet(this.run, store.helper as string, key);
    if (!creds || (!creds.Username && !creds.Secret)) return null;
    const email = authEntries(data)[key]?.email;
    const auth: AuthConfig =
      creds.Username === TOKEN_USERNAME ? { identitytoken: creds.Secret } : { username: creds.Username, password: creds.Secret };
    if (typeof email === 'string' && email) auth.email = email;
    auth.serveraddress = key;
    return auth;
  }

  /** ResolveAuthConfig: Docker Hub under its index address, any other registry under its host. */
  readonly authFor: AuthResolver = async (host) => {
    const { data } = await readDockerConfig(this.configDir);
    return this.getFrom(data, isHubAddress(host) ? HUB_SERVER_ADDRESS : host);
  };

  async usernameFor(host: string): Promise<string | undefined> {
    return (await this.authFor(host))?.username || undefined;
  }

  /** Login state of each key in `data` (a config.json document), for the registries list. A failing helper reads as logged out. */
  async loginStates(data: JsonObject, keys: readonly string[]): Promise<Map<string, LoginState>> {
    const states = new Map<string, LoginState>();
    for (const key of keys) {
      let store: StoreChoice = { kind: 'file' };
      let auth: AuthConfig | null = null;
      try {
        const choice = await this.storeFor(data, key);
        store = choice.helper ? { kind: 'helper', helper: choice.helper } : { kind: 'file' };
        auth = await this.getIn(data, key, store);
      } catch {
        // One broken helper must not hide every other registry; that one shows as logged out.
      }
      const state: LoginState = { key, store, loggedIn: auth !== null };
      if (auth?.username) state.username = auth.username;
      states.set(key, state);
    }
    return states;
  }

  /** The config.json document as it is now (for listing its registries). */
  async config(): Promise<JsonObject> {
    return (await readDockerConfig(this.configDir)).data;
  }

  /**
   * Stores a checked login under `key` where the CLI would (`creds.Store`): through the helper,
   * leaving an `auths` entry without secrets, or as the `auth` of the entry. Returns where it went.
   * Nothing is written when the helper fails.
   */
  store(key: string, login: StoredLogin): Promise<string> {
    return updateDockerConfig(this.configDir, async (config) => {
      const store = await this.storeFor(config.data, key);
      const withEntries = withAuths(config.data);
      const auths = withEntries.auths;
      let data = withEntries.data;
      const old = auths[key] as AuthEntry | undefined;
      if (store.kind === 'helper') {
        const helper = store.helper as string;
        await helperStore(this.run, helper, {
          ServerURL: key,
          Username: login.identityToken ? TOKEN_USERNAME : login.username,
          Secret: login.identityToken ?? login.password ?? '',
        });
        auths[key] = rewrittenEntry(old, '');
        if (store.detected) data = { ...data, credsStore: helper };
        return { data, value: HELPER_PREFIX + helper };
      }
      const secret = login.identityToken ? '' : (login.password ?? '');
      auths[key] = rewrittenEntry(old, encodeAuth(login.username, secret), login.identityToken);
      return { data, value: config.path };
    });
  }

  /**
   * `docker logout`: erases the address as given and, for a registry other than Docker Hub, its
   * host, http://host and https://host, each from the store the CLI would pick for that key.
   * `removed` says whether anything was there. Throws only when an erase failed and none succeeded.
   */
  erase(input: string): Promise<{ host: string; removed: boolean }> {
    const address = registryAddress(input);
    const typed = input.trim();
    const keys = address.hub
      ? [HUB_SERVER_ADDRESS]
      : [...new Set([typed, address.host, `http://${address.host}`, `https://${address.host}`])];
    return updateDockerConfig(this.configDir, async (config) => {
      const data = config.data;
      const auths = authEntries(data);
      let removed = false;
      let changed = false;
      let failure: unknown;
      for (const key of keys) {
        try {
          const store = await this.storeFor(data, key);
          // nativeStore.Erase: the helper first; the file entry goes only when the helper erased
          // something (its "not found" is an error to the CLI, which then leaves the entry alone).
          if (store.kind === 'helper') {
            if (!(await helperErase(this.run, store.helper as string, key))) continue;
            removed = true;
          }
          if (key in auths) {
            delete (data.auths as JsonObject)[key];
            removed = true;
            changed = true;
          }
        } catch (err) {
          failure ??= err;
        }
      }
      if (!removed && failure) throw failure;
      return { data: changed ? data : null, value: { host: address.host, removed } };
    });
  }
}

export function createDockerCredentials(opts: DockerCredentialsOptions): DockerCredentials {
  return new DockerCredentials(opts);
}
