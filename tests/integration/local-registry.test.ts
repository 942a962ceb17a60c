// The one-click local registry against the real test engine, with the `registry:2` image the test
// fixtures build from Debian's registry binary. This engine has no bridge, so every registry here
// uses host networking on a free loopback port in 5050-5059. Containers, volumes and tags carry a
// random suffix and are removed in afterAll, even when a test failed.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/contract';
import type { LocalRegistryStatus, PushJobResult, RegistryEntry, RegistryTagInfo } from '../../shared/registries';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { freeRegistryPorts } from '../support/private-registry';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[local-registry] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const RUN = randomBytes(4).toString('hex');
const NAME = `stevedore-lr-${RUN}`;
const VOLUME = `stevedore-lr-data-${RUN}`;
const NOT_A_REGISTRY = `stevedore-lr-busybox-${RUN}`;
const REPOSITORY = `stevedore-lr/pushed-${RUN}`;

let core: StevedoreCore;
let dataDir: string;
let configDir: string;
let port: number;
const localTags = new Set<string>();
const containers = new Set<string>([NAME, NOT_A_REGISTRY]);

async function cli(args: string[]): Promise<string> {
  const r = await dockerCli(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function refusal(channel: string, request: unknown) {
  const r = await core.handle(channel, request);
  if (r.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return r.error;
}

async function runJob(channel: string, request: unknown): Promise<JobSnapshot> {
  const { jobId } = await call<{ jobId: string }>(channel, request);
  return core.jobs.wait(jobId);
}

async function v2Status(p: number): Promise<number | string> {
  try {
    const res = await fetch(`http://127.0.0.1:${p}/v2/`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status;
  } catch (err) {
    return (err as { cause?: { code?: string } }).cause?.code ?? 'error';
  }
}

const deployOptions = () => ({ port, containerName: NAME, volume: VOLUME, hostNetwork: true });

/** A listener on a loopback port the OS picks: a registry told to listen there cannot. */
async function listener(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

async function freePort(): Promise<number> {
  const { server, port: free } = await listener();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

/**
 * Waits until the engine has restarted `name` `count` times: its pause before the next run doubles
 * each time from 100 ms, so from the 5th on it stays `restarting` for seconds, not a blink.
 */
async function restartedTimes(name: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [restarts, restarting] = (await cli(['inspect', '--format', '{{.RestartCount}} {{.State.Restarting}}', name])).split(' ');
    if ((Number(restarts) >= count && restarting === 'true') || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls the status until it is `state` (a restarting container is briefly running between its runs). */
async function statusWhen(containerName: string, state: LocalRegistryStatus['state']): Promise<LocalRegistryStatus> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await call<LocalRegistryStatus>('localRegistry.status', { containerName });
    if (status.state === state || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(skipReason !== null)('local registry (registry:2 fixture, host networking)', () => {
  beforeAll(async () => {
    await cli(['image', 'inspect', 'registry:2']).catch(() => {
      throw new Error('registry:2 is missing: run bash scripts/test-stack/fixtures.sh registry-image');
    });
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-lr-data-'));
    configDir = mkdtempSync(join(tmpdir(), 'stevedore-lr-config-'));
    core = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
      dataDir,
      dockerConfigDir: configDir,
    });
    await core.start();
    [port] = await freeRegistryPorts(1);
    // A run stopped half-way leaves localhost:<port>/… tags, which would name the registry in the
    // registries list ("images") before this run deploys it: start from none.
    const stale = (await cli(['images', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
    for (const t of stale.filter((name) => name.startsWith(`localhost:${port}/`))) await dockerCli(['rmi', t]);
  });

  afterAll(async () => {
    // -v: also the anonymous volumes the image's VOLUME made (named ones stay, and go below).
    for (const c of containers) await dockerCli(['rm', '-f', '-v', c]);
    for (const t of localTags) await dockerCli(['rmi', t]);
    await dockerCli(['volume', 'rm', VOLUME]);
    core?.dispose();
    for (const dir of [dataDir, configDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports a registry that was never deployed as absent, with the image a deploy would use', async () => {
    const status = await call<LocalRegistryStatus>('localRegistry.status', { containerName: NAME });
    expect(status).toMatchObject({ state: 'absent', containerName: NAME, port: 5000, image: 'registry:2', imagePresent: true });
    expect(status.address).toBeUndefined();
    // Nothing deployed: no registry in the list is "Local".
    expect((await call<RegistryEntry[]>('registries.list', {})).filter((e) => e.isLocal)).toEqual([]);
  });

  it('deploys registry:2 like `docker run -d --restart=always --name -v`, on loopback only, and reports it running once /v2/ answers', async () => {
    const job = await runJob('localRegistry.deploy', deployOptions());
    expect(job.kind).toBe('registry');
    expect(job.error).toBeUndefined();
    expect(job.state).toBe('succeeded');
    const status = job.result as LocalRegistryStatus;
    expect(status).toMatchObject({
      state: 'running',
      containerName: NAME,
      address: `localhost:${port}`,
      port,
      hostNetwork: true,
      volume: VOLUME,
      image: 'registry:2',
      imagePresent: true,
      shared: false,
      auth: false,
    });
    expect(await v2Status(port)).toBe(200);

    const inspected = JSON.parse(await cli(['container', 'inspect', NAME]))[0];
    expect(inspected.HostConfig.RestartPolicy.Name).toBe('always');
    expect(inspected.HostConfig.NetworkMode).toBe('host');
    expect(inspected.Config.Env).toContain(`REGISTRY_HTTP_ADDR=127.0.0.1:${port}`);
    expect(inspected.Mounts).toEqual(
      expect.arrayContaining([expect.objectContaining({ Type: 'volume', Name: VOLUME, Destination: '/var/lib/registry' })]),
    );

    // The options are remembered, so the status of a later session knows the port.
    const saved = JSON.parse(readFileSync(join(dataDir, 'local-registry.json'), 'utf8'));
    expect(saved.registries[NAME]).toMatchObject({ port, volume: VOLUME, hostNetwork: true, image: 'registry:2', shared: false });

    // The registries list shows it, marked Local, before anyone logs in to it.
    const list = await call<RegistryEntry[]>('registries.list', {});
    expect(list.filter((e) => e.isLocal)).toEqual([
      expect.objectContaining({ host: `localhost:${port}`, sources: ['local'], loggedIn: false }),
    ]);
  });

  it('refuses a second deploy under the same name, on a port in use, or over a container that is not a registry', async () => {
    const again = await runJob('localRegistry.deploy', deployOptions());
    expect(again.state).toBe('failed');
    expect(again.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`named "${NAME}" already exists`) });

    const samePort = await runJob('localRegistry.deploy', { ...deployOptions(), containerName: `${NAME}-second` });
    containers.add(`${NAME}-second`);
    expect(samePort.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`Port ${port} is already in use`) });
    expect((await dockerCli(['container', 'inspect', `${NAME}-second`])).code).not.toBe(0);

    await cli(['create', '--network', 'none', '--name', NOT_A_REGISTRY, fx.base, 'true']);
    const other = await runJob('localRegistry.deploy', { ...deployOptions(), containerName: NOT_A_REGISTRY });
    expect(other.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is not a registry') });
    expect(await refusal('localRegistry.stop', { containerName: NOT_A_REGISTRY })).toMatchObject({ code: 'CONFLICT' });
  });

  it('pushes a local image in one step and the registry browser sees it, with the pushed digest', async () => {
    const { jobId, reference } = await call<{ jobId: string; reference: string }>('localRegistry.push', {
      image: fx.tiny,
      repository: REPOSITORY,
      tag: 'v1',
      containerName: NAME,
    });
    localTags.add(reference);
    expect(reference).toBe(`localhost:${port}/${REPOSITORY}:v1`);
    const job = await core.jobs.wait(jobId);
    expect(job.error).toBeUndefined();
    expect(job.state).toBe('succeeded');
    const pushed = job.result as PushJobResult;
    expect(pushed.digest).toMatch(/^sha256:[a-f0-9]{64}$/);

    const host = `localhost:${port}`;
    const catalog = await call<{ repositories: string[] }>('registry.catalog', { host });
    expect(catalog.repositories).toContain(REPOSITORY);
    expect(await call('registry.tags', { host, repository: REPOSITORY })).toEqual({ repository: REPOSITORY, tags: ['v1'] });
    const info = await call<RegistryTagInfo>('registry.tagInfo', { host, repository: REPOSITORY, tag: 'v1' });
    expect(info).toMatchObject({ repository: REPOSITORY, tag: 'v1', digest: pushed.digest, layers: 1 });
    expect(info.size).toBeGreaterThan(20);
  });

  it('names the pushed repository after the image when none is given', async () => {
    // Said before it is done: the plan names the tag a push would create, and creates nothing.
    const plan = await call<{ reference: string }>('localRegistry.pushPlan', { image: fx.small, containerName: NAME });
    expect(plan.reference).toBe(`localhost:${port}/stevedore-fixture/small:1`);
    expect((await dockerCli(['image', 'inspect', plan.reference])).code).not.toBe(0);
    const { jobId, reference } = await call<{ jobId: string; reference: string }>('localRegistry.push', {
      image: fx.small,
      containerName: NAME,
    });
    localTags.add(reference);
    expect(reference).toBe(`localhost:${port}/stevedore-fixture/small:1`);
    expect((await core.jobs.wait(jobId)).state).toBe('succeeded');
    const tags = await call<{ tags: string[] }>('registry.tags', { host: `localhost:${port}`, repository: 'stevedore-fixture/small' });
    expect(tags.tags).toEqual(['1']);

    // By ID, the image's own tag names it; a bad repository is refused before anything is tagged.
    const id = await cli(['image', 'inspect', '--format', '{{.Id}}', fx.small]);
    const byId = await call<{ jobId: string; reference: string }>('localRegistry.push', { image: id.slice(7, 19), containerName: NAME });
    localTags.add(byId.reference);
    expect(byId.reference).toBe(`localhost:${port}/stevedore-fixture/small:1`);
    expect((await core.jobs.wait(byId.jobId)).state).toBe('succeeded');
    expect(await refusal('localRegistry.push', { image: fx.small, repository: 'Bad/Name', containerName: NAME })).toMatchObject({
      code: 'INVALID_REFERENCE',
    });
  });

  it('deletes a tag by its digest (delete is enabled in the fixture image)', async () => {
    const host = `localhost:${port}`;
    const info = await call<RegistryTagInfo>('registry.tagInfo', { host, repository: REPOSITORY, tag: 'v1' });
    expect(await call('registry.deleteTag', { host, repository: REPOSITORY, digest: info.digest })).toEqual({ deleted: true });
    const after = await call<{ tags: string[] }>('registry.tags', { host, repository: REPOSITORY });
    expect(after.tags).not.toContain('v1');
    expect(await refusal('registry.tagInfo', { host, repository: REPOSITORY, tag: 'v1' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stops and starts the registry; start reports running only once /v2/ answers', async () => {
    const stopped = await call<LocalRegistryStatus>('localRegistry.stop', { containerName: NAME });
    expect(stopped).toMatchObject({ state: 'stopped', address: `localhost:${port}`, port });
    expect(await v2Status(port)).toBe('ECONNREFUSED');
    expect(await refusal('localRegistry.push', { image: fx.tiny, containerName: NAME })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('is stopped'),
    });
    expect(await refusal('localRegistry.pushPlan', { image: fx.tiny, containerName: NAME })).toMatchObject({ code: 'CONFLICT' });

    const started = await call<LocalRegistryStatus>('localRegistry.start', { containerName: NAME });
    expect(started).toMatchObject({ state: 'running', port });
    expect(await v2Status(port)).toBe(200);
    // The data survived the restart (it lives in the volume).
    const tags = await call<{ tags: string[] }>('registry.tags', { host: `localhost:${port}`, repository: 'stevedore-fixture/small' });
    expect(tags.tags).toEqual(['1']);
  });

  it('removes the container but keeps the data volume, and names it in the answer', async () => {
    const removed = await call<LocalRegistryStatus>('localRegistry.remove', { containerName: NAME });
    expect(removed).toMatchObject({ state: 'absent', containerName: NAME, port, hostNetwork: true, volume: VOLUME, keptVolume: VOLUME });
    expect((await dockerCli(['container', 'inspect', NAME])).code).not.toBe(0);
    expect(await cli(['volume', 'inspect', '--format', '{{.Name}}', VOLUME])).toBe(VOLUME);
    expect(await refusal('localRegistry.start', { containerName: NAME })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Deploy it first'),
    });
  });

  it('forgets a removed registry: its options go, and it is no longer listed as Local (a host the user added stays, plain)', async () => {
    const host = `localhost:${port}`;
    // The registry removed above was forgotten: no options, nothing Local; its address is listed
    // only because the images pushed to it above are still named after it.
    expect(JSON.parse(readFileSync(join(dataDir, 'local-registry.json'), 'utf8')).registries[NAME]).toBeUndefined();
    let list = await call<RegistryEntry[]>('registries.list', {});
    expect(list.filter((e) => e.isLocal)).toEqual([]);
    expect(list.find((e) => e.host === host)).toMatchObject({ sources: ['images'], isLocal: false });
    expect(await call<LocalRegistryStatus>('localRegistry.status', { containerName: NAME })).toMatchObject({ state: 'absent', port: 5000 });

    // Deployed again and also added by hand: Local while deployed; after remove, the user's entry stays, not Local.
    expect((await runJob('localRegistry.deploy', deployOptions())).state).toBe('succeeded');
    await call('registries.add', { host });
    list = await call<RegistryEntry[]>('registries.list', {});
    expect(list.find((e) => e.host === host)).toMatchObject({ sources: ['user', 'images', 'local'], isLocal: true });
    expect((await call<LocalRegistryStatus>('localRegistry.remove', { containerName: NAME })).keptVolume).toBe(VOLUME);
    list = await call<RegistryEntry[]>('registries.list', {});
    expect(list.find((e) => e.host === host)).toMatchObject({ sources: ['user', 'images'], isLocal: false });
    expect(list.filter((e) => e.isLocal)).toEqual([]);
    await call('registries.forget', { host });
  });

  it('a registry removed outside Stevedore (docker rm -f) is shown as remembered, and remove then forgets it', async () => {
    const host = `localhost:${port}`;
    expect((await runJob('localRegistry.deploy', deployOptions())).state).toBe('succeeded');
    await cli(['rm', '-f', NAME]);
    // Still Local, with the options a deploy again would use, and said to be remembered.
    expect(await call<LocalRegistryStatus>('localRegistry.status', { containerName: NAME })).toMatchObject({
      state: 'absent',
      port,
      volume: VOLUME,
      remembered: true,
    });
    expect((await call<RegistryEntry[]>('registries.list', {})).find((e) => e.host === host)).toMatchObject({ isLocal: true });

    const forgotten = await call<LocalRegistryStatus>('localRegistry.remove', { containerName: NAME });
    expect(forgotten).toMatchObject({ state: 'absent', port, keptVolume: VOLUME });
    expect(forgotten.remembered).toBeUndefined();
    expect((await call<RegistryEntry[]>('registries.list', {})).filter((e) => e.isLocal)).toEqual([]);
    expect((await call<LocalRegistryStatus>('localRegistry.status', { containerName: NAME })).remembered).toBeUndefined();
    // Nothing left to remove or forget: said so, as before.
    expect(await refusal('localRegistry.remove', { containerName: NAME })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('fails at once, and removes the container again, when the registry process exits instead of serving', async () => {
    // A registry image whose configuration is wrong (it passes the deploy's image check): it starts,
    // exits, and --restart=always restarts it.
    const crashing = `stevedore-lr-crash-${RUN}/registry:1`;
    const source = `${NAME}-crash-source`;
    containers.add(source);
    await cli(['create', '--network', 'none', '--name', source, 'registry:2']);
    await cli(['commit', '--change', 'ENV REGISTRY_LOG_LEVEL=bogus', source, crashing]);
    localTags.add(crashing);
    const started = Date.now();
    const job = await runJob('localRegistry.deploy', {
      port,
      containerName: `${NAME}-crash`,
      volume: '',
      hostNetwork: true,
      image: crashing,
    });
    containers.add(`${NAME}-crash`);
    expect(job.error).toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/stopped right after starting \((keeps restarting|exited).*invalid loglevel bogus/),
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await dockerCli(['container', 'inspect', `${NAME}-crash`])).code).not.toBe(0);
  });

  it('reports a registry that cannot listen (its port is taken) as restarting, with its exit code and why; push and start refuse, stop works', async () => {
    const name = `${NAME}-restarting`;
    containers.add(name);
    const { server, port: taken } = await listener();
    try {
      await cli([
        'run',
        '-d',
        '--restart=always',
        '--network',
        'host',
        '-e',
        `REGISTRY_HTTP_ADDR=127.0.0.1:${taken}`,
        '--name',
        name,
        'registry:2',
      ]);
      await restartedTimes(name, 5);
      expect(await call<LocalRegistryStatus>('localRegistry.status', { containerName: name })).toMatchObject({
        state: 'restarting',
        address: `localhost:${taken}`,
        port: taken,
        exitCode: 1,
        lastError: expect.stringContaining(`listen tcp 127.0.0.1:${taken}: bind: address already in use`),
      });
      expect(await refusal('localRegistry.push', { image: fx.tiny, containerName: name })).toMatchObject({
        code: 'CONFLICT',
        message: `The local registry "${name}" keeps restarting (exit code 1); see docker logs ${name}.`,
      });
      expect(await refusal('localRegistry.start', { containerName: name })).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining(`Port ${taken} is already in use`),
      });
      expect(await call<LocalRegistryStatus>('localRegistry.stop', { containerName: name })).toMatchObject({ state: 'stopped' });
    } finally {
      server.close();
    }
  });

  it('fails a start that only makes the registry restart at once (not after the timeout), naming the state and its error', async () => {
    const name = `${NAME}-badconfig`;
    containers.add(name);
    const free = await freePort();
    await cli([
      'create',
      '--restart=always',
      '--network',
      'host',
      '-e',
      `REGISTRY_HTTP_ADDR=127.0.0.1:${free}`,
      '-e',
      'REGISTRY_LOG_LEVEL=bogus',
      '--name',
      name,
      'registry:2',
    ]);
    const started = Date.now();
    const error = await refusal('localRegistry.start', { containerName: name });
    expect(error).toMatchObject({ code: 'INTERNAL', detail: { state: 'restarting' } });
    expect(error.message).toMatch(
      /^The registry container stopped right after starting \(keeps restarting(, exit code 1)?\): configuration error: .*invalid loglevel bogus/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await statusWhen(name, 'restarting')).lastError).toContain('invalid loglevel bogus');
    expect(await call<LocalRegistryStatus>('localRegistry.remove', { containerName: name })).toMatchObject({ state: 'absent', port: free });
    expect((await dockerCli(['container', 'inspect', name])).code).not.toBe(0);
  });

  it('asks for host networking when the engine has no bridge to publish the port on', async () => {
    if ((await dockerCli(['network', 'inspect', 'bridge'])).code === 0) {
      console.warn('[local-registry] this engine has a bridge network; the --bridge=none case is not exercised');
      return;
    }
    const job = await runJob('localRegistry.deploy', { port, containerName: `${NAME}-bridged`, volume: '', hostNetwork: false });
    containers.add(`${NAME}-bridged`);
    expect(job.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Deploy with host networking instead') });
    expect((await dockerCli(['container', 'inspect', `${NAME}-bridged`])).code).not.toBe(0);
  });

  it('fails a deploy whose image cannot be pulled with a clear way to load it from a tar', async () => {
    // An image on a loopback port nobody listens on: the pull fails the way an offline pull does.
    const [closed] = await freeRegistryPorts(1);
    const image = `127.0.0.1:${closed}/stevedore-lr-missing-${RUN}/registry:2`;
    const job = await runJob('localRegistry.deploy', {
      port: closed,
      containerName: `${NAME}-missing`,
      volume: '',
      hostNetwork: true,
      image,
    });
    containers.add(`${NAME}-missing`);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('REGISTRY_UNREACHABLE');
    expect(job.error?.message).toContain(`Could not pull ${image}`);
    expect(job.error?.message).toContain(`docker save ${image} -o registry.tar`);
    expect(job.error?.message).toContain('Load');
    expect((await dockerCli(['container', 'inspect', `${NAME}-missing`])).code).not.toBe(0);
  });
});
