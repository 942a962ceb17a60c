// images.pull against the real 20.10 test engine and the loopback registries, compared with
// `docker pull` where the CLI prints something deterministic. Images live in the open registry
// under stevedore-fixture/pull-* (built once from random data, see tests/support/registry-images.ts)
// and every local copy a test makes is removed again.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot, PullJobResult } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { JobManager } from '../../electron/core/support/jobs';
import { createPullHandlers } from '../../electron/core/distribution/pull-handlers';
import { StevedoreCore } from '../../electron/core/service';
import { deleteRegistryBlob, ensureRegistryImage, localImageExists, type Manifest, removeLocal } from '../support/registry-images';
import { dockerCli, fixtures, loadStackEnv, privateDockerConfig, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[pull] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const NS = `${stack.registry}/stevedore-fixture`;
const LAYERS = `${NS}/pull-layers:1`;
const DERIVED = `${NS}/pull-derived:1`;
const BIG = `${NS}/pull-big:1`;
const BROKEN = `${NS}/pull-broken:1`;
const LABEL = 'org.stevedore.fixture=1';

let core: StevedoreCore;
let layers: Manifest;
const toRemove = new Set<string>();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a pull through the contract and waits for the job to finish. */
async function pull(reference: string, c: StevedoreCore = core): Promise<JobSnapshot> {
  const r = await c.handle('images.pull', { reference });
  if (!r.ok) throw new Error(`images.pull refused: ${r.error.code} ${r.error.message}`);
  toRemove.add(reference);
  return c.jobs.wait((r.value as { jobId: string }).jobId);
}

const resultOf = (job: JobSnapshot) => job.result as PullJobResult;
const cliLines = (s: string) => s.split('\n').filter((l) => l !== '');
/** The CLI's stderr without the prefix the Go client adds to engine errors. */
const engineWords = (stderr: string) => stderr.trim().replace(/^Error response from daemon: /, '');

describe.skipIf(skipReason !== null)('images.pull against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    layers = await ensureRegistryImage({ ref: LAYERS, layers: [300_000, 200_000, 100_000], label: LABEL });
    await ensureRegistryImage({ ref: DERIVED, layers: [], from: LAYERS, label: 'org.stevedore.derived=1' });
    await ensureRegistryImage({ ref: BIG, layers: [24_000_000, 24_000_000, 24_000_000], label: LABEL });
    const broken = await ensureRegistryImage({ ref: BROKEN, layers: [300_000, 300_000], label: LABEL });
    await deleteRegistryBlob(BROKEN, broken.layers[1].digest);
    await removeLocal(LAYERS, DERIVED, BIG, BROKEN, fx.private);
  });

  afterEach(async () => {
    await removeLocal(...toRemove);
    toRemove.clear();
  });

  afterAll(async () => {
    await removeLocal(LAYERS, DERIVED, BIG, BROKEN, fx.private);
    core?.dispose();
  });

  it('pulls by tag: per-layer rows, overall bytes, digest, status line, the tag exists', async () => {
    const updates: JobSnapshot[] = [];
    const off = core.events.on('job.updated', (j) => {
      if (j.title === `Pull ${LAYERS}`) updates.push(j);
    });
    const job = await pull(LAYERS);
    off();
    expect(job.state).toBe('succeeded');
    expect(job.kind).toBe('pull');
    expect(job.layers.map((l) => l.status)).toEqual(['Pull complete', 'Pull complete', 'Pull complete']);
    expect(job.layers.map((l) => l.id)).toEqual(layers.layers.map((l) => l.digest.slice('sha256:'.length, 'sha256:'.length + 12)));
    const sizes = layers.layers.reduce((n, l) => n + l.size, 0);
    expect(job.total).toBe(sizes);
    expect(job.current).toBe(sizes);
    expect(resultOf(job)).toEqual({
      reference: LAYERS,
      digest: layers.digest,
      status: `Downloaded newer image for ${LAYERS}`,
      id: (await dockerCli(['image', 'inspect', '--format', '{{.Id}}', LAYERS])).stdout.trim(),
    });
    expect(job.messages[0]).toBe('1: Pulling from stevedore-fixture/pull-layers');
    expect(job.messages.slice(-3)).toEqual([`Digest: ${layers.digest}`, `Status: Downloaded newer image for ${LAYERS}`, LAYERS]);
    expect(job.messages.some((m) => /Downloading \d/.test(m))).toBe(false);
    // The UI saw the job run, with layer rows, before it finished.
    expect(updates[0].state).toBe('running');
    expect(updates.some((u) => u.state === 'running' && u.layers.length > 0)).toBe(true);
    expect(updates[updates.length - 1].state).toBe('succeeded');
  });

  it('pulling an image that is present prints exactly what docker pull prints', async () => {
    expect((await pull(LAYERS)).state).toBe('succeeded');
    const again = await pull(LAYERS);
    const cli = await dockerCli(['pull', LAYERS]);
    expect(cli.code).toBe(0);
    expect(again.messages).toEqual(cliLines(cli.stdout));
    expect(resultOf(again).status).toBe(`Image is up to date for ${LAYERS}`);
    expect(again.layers).toEqual([]);
  });

  it('a bare name gets the default tag first, as the CLI says', async () => {
    const r = await core.handle('images.pull', { reference: `${NS}/pull-nope` });
    const job = await core.jobs.wait((r as { value: { jobId: string } }).value.jobId);
    expect(job.messages[0]).toBe('Using default tag: latest');
  });

  it('pulls by digest: no tag is created, the image is there by digest', async () => {
    const byDigest = `${NS}/pull-layers@${layers.digest}`;
    const job = await pull(byDigest);
    expect(job.state).toBe('succeeded');
    expect(resultOf(job).reference).toBe(byDigest);
    expect(resultOf(job).digest).toBe(layers.digest);
    expect(job.messages[0]).toBe(`${byDigest}: Pulling from stevedore-fixture/pull-layers`);
    expect(await localImageExists(byDigest)).toBe(true);
    expect(await localImageExists(LAYERS)).toBe(false);
    const again = await pull(byDigest);
    const cli = await dockerCli(['pull', byDigest]);
    expect(again.messages).toEqual(cliLines(cli.stdout));
  });

  it('all layers already present: Already exists rows, nothing downloaded', async () => {
    expect((await pull(LAYERS)).state).toBe('succeeded');
    const job = await pull(DERIVED);
    expect(job.state).toBe('succeeded');
    expect(job.layers).toHaveLength(3);
    expect(job.layers.every((l) => l.status === 'Already exists')).toBe(true);
    expect(job.total).toBe(0);
    expect(resultOf(job).status).toBe(`Downloaded newer image for ${DERIVED}`);
    expect(job.messages.filter((m) => m.endsWith(': Already exists'))).toHaveLength(3);
  });

  it('an unknown image is NOT_FOUND with the engine words', async () => {
    const ref = `${NS}/pull-nope:1`;
    const job = await pull(ref);
    const cli = await dockerCli(['pull', ref]);
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'NOT_FOUND', message: engineWords(cli.stderr) });
    expect(job.error?.message).toBe(`manifest for ${ref} not found: manifest unknown: manifest unknown`);
  });

  it('a malformed reference is INVALID_REFERENCE and no job starts', async () => {
    const before = core.jobs.list().length;
    for (const [reference, message] of [
      ['Foo', 'invalid reference format: repository name must be lowercase'],
      ['busybox:-x', 'invalid reference format'],
      [`busybox@sha256:${'a'.repeat(10)}`, 'invalid reference format'],
      [`busybox@sha256:${'a'.repeat(40)}`, 'invalid checksum digest length'],
    ]) {
      expect(await core.handle('images.pull', { reference })).toEqual({ ok: false, error: { code: 'INVALID_REFERENCE', message } });
    }
    expect(await core.handle('images.pull', { reference: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(core.jobs.list().length).toBe(before);
  });

  // The 20.10 CLI parses with the same vendored library as the engine; today's CLI words differ.
  const cli2010 = '/usr/bin/docker';
  const has2010 = existsSync(cli2010);
  it.skipIf(!has2010)('reference errors read exactly as the 20.10 docker CLI prints them', async () => {
    const version = await run(cli2010, ['--version']);
    if (!/ 20\.10\./.test(version.stdout)) return;
    for (const reference of [
      'Foo',
      'FOO/bar',
      'a//b',
      'busybox:-x',
      'repo@sha256:ffffffffffffffffffffffffffffffffff',
      `x@md5:${'f'.repeat(32)}`,
      'a'.repeat(64),
      'x:5000/Up',
    ]) {
      const r = await core.handle('images.pull', { reference });
      const cli = await run(cli2010, ['pull', '--', reference]);
      expect(cli.code).toBe(1);
      expect(r).toEqual({ ok: false, error: { code: 'INVALID_REFERENCE', message: cli.stderr.trim() } });
    }
  });

  it('a registry with nothing listening is REGISTRY_UNREACHABLE with the engine words', async () => {
    const ref = `127.0.0.1:${await freePort()}/stevedore-fixture/pull-x:1`;
    const job = await pull(ref);
    const cli = await dockerCli(['pull', ref]);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('REGISTRY_UNREACHABLE');
    expect(job.error?.message).toBe(engineWords(cli.stderr));
    expect(job.error?.message).toMatch(/connection refused/);
  });

  it('the auth registry without credentials fails clearly (UNAUTHORIZED, naming the registry to log in to)', async () => {
    const job = await pull(fx.private);
    const cli = await dockerCli(['pull', fx.private]);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('UNAUTHORIZED');
    expect(job.error?.detail).toEqual({ registry: stack.authRegistry });
    expect(job.error?.message).toBe(engineWords(cli.stderr));
    expect(job.error?.message).toMatch(/no basic auth credentials/);
    expect(await localImageExists(fx.private)).toBe(false);
  });

  it('credentials from the auth hook reach the engine (for the registries work)', async () => {
    const asked: string[] = [];
    const jobs = new JobManager();
    const handlers = createPullHandlers(core.engine, jobs, (host) => {
      asked.push(host);
      return { username: stack.user, password: stack.password, serveraddress: host };
    });
    toRemove.add(fx.private);
    const { jobId } = await handlers['images.pull']({ reference: fx.private });
    const job = await jobs.wait(jobId);
    expect(asked).toEqual([stack.authRegistry]);
    expect(job.state).toBe('succeeded');
    expect(JSON.stringify(job)).not.toContain(stack.password);
    expect(await localImageExists(fx.private)).toBe(true);
  });

  it('cancel mid-pull aborts the request: CANCELLED and no new tag', async () => {
    // Unthrottled updates, so the cancel lands at the first byte count (loopback is fast).
    const eager = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
      jobs: new JobManager({ throttleMs: 0 }),
    });
    try {
      let cancelled: Promise<unknown> | undefined;
      let cancelledAt = 0;
      eager.events.on('job.updated', (j) => {
        if (cancelled || j.title !== `Pull ${BIG}`) return;
        if (j.layers.some((l) => l.status === 'Downloading' && (l.current ?? 0) < (l.total ?? 0))) {
          cancelledAt = j.current;
          cancelled = eager.handle('jobs.cancel', { jobId: j.id });
        }
      });
      const job = await pull(BIG, eager);
      expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
      expect(job.state).toBe('cancelled');
      expect(job.error).toEqual({ code: 'CANCELLED', message: 'Cancelled' });
      expect(cancelledAt).toBeLessThan(72_000_000);
      expect(job.messages).not.toContain(BIG);
      // The engine drops the pull when its client goes away; give it a moment, then look.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await localImageExists(BIG)).toBe(false);
    } finally {
      eager.dispose();
    }
  });

  it('an error line in the middle of the stream fails the job with the engine words', async () => {
    const job = await pull(BROKEN);
    const cli = await dockerCli(['pull', BROKEN]);
    expect(job.state).toBe('failed');
    expect(job.error).toEqual({ code: 'INTERNAL', message: cli.stderr.trim() });
    expect(job.error?.message).toBe('unknown blob');
    expect(job.messages).toContain('1: Pulling from stevedore-fixture/pull-broken');
    expect(await localImageExists(BROKEN)).toBe(false);
  });

  it('several pulls run at once, each with its own rows', async () => {
    const [a, b, c] = await Promise.all([pull(LAYERS), pull(BIG), pull(`${NS}/pull-layers@${layers.digest}`)]);
    for (const job of [a, b, c]) expect(job.state).toBe('succeeded');
    expect(b.layers).toHaveLength(3);
    expect(b.total).toBeGreaterThan(72_000_000);
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(await localImageExists(BIG)).toBe(true);
  });
});

function run(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: stack.dockerHost, DOCKER_CONFIG: privateDockerConfig() };
    delete env.DOCKER_CONTEXT;
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
