// Owns choosing the engine endpoint the way the docker CLI does:
// DOCKER_HOST, else the current docker context (DOCKER_CONTEXT or config.json currentContext), else the default socket.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';
import type { EngineSource } from '../../shared/contract';
import { CoreError } from './engine-errors';

export interface EngineEndpoint {
  /** As the CLI would print it: unix:///var/run/docker.sock, tcp://host:2376, npipe:////./pipe/docker_engine, ssh://... */
  host: string;
  source: EngineSource;
  contextName?: string;
  tls?: { ca?: string; cert?: string; key?: string; verify: boolean };
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

/** Translates an endpoint to dockerode's constructor options. */
export function dockerodeOptions(ep: EngineEndpoint): DockerOptions {
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
      username: parsed.username || undefined,
    } as DockerOptions;
  }
  throw new CoreError('INVALID_ARGUMENT', `unsupported engine address: ${url}`);
}
