// Owns choosing the engine endpoint the way the docker CLI does:
// DOCKER_HOST, else the current docker context (DOCKER_CONTEXT or config.json currentContext), else the default socket.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { DockerOptions } from 'dockerode';
import type { EngineEndpointSetting, EngineSource } from '../../shared/contract';
import { CoreError } from './engine-errors';

export interface EngineEndpoint {
  /** As the CLI would print it: unix:///var/run/docker.sock, tcp://host:2376, npipe:////./pipe/docker_engine, ssh://... */
  host: string;
  source: EngineSource;
  contextName?: string;
  tls?: { ca?: string; cert?: string; key?: string; verify: boolean };
  /**
   * Why this endpoint cannot be used (a configured context that no longer exists): the
   * connection reports it as its status instead of pinging, and requests fail unreachable.
   */
  problem?: string;
}

export interface ResolveEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

const defaultEnv = (): ResolveEnv => ({ env: process.env, platform: process.platform, home: homedir() });

export function dockerConfigDir(r: ResolveEnv = defaultEnv()): string {
  return r.env.DOCKER_CONFIG || join(r.home, '.docker');
}

function defaultHost(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The CLI stores context metadata under contexts/meta/<sha256(name)>/meta.json. */
export function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function tlsFromDir(dir: string): EngineEndpoint['tls'] | undefined {
  const file = (n: string) => (existsSync(join(dir, n)) ? readFileSync(join(dir, n), 'utf8') : undefined);
  const ca = file('ca.pem');
  const cert = file('cert.pem');
  const key = file('key.pem');
  if (!ca && !cert && !key) return undefined;
  return { ca, cert, key, verify: true };
}

export function resolveEngineEndpoint(r: ResolveEnv = defaultEnv()): EngineEndpoint {
  const { env } = r;
  if (env.DOCKER_HOST) {
    const host = env.DOCKER_HOST;
    let tls: EngineEndpoint['tls'];
    if (env.DOCKER_TLS_VERIFY || env.DOCKER_CERT_PATH) {
      const dir = env.DOCKER_CERT_PATH || dockerConfigDir(r);
      tls = { ...(tlsFromDir(dir) ?? {}), verify: Boolean(env.DOCKER_TLS_VERIFY) };
    }
    return { host, source: 'env', tls };
  }
  const configDir = dockerConfigDir(r);
  const config = readJson(join(configDir, 'config.json')) as { currentContext?: string } | undefined;
  const contextName = env.DOCKER_CONTEXT || config?.currentContext;
  if (contextName && contextName !== 'default') {
    const digest = contextDigest(contextName);
    const meta = readJson(join(configDir, 'contexts', 'meta', digest, 'meta.json')) as
      | { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } }
      | undefined;
    const host = meta?.Endpoints?.docker?.Host;
    if (!host) {
      throw new CoreError(
        'ENGINE_UNREACHABLE',
        `context "${contextName}" does not exist (no endpoint in ${join(configDir, 'contexts', 'meta', digest, 'meta.json')})`,
      );
    }
    const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
    const tlsFiles = tlsFromDir(tlsDir);
    const tls = tlsFiles ? { ...tlsFiles, verify: !meta?.Endpoints?.docker?.SkipTLSVerify } : undefined;
    return { host, source: 'context', contextName, tls };
  }
  return { host: defaultHost(r.platform), source: 'default' };
}

/** Where requests of an endpoint with a `problem` go: nowhere (they fail as unreachable). */
const NO_ENGINE_SOCKET = '/nonexistent/stevedore-engine-unavailable.sock';

function hostPort(host: string, port: number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/**
 * The endpoint a setting names. `auto` is the CLI's order; the others are what the person picked,
 * with the CLI's meaning: tcp+TLS is DOCKER_HOST=tcp://host:port with DOCKER_TLS_VERIFY=1 and
 * DOCKER_CERT_PATH (default: the docker config folder); a context is that context's docker endpoint.
 * Throws a CoreError (INVALID_ARGUMENT) when the setting cannot work as given.
 */
export function endpointFromSetting(setting: EngineEndpointSetting, configDir: string, r: ResolveEnv = defaultEnv()): EngineEndpoint {
  switch (setting.kind) {
    case 'auto':
      return resolveEngineEndpoint({ ...r, env: { ...r.env, DOCKER_CONFIG: configDir } });
    case 'socket': {
      const pipe = /^(\\\\|\/\/)\.[\\/]pipe[\\/]/i.test(setting.path);
      if (!pipe && !setting.path.startsWith('/')) {
        throw new CoreError('INVALID_ARGUMENT', `The socket path must be absolute: ${setting.path}`);
      }
      return { host: pipe ? `npipe://${setting.path.replace(/\\/g, '/')}` : `unix://${setting.path}`, source: 'settings' };
    }
    case 'tcp': {
      const host = `tcp://${hostPort(setting.host, setting.port)}`;
      if (!setting.tls) return { host, source: 'settings' };
      // Like DOCKER_CERT_PATH, but never relative to wherever the app happens to run.
      if (setting.certDir && !isAbsolute(setting.certDir)) {
        throw new CoreError('INVALID_ARGUMENT', `The certificate folder must be absolute: ${setting.certDir}`);
      }
      const dir = setting.certDir || configDir;
      const files = tlsFromDir(dir);
      if (setting.certDir && !files) {
        throw new CoreError('INVALID_ARGUMENT', `No ca.pem, cert.pem or key.pem in ${setting.certDir}`);
      }
      return { host, source: 'settings', tls: { ...(files ?? {}), verify: true } };
    }
    case 'ssh': {
      const user = setting.user ? `${encodeURIComponent(setting.user)}@` : '';
      return { host: `ssh://${user}${hostPort(setting.host, setting.port ?? 22)}`, source: 'settings' };
    }
    case 'context': {
      // The CLI's "default" context is the default socket (DOCKER_HOST aside, as a chosen context overrides it).
      if (setting.name === 'default') return { host: defaultHost(r.platform), source: 'context', contextName: 'default' };
      return resolveEngineEndpoint({ ...r, env: { ...r.env, DOCKER_HOST: '', DOCKER_CONTEXT: setting.name, DOCKER_CONFIG: configDir } });
    }
  }
}

/** Translates an endpoint to dockerode's constructor options. */
export function dockerodeOptions(ep: EngineEndpoint): DockerOptions {
  if (ep.problem) return { socketPath: NO_ENGINE_SOCKET };
  const url = ep.host;
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  if (url.startsWith('npipe://')) return { socketPath: url.slice('npipe://'.length).replace(/\//g, '\\') };
  const parsed = new URL(url);
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const secure = parsed.protocol === 'https:' || Boolean(ep.tls);
    const port = parsed.port ? Number(parsed.port) : secure ? 2376 : 2375;
    return {
      host: parsed.hostname,
      port,
      protocol: secure ? 'https' : 'http',
      ca: ep.tls?.ca,
      cert: ep.tls?.cert,
      key: ep.tls?.key,
    };
  }
  if (parsed.protocol === 'ssh:') {
    return {
      protocol: 'ssh',
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 22,
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      // Keys come from the ssh agent, as with the docker CLI's ssh:// hosts.
      sshOptions: { agent: process.env.SSH_AUTH_SOCK },
    } as DockerOptions;
  }
  throw new CoreError('INVALID_ARGUMENT', `unsupported engine address: ${url}`);
}
