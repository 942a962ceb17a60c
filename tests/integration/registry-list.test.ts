// registries.list against the real engine and the htpasswd registry: the registries the local images
// are named after are listed without adding them by hand (from one image list), Docker Hub only once;
// a registry logged in or out of through Stevedore stays listed, not logged in, until it is forgotten.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import type { LoginResult, LogoutResult, RegistryEntry } from '../../shared/registries';
import { EngineConnection } from '../../electron/core/engine/engine';
import { registryHostsOf, USER_REGISTRIES_FILE } from '../../electron/core/registries/registries';
import { StevedoreCore } from '../../electron/core/service';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[registry-list] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const RUN = randomBytes(4).toString('hex');
/** A registry only this run's image names (`.test` is reserved: nothing is ever sent there). */
const NAMED_HOST = `stevedore-reglist-${RUN}.test:5999`;
const NAMED_REF = `${NAMED_HOST}/app:1`;

const dirs: string[] = [];
const cores: StevedoreCore[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `stevedore-reglist-${prefix}-`));
  dirs.push(dir);
  return dir;
}

async function makeCore(): Promise<StevedoreCore> {
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
    dockerConfigDir: tempDir('cfg'),
    dataDir: tempDir('data'),
  });
  cores.push(core);
  await core.start();
  return core;
}

async function value<T>(core: StevedoreCore, channel: string, request: unknown = {}): Promise<T> {
  const r = (await core.handle(channel, request)) as Result<T>;
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const entryFor = (list: RegistryEntry[], host: string) => list.find((e) => e.host === host);
const userHosts = (core: StevedoreCore): string[] => {
  const file = path.join(core.dataDir, USER_REGISTRIES_FILE);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).registries : [];
};

describe('registryHostsOf (the names images carry)', () => {
  it('takes the domain of tags and digests as the CLI splits it, Docker Hub left out, each host once', () => {
    expect(
      registryHostsOf([
        {
          RepoTags: ['127.0.0.1:5001/a/b:1', 'busybox:latest', 'me/app:2', 'docker.io/me/x:1', 'index.docker.io/y:1'],
          RepoDigests: ['127.0.0.1:5001/a/b@sha256:00'],
        },
        { RepoTags: null as unknown as string[], RepoDigests: ['registry.example.com/only-digest@sha256:11', 'localhost/app@sha256:22'] },
        { RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] },
        { RepoTags: ['registry-1.docker.io/lib/z:1', 'Upper.Example:443/app:1'] },
      ] as never),
    ).toEqual(['127.0.0.1:5001', 'registry.example.com', 'localhost', 'Upper.Example:443']);
  });
});

describe.skipIf(skipReason !== null)('registries.list on the real engine', () => {
  afterAll(async () => {
    for (const core of cores) core.dispose();
    await dockerCli(['rmi', NAMED_REF]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('lists the registries local images are named after, from one image list; Docker Hub once', async () => {
    const core = await makeCore();
    expect(entryFor(await value<RegistryEntry[]>(core, 'registries.list'), NAMED_HOST)).toBeUndefined();
    const tag = await dockerCli(['tag', fx.tiny, NAMED_REF]);
    expect(tag.code, tag.stderr).toBe(0);

    const docker = core.engine.docker;
    const listImages = docker.listImages.bind(docker);
    let calls = 0;
    docker.listImages = ((...args: Parameters<typeof listImages>) => {
      calls += 1;
      return listImages(...args);
    }) as typeof docker.listImages;
    const list = await value<RegistryEntry[]>(core, 'registries.list');
    expect(calls).toBe(1);

    expect(entryFor(list, NAMED_HOST)).toEqual({
      host: NAMED_HOST,
      serverAddress: NAMED_HOST,
      sources: ['images'],
      loggedIn: false,
      store: { kind: 'file' },
      isLocal: false,
    });
    // The fixtures pushed to the open registry name it; Docker Hub (busybox fixtures) is its one row.
    expect(entryFor(list, stack.registry)?.sources).toContain('images');
    expect(list.filter((e) => e.host === 'docker.io')).toHaveLength(1);
    expect(entryFor(list, 'docker.io')?.sources).toEqual(['hub']);
    expect(list[0].host).toBe('docker.io');
    // Listing remembers nothing: the row goes with the image.
    expect(userHosts(core)).toEqual([]);
    expect((await dockerCli(['rmi', NAMED_REF])).code).toBe(0);
    expect(entryFor(await value<RegistryEntry[]>(core, 'registries.list'), NAMED_HOST)).toBeUndefined();
  });

  it('a registry logged in and out of here stays listed, logged out, until forgotten; a refused login remembers nothing', async () => {
    const core = await makeCore();
    const refused = await core.handle('registries.login', { host: stack.authRegistry, username: stack.user, password: `wrong-${RUN}` });
    expect(refused.ok).toBe(false);
    expect(userHosts(core)).toEqual([]);

    await value<LoginResult>(core, 'registries.login', {
      host: `http://${stack.authRegistry}/`,
      username: stack.user,
      password: stack.password,
    });
    expect(userHosts(core)).toEqual([stack.authRegistry]);
    expect(entryFor(await value<RegistryEntry[]>(core, 'registries.list'), stack.authRegistry)).toMatchObject({
      loggedIn: true,
      username: stack.user,
    });

    expect(await value<LogoutResult>(core, 'registries.logout', { host: stack.authRegistry })).toEqual({
      host: stack.authRegistry,
      removed: true,
    });
    const after = entryFor(await value<RegistryEntry[]>(core, 'registries.list'), stack.authRegistry);
    expect(after).toMatchObject({ loggedIn: false, sources: expect.arrayContaining(['user']) });
    expect(after).not.toHaveProperty('username');

    const forgotten = await value<RegistryEntry[]>(core, 'registries.forget', { host: stack.authRegistry });
    expect(entryFor(forgotten, stack.authRegistry)?.sources ?? []).not.toContain('user');
    expect(userHosts(core)).toEqual([]);
  });

  it('a logout of a login the CLI made keeps the registry listed too', async () => {
    const core = await makeCore();
    const cli = await dockerCli(['login', '-u', stack.user, '--password-stdin', stack.authRegistry], {
      configDir: core.dockerConfigDir,
      input: stack.password,
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(userHosts(core)).toEqual([]);
    await value<LogoutResult>(core, 'registries.logout', { host: stack.authRegistry });
    expect(entryFor(await value<RegistryEntry[]>(core, 'registries.list'), stack.authRegistry)).toMatchObject({
      loggedIn: false,
      sources: expect.arrayContaining(['user']),
    });
  });

  it('Docker Hub is never remembered (it is always listed)', async () => {
    const core = await makeCore();
    await value<LogoutResult>(core, 'registries.logout', { host: 'docker.io' });
    expect(userHosts(core)).toEqual([]);
  });
});
