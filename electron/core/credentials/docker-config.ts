// Owns the docker CLI's config.json as a file: reading it (unknown fields kept, key order kept),
// the `auths` entry encoding, and writing it back atomically the way the CLI does (a temp file in
// the same folder, created 0600, then rename), in the CLI's tab-indented JSON. A file that holds a
// secret is always left 0600, whatever mode it had before.
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, readFile, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../engine/engine-errors';

export type JsonObject = Record<string, unknown>;

export const CONFIG_FILE_NAME = 'config.json';

export interface DockerConfigFile {
  path: string;
  exists: boolean;
  /** The whole document; fields Stevedore does not know stay here untouched. */
  data: JsonObject;
}

/** One `auths` entry as config.json holds it (the CLI writes only `auth`, `email`, tokens). */
export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  email?: string;
  identitytoken?: string;
  registrytoken?: string;
  [other: string]: unknown;
}

export const dockerConfigPath = (dir: string): string => path.join(dir, CONFIG_FILE_NAME);

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads `<dir>/config.json`. A missing or empty file is an empty config (as for the CLI). A file
 * that is not a JSON object is an error that names the file but never quotes it: it may hold secrets.
 */
export async function readDockerConfig(dir: string): Promise<DockerConfigFile> {
  const file = dockerConfigPath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path: file, exists: false, data: {} };
    throw new CoreError('IO', `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'read failed'}`);
  }
  if (text.trim() === '') return { path: file, exists: true, data: {} };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CoreError('IO', `${file} is not valid JSON; fix or remove it (Stevedore does not overwrite it)`);
  }
  if (!isObject(data)) throw new CoreError('IO', `${file} does not hold a JSON object; fix or remove it`);
  return { path: file, exists: true, data };
}

/** `auths` as a map; entries that are not objects are skipped (the CLI refuses to load them). */
export function authEntries(data: JsonObject): Record<string, AuthEntry> {
  const auths = data.auths;
  if (!isObject(auths)) return {};
  const out: Record<string, AuthEntry> = {};
  for (const [key, entry] of Object.entries(auths)) if (isObject(entry)) out[key] = entry as AuthEntry;
  return out;
}

export function credsStoreOf(data: JsonObject): string {
  return typeof data.credsStore === 'string' ? data.credsStore : '';
}

export function credHelpersOf(data: JsonObject): Record<string, string> {
  const helpers = data.credHelpers;
  if (!isObject(helpers)) return {};
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(helpers)) if (typeof name === 'string') out[key] = name;
  return out;
}

/** The CLI's ContainsAuth: only a config without any of these lets it pick the platform's default store. */
export function containsAuth(data: JsonObject): boolean {
  return credsStoreOf(data) !== '' || Object.keys(credHelpersOf(data)).length > 0 || Object.keys(authEntries(data)).length > 0;
}

/** `auth` = standard base64 of `user:password`; empty when both are empty (the CLI's encodeAuth). */
export function encodeAuth(username: string, password: string): string {
  if (username === '' && password === '') return '';
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/**
 * The CLI's decodeAuth: null when the string is not base64 of `user:password` with a user name
 * (the CLI would refuse the whole file; here only that entry counts as logged out).
 */
export function decodeAuth(auth: string): { username: string; password: string } | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(auth) || auth.length % 4 !== 0) return null;
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '') };
}

/**
 * The CLI writes json.MarshalIndent(config, "", "\t"): tab indentation, no trailing newline, and
 * Go's HTML-safe escapes for <, >, & and the two JS line separators (these only occur in strings).
 */
export function serializeDockerConfig(data: JsonObject): string {
  return JSON.stringify(data, null, '\t')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Where a write to `file` must land: the target of a symlink (dangling or not), else the file. */
async function writeTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    try {
      return path.resolve(path.dirname(file), await readlink(file));
    } catch {
      return file;
    }
  }
}

/** Whether a config.json document holds a secret: an `auths` entry with a password, `auth` or token in it. */
export function holdsSecret(data: JsonObject): boolean {
  return Object.values(authEntries(data)).some((e) =>
    [e.auth, e.password, e.identitytoken, e.registrytoken].some((v) => typeof v === 'string' && v !== ''),
  );
}

export interface AtomicWriteOptions {
  /**
   * The text is a secret: the file ends up 0600 even when the old one was readable by others
   * (the CLI keeps a 0644 config.json 0644 after a login; Stevedore does not).
   */
  secret?: boolean;
}

/**
 * Replaces `file` with `text` so that readers see the old or the new file, never half of one:
 * a temp file beside it (created 0600), synced, given the old file's owner and mode (or kept 0600
 * for a secret), renamed over.
 */
export async function writeFileAtomic(file: string, text: string, opts: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const target = await writeTarget(file);
  const previous = await stat(target).catch(() => undefined);
  const temp = path.join(path.dirname(target), `${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.secret) await chmod(temp, 0o600);
    else if (previous) await chmod(temp, previous.mode & 0o7777);
    if (previous) {
      // Only root can give a file away; for anyone else the owner is already theirs.
      await chown(temp, previous.uid, previous.gid).catch(() => undefined);
    }
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new CoreError('IO', `Cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}`);
  }
}

const pending = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier update of the same file in this process has finished. */
export function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = pending.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.catch(() => undefined);
  pending.set(key, settled);
  void settled.then(() => {
    if (pending.get(key) === settled) pending.delete(key);
  });
  return run;
}

/**
 * Read-modify-write of `<dir>/config.json`, one at a time per file. `change` gets the current
 * document and returns the new one (or null to leave the file alone) plus a value to hand back.
 */
export function updateDockerConfig<T>(
  dir: string,
  change: (config: DockerConfigFile) => Promise<{ data: JsonObject | null; value: T }>,
): Promise<T> {
  const file = dockerConfigPath(dir);
  return serialized(path.resolve(file), async () => {
    const config = await readDockerConfig(dir);
    const { data, value } = await change(config);
    if (data) await writeFileAtomic(config.path, serializeDockerConfig(data), { secret: holdsSecret(data) });
    return value;
  });
}

/** `data` with an `auths` object in it (first, where the CLI puts it, when it was missing). */
export function withAuths(data: JsonObject): { data: JsonObject; auths: JsonObject } {
  if (isObject(data.auths)) return { data, auths: data.auths };
  const auths: JsonObject = {};
  const rest = { ...data };
  delete rest.auths;
  return { data: { auths, ...rest }, auths };
}
