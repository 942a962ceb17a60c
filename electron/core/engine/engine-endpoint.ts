// Owns choosing the engine endpoint the way the docker CLI does:
// DOCKER_HOST, else the current docker context (DOCKER_CONTEXT or config.json currentContext), else the default socket.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { DockerOptions } from 'dockerode';
import type { EngineEndpointSetting, EngineSource } from '../../../shared/contract';
import { CoreError } from './engine-errors';
import { parseSshUrl, sshDockerOptions } from './ssh-transport';

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
    return { host, source: 'env', tls, ...sshProblem(host) };
  }
  const configDir = dockerConfigDir(r);
  const config = readJson(join(configDir, 'config.json')) as { currentContext?: string } | undefined;
  const contextName = env.DOCKER_CONTEXT || config?.currentContext;
  if (contextName && contextName !== 'default') {
    const digest = contextDigest(contextName);
    const meta = readJson(join(configDir, 'contexts', 'meta', digest, 'meta.json')) as
      { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } } | undefined;
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
    return { host, source: 'context', contextName, tls, ...sshProblem(host) };
  }
  return { host: defaultHost(r.platform), source: 'default' };
}

/** Why an ssh:// address cannot be used (a user or host ssh would read as an option), before ssh ever runs. */
function sshProblem(host: string): { problem?: string } {
  if (!host.startsWith('ssh://')) return {};
  try {
    parseSshUrl(host);
    return {};
  } catch (err) {
    return { problem: (err as Error).message };
  }
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
      // No port: ssh picks it (the person's ~/.ssh/config, else 22), as for `docker -H ssh://host`.
      const user = setting.user ? `${encodeURIComponent(setting.user)}@` : '';
      const bare = setting.host.includes(':') && !setting.host.startsWith('[') ? `[${setting.host}]` : setting.host;
      const host = `ssh://${user}${setting.port === undefined ? bare : hostPort(setting.host, setting.port)}`;
      parseSshUrl(host); // INVALID_ARGUMENT for a user or host ssh would read as an option
      return { host, source: 'settings' };
    }
    case 'context': {
      // The CLI's "default" context is the default socket (DOCKER_HOST aside, as a chosen context overrides it).
      if (setting.name === 'default') return { host: defaultHost(r.platform), source: 'context', contextName: 'default' };
      return resolveEngineEndpoint({ ...r, env: { ...r.env, DOCKER_HOST: '', DOCKER_CONTEXT: setting.name, DOCKER_CONFIG: configDir } });
    }
  }
}

/**
 * docker-modem starts from DOCKER_HOST (and DOCKER_CERT_PATH) in the environment and lays our
 * options over it: every field it would take from there is set here, so an ssh:// or tcp://
 * DOCKER_HOST never leaks into another endpoint (an ssh:// one would connect with ssh2, which
 * checks no host key).
 */
const NOTHING_FROM_ENV = {
  host: undefined,
  port: undefined,
  protocol: 'http',
  username: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
};

/** Translates an endpoint to dockerode's constructor options. */
export function dockerodeOptions(ep: EngineEndpoint, env: NodeJS.ProcessEnv = process.env): DockerOptions {
  if (ep.problem) return { ...NOTHING_FROM_ENV, socketPath: NO_ENGINE_SOCKET } as DockerOptions;
  const url = ep.host;
  if (url.startsWith('unix://')) return { ...NOTHING_FROM_ENV, socketPath: url.slice('unix://'.length) } as DockerOptions;
  if (url.startsWith('npipe://'))
    return { ...NOTHING_FROM_ENV, socketPath: url.slice('npipe://'.length).replace(/\//g, '\\') } as DockerOptions;
  // Through the system ssh and its known_hosts, as the docker CLI (ssh-transport.ts).
  if (url.startsWith('ssh://')) return { ...NOTHING_FROM_ENV, ...sshDockerOptions(url, env) } as DockerOptions;
  const parsed = new URL(url);
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const secure = parsed.protocol === 'https:' || Boolean(ep.tls);
    const port = parsed.port ? Number(parsed.port) : secure ? 2376 : 2375;
    return {
      ...NOTHING_FROM_ENV,
      host: parsed.hostname,
      port,
      protocol: secure ? 'https' : 'http',
      ca: ep.tls?.ca,
      cert: ep.tls?.cert,
      key: ep.tls?.key,
    };
  }
  throw new CoreError('INVALID_ARGUMENT', `unsupported engine address: ${url}`);
}
