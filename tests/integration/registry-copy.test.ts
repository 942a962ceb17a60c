// Registry to registry copy (issue #19 part 3) between the dev stack's real registries: the open
// one and the htpasswd one, no engine in the copy. Digests on the target equal the source's (HEAD
// on both), an index keeps its platforms (or gives one), a second copy uploads nothing (counted by a
// recording relay in front of the target), one registry mounts, engine 2 pulls what was copied, a
// cancel leaves no tag, a refusal names its side.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryCopyJobResult, RegistryCopyRequest } from '../../shared/registry-copy';
import type { AuthConfig } from '../../electron/core/credentials/auth-hook';
import { EngineConnection } from '../../electron/core/engine/engine';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { copyBetweenRegistries } from '../../electron/core/registry-copy/registry-copy';
import { StevedoreCore } from '../../electron/core/service';
import { headDigest, pushSyntheticImage, pushTwoPlatformIndex, type RegistryTarget } from '../support/registry-fixtures';
import {
  freeRegistryPorts,
  type PrivateRegistry,
  startPrivateRegistry,
  startTokenServer,
  type TokenServer,
} from '../support/private-registry';
import { type RecordingProxy, startRecordingProxy, uploadsOf } from '../support/recording-proxy';
import { dockerCli, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[registry-copy] skipping: ${skipReason}`);
const stack = loadStackEnv();
const RUN = randomBytes(4).toString('hex');
const repo = (what: string) => `stevedore-copy/${RUN}-${what}`;

const open: RegistryTarget = { host: stack.registry };
const authed: RegistryTarget = { host: stack.authRegistry, auth: { username: stack.user, password: stack.password } };
/** Relays in front of the auth registry get its credentials too (the client keys them by the host it is given). */
const authHosts = new Set<string>([stack.authRegistry]);
const authFor = (host: string): AuthConfig | null => (authHosts.has(host) ? { username: stack.user, password: stack.password } : null);

let core: StevedoreCore;
let configDir: string;
let dataDir: string;
const relays: RecordingProxy[] = [];
const engine2Refs: string[] = [];

/** Removes what a test put on a registry (deletes are enabled on the stack's registries; blobs wait for its GC). */
async function dropRepository(target: RegistryTarget, repository: string, digests: string[]): Promise<void> {
  const auth: Record<string, string> = target.auth
    ? { Authorization: `Basic ${Buffer.from(`${target.auth.username}:${target.auth.password}`).toString('base64')}` }
    : {};
  const list = await fetch(`http://${target.host}/v2/${repository}/tags/list`, { headers: auth });
  const tags = list.ok ? (((await list.json()) as { tags?: string[] | null }).tags ?? []) : [];
  const all = new Set(digests);
  for (const t of tags) {
    const d = await headDigest(target, repository, t);
    if (d) all.add(d);
  }
  for (const d of all) await fetch(`http://${target.host}/v2/${repository}/manifests/${d}`, { method: 'DELETE', headers: auth });
}

async function relay(upstream: string): Promise<RecordingProxy> {
  const p = await startRecordingProxy(upstream);
  relays.push(p);
  if (upstream === stack.authRegistry) authHosts.add(p.host);
  return p;
}

function copy(req: RegistryCopyRequest, opts: Parameters<typeof copyBetweenRegistries>[2] = {}) {
  return copyBetweenRegistries({ authFor }, req, opts);
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return toContractError(err);
  }
  throw new Error('expected the copy to fail');
}

describe.skipIf(skipReason !== null)('registry to registry copy', () => {
  let multi: Awaited<ReturnType<typeof pushTwoPlatformIndex>>;
  let single: Awaited<ReturnType<typeof pushSyntheticImage>>;

  beforeAll(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'stevedore-copy-config-'));
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-copy-data-'));
    // The core reads credentials as the CLI does: config.json in its docker config folder.
    const auth = Buffer.from(`${stack.user}:${stack.password}`).toString('base64');
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: { [stack.authRegistry]: { auth } } }), { mode: 0o600 });
    core = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
      dataDir,
      dockerConfigDir: configDir,
    });
    await core.start();
    multi = await pushTwoPlatformIndex(open, repo('src'), 'multi');
    single = await pushSyntheticImage(open, repo('src'), 'single', { architecture: 'amd64', files: { 'single.txt': RUN } });
  });

  afterAll(async () => {
    for (const ref of engine2Refs) await dockerCli(['rmi', ref], { dockerHost: stack.dockerHost2 });
    if (multi && single) {
      const children = [multi.amd64.digest, multi.arm64.digest];
      for (const what of ['src', 'mounted', 'pulled', 'cancelled']) await dropRepository(open, repo(what), children);
      for (const what of ['multi', 'list', 'arm64', 'job', 'corrupt', 's390x', 'no-auth'])
        await dropRepository(authed, repo(what), children);
    }
    for (const r of relays) await r.stop();
    core?.dispose();
    for (const dir of [configDir, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('copies an index with both platforms to the auth registry, digests equal on both sides; a second copy uploads no blob', async () => {
    const target = await relay(stack.authRegistry);
    const req: RegistryCopyRequest = {
      source: { host: stack.registry, repository: repo('src'), tags: ['multi'] },
      target: { host: target.host, repository: repo('multi') },
    };
    const progress: { current: number; total: number }[] = [];
    const first = await copy(req, { onProgress: (p) => progress.push(p) });
    expect(first.tags).toEqual([
      { tag: 'multi', digest: multi.index.digest, mediaType: multi.index.mediaType, platforms: ['linux/amd64', 'linux/arm64/v8'] },
    ]);
    // Two configs and two layers (each platform's layer names its platform), none on the target before.
    expect(first.blobs).toEqual({ uploaded: 4, skipped: 0, mounted: 0 });
    expect(await headDigest(authed, repo('multi'), 'multi')).toBe(await headDigest(open, repo('src'), 'multi'));
    expect(await headDigest(authed, repo('multi'), multi.amd64.digest)).toBe(multi.amd64.digest);
    expect(await headDigest(authed, repo('multi'), multi.arm64.digest)).toBe(multi.arm64.digest);
    expect(uploadsOf(target.requests).filter((r) => r.method === 'PUT')).toHaveLength(4);
    const last = progress[progress.length - 1];
    expect(last.total).toBeGreaterThan(0);
    expect(last.current).toBe(last.total);

    target.requests.length = 0;
    const again = await copy(req);
    expect(again.blobs).toEqual({ uploaded: 0, skipped: 4, mounted: 0 });
    expect(uploadsOf(target.requests)).toEqual([]);
    expect(again.tags[0].digest).toBe(multi.index.digest);
  });

  it('copies a docker manifest list as it is (its media type and digest kept)', async () => {
    const list = await pushTwoPlatformIndex(open, repo('src'), 'list', 'docker');
    const result = await copy({
      source: { host: stack.registry, repository: repo('src'), tags: ['list'] },
      target: { host: stack.authRegistry, repository: repo('list') },
    });
    expect(result.tags).toEqual([
      {
        tag: 'list',
        digest: list.index.digest,
        mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
        platforms: ['linux/amd64', 'linux/arm64/v8'],
      },
    ]);
    expect(await headDigest(authed, repo('list'), 'list')).toBe(list.index.digest);
  });

  it('copies one platform of an index as that platform’s manifest under the tag', async () => {
    const result = await copy({
      source: { host: stack.registry, repository: repo('src'), tags: ['multi'] },
      target: { host: stack.authRegistry, repository: repo('arm64') },
      platform: 'linux/arm64',
    });
    expect(result.tags).toEqual([
      { tag: 'multi', digest: multi.arm64.digest, mediaType: multi.arm64.mediaType, platforms: ['linux/arm64/v8'] },
    ]);
    expect(result.blobs.uploaded).toBe(2);
    expect(await headDigest(authed, repo('arm64'), 'multi')).toBe(multi.arm64.digest);
    expect(await headDigest(authed, repo('arm64'), multi.amd64.digest)).toBeUndefined();
  });

  it('refuses a platform the index does not have, naming the ones it has', async () => {
    const err = await refusal(
      copy({
        source: { host: stack.registry, repository: repo('src'), tags: ['multi'] },
        target: { host: stack.authRegistry, repository: repo('s390x') },
        platform: 'linux/s390x',
      }),
    );
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('linux/amd64, linux/arm64/v8') });
    expect(await headDigest(authed, repo('s390x'), 'multi')).toBeUndefined();
  });

  it('mounts every blob when source and target are one registry', async () => {
    const target = await relay(stack.registry);
    const result = await copy({
      source: { host: target.host, repository: repo('src'), tags: ['multi', 'single'] },
      target: { host: target.host, repository: repo('mounted') },
    });
    expect(result.blobs).toEqual({ uploaded: 0, skipped: 0, mounted: 6 });
    expect(result.bytes).toBe(multi.index.size + multi.amd64.size + multi.arm64.size + single.size);
    const mounts = target.requests.filter((r) => r.method === 'POST' && r.path.includes('mount='));
    expect(mounts).toHaveLength(6);
    expect(mounts[0].path).toContain(`from=${encodeURIComponent(repo('src'))}`);
    expect(target.requests.filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/'))).toEqual([]);
    expect(await headDigest(open, repo('mounted'), 'multi')).toBe(multi.index.digest);
    expect(await headDigest(open, repo('mounted'), 'single')).toBe(single.digest);
  });

  it('copies every tag when none are named (the tag list), and engine 2 pulls the copy', async () => {
    // The fixture the stack pushed from engine 1 to the auth registry: a real image engine 2 can run.
    const result = await copy({
      source: { host: stack.authRegistry, repository: 'stevedore-fixture/private' },
      target: { host: stack.registry, repository: repo('pulled') },
    });
    expect(result.tags.map((t) => t.tag)).toEqual(['1']);
    expect(result.tags[0].digest).toBe(await headDigest(authed, 'stevedore-fixture/private', '1'));
    expect(await headDigest(open, repo('pulled'), '1')).toBe(result.tags[0].digest);
    const ref = `${stack.registry}/${repo('pulled')}:1`;
    engine2Refs.push(ref);
    const pulled = await dockerCli(['pull', ref], { dockerHost: stack.dockerHost2 });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(`Digest: ${result.tags[0].digest}`);
  });

  it('names the target when it refuses the credentials (none stored for it)', async () => {
    const err = await refusal(
      copyBetweenRegistries(
        { authFor: () => null },
        {
          source: { host: stack.registry, repository: repo('src'), tags: ['single'] },
          target: { host: stack.authRegistry, repository: repo('no-auth') },
        },
      ),
    );
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toContain(`The target registry ${stack.authRegistry} refused`);
  });

  it('fails naming the source when it serves bytes that are not the blob, and puts nothing', async () => {
    const manifest = (await (
      await fetch(`http://${stack.registry}/v2/${repo('src')}/manifests/single`, { headers: { Accept: single.mediaType } })
    ).json()) as { layers: { digest: string }[] };
    const layer = manifest.layers[0].digest;
    const source = await relay(stack.registry);
    // The layer's last byte flipped on its way out of the registry: same length, other bytes.
    source.hooks.transform = (r, chunk) => {
      if (r.method !== 'GET' || !r.path.endsWith(`/blobs/${layer}`) || chunk.length === 0) return chunk;
      const changed = Buffer.from(chunk);
      changed[changed.length - 1] ^= 0xff;
      return changed;
    };
    const err = await refusal(
      copy({
        source: { host: source.host, repository: repo('src'), tags: ['single'] },
        target: { host: stack.authRegistry, repository: repo('corrupt') },
      }),
    );
    expect(err.message).toMatch(new RegExp(`^The source registry ${source.host} failed serving ${layer}: its bytes hash to sha256:`));
    expect(await headDigest(authed, repo('corrupt'), 'single')).toBeUndefined();
    const blob = await fetch(`http://${stack.authRegistry}/v2/${repo('corrupt')}/blobs/${layer}`, {
      method: 'HEAD',
      headers: { Authorization: `Basic ${Buffer.from(`${stack.user}:${stack.password}`).toString('base64')}` },
    });
    expect(blob.status).toBe(404);
  });

  describe('a registry behind a token server', () => {
    let tokenServer: TokenServer | undefined;
    let tokenRegistry: PrivateRegistry | undefined;
    beforeAll(async () => {
      const [port] = await freeRegistryPorts(1);
      tokenServer = await startTokenServer({ username: stack.user, password: stack.password });
      tokenRegistry = await startPrivateRegistry({ port, deleteEnabled: true, token: tokenServer.auth });
      authHosts.add(tokenRegistry.host);
    });
    afterAll(async () => {
      await tokenRegistry?.stop();
      await tokenServer?.stop();
    });

    it('asks push on the target, and pull on the source repository too for a mount', async () => {
      const host = tokenRegistry!.host;
      const first = await copy({
        source: { host: stack.registry, repository: repo('src'), tags: ['multi'] },
        target: { host, repository: 'copy/a' },
      });
      expect(first.blobs.uploaded).toBe(4);
      const scopes = () => tokenServer!.requests.filter((r) => r.account === stack.user).map((r) => r.scope);
      expect(scopes()).toContain('repository:copy/a:pull,push');
      tokenServer!.requests.length = 0;

      const mounted = await copy({ source: { host, repository: 'copy/a', tags: ['multi'] }, target: { host, repository: 'copy/b' } });
      expect(mounted.blobs).toEqual({ uploaded: 0, skipped: 0, mounted: 4 });
      expect(mounted.tags[0].digest).toBe(multi.index.digest);
      expect(
        scopes().some((s) => s.split(' ').includes('repository:copy/b:pull,push') && s.split(' ').includes('repository:copy/a:pull')),
      ).toBe(true);
    });
  });

  describe('through the core (registry.copy job)', () => {
    it('runs as a copy job with the credentials of config.json', async () => {
      const r = await core.handle('registry.copy', {
        source: { host: stack.registry, repository: repo('src'), tags: ['single'] },
        target: { host: stack.authRegistry, repository: repo('job') },
      });
      if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
      const job = await core.jobs.wait((r.value as { jobId: string }).jobId);
      expect(job.error).toBeUndefined();
      expect(job).toMatchObject({ kind: 'copy', state: 'succeeded' });
      const result = job.result as RegistryCopyJobResult;
      expect(result.tags[0].digest).toBe(single.digest);
      expect(await headDigest(authed, repo('job'), 'single')).toBe(single.digest);
    });

    it('cancelled mid-upload: no tag on the target and the upload session deleted', async () => {
      const target = await relay(stack.registry);
      let reached!: () => void;
      const uploading = new Promise<void>((resolve) => (reached = resolve));
      target.hooks.onRequest = (r) => {
        if (r.method !== 'PUT' || !r.path.includes('/blobs/uploads/')) return undefined;
        reached();
        return 'hold';
      };
      const r = await core.handle('registry.copy', {
        source: { host: stack.registry, repository: repo('src'), tags: ['multi'] },
        target: { host: target.host, repository: repo('cancelled') },
      });
      if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
      const { jobId } = r.value as { jobId: string };
      await uploading;
      await core.handle('jobs.cancel', { jobId });
      const job = await core.jobs.wait(jobId);
      expect(job.state).toBe('cancelled');
      expect(await headDigest(open, repo('cancelled'), 'multi')).toBeUndefined();
      const held = target.requests.filter((q) => q.method === 'PUT' && q.path.includes('/blobs/uploads/'));
      const deleted = target.requests.filter((q) => q.method === 'DELETE' && q.path.includes('/blobs/uploads/'));
      expect(held.length).toBeGreaterThan(0);
      expect(deleted.map((q) => q.path.split('?')[0])).toEqual(expect.arrayContaining(held.map((q) => q.path.split('?')[0])));
    });

    it('refuses names outside the grammar before any job', async () => {
      for (const bad of [
        { source: { host: stack.registry, repository: '../v2', tags: ['1'] }, target: { host: stack.registry, repository: 'a/b' } },
        { source: { host: stack.registry, repository: 'a/b', tags: ['bad tag'] }, target: { host: stack.registry, repository: 'a/c' } },
        { source: { host: 'user:pw@evil.example', repository: 'a/b' }, target: { host: stack.registry, repository: 'a/c' } },
        { source: { host: stack.registry, repository: 'a/b' }, target: { host: stack.registry, repository: 'a/b' } },
      ]) {
        const r = await core.handle('registry.copy', bad);
        expect(r.ok, JSON.stringify(bad)).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('INVALID_ARGUMENT');
      }
    });
  });
});
