// images.push and images.pushTarget against the real 20.10 test engine and the loopback
// registries (open 127.0.0.1:5001, htpasswd 127.0.0.1:5002), checked through the registry's own
// v2 API, the docker CLI, and a pull from the second dedicated test engine. Every image, tag and
// registry manifest a test makes carries a random suffix and is removed again.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/contract';
import type { PushJobResult, PushTarget } from '../../shared/registries';
import { EngineConnection } from '../../electron/core/engine/engine';
import { JobManager } from '../../electron/core/support/jobs';
import { pushTargetOf, startPushJob } from '../../electron/core/distribution/push';
import { StevedoreCore } from '../../electron/core/service';
import { basicAuth, buildRandomImage, deleteRegistryTag, MANIFEST_V2, removeLocal, splitRegistryRef } from '../support/registry-images';
import { dockerCli, loadStackEnv, privateDockerConfig, requireEngine, requireEngine2 } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[push] skipping: ${skipReason}`);
const skip2 = skipReason ?? requireEngine2();
if (skip2 && !skipReason) console.warn(`[push] skipping the second-engine pull: ${skip2}`);
const stack = loadStackEnv();
const SUFFIX = randomBytes(4).toString('hex');
const NS = `stevedore-push-${SUFFIX}`;
// Local images the pushes start from.
const BASE = `${NS}/base:1`;
const DERIVED = `${NS}/derived:1`;
const BIG = `${NS}/big:1`;
// Pushed names.
const APP = `${stack.registry}/${NS}/app`;
const OTHER = `${stack.registry}/${NS}/other`;
const PRIVATE = `${stack.authRegistry}/${NS}/private`;
const TEST_USER = { username: stack.user, password: stack.password, serveraddress: stack.authRegistry };

let core: StevedoreCore;
const localRefs = new Set<string>([BASE, DERIVED, BIG]);
const registryRefs = new Set<string>();

let dataDir: string;

/** A core on the test engine with no stored logins: an empty private DOCKER_CONFIG, never ~/.docker. */
function testCore(jobs?: JobManager): StevedoreCore {
  const engine = new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } });
  return new StevedoreCore({ engine, jobs, dataDir, dockerConfigDir: privateDockerConfig() });
}

async function docker(args: string[], dockerHost?: string): Promise<string> {
  const r = await dockerCli(args, { dockerHost, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** `docker tag` for a test name, remembered for cleanup (locally and in the registry). */
async function tag(source: string, target: string): Promise<string> {
  await docker(['tag', source, target]);
  localRefs.add(target);
  registryRefs.add(target);
  return target;
}

async function push(reference: string, c: StevedoreCore = core): Promise<JobSnapshot> {
  const r = await c.handle('images.push', { reference });
  if (!r.ok) throw new Error(`images.push refused: ${r.error.code} ${r.error.message}`);
  return c.jobs.wait((r.value as { jobId: string }).jobId);
}

const resultOf = (job: JobSnapshot) => job.result as PushJobResult;

async function registryJson<T>(host: string, path: string, authorization?: string): Promise<T> {
  const res = await fetch(`http://${host}${path}`, { headers: authorization ? { Authorization: authorization } : {} });
  expect(res.status, `${host}${path}`).toBe(200);
  return (await res.json()) as T;
}

/** The whole `_catalog`, page by page (the registry serves at most 1000 names a page). */
async function catalog(host: string, authorization?: string): Promise<string[]> {
  const all: string[] = [];
  for (;;) {
    const last = all.length ? `&last=${encodeURIComponent(all[all.length - 1])}` : '';
    const page = (await registryJson<{ repositories: string[] }>(host, `/v2/_catalog?n=1000${last}`, authorization)).repositories;
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

async function tagsOf(ref: string, authorization?: string): Promise<string[]> {
  const { host, name } = splitRegistryRef(ref);
  return (await registryJson<{ tags: string[] | null }>(host, `/v2/${name}/tags/list`, authorization)).tags ?? [];
}

async function registryDigest(ref: string, authorization?: string): Promise<string | null> {
  const { host, name, tag: t } = splitRegistryRef(ref);
  const res = await fetch(`http://${host}/v2/${name}/manifests/${t}`, {
    method: 'HEAD',
    headers: { Accept: MANIFEST_V2, ...(authorization ? { Authorization: authorization } : {}) },
  });
  return res.status === 200 ? res.headers.get('docker-content-digest') : null;
}

const imageId = (ref: string, dockerHost?: string) => docker(['image', 'inspect', '--format', '{{.Id}}', ref], dockerHost);

describe.skipIf(skipReason !== null)('images.push against the real engine and registry', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-push-data-'));
    core = testCore();
    await core.start();
    await buildRandomImage({ ref: BASE, layers: [400_000, 300_000, 200_000], label: 'org.stevedore.test=push' });
    await buildRandomImage({ ref: DERIVED, layers: [250_000], from: BASE });
    await buildRandomImage({ ref: BIG, layers: [40_000_000, 40_000_000], label: 'org.stevedore.test=push' });
  }, 180_000);

  afterAll(async () => {
    for (const ref of registryRefs) {
      const auth = ref.startsWith(`${stack.authRegistry}/`) ? basicAuth(stack.user, stack.password) : undefined;
      await deleteRegistryTag(ref, auth).catch(() => undefined);
    }
    await removeLocal(...localRefs);
    core?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('pushes one tag: per-layer Pushed rows, the CLI lines, and the digest the registry serves', async () => {
    const ref = await tag(BASE, `${APP}:1`);
    const job = await push(ref);
    expect(job.error).toBeUndefined();
    expect(job.state).toBe('succeeded');
    expect(job.kind).toBe('push');
    expect(job.title).toBe(`Push ${ref}`);
    expect(job.subject).toBe(ref); // what a Retry starts again
    const result = resultOf(job);
    expect(result).toEqual({ reference: ref, tag: '1', digest: expect.stringMatching(/^sha256:[a-f0-9]{64}$/), size: expect.any(Number) });
    expect(result.digest).toBe(await registryDigest(ref));

    expect(job.layers).toHaveLength(3);
    expect(job.layers.every((l) => l.status === 'Pushed')).toBe(true);
    // The layers are 400/300/200 kB random files; the engine counts each layer's content size.
    expect(job.layers.map((l) => l.total).sort()).toEqual([200_000, 300_000, 400_000]);
    expect([job.current, job.total]).toEqual([900_000, 900_000]);
    expect(job.messages[0]).toBe(`The push refers to repository [${APP}]`);
    expect(job.messages.filter((m) => m.endsWith(': Preparing'))).toHaveLength(3);
    expect(job.messages[job.messages.length - 1]).toBe(`1: digest: ${result.digest} size: ${result.size}`);

    expect(await catalog(stack.registry)).toContain(`${NS}/app`);
    expect(await tagsOf(ref)).toEqual(['1']);
  });

  it.skipIf(skip2 !== null)('what Stevedore pushed pulls on the second dedicated engine as the same image', async () => {
    const ref = `${APP}:1`;
    if (!(await registryDigest(ref))) await push(await tag(BASE, ref));
    try {
      const out = await docker(['pull', ref], stack.dockerHost2);
      expect(out).toContain(`Status: Downloaded newer image for ${ref}`);
      expect(await imageId(ref, stack.dockerHost2)).toBe(await imageId(BASE));
    } finally {
      await dockerCli(['rmi', ref], { dockerHost: stack.dockerHost2 });
    }
  });

  it('only the given tag is pushed, and a bare name means :latest', async () => {
    await tag(BASE, `${APP}:solo`);
    await tag(BASE, `${APP}:latest`);
    await tag(BASE, `${APP}:not-pushed`);
    const job = await push(APP);
    expect(job.state).toBe('succeeded');
    expect(job.messages[0]).toBe('Using default tag: latest');
    expect(resultOf(job)).toMatchObject({ reference: `${APP}:latest`, tag: 'latest' });
    const tags = await tagsOf(`${APP}:latest`);
    expect(tags).toContain('latest');
    expect(tags).not.toContain('not-pushed');
    expect(tags).not.toContain('solo');
  });

  it('a second image sharing layers: Layer already exists in the same repository, Mounted from in another', async () => {
    if (!(await registryDigest(`${APP}:1`))) await push(await tag(BASE, `${APP}:1`));
    const same = await push(await tag(DERIVED, `${APP}:2`));
    expect(same.state).toBe('succeeded');
    expect(same.layers.map((l) => l.status).sort()).toEqual([
      'Layer already exists',
      'Layer already exists',
      'Layer already exists',
      'Pushed',
    ]);
    // Only the new 250 kB layer was uploaded.
    expect([same.current, same.total]).toEqual([250_000, 250_000]);

    const other = await push(await tag(DERIVED, `${OTHER}:1`));
    expect(other.state).toBe('succeeded');
    expect(other.layers.map((l) => l.status)).toEqual(Array(4).fill(`Mounted from ${NS}/app`));
    expect(other.messages).toContain(`${other.layers[0].id}: Mounted from ${NS}/app`);
    expect(resultOf(other).digest).toBe(await registryDigest(`${OTHER}:1`));
  });

  it('the same lines as `docker push` for the same push', async () => {
    const ours = await push(await tag(BASE, `${APP}:cli-a`));
    const cliRef = await tag(BASE, `${APP}:cli-b`);
    const cli = await docker(['push', cliRef]);
    // Layers run concurrently, so their lines interleave differently from run to run.
    const normalise = (lines: string[]) => lines.map((l) => l.replace(/^cli-[ab]: /, 'TAG: ')).sort();
    expect(normalise(ours.messages)).toEqual(normalise(cli.split('\n')));
  });

  it('a tag that does not exist fails with the engine words', async () => {
    const missing = `${APP}:no-such-${SUFFIX}`;
    const job = await push(missing);
    const cli = await dockerCli(['push', missing]);
    expect(cli.code).not.toBe(0);
    expect(job.state).toBe('failed');
    expect(job.error).toEqual({ code: 'NOT_FOUND', message: `tag does not exist: ${missing}` });
    expect(cli.stderr).toContain(job.error?.message);
    expect(job.messages).toEqual([`The push refers to repository [${APP}]`]);
  });

  it('an unknown name fails with the engine words', async () => {
    const job = await push(`${stack.registry}/${NS}/nothing-here:1`);
    expect(job.error).toEqual({
      code: 'NOT_FOUND',
      message: `An image does not exist locally with the tag: ${stack.registry}/${NS}/nothing-here`,
    });
  });

  it('the htpasswd registry without credentials: UNAUTHORIZED naming the registry to log in to', async () => {
    const ref = await tag(BASE, `${PRIVATE}:1`);
    const job = await push(ref);
    expect(job.state).toBe('failed');
    expect(job.error).toEqual({ code: 'UNAUTHORIZED', message: 'no basic auth credentials', detail: { registry: stack.authRegistry } });
    expect(await registryDigest(ref, basicAuth(stack.user, stack.password))).toBeNull();
  });

  it('the htpasswd registry with the login the credentials give: pushed, and listed behind auth', async () => {
    const ref = await tag(BASE, `${PRIVATE}:2`);
    const jobs = new JobManager();
    const asked: string[] = [];
    const authFor = (host: string) => {
      asked.push(host);
      return host === stack.authRegistry ? TEST_USER : null;
    };
    const job = await jobs.wait(startPushJob({ engine: core.engine, jobs, authFor }, ref));
    expect(job.error).toBeUndefined();
    expect(asked).toEqual([stack.authRegistry]);
    const authorization = basicAuth(stack.user, stack.password);
    expect(resultOf(job).digest).toBe(await registryDigest(ref, authorization));
    expect(await catalog(stack.authRegistry, authorization)).toContain(`${NS}/private`);
    expect(await tagsOf(ref, authorization)).toContain('2');
    // Nothing of the secret in what the job reports.
    expect(JSON.stringify(job)).not.toContain(stack.password);
  });

  it('a wrong password: UNAUTHORIZED with the registry words', async () => {
    const ref = await tag(BASE, `${PRIVATE}:wrong`);
    const jobs = new JobManager();
    const authFor = () => ({ ...TEST_USER, password: 'not-the-password' });
    const job = await jobs.wait(startPushJob({ engine: core.engine, jobs, authFor }, ref));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('UNAUTHORIZED');
    expect(job.error?.detail).toEqual({ registry: stack.authRegistry });
    expect(job.error?.message).toMatch(/unauthorized|authentication required/);
    expect(JSON.stringify(job)).not.toContain('not-the-password');
  });

  it('credentials that cannot be read: UNAUTHORIZED naming the registry, none of the store words', async () => {
    const jobs = new JobManager();
    const authFor = () => {
      throw new Error(`docker-credential-x: password=${stack.password}`);
    };
    const job = await jobs.wait(startPushJob({ engine: core.engine, jobs, authFor }, `${PRIVATE}:1`));
    expect(job.error).toEqual({
      code: 'UNAUTHORIZED',
      message: `Could not read the credentials for ${stack.authRegistry}`,
      detail: { registry: stack.authRegistry },
    });
    expect(JSON.stringify(job)).not.toContain(stack.password);
  });

  it('cancel mid-push of a large image: CANCELLED at once, no tag in the registry', async () => {
    const ref = await tag(BIG, `${APP}:big`);
    // Unthrottled updates, so the cancel lands at the first byte count (loopback is fast).
    const eager = testCore(new JobManager({ throttleMs: 0 }));
    try {
      let cancelled: Promise<unknown> | undefined;
      let cancelledAt = 0;
      let cancelTime = 0;
      eager.events.on('job.updated', (j) => {
        if (cancelled || j.title !== `Push ${ref}`) return;
        if (j.layers.some((l) => l.status === 'Pushing' && (l.current ?? 0) < (l.total ?? 0))) {
          cancelledAt = j.current;
          cancelTime = Date.now();
          cancelled = eager.handle('jobs.cancel', { jobId: j.id });
        }
      });
      const job = await push(ref, eager);
      expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
      expect(job.state).toBe('cancelled');
      expect(job.error).toEqual({ code: 'CANCELLED', message: 'Cancelled' });
      expect(job.endedAt! - cancelTime).toBeLessThan(2000);
      expect(cancelledAt).toBeLessThan(80_000_000);
      // The engine drops the push when its client goes away; give it a moment, then look.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await registryDigest(ref)).toBeNull();
    } finally {
      eager.dispose();
    }
  });

  describe('images.pushTarget', () => {
    const target = async (reference: string) => {
      const r = await core.handle('images.pushTarget', { reference });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as PushTarget;
    };

    it('a Docker Hub name without a namespace needs one; the login user gives the suggestion', async () => {
      const name = `stevedore-push-${SUFFIX}-app`;
      expect(await target(name)).toEqual({
        reference: `docker.io/library/${name}:latest`,
        registry: 'docker.io',
        repository: `library/${name}`,
        tag: 'latest',
        exists: false,
        needsNamespace: true,
      });
      const withLogin = await pushTargetOf(
        { engine: core.engine, authFor: (h) => (h === 'docker.io' ? { username: 'alice', password: 'x' } : null) },
        `${name}:1.0`,
      );
      expect(withLogin).toMatchObject({ needsNamespace: true, username: 'alice', suggestion: `alice/${name}:1.0` });
      // A config.json `auths` entry holds only `auth` (base64 user:password): the user comes from it.
      const fromAuth = await pushTargetOf(
        { engine: core.engine, authFor: () => ({ auth: Buffer.from('bob:secret').toString('base64') }) },
        name,
      );
      expect(fromAuth).toMatchObject({ username: 'bob', suggestion: `bob/${name}:latest` });
      expect(JSON.stringify(fromAuth)).not.toContain('secret');
    });

    it('a Docker Hub name with a namespace, present locally', async () => {
      expect(await target(BASE)).toEqual({
        reference: `docker.io/${BASE}`,
        registry: 'docker.io',
        repository: `${NS}/base`,
        tag: '1',
        exists: true,
        needsNamespace: false,
      });
    });

    it('a registry host in the name is the registry', async () => {
      expect(await target('localhost:5000/x')).toEqual({
        reference: 'localhost:5000/x:latest',
        registry: 'localhost:5000',
        repository: 'x',
        tag: 'latest',
        exists: false,
        needsNamespace: false,
      });
    });

    it('a digest reference and an invalid name are refused before anything is sent', async () => {
      const digest = `sha256:${'a'.repeat(64)}`;
      await expect(target(`${APP}@${digest}`)).rejects.toMatchObject({
        code: 'INVALID_REFERENCE',
        message: 'cannot push a digest reference',
      });
      await expect(target('Foo')).rejects.toMatchObject({
        code: 'INVALID_REFERENCE',
        message: 'invalid reference format: repository name must be lowercase',
      });
      const r = await core.handle('images.push', { reference: `${APP}@${digest}` });
      expect(r).toEqual({ ok: false, error: { code: 'INVALID_REFERENCE', message: 'cannot push a digest reference' } });
    });
  });
});
