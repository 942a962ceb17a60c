// The pull dialog's registry half against the dev/test stack's real registries and engine: a
// two-platform index (linux/amd64 + linux/arm64/v8, put through the registry API by
// tests/support/registry-fixtures.ts), its platforms as `registry.platforms` lists them, a pull with
// `platform: linux/arm64` that the engine answers with the arm64 entry (`docker image inspect`
// Architecture), and `registry.tags` following Link pages on a repository with more tags than one
// page (through a loopback front that pages the real registry's answer: distribution 2.8 ignores `n`). Repositories are `stevedore-pull/*` with fixed names (a rerun puts the same bytes again);
// every local image a test pulls is removed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractError, JobSnapshot, RegistryPlatforms } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { TAG_PAGE_SIZE } from '../../electron/core/registries/registry-browser';
import { StevedoreCore } from '../../electron/core/service';
import { MEDIA, pushSyntheticImage, pushTwoPlatformIndex, putManifest, type RegistryTarget } from '../support/registry-fixtures';
import { removeLocal } from '../support/registry-images';
import { dockerCli, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[pull-platform] skipping: ${skipReason}`);
const stack = loadStackEnv();
const open: RegistryTarget = { host: stack.registry };
const authed: RegistryTarget = { host: stack.authRegistry, auth: { username: stack.user, password: stack.password } };
const MULTI = 'stevedore-pull/multi';
const SINGLE = 'stevedore-pull/single';
const PAGED = 'stevedore-pull/paged';
const PRIVATE = 'stevedore-pull/private';
/** More than one page of TAG_PAGE_SIZE, so the client must follow the registry's Link. */
const PAGED_TAGS = Array.from({ length: Math.round(TAG_PAGE_SIZE * 1.5) }, (_, i) => `1.${i}`);

let core: StevedoreCore;
let anonymous: StevedoreCore;
const dirs: string[] = [];
const pulled = new Set<string>();
const pulledIds = new Set<string>();
let two: Awaited<ReturnType<typeof pushTwoPlatformIndex>>;

function coreWith(auths: Record<string, { auth: string }>): StevedoreCore {
  const configDir = mkdtempSync(join(tmpdir(), 'stevedore-pull-platform-config-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'stevedore-pull-platform-data-'));
  dirs.push(configDir, dataDir);
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths }));
  return new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
    dataDir,
    dockerConfigDir: configDir,
  });
}

async function call<T>(c: StevedoreCore, channel: string, request: unknown): Promise<T> {
  const r = await c.handle(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function refusal(c: StevedoreCore, channel: string, request: unknown): Promise<ContractError> {
  const r = await c.handle(channel, request);
  if (r.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return r.error;
}

/** `docker image inspect`; the image's ID is kept for the clean-up (a later pull of the same tag leaves it untagged). */
async function inspect(ref: string): Promise<{ Id: string; Architecture: string; Os: string; Variant?: string }> {
  const r = await dockerCli(['image', 'inspect', ref]);
  if (r.code !== 0) throw new Error(`docker image inspect ${ref}: ${r.stderr.trim()}`);
  const info = (JSON.parse(r.stdout) as { Id: string; Architecture: string; Os: string; Variant?: string }[])[0];
  pulledIds.add(info.Id);
  return info;
}

/**
 * A loopback front to a registry that pages `tags/list` by `n` and `last`, with a Link to the next
 * page (the registry's whole answer, sorted, sliced); any other path is not found. `asked` records the
 * tags/list paths requested.
 */
async function startPagingFront(registry: string): Promise<{ host: string; asked: string[]; stop: () => Promise<void> }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://front.invalid');
    const m = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"NOT_FOUND","message":"not here"}]}');
      return;
    }
    asked.push(`${url.pathname}${url.search}`);
    void fetch(`http://${registry}/v2/${m[1]}/tags/list`)
      .then((r) => r.json() as Promise<{ name: string; tags: string[] }>)
      .then(({ name, tags }) => {
        const n = Number(url.searchParams.get('n') ?? 1000);
        const last = url.searchParams.get('last');
        const all = [...tags].sort();
        const from = last ? all.findIndex((t) => t > last) : 0;
        const page = from === -1 ? [] : all.slice(from, from + n);
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (from !== -1 && from + n < all.length) {
          headers.Link = `</v2/${m[1]}/tags/list?${new URLSearchParams({ last: page[page.length - 1], n: String(n) })}>; rel="next"`;
        }
        res.writeHead(200, headers).end(JSON.stringify({ name, tags: page }));
      })
      .catch((err: Error) => res.writeHead(502).end(err.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { host: `127.0.0.1:${port}`, asked, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function pull(reference: string, platform?: string): Promise<JobSnapshot> {
  const r = await core.handle('images.pull', platform ? { reference, platform } : { reference });
  if (!r.ok) throw new Error(`images.pull refused: ${r.error.code} ${r.error.message}`);
  pulled.add(reference);
  return core.jobs.wait((r.value as { jobId: string }).jobId);
}

describe.skipIf(skipReason !== null)('pull by platform, platforms and paged tags from the registry', () => {
  beforeAll(async () => {
    const authHeader = Buffer.from(`${stack.user}:${stack.password}`).toString('base64');
    core = coreWith({ [stack.authRegistry]: { auth: authHeader } });
    anonymous = coreWith({});
    await core.start();
    await anonymous.start();
    two = await pushTwoPlatformIndex(open, MULTI, '1', 'oci');
    await pushTwoPlatformIndex(authed, PRIVATE, '1', 'docker');
  });

  afterAll(async () => {
    await removeLocal(...pulled);
    for (const id of pulledIds) await dockerCli(['rmi', id]);
    core?.dispose();
    anonymous?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("lists an index's platforms in its order, with each entry's digest", async () => {
    const answer = await call<RegistryPlatforms>(core, 'registry.platforms', { host: stack.registry, repository: MULTI, tag: '1' });
    expect(answer).toMatchObject({ repository: MULTI, tag: '1', digest: two.index.digest, mediaType: MEDIA.ociIndex, index: true });
    expect(answer.platforms).toEqual([
      { os: 'linux', architecture: 'amd64', digest: two.amd64.digest, size: two.amd64.size },
      { os: 'linux', architecture: 'arm64', variant: 'v8', digest: two.arm64.digest, size: two.arm64.size },
    ]);
  });

  it("reads a single manifest's platform from its config blob", async () => {
    const one = await pushSyntheticImage(open, SINGLE, '1', { architecture: 'arm', variant: 'v7', format: 'docker' });
    const answer = await call<RegistryPlatforms>(core, 'registry.platforms', { host: stack.registry, repository: SINGLE, tag: '1' });
    expect(answer.index).toBe(false);
    expect(answer.digest).toBe(one.digest);
    expect(answer.platforms).toHaveLength(1);
    expect(answer.platforms[0]).toMatchObject({ os: 'linux', architecture: 'arm', variant: 'v7', digest: one.digest });
    expect(answer.platforms[0].size).toBeGreaterThan(0);
  });

  it('asks a registry behind a login with the stored credentials, and says UNAUTHORIZED with the registry to log in to without them', async () => {
    const answer = await call<RegistryPlatforms>(core, 'registry.platforms', { host: stack.authRegistry, repository: PRIVATE, tag: '1' });
    expect(answer.mediaType).toBe(MEDIA.dockerList);
    expect(answer.platforms.map((p) => `${p.os}/${p.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
    const refused = await refusal(anonymous, 'registry.platforms', { host: stack.authRegistry, repository: PRIVATE, tag: '1' });
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(refused.detail?.registry).toBe(stack.authRegistry);
    const tags = await refusal(anonymous, 'registry.tags', { host: stack.authRegistry, repository: PRIVATE });
    expect(tags.code).toBe('UNAUTHORIZED');
  });

  it('a tag that is not there is NOT_FOUND in the registry words', async () => {
    const missing = await refusal(core, 'registry.platforms', { host: stack.registry, repository: MULTI, tag: 'no-such-tag' });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/manifest unknown/);
  });

  it('pulls the linux/arm64 entry of the index when asked for that platform', async () => {
    const ref = `${stack.registry}/${MULTI}:1`;
    await removeLocal(ref);
    const job = await pull(ref, 'linux/arm64');
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    expect((await inspect(ref)).Architecture).toBe('arm64');
    // The job keeps the platform it asked for: a Retry asks for it again.
    expect(job.platform).toBe('linux/arm64');
    // And the amd64 entry when asked for that one: the same tag now names the other image.
    const again = await pull(ref, 'linux/amd64');
    expect(again.state, JSON.stringify(again.error)).toBe('succeeded');
    expect((await inspect(ref)).Architecture).toBe('amd64');
  });

  it('refuses a platform that is not os/arch[/variant] before any job starts', async () => {
    const before = (await call<JobSnapshot[]>(core, 'jobs.list', {})).length;
    for (const platform of ['linux', 'Linux/AMD64', 'linux/amd64/v8/x', 'linux/../arm64', 'linux/arm64 ', '']) {
      const refused = await refusal(core, 'images.pull', { reference: `${stack.registry}/${MULTI}:1`, platform });
      expect(refused.code, platform).toBe('INVALID_ARGUMENT');
    }
    expect((await call<JobSnapshot[]>(core, 'jobs.list', {})).length).toBe(before);
  });

  it('lists every tag of a repository with more tags than one page, asking n= per page and following Link', async () => {
    const first = await pushSyntheticImage(open, PAGED, PAGED_TAGS[0], { architecture: 'amd64', format: 'docker' });
    const res = await fetch(`http://${stack.registry}/v2/${PAGED}/manifests/${first.digest}`, {
      headers: { Accept: MEDIA.dockerManifest },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    // The same small manifest under every tag: cheap, and each tag is a real one.
    for (const tag of PAGED_TAGS.slice(1)) await putManifest(open, PAGED, tag, MEDIA.dockerManifest, bytes);
    // The stack's registry (distribution 2.8) answers every tag in one page whatever n says; the
    // front pages its real answer as distribution 3, Docker Hub and Harbor do.
    const front = await startPagingFront(stack.registry);
    try {
      const answer = await call<{ repository: string; tags: string[] }>(core, 'registry.tags', { host: front.host, repository: PAGED });
      expect(answer.repository).toBe(PAGED);
      // All of them, once each, in the registry's order across the pages.
      expect(answer.tags).toEqual([...PAGED_TAGS].sort());
      expect(front.asked).toEqual([
        `/v2/${PAGED}/tags/list?n=${TAG_PAGE_SIZE}`,
        `/v2/${PAGED}/tags/list?n=${TAG_PAGE_SIZE}&last=${[...PAGED_TAGS].sort()[TAG_PAGE_SIZE - 1]}`,
      ]);
    } finally {
      await front.stop();
    }
  });
});
