// Owns the one-click local registry: the container `docker run -d -p 127.0.0.1:<port>:5000
// --restart=always --name <name> -v <volume>:/var/lib/registry registry:2` makes (or its --network
// host variant), on this machine's loopback only unless shared on the network behind htpasswd auth;
// its state, readiness, deploy, start/stop/remove. The container's spec and reading are
// local-registry-container.ts; the remembered deploy options are local-registry-settings.ts.
import { createServer } from 'node:net';
import type Dockerode from 'dockerode';
import type { LocalRegistryState, LocalRegistryStatus } from '../../../shared/registries';
import type { AuthResolver } from '../credentials/auth-hook';
import type { EngineConnection } from '../engine/engine';
import { CoreError, toContractError } from '../engine/engine-errors';
import { engineLocality } from '../engine/engine-locality';
import type { JobContext, JobManager } from '../support/jobs';
import { htpasswdPath, removeHtpasswd, writeHtpasswd } from './local-registry-auth';
import {
  asksForAuth,
  type ContainerInfo,
  containerSpec,
  containerState,
  hostPortOf,
  inspectContainer,
  isRegistryContainer,
  isShared,
  volumeOf,
} from './local-registry-container';
import { checkRegistryImage } from './local-registry-image';
import {
  type DeployRequest,
  forgetOptions,
  optionsFor,
  readRegistrySettings,
  type RegistryOptions,
  rememberOptions,
} from './local-registry-settings';
import { parsePullReference, runPullJob } from '../distribution/pull';
import { resolveImageId } from '../edit/tag';

export interface LocalRegistryDeps {
  engine: EngineConnection;
  jobs: JobManager;
  dataDir: string;
  authFor: AuthResolver;
  /** How long a started registry may take to answer GET /v2/ (tests shorten it). */
  readyTimeoutMs?: number;
}

const DEFAULT_READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_S = 10;

function notARegistry(name: string, info: ContainerInfo): CoreError {
  return new CoreError(
    'CONFLICT',
    `A container named "${name}" already exists and is not a registry (it runs ${info.Config?.Image ?? 'another image'}). Choose another container name.`,
    { containerName: name },
  );
}

async function imagePresent(docker: Dockerode, image: string): Promise<boolean> {
  return (await resolveImageId(docker, image)) !== undefined;
}

/** The status of the registry container `name`: from the container when it exists, else from the remembered options. */
export async function localRegistryStatus(deps: LocalRegistryDeps, name: string): Promise<LocalRegistryStatus> {
  const docker = deps.engine.docker;
  const options = await optionsFor(deps.dataDir, name);
  const info = await inspectContainer(docker, name);
  if (!info) return absentStatus(deps, options, name in (await readRegistrySettings(deps.dataDir)).registries);
  if (!isRegistryContainer(info, options.image)) throw notARegistry(name, info);
  const port = hostPortOf(info) ?? options.port;
  const image = info.Config?.Image ?? options.image;
  const state = containerState(info);
  const status: LocalRegistryStatus = {
    state,
    containerName: name,
    address: `localhost:${port}`,
    port,
    hostNetwork: info.HostConfig?.NetworkMode === 'host',
    shared: isShared(info),
    auth: asksForAuth(info),
    authFile: htpasswdPath(deps.dataDir, name),
    image,
    imagePresent: await imagePresent(docker, image),
    containerId: info.Id,
  };
  if (status.auth && options.username) status.username = options.username;
  const volume = volumeOf(info);
  if (volume) status.volume = volume;
  if (state === 'restarting') {
    // Why it keeps exiting: the panel shows it with a pointer to `docker logs`.
    if (info.State?.ExitCode !== undefined) status.exitCode = info.State.ExitCode;
    const why = info.State?.Error || errorLine(await logTail(docker, info.Id));
    if (why) status.lastError = why;
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// Port and readiness checks

/** Only an engine on this machine publishes ports on this machine's loopback. */
export function engineIsLocal(engineHost: string): boolean {
  return engineLocality({ host: engineHost, source: 'settings' }).local;
}

/** Whether something on this machine already listens on 127.0.0.1:<port> (or on all interfaces). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(false)));
  });
}

function portConflict(port: number): CoreError {
  return new CoreError(
    'CONFLICT',
    `Port ${port} is already in use on this machine. Choose another port for the local registry, or stop what listens on ${port}.`,
    { port },
  );
}

/** The engine's words when it could not publish the port (`port is already allocated`, `address already in use`). */
const PORT_TAKEN = /port is already allocated|address already in use/i;

/** The last lines the container printed (the registry says why it stopped, e.g. it could not listen). */
async function logTail(docker: Dockerode, id: string, lines = 10): Promise<string> {
  try {
    const raw = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, tail: lines })) as unknown as Buffer;
    return demuxLogs(raw).trim();
  } catch {
    return '';
  }
}

/**
 * The line of a log tail that says what went wrong: the last one naming an error (the registry prints
 * its usage after a configuration error), else the last line.
 */
export function errorLine(tail: string): string {
  const lines = tail
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.findLast((l) => /error|fatal|panic/i.test(l)) ?? lines.at(-1) ?? '';
}

/** The engine's multiplexed log format (8-byte frame headers) to plain text; a TTY container's logs pass through. */
export function demuxLogs(raw: Buffer): string {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= raw.length && raw[i] <= 2 && raw[i + 1] === 0 && raw[i + 2] === 0 && raw[i + 3] === 0) {
    const size = raw.readUInt32BE(i + 4);
    out.push(raw.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return i === 0 ? raw.toString('utf8') : Buffer.concat(out).toString('utf8');
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new CoreError('CANCELLED', 'Cancelled'));
      },
      { once: true },
    );
  });

/** A v2 registry answers GET /v2/ with 200 (or 401 with auth) and the Docker-Distribution-Api-Version header. */
async function answersV2(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return (res.status === 200 || res.status === 401) && res.headers.has('docker-distribution-api-version');
  } catch {
    return false;
  }
}

/**
 * Waits until the started registry answers on its port, failing early (with its last log lines)
 * when the container stops or restarts instead, and after `timeoutMs` at the latest.
 */
async function waitUntilReady(deps: LocalRegistryDeps, id: string, port: number, signal?: AbortSignal): Promise<void> {
  const docker = deps.engine.docker;
  const timeoutMs = deps.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const checkHttp = engineIsLocal(deps.engine.endpoint.host);
  let info = await inspectContainer(docker, id);
  const restarts = info?.RestartCount ?? 0;
  for (;;) {
    // A registry that exits at once is restarted by --restart=always: that never becomes ready, so
    // it fails now, naming the state, instead of after the whole timeout.
    const state = !info ? 'absent' : (info.RestartCount ?? 0) > restarts ? 'restarting' : containerState(info);
    if (state !== 'running') throw await notReady(docker, id, info, state, port);
    // A remote engine's ports are not ours to probe: a running container is all we can tell.
    if (!checkHttp || (await answersV2(port))) return;
    if (Date.now() >= deadline) {
      throw new CoreError(
        'INTERNAL',
        `The registry is running but did not answer on http://127.0.0.1:${port}/v2/ within ${Math.round(timeoutMs / 1000)} s`,
        { port },
      );
    }
    await sleep(250, signal);
    info = await inspectContainer(docker, id);
  }
}

const STATE_WORDS: Record<Exclude<LocalRegistryState, 'running'>, string> = {
  restarting: 'keeps restarting',
  stopped: 'exited',
  absent: 'is gone',
};

/** Why a started registry is not serving: its state, exit code and the line of its log that says why. */
async function notReady(
  docker: Dockerode,
  id: string,
  info: ContainerInfo | undefined,
  state: Exclude<LocalRegistryState, 'running'>,
  port: number,
): Promise<CoreError> {
  const tail = info ? await logTail(docker, id) : '';
  // Caught between two runs (running again, but restarted meanwhile), its exit code is the new run's: none to tell.
  const exited = info && containerState(info) !== 'running';
  const exit = exited && info.State?.ExitCode !== undefined ? `, exit code ${info.State.ExitCode}` : '';
  const line = info?.State?.Error || errorLine(tail);
  return new CoreError(
    PORT_TAKEN.test(tail) ? 'CONFLICT' : 'INTERNAL',
    `The registry container stopped right after starting (${STATE_WORDS[state]}${exit})${line ? `: ${line}` : ''}`,
    { port, state },
  );
}

// ---------------------------------------------------------------------------------------------
// Deploy, start, stop, remove

function pullHint(image: string): string {
  return (
    `Without internet access, load it from a tar: on a connected machine run "docker pull ${image}" and ` +
    `"docker save ${image} -o registry.tar", bring registry.tar here and open it with Load ` +
    `(or "docker load -i registry.tar"), then deploy again.`
  );
}

/** Pulls the registry image into the job; a failure keeps its code and says how to bring the image offline. */
async function pullRegistryImage(deps: LocalRegistryDeps, image: string, ctx: JobContext): Promise<void> {
  const target = parsePullReference(image);
  ctx.message(`Unable to find image '${target.familiar}' locally`);
  try {
    await runPullJob(deps.engine.docker, target, ctx, deps.authFor);
  } catch (err) {
    const e = toContractError(err);
    if (e.code === 'CANCELLED') throw err;
    throw new CoreError(e.code, `Could not pull ${image}: ${e.message}. ${pullHint(image)}`, { ...e.detail, image, loadFromTar: true });
  }
}

async function checkPortFree(deps: LocalRegistryDeps, port: number): Promise<void> {
  if (engineIsLocal(deps.engine.endpoint.host) && (await portInUse(port))) throw portConflict(port);
}

/**
 * `-p` needs the engine's bridge network; an engine started with `--bridge=none` would run the
 * container with no way in, so say what to do instead of waiting for a registry nobody can reach.
 */
async function checkCanPublish(docker: Dockerode, port: number): Promise<void> {
  try {
    await docker.getNetwork('bridge').inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    throw new CoreError(
      'INVALID_ARGUMENT',
      `This engine has no bridge network, so it cannot publish port ${port}. Deploy with host networking instead.`,
      { port, hostNetwork: false },
    );
  }
}

async function startContainer(deps: LocalRegistryDeps, id: string, port: number, signal?: AbortSignal): Promise<void> {
  try {
    await deps.engine.docker.getContainer(id).start();
  } catch (err) {
    // 304: already started, or restarting: it must still serve, so the readiness wait decides.
    if ((err as { statusCode?: number }).statusCode !== 304) {
      const e = toContractError(err);
      if (PORT_TAKEN.test(e.message)) throw new CoreError('CONFLICT', `${portConflict(port).message} (${e.message})`, { port });
      throw err;
    }
  }
  await waitUntilReady(deps, id, port, signal);
}

/**
 * The htpasswd file is bind-mounted from this machine's disk: an engine elsewhere would look for it
 * on its own disk (and publish on its own network), so sharing is only offered for a local engine.
 */
function checkCanShare(deps: LocalRegistryDeps): void {
  if (!engineIsLocal(deps.engine.endpoint.host)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `Sharing the registry needs the engine on this machine (its password file is mounted from Stevedore's data folder); the engine is ${deps.engine.endpoint.host}.`,
    );
  }
}

/**
 * The deploy job's body: refuse conflicts, pull the image if missing, refuse an image that is not a
 * registry, write the htpasswd file when shared, create, start, wait for /v2/.
 */
export async function deployLocalRegistry(deps: LocalRegistryDeps, o: DeployRequest, ctx: JobContext): Promise<LocalRegistryStatus> {
  const docker = deps.engine.docker;
  const existing = await inspectContainer(docker, o.containerName);
  if (existing) {
    if (!isRegistryContainer(existing, o.image)) throw notARegistry(o.containerName, existing);
    throw new CoreError(
      'CONFLICT',
      `A local registry named "${o.containerName}" already exists (${containerState(existing)}). Start, stop or remove it instead.`,
      { containerName: o.containerName },
    );
  }
  if (o.shared) checkCanShare(deps);
  await checkPortFree(deps, o.port);
  if (!o.hostNetwork) await checkCanPublish(docker, o.port);
  if (!(await imagePresent(docker, o.image))) await pullRegistryImage(deps, o.image, ctx);
  await checkRegistryImage(docker, o.image);
  if (ctx.signal.aborted) throw new CoreError('CANCELLED', 'Cancelled');

  let authFile: string | undefined;
  if (o.shared && o.username && o.password) {
    ctx.message(`Writing the password file for user ${o.username}`);
    authFile = await writeHtpasswd(deps.dataDir, o.containerName, o.username, o.password);
  }
  ctx.message(`Creating container ${o.containerName} from ${o.image}`);
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer(containerSpec(o, authFile));
  } catch (err) {
    if (authFile) await removeHtpasswd(deps.dataDir, o.containerName);
    throw err;
  }
  try {
    ctx.message(`Starting ${o.containerName} on localhost:${o.port}`);
    await startContainer(deps, container.id, o.port, ctx.signal);
  } catch (err) {
    // A registry that never came up is removed again, so a retry starts clean; a named volume
    // stays (only the anonymous one this container made goes with it).
    await container.remove({ force: true, v: true }).catch(() => undefined);
    if (authFile) await removeHtpasswd(deps.dataDir, o.containerName);
    throw err;
  }
  await rememberOptions(deps.dataDir, o);
  ctx.message(
    o.shared
      ? `Local registry running at localhost:${o.port}, shared on the network for user ${o.username}`
      : `Local registry running at localhost:${o.port} (this computer only)`,
  );
  return localRegistryStatus(deps, o.containerName);
}

export function startDeployJob(deps: LocalRegistryDeps, o: DeployRequest): string {
  return deps.jobs.start('registry', `Deploy local registry on localhost:${o.port}`, (ctx) => deployLocalRegistry(deps, o, ctx));
}

export function noLocalRegistry(name: string): CoreError {
  return new CoreError('NOT_FOUND', `There is no local registry named "${name}". Deploy it first.`, { containerName: name });
}

/** The registry container `name`, or NOT_FOUND / CONFLICT saying why there is none to act on. */
async function managedContainer(deps: LocalRegistryDeps, name: string): Promise<ContainerInfo> {
  const info = await inspectContainer(deps.engine.docker, name);
  if (!info) throw noLocalRegistry(name);
  const options = await optionsFor(deps.dataDir, name);
  if (!isRegistryContainer(info, options.image)) throw notARegistry(name, info);
  return info;
}

export async function startLocalRegistry(deps: LocalRegistryDeps, name: string): Promise<LocalRegistryStatus> {
  const info = await managedContainer(deps, name);
  const port = hostPortOf(info) ?? (await optionsFor(deps.dataDir, name)).port;
  // A restarting registry is not listening either: something else on its port is why it exits.
  if (containerState(info) !== 'running') await checkPortFree(deps, port);
  await startContainer(deps, info.Id, port);
  return localRegistryStatus(deps, name);
}

export async function stopLocalRegistry(deps: LocalRegistryDeps, name: string): Promise<LocalRegistryStatus> {
  const info = await managedContainer(deps, name);
  try {
    await deps.engine.docker.getContainer(info.Id).stop({ t: STOP_TIMEOUT_S });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err; // already stopped
  }
  return localRegistryStatus(deps, name);
}

/** Not deployed: what a deploy would use (the remembered options, else the defaults). */
async function absentStatus(deps: LocalRegistryDeps, options: RegistryOptions, remembered: boolean): Promise<LocalRegistryStatus> {
  const status: LocalRegistryStatus = {
    state: 'absent',
    containerName: options.containerName,
    port: options.port,
    hostNetwork: options.hostNetwork,
    shared: options.shared,
    auth: options.shared,
    authFile: htpasswdPath(deps.dataDir, options.containerName),
    image: options.image,
    imagePresent: await imagePresent(deps.engine.docker, options.image),
  };
  if (options.shared && options.username) status.username = options.username;
  if (options.volume) status.volume = options.volume;
  if (remembered) status.remembered = true;
  return status;
}

/**
 * Removes the container (stopping it first) and forgets its deploy options, so it is no longer listed
 * as Local; the data volume is kept, like `docker rm -f` without -v, and named in the answer
 * (`keptVolume`). The answer keeps the removed registry's port and volume, for deploying it again.
 */
export async function removeLocalRegistry(deps: LocalRegistryDeps, name: string): Promise<LocalRegistryStatus> {
  // Removed outside Stevedore (`docker rm -f`): forgetting it is all that is left to do, so a
  // remove can always end what a deploy started, and may be repeated.
  if (!(await inspectContainer(deps.engine.docker, name))) {
    const remembered = (await readRegistrySettings(deps.dataDir)).registries[name];
    if (!remembered) throw noLocalRegistry(name);
    await forgetOptions(deps.dataDir, name);
    await removeHtpasswd(deps.dataDir, name);
    const status = await absentStatus(deps, remembered, false);
    if (remembered.volume) status.keptVolume = remembered.volume;
    return status;
  }
  const info = await managedContainer(deps, name);
  const options = await optionsFor(deps.dataDir, name);
  await deps.engine.docker.getContainer(info.Id).remove({ force: true, v: false });
  await forgetOptions(deps.dataDir, name);
  // Its password file has no use without it (a deploy again writes a new one).
  await removeHtpasswd(deps.dataDir, name);
  const image = info.Config?.Image ?? options.image;
  const status: LocalRegistryStatus = {
    state: 'absent',
    containerName: name,
    port: hostPortOf(info) ?? options.port,
    hostNetwork: info.HostConfig?.NetworkMode === 'host',
    shared: isShared(info),
    auth: asksForAuth(info),
    authFile: htpasswdPath(deps.dataDir, name),
    image,
    imagePresent: await imagePresent(deps.engine.docker, image),
  };
  const volume = volumeOf(info);
  if (volume) {
    status.volume = volume;
    status.keptVolume = volume;
  }
  return status;
}
