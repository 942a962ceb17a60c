// Update detection (updates.check / updates.list) against real registries and the real engine:
// multi-platform indexes built byte by byte in the stack's open registry (registry-fixtures.ts),
// pulled by the engine, then changed under the same tag; a registry of this file's own that is
// stopped; the htpasswd registry without a login. Repositories are `stevedore-updates/*-<run>`;
// every tag pulled and every manifest put is removed at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TagUpdate } from '../../shared/registry-updates';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { PER_REGISTRY, UpdateChecker } from '../../electron/core/registry-updates/update-checker';
import { closedLoopbackPort } from '../support/ports';
import { startPrivateRegistry, type PrivateRegistry } from '../support/private-registry';
import { pushIndex, pushSyntheticImage, type RegistryTarget } from '../support/registry-fixtures';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[registry-updates] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const RUN = randomBytes(4).toString('hex');
const open: RegistryTarget = { host: stack.registry };
const authed: RegistryTarget = { host: stack.authRegistry, auth: { username: stack.user, password: stack.password } };

let core: StevedoreCore;
let configDir: string;
let loginDir: string;
let dataDir: string;
let ownRegistry: PrivateRegistry | undefined;
const pulledTags = new Set<string>();
const imageIds = new Set<string>();
const containers = new Set<string>();
const putManifests: { target: RegistryTarget; repository: string; digest: string }[] = [];

async function cli(args: string[], configDirOverride?: string): Promise<string> {
  const r = await dockerCli(args, configDirOverride ? { configDir: configDirOverride } : {});
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Pulls `ref` with the docker CLI and remembers the tag and the image for the cleanup. */
async function pull(ref: string, configDirOverride?: string): Promise<string> {
  await cli(['pull', '-q', ref], configDirOverride);
  pulledTags.add(ref);
  const id = await cli(['image', 'inspect', '--format', '{{.Id}}', ref]);
  return id;
}

/** A one-layer image of this run (its own files, so its image ID is no other test's). */
async function image(target: RegistryTarget, repository: string, tag: string | undefined, architecture: string, content: string) {
  const pushed = await pushSyntheticImage(target, repository, tag, {
    architecture,
    ...(architecture === 'arm64' ? { variant: 'v8' } : {}),
    files: { 'updates.txt': `${RUN} ${architecture} ${content}\n` },
  });
  putManifests.push({ target, repository, digest: pushed.digest });
  return pushed;
}

async function index(
  target: RegistryTarget,
  repository: string,
  tag: string,
  entries: Awaited<ReturnType<typeof image>>[],
  format: 'docker' | 'oci' = 'oci',
) {
  const pushed = await pushIndex(target, repository, tag, entries, format);
  putManifests.push({ target, repository, digest: pushed.digest });
  return pushed;
}

async function check(reference: string, on: StevedoreCore = core): Promise<TagUpdate> {
  const r = await on.handle('updates.check', { references: [reference] });
  if (!r.ok) throw new Error(`updates.check: ${r.error.code} ${r.error.message}`);
  const results = (r.value as { results: TagUpdate[] }).results;
  expect(results).toHaveLength(1);
  return results[0];
}

function newCore(dockerConfigDir: string): StevedoreCore {
  return new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
    dataDir,
    dockerConfigDir,
  });
}

describe.skipIf(skipReason !== null)('update detection', () => {
  beforeAll(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'stevedore-updates-config-'));
    loginDir = mkdtempSync(join(tmpdir(), 'stevedore-updates-login-'));
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-updates-data-'));
    core = newCore(configDir);
    await core.start();
  });

  afterAll(async () => {
    for (const c of containers) await dockerCli(['rm', '-f', c]);
    for (const t of pulledTags) await dockerCli(['rmi', t]);
    // The fixture image pushed under this run's name keeps that repository's digest once its tag moved on.
    const digests = await dockerCli(['image', 'inspect', '--format', '{{join .RepoDigests "\\n"}}', fx.base]);
    for (const d of digests.stdout.split('\n').filter((l) => l.includes(`-${RUN}@`))) await dockerCli(['rmi', d.trim()]);
    // Images left untagged by a re-pull (their IDs are this run's own: its files are).
    for (const id of imageIds) await dockerCli(['rmi', id]);
    for (const m of putManifests.reverse()) {
      const headers: Record<string, string> = {};
      if (m.target.auth)
        headers.Authorization = `Basic ${Buffer.from(`${m.target.auth.username}:${m.target.auth.password}`).toString('base64')}`;
      await fetch(`http://${m.target.host}/v2/${m.repository}/manifests/${m.digest}`, { method: 'DELETE', headers }).catch(() => undefined);
    }
    await ownRegistry?.stop();
    core?.dispose();
    for (const dir of [configDir, loginDir, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a pulled multi-platform tag is up to date, then newer available once the index changes under it', async () => {
    const repository = `stevedore-updates/multi-${RUN}`;
    const ref = `${stack.registry}/${repository}:1`;
    const amd64 = await image(open, repository, undefined, 'amd64', 'one');
    const arm64 = await image(open, repository, undefined, 'arm64', 'one');
    const first = await index(open, repository, '1', [amd64, arm64]);
    imageIds.add(await pull(ref));

    const before = await check(ref);
    expect(before).toMatchObject({
      reference: ref,
      registry: stack.registry,
      repository,
      tag: '1',
      status: 'upToDate',
      localDigest: first.digest,
      remoteDigest: first.digest,
    });
    expect(before.reason).toBeUndefined();

    const amd64Changed = await image(open, repository, undefined, 'amd64', 'two');
    const second = await index(open, repository, '1', [amd64Changed, arm64]);
    const after = await check(ref);
    expect(after).toMatchObject({ status: 'newer', localDigest: first.digest, remoteDigest: second.digest, platform: 'linux/amd64' });

    // Kept in core with its time: the list answers it without asking anything.
    const kept = await core.handle('updates.list', {});
    expect(kept.ok && (kept.value as { results: TagUpdate[] }).results.find((r) => r.reference === ref)).toMatchObject({
      status: 'newer',
      checkedAt: after.checkedAt,
    });

    // Pull newer, then check again: up to date.
    imageIds.add(await pull(ref));
    expect(await check(ref)).toMatchObject({ status: 'upToDate', localDigest: second.digest, remoteDigest: second.digest });
  });

  it('an index that changed while the entry for this platform did not is up to date (no false "newer")', async () => {
    const repository = `stevedore-updates/platform-added-${RUN}`;
    const ref = `${stack.registry}/${repository}:1`;
    const amd64 = await image(open, repository, undefined, 'amd64', 'same');
    const arm64 = await image(open, repository, undefined, 'arm64', 'same');
    // A docker manifest list here (the other tests put OCI indexes).
    const first = await index(open, repository, '1', [amd64, arm64], 'docker');
    imageIds.add(await pull(ref));

    const arm64Changed = await image(open, repository, undefined, 'arm64', 'rebuilt');
    const second = await index(open, repository, '1', [amd64, arm64Changed], 'docker');
    expect(second.digest).not.toBe(first.digest);
    expect(await check(ref)).toMatchObject({
      status: 'upToDate',
      localDigest: first.digest,
      remoteDigest: second.digest,
      platform: 'linux/amd64',
    });
  });

  it('a tag pulled as a platform manifest is up to date when the tag becomes an index holding that manifest', async () => {
    const repository = `stevedore-updates/became-index-${RUN}`;
    const ref = `${stack.registry}/${repository}:1`;
    const amd64 = await image(open, repository, '1', 'amd64', 'single');
    imageIds.add(await pull(ref));
    expect(await check(ref)).toMatchObject({ status: 'upToDate', localDigest: amd64.digest, remoteDigest: amd64.digest });

    const arm64 = await image(open, repository, undefined, 'arm64', 'single');
    const idx = await index(open, repository, '1', [amd64, arm64]);
    expect(await check(ref)).toMatchObject({
      status: 'upToDate',
      localDigest: amd64.digest,
      remoteDigest: idx.digest,
      platform: 'linux/amd64',
    });

    // And newer once the index's amd64 entry is another image.
    const amd64Changed = await image(open, repository, undefined, 'amd64', 'changed');
    await index(open, repository, '1', [amd64Changed, arm64]);
    expect(await check(ref)).toMatchObject({ status: 'newer', localDigest: amd64.digest });
  });

  it('lists the running containers of an image that has a newer one, and still after the newer one is pulled', async () => {
    const repository = `stevedore-updates/running-${RUN}`;
    const ref = `${stack.registry}/${repository}:1`;
    await cli(['tag', fx.base, ref]);
    pulledTags.add(ref);
    await cli(['push', '-q', ref]);
    const name = `stevedore-updates-${RUN}`;
    const id = await cli(['run', '-d', '--network', 'none', '--name', name, ref, 'sleep', '600']);
    containers.add(id);
    expect(await check(ref)).toMatchObject({ status: 'upToDate', containers: [] });

    await image(open, repository, '1', 'amd64', 'replaced');
    const newer = await check(ref);
    expect(newer.status).toBe('newer');
    expect(newer.containers).toContainEqual({ id, name });

    // Pulled: the tag is up to date, and the container still runs the old image, so it stays listed.
    imageIds.add(await pull(ref));
    const pulled = await check(ref);
    expect(pulled).toMatchObject({ status: 'upToDate' });
    expect(pulled.imageId).not.toBe(newer.imageId);
    expect(pulled.containers).toContainEqual({ id, name });

    // Once no container runs the old image, nothing is listed.
    await cli(['rm', '-f', id]);
    containers.delete(id);
    expect(await check(ref)).toMatchObject({ status: 'upToDate', containers: [] });
  });

  it("can't tell, unreachable, when the tag's registry is stopped", async () => {
    ownRegistry = await startPrivateRegistry({ port: await closedLoopbackPort(), deleteEnabled: true });
    const target: RegistryTarget = { host: ownRegistry.host };
    const repository = `stevedore-updates/stopped-${RUN}`;
    const ref = `${ownRegistry.host}/${repository}:1`;
    await image(target, repository, '1', 'amd64', 'stopped');
    imageIds.add(await pull(ref));
    expect(await check(ref)).toMatchObject({ status: 'upToDate' });

    await ownRegistry.stop();
    ownRegistry = undefined;
    const r = await check(ref);
    expect(r).toMatchObject({ status: 'unknown', reason: 'unreachable' });
    expect(r.message).toContain(ref.split('/')[0]);

    // Many tags on the dead registry: once it answered unreachable, the queued ones are not sent.
    const more = Array.from({ length: 3 * PER_REGISTRY }, (_, i) => `${ref.slice(0, -2)}:more-${i}`);
    for (const t of more) {
      await cli(['tag', ref, t]);
      pulledTags.add(t);
    }
    const asked = new Set<string>();
    const recording = ((url: string | URL | Request, init?: RequestInit) => {
      const tag = /\/manifests\/([^/?]+)$/.exec(String(url))?.[1];
      if (tag) asked.add(tag);
      return fetch(url, init);
    }) as typeof fetch;
    const engine = new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } });
    const checker = new UpdateChecker({ docker: () => engine.docker, authFor: () => null, fetch: recording });
    const results = await checker.check([ref, ...more]);
    expect(results.map((x) => x.reason)).toEqual(Array.from({ length: more.length + 1 }, () => 'unreachable'));
    expect(asked.size).toBeGreaterThan(0);
    expect(asked.size).toBeLessThanOrEqual(PER_REGISTRY);
  });

  it('forgets the kept answers when the engine endpoint changes', async () => {
    const repository = `stevedore-updates/scope-${RUN}`;
    const ref = `${stack.registry}/${repository}:1`;
    await image(open, repository, '1', 'amd64', 'scope');
    imageIds.add(await pull(ref));
    const engine = new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } });
    let endpoint = stack.dockerHost;
    const checker = new UpdateChecker({ docker: () => engine.docker, authFor: () => null, scope: () => endpoint });
    expect(await checker.check([ref])).toMatchObject([{ status: 'upToDate' }]);
    expect(checker.cached().map((x) => x.reference)).toEqual([ref]);
    endpoint = 'unix:///run/another-engine.sock';
    expect(checker.cached()).toEqual([]);
  });

  it("can't tell, unauthorized, on the htpasswd registry without a login (and up to date with one)", async () => {
    const repository = `stevedore-updates/private-${RUN}`;
    const ref = `${stack.authRegistry}/${repository}:1`;
    await image(authed, repository, '1', 'amd64', 'private');
    const login = await dockerCli(['login', '-u', stack.user, '--password-stdin', stack.authRegistry], {
      configDir: loginDir,
      input: stack.password,
    });
    if (login.code !== 0) throw new Error(`docker login: ${login.stderr}`);
    imageIds.add(await pull(ref, loginDir));

    const r = await check(ref);
    expect(r).toMatchObject({ status: 'unknown', reason: 'unauthorized' });

    const loggedIn = newCore(loginDir);
    try {
      expect(await check(ref, loggedIn)).toMatchObject({ status: 'upToDate' });
    } finally {
      loggedIn.dispose();
    }
  });

  it("can't tell, no digest, for a tag never pushed or pulled under its name; asks no registry", async () => {
    const ref = `${stack.registry}/stevedore-updates/never-pushed-${RUN}:1`;
    await cli(['tag', fx.digested, ref]);
    pulledTags.add(ref);
    expect(await check(ref)).toMatchObject({ status: 'unknown', reason: 'noDigest' });
  });

  it("can't tell, not found, when the registry no longer has the tag", async () => {
    const repository = `stevedore-updates/gone-${RUN}`;
    const ref = `${stack.registry}/${repository}:1`;
    const pushed = await image(open, repository, '1', 'amd64', 'gone');
    imageIds.add(await pull(ref));
    const del = await fetch(`http://${stack.registry}/v2/${repository}/manifests/${pushed.digest}`, { method: 'DELETE' });
    expect(del.status).toBe(202);
    expect(await check(ref)).toMatchObject({ status: 'unknown', reason: 'notFound' });
  });

  it('refuses a reference that is no local tag, and one that is no reference, before any registry is asked', async () => {
    expect(await core.handle('updates.check', { references: [`${stack.registry}/stevedore-updates/absent-${RUN}:1`] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await core.handle('updates.check', { references: ['UPPER/case'] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REFERENCE' },
    });
  });
});
