// Owns "Use as docker context": writing a new context exactly as `docker context create NAME
// [--description D] --docker host=H[,ca=,cert=,key=][,skip-tls-verify=true]` would, so the CLI then
// lists and uses it. Only the new name's own folders are written (contexts/meta/<sha256 of name>
// and contexts/tls/<sha256 of name>/docker); meta.json appears whole or not at all (a temp file
// linked into place, which also refuses a meta.json that appeared meanwhile), and it is written
// last, so a failure before it leaves no context; whatever this call created is removed on failure.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, rmdir, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import {
  MAX_DESCRIPTION,
  MAX_PEM_BYTES,
  checkContextName,
  checkEngineHost,
  contextMetaJson,
  hasControl,
  readBounded,
} from './docker-context-files';
import { contextsDir, type DockerContextInfo } from './docker-contexts';
import { contextDigest, dockerConfigDir, type ResolveEnv } from './engine-endpoint';
import { CoreError } from './engine-errors';

export interface NewDockerContext {
  name: string;
  description?: string;
  /** unix://, npipe://, tcp:// or ssh:// (checked like the settings' engine). */
  host: string;
  skipTlsVerify?: boolean;
  /** Absolute paths of PEM files copied into the context, as `--docker ca=...,cert=...,key=...`. */
  tls?: { ca?: string; cert?: string; key?: string };
}

type PemName = 'ca.pem' | 'cert.pem' | 'key.pem';
const PEM_FILES: readonly PemName[] = ['ca.pem', 'cert.pem', 'key.pem'];

/** Create-only, never through a symlink planted under the name. */
const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

const defaultEnv = (): ResolveEnv => ({ env: process.env, platform: process.platform, home: homedir() });
const invalid = (message: string) => new CoreError('INVALID_ARGUMENT', message);

/** The PEM files to copy, read now (bounded), so nothing is written before every input is known good. */
async function readTlsSources(tls: NewDockerContext['tls']): Promise<Map<PemName, Buffer>> {
  const out = new Map<PemName, Buffer>();
  if (!tls) return out;
  if (Boolean(tls.cert) !== Boolean(tls.key))
    throw invalid('a client certificate and its key go together: give both cert and key, or neither');
  const sources: [PemName, string | undefined][] = [
    ['ca.pem', tls.ca],
    ['cert.pem', tls.cert],
    ['key.pem', tls.key],
  ];
  for (const [name, path] of sources) {
    if (!path) continue;
    if (!isAbsolute(path)) throw invalid(`The ${name.replace('.pem', '')} file must be an absolute path: ${path}`);
    // The person picked this file: a link to it is followed, as the CLI reads it.
    const read = await readBounded(path, MAX_PEM_BYTES, true);
    if (!read.ok) throw invalid(`${path} ${read.error}`);
    if (!read.text.includes('-----BEGIN ')) throw invalid(`${path} is not a PEM file`);
    out.set(name, Buffer.from(read.text, 'utf8'));
  }
  return out;
}

/** mkdir that reports whether it made the folder, and refuses anything but a real folder in the way. */
async function ensureDir(path: string, mode: number): Promise<boolean> {
  try {
    await mkdir(path, { mode });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const info = await lstat(path);
  if (!info.isDirectory()) throw new CoreError('IO', `${path} is not a folder (a link or a file is in the way); nothing was written`);
  return false;
}

/**
 * Makes base/parts[0]/parts[1]/… one folder at a time, each one already there checked to be a real
 * folder: mkdir's `recursive` follows a link planted at `contexts`, `contexts/meta` or
 * `contexts/tls`, which would aim every write and unlink below it outside the store.
 */
async function ensureDirsUnder(base: string, parts: string[], mode: number): Promise<void> {
  let path = base;
  for (const part of parts) {
    path = join(path, part);
    await ensureDir(path, mode);
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
}

/** Whether every path is a real folder (false when one is absent); IO error when a link or file is in the way. */
async function realDirs(paths: string[]): Promise<boolean> {
  for (const path of paths) {
    if (!(await exists(path))) return false;
    if (!(await lstat(path)).isDirectory())
      throw new CoreError('IO', `${path} is not a folder (a link or a file is in the way); nothing was written`);
  }
  return true;
}

async function writeNew(path: string, data: Buffer | string, mode: number): Promise<void> {
  const handle = await open(path, EXCLUSIVE, mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes the context; CONFLICT in the CLI's words when the name exists, INVALID_ARGUMENT for a
 * name, description, address or TLS file the CLI (or the settings' engine door) would refuse.
 */
export async function createDockerContext(spec: NewDockerContext, r: ResolveEnv = defaultEnv()): Promise<DockerContextInfo> {
  checkContextName(spec.name);
  const description = spec.description ?? '';
  if (description.length > MAX_DESCRIPTION || hasControl(description)) {
    throw invalid(`The description must be one line of at most ${MAX_DESCRIPTION} characters`);
  }
  const configDir = dockerConfigDir(r);
  const pems = await readTlsSources(spec.tls);
  const host = checkEngineHost(spec.host, pems.size > 0, configDir, r);
  const skipTlsVerify = spec.skipTlsVerify === true;

  const digest = contextDigest(spec.name);
  const root = contextsDir(configDir);
  const metaDir = join(root, 'meta', digest);
  const metaFile = join(metaDir, 'meta.json');
  const tlsDir = join(root, 'tls', digest, 'docker');
  const conflict = () => new CoreError('CONFLICT', `context "${spec.name}" already exists`);

  // The config folder itself may be made as the CLI makes it; below it, no link is followed.
  await mkdir(configDir, { recursive: true, mode: 0o755 });
  await ensureDirsUnder(configDir, [relative(configDir, root), 'meta'], 0o755);
  const madeMetaDir = await ensureDir(metaDir, 0o755);
  const written: string[] = [];
  const madeDirs: string[] = madeMetaDir ? [metaDir] : [];
  const temp = join(metaDir, `.meta.json.${randomBytes(6).toString('hex')}.tmp`);
  try {
    if (await exists(metaFile)) throw conflict();
    // TLS material left under this name by a context removed by hand belongs to no context; the CLI
    // resets it on create too, or the new context would silently use someone's old certificates.
    // Checked folder by folder first: a link planted as tls/<digest> must not aim the unlinks elsewhere.
    if (await realDirs([root, join(root, 'tls'), join(root, 'tls', digest), tlsDir])) {
      for (const name of PEM_FILES) {
        const stale = join(tlsDir, name);
        if (await exists(stale)) await unlink(stale);
      }
    }
    if (pems.size > 0) {
      await ensureDirsUnder(root, ['tls'], 0o700);
      for (const dir of [join(root, 'tls', digest), tlsDir]) if (await ensureDir(dir, 0o700)) madeDirs.unshift(dir);
      for (const [name, data] of pems) {
        await writeNew(join(tlsDir, name), data, 0o600);
        written.push(join(tlsDir, name));
      }
    }
    await writeNew(temp, contextMetaJson(spec.name, description, host, skipTlsVerify), 0o644);
    try {
      await link(temp, metaFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw conflict();
      throw err;
    }
  } catch (err) {
    for (const file of written) await unlink(file).catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    for (const dir of madeDirs) await rmdir(dir).catch(() => undefined);
    throw err;
  }
  await unlink(temp).catch(() => undefined);
  const tls = { ca: pems.has('ca.pem'), cert: pems.has('cert.pem'), key: pems.has('key.pem') };
  return { name: spec.name, description, host, skipTlsVerify, tls, current: false, origin: 'store', folder: digest };
}
