// Owns reading a registry's TLS files from `certs.d/<host[:port]>/`, as the docker engine and CLI
// read theirs (moby registry.ReadCertsDirectory): every `*.crt` is a CA root added to the ones
// trusted anyway; every `*.cert` is a client certificate whose key is the `*.key` of the same name.
// Stevedore looks in `~/.docker/certs.d/` (the CLI's, HOME from os.homedir()) and then in
// `/etc/docker/certs.d/` (the engine's); the CAs of both count, and the first client pair found
// is the one offered (Node presents one certificate; Go would pick among several by the server's
// request). A folder that does not exist is no error; anything else wrong (a folder or file that
// cannot be read, a key without its certificate or the reverse, a pair that does not load, a .crt
// with no PEM certificate in it) is a CertsDirError naming the file, so the person knows which
// one to fix. Files are read fresh whenever their names, sizes or times change (signature()).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folders searched, in order: the CLI's under HOME, then the engine's. */
export function defaultCertsDirs(): string[] {
  return [join(homedir(), '.docker', 'certs.d'), '/etc/docker/certs.d'];
}

/** What certs.d gives one registry: extra CA roots (PEM) and at most one client certificate pair. */
export interface HostTlsFiles {
  ca: string[];
  client?: { cert: string; key: string; certFile: string };
  /** The folders that held something, for messages ("put the CA in …"). */
  dirs: string[];
}

export class CertsDirError extends Error {
  constructor(
    readonly file: string,
    why: string,
  ) {
    super(`${file}: ${why}`);
    this.name = 'CertsDirError';
  }
}

/**
 * A registry's folder name: its host[:port] as typed (moby's cleanPath keeps the colon on Unix).
 * The host reached here through registryAddress's grammar; this is the last check before a path.
 */
export function hostDirName(host: string): string {
  if (!/^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) {
    throw new CertsDirError(host, 'is not a registry host[:port], so no certs.d folder is read for it');
  }
  return host;
}

const ioWhy = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);

async function entriesOf(dir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CertsDirError(dir, `cannot be read (${ioWhy(err)})`);
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CertsDirError(file, `cannot be read (${ioWhy(err)})`);
  }
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificates in a file that parse (Go's AppendCertsFromPEM skips the rest). */
function certificatesIn(file: string, text: string): string[] {
  const certs = (text.match(PEM_CERT) ?? []).filter((pem) => {
    try {
      new X509Certificate(pem);
      return true;
    } catch {
      return false;
    }
  });
  if (certs.length === 0) throw new CertsDirError(file, 'holds no PEM certificate (a CA in certs.d must be PEM, named *.crt)');
  return certs;
}

/** A client pair, checked to load and to belong together before any connection uses it. */
function loadPair(certFile: string, cert: string, keyFile: string, key: string): { cert: string; key: string; certFile: string } {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch {
    throw new CertsDirError(certFile, 'is not a PEM certificate');
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(key))) throw new Error('mismatch');
  } catch (err) {
    const why = (err as Error).message === 'mismatch' ? `is not the key of ${certFile}` : 'is not a PEM private key (or is encrypted)';
    throw new CertsDirError(keyFile, why);
  }
  return { cert, key, certFile };
}

/** Reads `<dir>/<host>/` in each of `roots`; undefined when none of them has the host's folder. */
export async function readCertsDirs(host: string, roots: readonly string[]): Promise<HostTlsFiles | undefined> {
  const name = hostDirName(host);
  const found: HostTlsFiles = { ca: [], dirs: [] };
  for (const root of roots) {
    const dir = join(root, name);
    const entries = await entriesOf(dir);
    if (!entries) continue;
    found.dirs.push(dir);
    const has = new Set(entries);
    for (const entry of entries) {
      const file = join(dir, entry);
      if (entry.endsWith('.crt')) {
        found.ca.push(...certificatesIn(file, await readText(file)));
      } else if (entry.endsWith('.cert')) {
        const keyName = `${entry.slice(0, -'.cert'.length)}.key`;
        if (!has.has(keyName)) {
          throw new CertsDirError(file, `has no key ${keyName} beside it (a client certificate needs one; a CA must be named *.crt)`);
        }
        const keyFile = join(dir, keyName);
        const pair = loadPair(file, await readText(file), keyFile, await readText(keyFile));
        found.client ??= pair;
      } else if (entry.endsWith('.key')) {
        const certName = `${entry.slice(0, -'.key'.length)}.cert`;
        if (!has.has(certName)) throw new CertsDirError(file, `has no client certificate ${certName} beside it`);
      }
    }
  }
  return found.dirs.length > 0 ? found : undefined;
}

/**
 * What the host's folders hold right now, as one string (names, sizes, modification times), so a
 * cached connection pool is replaced when someone adds, changes or removes a file.
 */
export async function signature(host: string, roots: readonly string[]): Promise<string> {
  const parts: string[] = [];
  const name = hostDirName(host);
  for (const root of roots) {
    const dir = join(root, name);
    const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : [`!${err.code}`]));
    if (!entries) continue;
    parts.push(dir);
    for (const entry of entries.sort()) {
      if (!/\.(crt|cert|key)$/.test(entry)) continue;
      const s = await stat(join(dir, entry)).catch(() => undefined);
      parts.push(`${entry}:${s?.size ?? '?'}:${s?.mtimeMs ?? '?'}`);
    }
  }
  return parts.join('|');
}
