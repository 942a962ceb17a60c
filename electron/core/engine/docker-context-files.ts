// Owns the docker CLI's context store as files and words: the context-name rule, meta.json's shape
// (read from someone else's disk, so every field is checked and a wrong one is a reason, never a
// crash), the exact bytes the CLI writes, the CLI's name order, an engine address checked by the
// same door as the settings' engine, and a bounded, symlink-refusing file read.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CoreError } from './engine-errors';
import { endpointFromSetting, type ResolveEnv } from './engine-endpoint';
import { parseSshUrl } from './ssh-transport';
import type { EngineEndpointSetting } from '../../../shared/contract';

/** The CLI's rule (cli/context/store): at least two characters, the first alphanumeric. */
export const CONTEXT_NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$';
const CONTEXT_NAME = new RegExp(CONTEXT_NAME_PATTERN);
/** The CLI has no bound; ours matches the settings' context name (shared/shell.ts). */
export const MAX_CONTEXT_NAME = 255;
/** Real meta.json files are a few hundred bytes; anything this big is not one. */
export const MAX_META_BYTES = 64 * 1024;
/** config.json holds credentials too, so it may be larger; still bounded. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** A PEM certificate chain or key. */
export const MAX_PEM_BYTES = 1024 * 1024;
export const MAX_DESCRIPTION = 1024;
const MAX_HOST = 4096;

/** Whether a string holds a C0 control character or DEL (a name or address with one is never meant). */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The default context's description as `docker context ls` prints it. */
export const DEFAULT_CONTEXT_DESCRIPTION = 'Current DOCKER_HOST based configuration';

/** Throws INVALID_ARGUMENT in the CLI's words for a name `docker context create` refuses. */
export function checkContextName(name: string): void {
  if (name === '') throw new CoreError('INVALID_ARGUMENT', 'context name cannot be empty');
  if (name === 'default') throw new CoreError('INVALID_ARGUMENT', '"default" is a reserved context name');
  if (name.length > MAX_CONTEXT_NAME || !CONTEXT_NAME.test(name)) {
    const shown = JSON.stringify(name.slice(0, MAX_CONTEXT_NAME));
    throw new CoreError(
      'INVALID_ARGUMENT',
      `context name ${shown} is invalid, names are validated against regexp "${CONTEXT_NAME_PATTERN}"`,
    );
  }
}

/** What a meta.json says, or why it says nothing usable. */
export interface ContextMeta {
  /** '' when the file names none (the CLI lists such a context under an empty name). */
  name: string;
  description: string;
  /** The docker endpoint's Host, '' when there is none. */
  host: string;
  skipTlsVerify: boolean;
  error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * meta.json as the CLI reads it (Name, Metadata.Description, Endpoints.docker.{Host,SkipTLSVerify}).
 * Where the CLI's `docker context ls` fails as a whole (bad JSON, a field of the wrong type) or even
 * panics (a Description that is not a string), this returns the context with an `error`.
 */
export function parseContextMeta(text: string): ContextMeta {
  const out: ContextMeta = { name: '', description: '', host: '', skipTlsVerify: false };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ...out, error: `meta.json is not valid JSON: ${(err as Error).message}` };
  }
  if (doc === null) return { ...out, error: 'cannot find docker endpoint in context' };
  if (!isObject(doc)) return { ...out, error: 'meta.json does not hold a JSON object' };
  const wrong = (field: string, kind: string) => ({ ...out, error: `meta.json: ${field} is not ${kind}` });
  if (doc.Name !== undefined && doc.Name !== null) {
    if (typeof doc.Name !== 'string') return wrong('Name', 'a string');
    out.name = doc.Name.slice(0, MAX_CONTEXT_NAME + 1);
  }
  const metadata = doc.Metadata;
  if (metadata !== undefined && metadata !== null) {
    if (!isObject(metadata)) return wrong('Metadata', 'an object');
    if (metadata.Description !== undefined && metadata.Description !== null) {
      if (typeof metadata.Description !== 'string') return wrong('Metadata.Description', 'a string');
      out.description = metadata.Description.slice(0, MAX_DESCRIPTION);
    }
  }
  const endpoints = doc.Endpoints;
  if (endpoints !== undefined && endpoints !== null && !isObject(endpoints)) return wrong('Endpoints', 'an object');
  const docker = endpoints?.docker;
  if (docker === undefined || docker === null) return { ...out, error: 'cannot find docker endpoint in context' };
  if (!isObject(docker)) return wrong('Endpoints.docker', 'an object');
  if (docker.Host !== undefined && docker.Host !== null && typeof docker.Host !== 'string')
    return wrong('Endpoints.docker.Host', 'a string');
  if (docker.SkipTLSVerify !== undefined && docker.SkipTLSVerify !== null && typeof docker.SkipTLSVerify !== 'boolean') {
    return wrong('Endpoints.docker.SkipTLSVerify', 'true or false');
  }
  out.host = typeof docker.Host === 'string' ? docker.Host.slice(0, MAX_HOST + 1) : '';
  out.skipTlsVerify = docker.SkipTLSVerify === true;
  return out;
}

/** meta.json byte for byte as `docker context create NAME [--description D] --docker host=H[,skip-tls-verify=B]` writes it. */
export function contextMetaJson(name: string, description: string, host: string, skipTlsVerify: boolean): string {
  const metadata = description ? { Description: description } : {};
  return JSON.stringify({ Name: name, Metadata: metadata, Endpoints: { docker: { Host: host, SkipTLSVerify: skipTlsVerify } } });
}

/**
 * The CLI's order for context names (fvbommel/sortorder NaturalLess): runs of digits compare by
 * value and sort before any other character, everything else byte by byte, so ctx-2 comes before
 * ctx-10, x1 before x+2 and "B" before "a".
 */
export function naturalCompare(a: string, b: string): number {
  const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const da = isDigit(a, i);
    const db = isDigit(b, j);
    if (da !== db) return da ? -1 : 1; // a digit sorts before any other character
    if (!da) {
      if (a[i] !== b[j]) return a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
      continue;
    }
    // Two runs of digits: by value (leading zeros skipped), then fewer leading zeros first.
    const zi = i;
    const zj = j;
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    const si = i;
    const sj = j;
    while (isDigit(a, i)) i++;
    while (isDigit(b, j)) j++;
    const x = a.slice(si, i);
    const y = b.slice(sj, j);
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
    if (si - zi !== sj - zj) return si - zi - (sj - zj);
  }
  return a.length - i - (b.length - j);
}

/**
 * An engine address (unix://, npipe://, tcp://, ssh://) checked by the doors the settings' engine
 * goes through (`endpointFromSetting`, `parseSshUrl`), returned in the form the endpoint prints.
 * A tcp:// address without a port gets the CLI's default (2376 with TLS, else 2375).
 */
export function checkEngineHost(host: string, tls: boolean, configDir: string, r?: ResolveEnv): string {
  const refuse = (why: string) => new CoreError('INVALID_ARGUMENT', `invalid engine address ${JSON.stringify(host.slice(0, 256))}: ${why}`);
  if (host.length > MAX_HOST) throw refuse('too long');
  if (hasControl(host)) throw refuse('control characters');
  const scheme = /^([a-z]+):\/\//.exec(host)?.[1];
  let setting: EngineEndpointSetting;
  switch (scheme) {
    case 'unix':
      setting = { kind: 'socket', path: host.slice('unix://'.length) };
      break;
    case 'npipe': {
      const path = host.slice('npipe://'.length);
      if (!/^\/\/\.\/pipe\/[^/\\]+$/.test(path)) throw refuse('a named pipe is npipe:////./pipe/<name>');
      setting = { kind: 'socket', path };
      break;
    }
    case 'tcp': {
      let url: URL;
      try {
        url = new URL(host);
      } catch {
        throw refuse('not a URL');
      }
      if (url.username || url.password || url.search || url.hash || (url.pathname !== '' && url.pathname !== '/')) {
        throw refuse('a tcp address is tcp://host:port and nothing more');
      }
      if (!url.hostname) throw refuse('hostname is empty');
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      setting = { kind: 'tcp', host: hostname, port: url.port ? Number(url.port) : tls ? 2376 : 2375, tls: false };
      break;
    }
    case 'ssh':
      parseSshUrl(host); // INVALID_ARGUMENT for a user, host or path ssh would read as an option
      return host;
    default:
      throw refuse('the scheme must be unix://, npipe://, tcp:// or ssh://');
  }
  return endpointFromSetting(setting, configDir, r).host;
}

export type BoundedRead = { ok: true; text: string } | { ok: false; error: string; missing?: boolean };

/**
 * A whole file of at most `limit` bytes. Opened non-blocking (a FIFO planted under the name cannot
 * hang the read) and, unless `followLinks`, without following a symbolic link; a file that is not
 * regular or is too big is a reason, not its contents.
 */
export async function readBounded(path: string, limit: number, followLinks = false): Promise<BoundedRead> {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (followLinks ? 0 : (constants.O_NOFOLLOW ?? 0));
  let handle;
  try {
    handle = await open(path, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, error: 'no such file', missing: true };
    if (code === 'ELOOP') return { ok: false, error: 'is a symbolic link; Stevedore does not follow it' };
    return { ok: false, error: `cannot be read (${code ?? 'error'})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, error: 'is not a regular file' };
    if (info.size > limit) return { ok: false, error: `is ${info.size} bytes, more than the ${limit} Stevedore reads` };
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    while (length <= limit) {
      const { bytesRead } = await handle.read(buffer, length, limit + 1 - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    // It grew after the stat: still not read past the bound.
    if (length > limit) return { ok: false, error: `is more than the ${limit} bytes Stevedore reads` };
    return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
  } catch (err) {
    return { ok: false, error: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    await handle.close();
  }
}
