// Owns listing docker contexts as `docker context ls` does: the implicit `default` (DOCKER_HOST or
// the default socket), every contexts/meta/<folder>/meta.json under the docker config folder, and
// which one is current (DOCKER_HOST, else DOCKER_CONTEXT, else config.json currentContext, else
// default). The files are someone else's and may be hostile: where the CLI fails the whole listing
// (bad JSON, a wrong type), panics, or follows a link, each context is listed with its reason instead.
import { lstat, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CONTEXT_DESCRIPTION,
  MAX_CONFIG_BYTES,
  MAX_CONTEXT_NAME,
  MAX_META_BYTES,
  checkEngineHost,
  naturalCompare,
  parseContextMeta,
  readBounded,
} from './docker-context-files';
import { contextDigest, dockerConfigDir, endpointFromSetting, type ResolveEnv } from './engine-endpoint';
import { mapLimited } from '../support/map-limited';

export interface DockerContextTls {
  ca: boolean;
  cert: boolean;
  key: boolean;
}

export interface DockerContextInfo {
  /** As the file names it ('' when it names none, as the CLI lists it). */
  name: string;
  description: string;
  /** The docker endpoint's Host as written ('' when there is none). */
  host: string;
  skipTlsVerify: boolean;
  /** Which of contexts/tls/<folder>/docker/{ca,cert,key}.pem exist as regular files. */
  tls: DockerContextTls;
  current: boolean;
  /** `default`: the implicit one; `store`: a meta.json; `missing`: the current name, which no meta.json has. */
  origin: 'default' | 'store' | 'missing';
  /** The folder under contexts/meta ('' for default and missing). */
  folder: string;
  /** Why Stevedore cannot use it; the CLI fails or lists an error for most of these too. */
  error?: string;
}

export interface DockerContextList {
  contexts: DockerContextInfo[];
  /** The current context's name, as the CLI resolves it. */
  current: string;
  /** The CLI's warning when DOCKER_HOST overrides the contexts; or why config.json was not read. */
  warnings: string[];
  /** More folders than Stevedore reads; the rest are not listed. */
  truncated: boolean;
}

/** Bounds on a folder tree someone else controls (the CLI walks it unbounded). */
const MAX_CONTEXT_FOLDERS = 1000;
const MAX_FOLDER_DEPTH = 4;
/** Folders looked into at all, context or not: a planted tree of empty folders stays cheap. */
const MAX_FOLDERS_VISITED = 5000;
const NO_TLS: DockerContextTls = { ca: false, cert: false, key: false };

const defaultEnv = (): ResolveEnv => ({ env: process.env, platform: process.platform, home: homedir() });

export const contextsDir = (configDir: string): string => join(configDir, 'contexts');

/**
 * Every folder under contexts/meta holding a meta.json entry, relative to it, as the CLI walks:
 * recursively, through real folders only (a symlinked folder is not one, for the CLI either).
 */
async function metaFolders(root: string): Promise<{ folders: string[]; truncated: boolean }> {
  const folders: string[] = [];
  let truncated = false;
  let visited = 0;
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (++visited > MAX_FOLDERS_VISITED) {
      truncated = true;
      return;
    }
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      return; // no meta folder yet, or one we may not read: no contexts there
    }
    const names = entries.map((e) => e.name).sort();
    if (rel && names.includes('meta.json')) folders.push(rel);
    if (depth >= MAX_FOLDER_DEPTH) return;
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (folders.length >= MAX_CONTEXT_FOLDERS || visited >= MAX_FOLDERS_VISITED) {
        truncated = true;
        return;
      }
      await walk(rel ? join(rel, entry.name) : entry.name, depth + 1);
    }
  };
  await walk('', 0);
  return { folders: folders.slice(0, MAX_CONTEXT_FOLDERS), truncated };
}

async function tlsFiles(configDir: string, folder: string): Promise<DockerContextTls> {
  const dir = join(contextsDir(configDir), 'tls', folder, 'docker');
  const isFile = (name: string) =>
    lstat(join(dir, name)).then(
      (s) => s.isFile(),
      () => false,
    );
  const [ca, cert, key] = await Promise.all([isFile('ca.pem'), isFile('cert.pem'), isFile('key.pem')]);
  return { ca, cert, key };
}

async function readContext(configDir: string, folder: string, r: ResolveEnv): Promise<DockerContextInfo | undefined> {
  const file = join(contextsDir(configDir), 'meta', folder, 'meta.json');
  const read = await readBounded(file, MAX_META_BYTES);
  const base = { description: '', host: '', skipTlsVerify: false, tls: NO_TLS, current: false, origin: 'store' as const, folder };
  if (!read.ok) {
    if (read.missing) return undefined; // gone since the walk, as the CLI skips it
    return { ...base, name: '', error: `meta.json ${read.error}` };
  }
  const meta = parseContextMeta(read.text);
  const info: DockerContextInfo = { ...base, ...meta, tls: meta.error ? NO_TLS : await tlsFiles(configDir, folder) };
  if (meta.error) return info;
  if (meta.name === 'default')
    return { ...info, error: '"default" is a reserved context name: the docker CLI uses its own default instead' };
  // The CLI lists such a file under its Name but finds contexts by sha256(name): `docker context
  // use/inspect NAME` says "context not found". Flagged, so it is never offered as usable.
  if (contextDigest(meta.name) !== folder) {
    return {
      ...info,
      error: `its folder is not the sha256 of its name ${JSON.stringify(meta.name)}: the docker CLI cannot use it by name`,
    };
  }
  try {
    checkEngineHost(meta.host, info.tls.ca || info.tls.cert, configDir, r);
  } catch (err) {
    return { ...info, error: (err as Error).message };
  }
  return info;
}

/** config.json's currentContext; a file that cannot be read is a warning and no current context, never a failure. */
async function currentFromConfig(configDir: string, warnings: string[]): Promise<string | undefined> {
  const read = await readBounded(join(configDir, 'config.json'), MAX_CONFIG_BYTES, true);
  if (!read.ok) {
    if (!read.missing) warnings.push(`config.json ${read.error}`);
    return undefined;
  }
  if (read.text.trim() === '') return undefined;
  try {
    const doc = JSON.parse(read.text) as unknown;
    const current = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).currentContext : undefined;
    return typeof current === 'string' && current !== '' ? current : undefined;
  } catch {
    warnings.push('config.json is not valid JSON; its currentContext is not read');
    return undefined;
  }
}

/** `docker context ls`: every context, the current one marked, in the CLI's order. */
export async function listDockerContexts(r: ResolveEnv = defaultEnv()): Promise<DockerContextList> {
  const configDir = dockerConfigDir(r);
  const warnings: string[] = [];
  const envHost = r.env.DOCKER_HOST || '';
  if (envHost) {
    warnings.push(
      'DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.',
    );
  }
  const configured = r.env.DOCKER_CONTEXT || (await currentFromConfig(configDir, warnings));
  // Someone else's words: bounded like a name from meta.json.
  const current = envHost ? 'default' : (configured || 'default').slice(0, MAX_CONTEXT_NAME + 1);

  const { folders, truncated } = await metaFolders(join(contextsDir(configDir), 'meta'));
  const stored = (await mapLimited(folders, 8, (folder) => readContext(configDir, folder, r))).filter(
    (c): c is DockerContextInfo => c !== undefined,
  );
  const defaultHost = envHost || endpointFromSetting({ kind: 'context', name: 'default' }, configDir, r).host;
  const contexts: DockerContextInfo[] = [
    {
      name: 'default',
      description: DEFAULT_CONTEXT_DESCRIPTION,
      host: defaultHost,
      skipTlsVerify: false,
      tls: NO_TLS,
      current: false,
      origin: 'default',
      folder: '',
    },
    ...stored,
  ];
  // Only a usable context can be the current one; a flagged file under the same name is not it.
  const match = contexts.find((c) => c.name === current && !c.error);
  if (match) match.current = true;
  else
    contexts.push({
      ...contexts[0],
      name: current,
      description: '',
      host: '',
      origin: 'missing',
      current: true,
      error: `context ${JSON.stringify(current)}: context not found`,
    });
  contexts.sort((a, b) => naturalCompare(a.name, b.name) || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  return { contexts, current, warnings, truncated };
}
