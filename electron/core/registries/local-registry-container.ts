// Owns the local registry's container as data: the create options a deploy sends (what `docker run`
// would make, shared/docker-command.ts prints that line), and reading one back from the engine's
// inspect (is it a registry we may manage, its port, shared or not, auth, state, data volume).
import type Dockerode from 'dockerode';
import { HTPASSWD_ENV, HTPASSWD_IN_CONTAINER, LOCAL_REGISTRY_LABEL, type LocalRegistryState } from '../../../shared/registries';
import { parseNormalizedNamed } from '../../../shared/reference';
import { CoreError } from '../engine/engine-errors';
import { isLoopbackHost } from '../engine/engine-locality';
import { engineContainer } from '../engine/engine-name';
import type { RegistryOptions } from './local-registry-settings';

const DATA_DIR_IN_CONTAINER = '/var/lib/registry';
const REGISTRY_INTERNAL_PORT = 5000;

export interface ContainerInfo {
  Id: string;
  Name?: string;
  Config?: {
    Image?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | string | null;
  };
  State?: { Running?: boolean; Restarting?: boolean; Status?: string; ExitCode?: number; Error?: string };
  HostConfig?: { NetworkMode?: string; PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null };
  Mounts?: { Type?: string; Name?: string; Destination?: string }[];
  RestartCount?: number;
}

export async function inspectContainer(docker: Dockerode, name: string): Promise<ContainerInfo | undefined> {
  try {
    return (await engineContainer(docker, name).inspect()) as ContainerInfo;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** `registry`, `registry:2`, `docker.io/library/registry:2.8`, `mirror.example/registry` -> true. */
function isRegistryImageName(image: string): boolean {
  try {
    return parseNormalizedNamed(image).path.split('/').pop() === 'registry';
  } catch {
    return false;
  }
}

/** Whether a container is a registry we may manage: ours by label, or running a `registry` image. */
export function isRegistryContainer(info: ContainerInfo, expectedImage: string): boolean {
  const image = info.Config?.Image ?? '';
  return Boolean(info.Config?.Labels?.[LOCAL_REGISTRY_LABEL]) || image === expectedImage || isRegistryImageName(image);
}

function envValue(info: ContainerInfo, key: string): string | undefined {
  const entry = (info.Config?.Env ?? []).find((e) => e.startsWith(`${key}=`));
  return entry?.slice(key.length + 1);
}

/** `127.0.0.1:5050`, `:5000`, `[::1]:5000` -> the port. */
function portOfAddr(addr: string | undefined): number | undefined {
  const m = /:(\d{1,5})$/.exec(addr ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The port on this machine the registry answers on: the published port, or its listen port with host networking. */
export function hostPortOf(info: ContainerInfo): number | undefined {
  const internal = portOfAddr(envValue(info, 'REGISTRY_HTTP_ADDR')) ?? REGISTRY_INTERNAL_PORT;
  if (info.HostConfig?.NetworkMode === 'host') return internal;
  const binding = info.HostConfig?.PortBindings?.[`${internal}/tcp`]?.find((b) => b.HostPort);
  return binding?.HostPort ? Number(binding.HostPort) : undefined;
}

/**
 * Whether other machines can reach the registry: a port published on every interface (HostIp "",
 * 0.0.0.0, ::) or on another address, or, with host networking, a listen address that is not loopback.
 */
export function isShared(info: ContainerInfo): boolean {
  if (info.HostConfig?.NetworkMode === 'host') {
    const addr = envValue(info, 'REGISTRY_HTTP_ADDR') ?? '';
    return !isLoopbackHost(addr.replace(/:\d{1,5}$/, ''));
  }
  const internal = portOfAddr(envValue(info, 'REGISTRY_HTTP_ADDR')) ?? REGISTRY_INTERNAL_PORT;
  return (info.HostConfig?.PortBindings?.[`${internal}/tcp`] ?? []).some((b) => !isLoopbackHost(b.HostIp ?? ''));
}

/** Whether the registry asks for credentials (its REGISTRY_AUTH variable: htpasswd, as Stevedore sets it). */
export const asksForAuth = (info: ContainerInfo): boolean => (envValue(info, 'REGISTRY_AUTH') ?? '') !== '';

/** The engine keeps `Running` true while it waits to restart a container that exited: Restarting wins. */
export function containerState(info: ContainerInfo): Exclude<LocalRegistryState, 'absent'> {
  if (info.State?.Restarting) return 'restarting';
  return info.State?.Running ? 'running' : 'stopped';
}

export function volumeOf(info: ContainerInfo): string | undefined {
  return info.Mounts?.find((m) => m.Destination === DATA_DIR_IN_CONTAINER && m.Type === 'volume')?.Name;
}

/**
 * What `docker run -d -p 127.0.0.1:<port>:5000 --restart=always --name <name> -v <volume>:/var/lib/registry
 * --label org.stevedore.local-registry=true <image>` creates (shared/docker-command.ts prints that line).
 * Shared: `-p <port>:5000` (every interface) with `-v <authFile>:/auth/htpasswd:ro` and the htpasswd
 * variables. Host networking: the registry's listen address does what -p would.
 */
export function containerSpec(o: RegistryOptions, authFile?: string): Dockerode.ContainerCreateOptions {
  if (o.shared && !authFile) throw new CoreError('INTERNAL', 'A shared registry needs its htpasswd file');
  const port = `${REGISTRY_INTERNAL_PORT}/tcp`;
  const env: string[] = [];
  // Loopback unless shared: nobody else on the network can push, overwrite or delete.
  if (o.hostNetwork) env.push(`REGISTRY_HTTP_ADDR=${o.shared ? '' : '127.0.0.1'}:${o.port}`);
  if (o.shared) env.push(...HTPASSWD_ENV);
  const binds = o.volume ? [`${o.volume}:${DATA_DIR_IN_CONTAINER}`] : [];
  if (o.shared) binds.push(`${authFile}:${HTPASSWD_IN_CONTAINER}:ro`);
  return {
    name: o.containerName,
    Image: o.image,
    Env: env,
    ExposedPorts: o.hostNetwork ? undefined : { [port]: {} },
    Labels: { [LOCAL_REGISTRY_LABEL]: 'true' },
    HostConfig: {
      RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
      NetworkMode: o.hostNetwork ? 'host' : 'default',
      PortBindings: o.hostNetwork ? undefined : { [port]: [{ HostIp: o.shared ? '' : '127.0.0.1', HostPort: String(o.port) }] },
      Binds: binds,
    },
  };
}
