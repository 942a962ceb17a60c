// The local registry's safe defaults against the real test engine and the `registry:2` fixture:
// loopback only unless shared; shared means htpasswd auth (401 without credentials, a push with
// them), the password in a 0600 bcrypt file and nowhere else; a deploy refuses an image that is not
// a registry before creating anything; and "Copy as" is the very `docker run` deploy performs.
// This engine has no bridge (--bridge=none), so registries run with host networking on loopback
// ports the OS hands out; all traffic goes to 127.0.0.1. Everything made here is removed in afterAll.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/contract';
import { registryRunCommand } from '../../shared/docker-command';
import type { LocalRegistryStatus, PushJobResult } from '../../shared/registries';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { closedLoopbackPort } from '../support/ports';
import { runInShell } from '../support/shell-command';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[local-registry-shared] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const RUN = randomBytes(4).toString('hex');
const LOCAL = `stevedore-lrs-local-${RUN}`;
const SHARED = `stevedore-lrs-shared-${RUN}`;
const NOT_REGISTRY_IMAGE = `stevedore-lrs-${RUN}/registry:shell`;
const USER = `pusher-${RUN}`;
// A password with what shells and YAML dislike: it must survive bcrypt and reach no log.
const PASSWORD = `p4ss "${RUN}" $HOME 'é'`;
const REPOSITORY = `stevedore-lrs/pushed-${RUN}`;

let core: StevedoreCore;
let dataDir: string;
let configDir: string;
let cliConfigDir: string;
const containers = new Set<string>([LOCAL, SHARED, `${LOCAL}-notreg`]);
const images = new Set<string>([NOT_REGISTRY_IMAGE]);
/** The anonymous volumes the image's VOLUME made for containers seen here (a remove keeps them). */
const anonymousVolumes = new Set<string>();

async function cli(args: string[], opts: Parameters<typeof dockerCli>[1] = {}): Promise<string> {
  const r = await dockerCli(args, opts);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function runJob(channel: string, request: unknown): Promise<JobSnapshot> {
  const { jobId } = await call<{ jobId: string }>(channel, request);
  return core.jobs.wait(jobId);
}

async function inspect(name: string) {
  const info = JSON.parse(await cli(['container', 'inspect', name]))[0];
  for (const m of info.Mounts ?? []) if (m.Type === 'volume' && /^[a-f0-9]{64}$/.test(m.Name)) anonymousVolumes.add(m.Name);
  return info;
}

/** What makes the container the container: compared between a deploy and its "Copy as" line. */
function essentials(info: {
  Config: Record<string, unknown> & { Env?: string[] };
  HostConfig: Record<string, unknown>;
  Mounts?: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
}) {
  return {
    Image: info.Config.Image,
    Env: [...(info.Config.Env ?? [])].sort(),
    Labels: info.Config.Labels,
    Entrypoint: info.Config.Entrypoint,
    Cmd: info.Config.Cmd,
    RestartPolicy: info.HostConfig.RestartPolicy,
    NetworkMode: info.HostConfig.NetworkMode,
    PortBindings: info.HostConfig.PortBindings ?? {},
    Binds: [...((info.HostConfig.Binds as string[] | null) ?? [])].sort(),
    Mounts: (info.Mounts ?? [])
      // The image's VOLUME gets a fresh anonymous volume per container: the same kind of mount, another name.
      .map((m) => ({
        Type: m.Type,
        Source: m.Type !== 'volume' ? m.Source : /^[a-f0-9]{64}$/.test(m.Name ?? '') ? '(anonymous)' : m.Name,
        Destination: m.Destination,
        RW: m.RW,
      }))
      .sort((a, b) => a.Destination.localeCompare(b.Destination)),
  };
}

type Reach = 'loopback' | 'any' | 'other';

/** The kernel's LISTEN sockets on `port` (this machine: host networking shares our namespace), by reach. */
function listeners(port: number): Reach[] {
  const found: Reach[] = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== '0A') continue;
      const [addr, hexPort] = f[1].split(':');
      if (parseInt(hexPort, 16) !== port) continue;
      // Each 32-bit word is in host (little-endian) order.
      const bytes = addr.match(/.{8}/g)!.flatMap((w) =>
        w
          .match(/../g)!
          .reverse()
          .map((b) => parseInt(b, 16)),
      );
      const v4 = v6 ? (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255 ? bytes.slice(12) : null) : bytes;
      if (v4) found.push(v4[0] === 127 ? 'loopback' : v4.every((b) => b === 0) ? 'any' : 'other');
      else if (bytes.every((b) => b === 0)) found.push('any');
      else found.push(bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1 ? 'loopback' : 'other');
    }
  }
  return found;
}

async function v2(port: number, init: RequestInit = {}, path = '/v2/'): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe.skipIf(skipReason !== null)('local registry, safe by default (registry:2 fixture, host networking)', () => {
  let localPort: number;
  let sharedPort: number;

  beforeAll(async () => {
    await cli(['image', 'inspect', 'registry:2']).catch(() => {
      throw new Error('registry:2 is missing: run bash scripts/test-stack/fixtures.sh registry-image');
    });
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-lrs-data-'));
    configDir = mkdtempSync(join(tmpdir(), 'stevedore-lrs-config-'));
    cliConfigDir = mkdtempSync(join(tmpdir(), 'stevedore-lrs-cli-'));
    core = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
      dataDir,
      dockerConfigDir: configDir,
    });
    await core.start();
    localPort = await closedLoopbackPort();
    do sharedPort = await closedLoopbackPort();
    while (sharedPort === localPort);
  });

  afterAll(async () => {
    for (const c of containers) await dockerCli(['rm', '-f', c]);
    for (const i of images) await dockerCli(['rmi', i]);
    for (const v of anonymousVolumes) await dockerCli(['volume', 'rm', v]);
    core?.dispose();
    for (const dir of [dataDir, configDir, cliConfigDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('deploys local-only by default: the registry listens on 127.0.0.1 and nowhere else, and says so', async () => {
    const job = await runJob('localRegistry.deploy', { port: localPort, containerName: LOCAL, volume: '', hostNetwork: true });
    expect(job.error).toBeUndefined();
    expect(job.result).toMatchObject({ state: 'running', port: localPort, shared: false, auth: false });
    expect((job.result as LocalRegistryStatus).username).toBeUndefined();
    expect(job.messages.at(-1)).toContain('this computer only');

    const info = await inspect(LOCAL);
    expect(info.Config.Env).toContain(`REGISTRY_HTTP_ADDR=127.0.0.1:${localPort}`);
    expect(info.Config.Env.some((e: string) => e.startsWith('REGISTRY_AUTH'))).toBe(false);
    const reach = listeners(localPort);
    expect(reach.length).toBeGreaterThan(0);
    expect(reach.every((r) => r === 'loopback')).toBe(true);
    expect((await v2(localPort)).status).toBe(200);
    const saved = JSON.parse(readFileSync(join(dataDir, 'local-registry.json'), 'utf8'));
    expect(saved.registries[LOCAL]).toMatchObject({ shared: false });
  });

  it('"Copy as" of the local-only registry is the same container when run through the docker CLI', async () => {
    const status = await call<LocalRegistryStatus>('localRegistry.status', { containerName: LOCAL });
    // Deployed without a named volume (the status names the anonymous one the image's VOLUME made).
    const command = registryRunCommand({ ...status, volume: '' });
    expect(command).toBe(
      `docker run -d --network host -e REGISTRY_HTTP_ADDR=127.0.0.1:${localPort} --restart=always --name ${LOCAL} --label org.stevedore.local-registry=true registry:2`,
    );
    const deployed = essentials(await inspect(LOCAL));
    await cli(['rm', '-f', LOCAL]);
    const ran = await runInShell(command);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(essentials(await inspect(LOCAL))).toEqual(deployed);
    expect(await call<LocalRegistryStatus>('localRegistry.remove', { containerName: LOCAL })).toMatchObject({ state: 'absent' });
  });

  it('refuses an image that is not a registry with its reason, before any container is created', async () => {
    // A shell image under a registry's name: the name is not what makes a registry.
    await cli(['tag', fx.base, NOT_REGISTRY_IMAGE]);
    const name = `${LOCAL}-notreg`;
    const job = await runJob('localRegistry.deploy', {
      port: localPort,
      containerName: name,
      volume: '',
      hostNetwork: true,
      image: NOT_REGISTRY_IMAGE,
    });
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(
        new RegExp(
          `^${NOT_REGISTRY_IMAGE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a registry image: it runs ".*", not the registry serving /etc/docker/registry/config.yml`,
        ),
      ),
    });
    expect((await dockerCli(['container', 'inspect', name])).code).not.toBe(0);
    expect(existsSync(join(dataDir, 'local-registry-auth', `${name}.htpasswd`))).toBe(false);
  });

  it('refuses to share without a user and password, before anything runs', async () => {
    const r = await core.handle('localRegistry.deploy', { port: sharedPort, containerName: SHARED, hostNetwork: true, shared: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await dockerCli(['container', 'inspect', SHARED])).code).not.toBe(0);
  });

  describe('shared on the network (tested through 127.0.0.1 only)', () => {
    let status: LocalRegistryStatus;

    it('deploys behind htpasswd auth: a 0600 bcrypt file mounted read-only, listening on every address', async () => {
      const job = await runJob('localRegistry.deploy', {
        port: sharedPort,
        containerName: SHARED,
        volume: '',
        hostNetwork: true,
        shared: true,
        username: USER,
        password: PASSWORD,
      });
      expect(job.error).toBeUndefined();
      status = job.result as LocalRegistryStatus;
      expect(status).toMatchObject({ state: 'running', shared: true, auth: true, username: USER, port: sharedPort });

      const file = join(dataDir, 'local-registry-auth', `${SHARED}.htpasswd`);
      expect(status.authFile).toBe(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const [user, hash] = readFileSync(file, 'utf8').trimEnd().split(':');
      expect(user).toBe(USER);
      expect(await bcrypt.compare(PASSWORD, hash)).toBe(true);

      const info = await inspect(SHARED);
      expect(info.Config.Env).toEqual(
        expect.arrayContaining([
          `REGISTRY_HTTP_ADDR=:${sharedPort}`,
          'REGISTRY_AUTH=htpasswd',
          'REGISTRY_AUTH_HTPASSWD_REALM=stevedore-registry',
          'REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd',
        ]),
      );
      expect(info.Mounts).toEqual(
        expect.arrayContaining([expect.objectContaining({ Type: 'bind', Source: file, Destination: '/auth/htpasswd', RW: false })]),
      );
      expect(listeners(sharedPort)).toContain('any');

      // The password went into the bcrypt hash and nowhere else Stevedore keeps or shows.
      const secretParts = [PASSWORD, Buffer.from(PASSWORD).toString('base64')];
      const exposed = [
        JSON.stringify(job),
        JSON.stringify(await call('localRegistry.status', { containerName: SHARED })),
        JSON.stringify(await call('jobs.list', {}).catch(() => '')),
        readFileSync(join(dataDir, 'local-registry.json'), 'utf8'),
        JSON.stringify(info),
      ];
      for (const text of exposed) for (const secret of secretParts) expect(text).not.toContain(secret);
      expect(JSON.parse(readFileSync(join(dataDir, 'local-registry.json'), 'utf8')).registries[SHARED]).toEqual({
        port: sharedPort,
        containerName: SHARED,
        volume: '',
        hostNetwork: true,
        image: 'registry:2',
        shared: true,
        username: USER,
      });
    });

    it('answers a push without credentials with 401, at the registry and through the engine', async () => {
      const upload = await v2(sharedPort, { method: 'POST' }, `/v2/${REPOSITORY}/blobs/uploads/`);
      expect(upload.status).toBe(401);
      expect(upload.headers.get('www-authenticate')).toBe('Basic realm="stevedore-registry"');
      const wrong = await v2(sharedPort, { headers: { authorization: basic(USER, 'not the password') } });
      expect(wrong.status).toBe(401);

      // Stevedore's push, nothing stored for this registry: the engine's push is refused.
      const pushed = await call<{ jobId: string; reference: string }>('localRegistry.push', {
        image: fx.tiny,
        repository: REPOSITORY,
        tag: 'v1',
        containerName: SHARED,
      });
      images.add(pushed.reference);
      const job = await core.jobs.wait(pushed.jobId);
      expect(job.state).toBe('failed');
      expect(job.error).toMatchObject({ code: 'UNAUTHORIZED', detail: { registry: `localhost:${sharedPort}` } });

      // The docker CLI with an empty config says the same.
      const cliPush = await dockerCli(['push', pushed.reference], { configDir: cliConfigDir });
      expect(cliPush.code).not.toBe(0);
      expect(cliPush.stderr).toMatch(/no basic auth credentials|unauthorized/);
    });

    it('accepts the push once logged in through the login path Stevedore offers after deploy', async () => {
      expect((await v2(sharedPort, { headers: { authorization: basic(USER, PASSWORD) } })).status).toBe(200);
      const login = await call<{ host: string; username: string }>('registries.login', {
        host: `localhost:${sharedPort}`,
        username: USER,
        password: PASSWORD,
      });
      expect(login).toMatchObject({ host: `localhost:${sharedPort}`, username: USER });

      const pushed = await call<{ jobId: string; reference: string }>('localRegistry.push', {
        image: fx.tiny,
        repository: REPOSITORY,
        tag: 'v1',
        containerName: SHARED,
      });
      const job = await core.jobs.wait(pushed.jobId);
      expect(job.error).toBeUndefined();
      expect((job.result as PushJobResult).digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(await call('registry.tags', { host: `localhost:${sharedPort}`, repository: REPOSITORY })).toEqual({
        repository: REPOSITORY,
        tags: ['v1'],
      });

      // And `docker login` + `docker push` with the CLI, from its own config.
      await cli(['login', '-u', USER, '--password-stdin', `localhost:${sharedPort}`], { configDir: cliConfigDir, input: PASSWORD });
      const cliPush = await dockerCli(['push', pushed.reference], { configDir: cliConfigDir });
      expect(cliPush.stderr).toBe('');
      expect(cliPush.code).toBe(0);
    });

    it('"Copy as" is the exact `docker run` of the deploy: run through the CLI it makes the same container', async () => {
      const command = registryRunCommand({ ...status, volume: '' });
      expect(command).toBe(
        `docker run -d --network host -e REGISTRY_HTTP_ADDR=:${sharedPort} --restart=always --name ${SHARED}` +
          ` -v ${status.authFile}:/auth/htpasswd:ro -e REGISTRY_AUTH=htpasswd -e REGISTRY_AUTH_HTPASSWD_REALM=stevedore-registry` +
          ` -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd --label org.stevedore.local-registry=true registry:2`,
      );
      expect(command).not.toContain(PASSWORD);
      const deployed = essentials(await inspect(SHARED));
      await cli(['rm', '-f', SHARED]);
      const ran = await runInShell(command);
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      expect(essentials(await inspect(SHARED))).toEqual(deployed);
      // The same registry, asking for the same password.
      const deadline = Date.now() + 10_000;
      let answer = 0;
      while (Date.now() < deadline && answer !== 401)
        answer = await v2(sharedPort).then(
          (r) => r.status,
          () => 0,
        );
      expect(answer).toBe(401);
    });

    it('remove takes the password file with the container', async () => {
      const removed = await call<LocalRegistryStatus>('localRegistry.remove', { containerName: SHARED });
      expect(removed).toMatchObject({ state: 'absent', shared: true, auth: true });
      expect(existsSync(status.authFile)).toBe(false);
      expect(JSON.parse(readFileSync(join(dataDir, 'local-registry.json'), 'utf8')).registries[SHARED]).toBeUndefined();
    });
  });

  it("publishes on 127.0.0.1 only: the container's PortBindings name 127.0.0.1 (engines with a bridge)", async (ctx) => {
    if ((await dockerCli(['network', 'inspect', 'bridge'])).code !== 0) {
      // The test engine runs with --bridge=none; a published port needs the bridge, so this runs on
      // engines that have one. The spec itself is checked in tests/unit/local-registry.test.ts.
      console.warn('[local-registry-shared] this engine has no bridge network: the published-port deploy is not exercised');
      ctx.skip();
      return;
    }
    const name = `${LOCAL}-published`;
    containers.add(name);
    const job = await runJob('localRegistry.deploy', { port: localPort, containerName: name, volume: '' });
    expect(job.error).toBeUndefined();
    const info = await inspect(name);
    expect(info.HostConfig.PortBindings['5000/tcp'][0].HostIp).toBe('127.0.0.1');
    expect(info.HostConfig.PortBindings['5000/tcp'][0].HostPort).toBe(String(localPort));
    await call('localRegistry.remove', { containerName: name });
  });
});
