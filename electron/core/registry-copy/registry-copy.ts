// Owns one registry-to-registry copy, as `skopeo copy --all` does it but in one job for many tags:
// read every manifest first (so the byte total is known and nothing lands on the target before
// the source proved whole), then the blobs the target lacks (at most COPY_CONCURRENCY at once,
// each once however many tags or platforms share it), then the manifests, children before their
// index, byte for byte: the digest on the target is the digest on the source. Manifests go last so
// a copy that fails or is cancelled leaves no tag on the target.
import type { CopiedTag, RegistryCopyJobResult, RegistryCopyRequest } from '../../../shared/registry-copy';
import type { AuthResolver } from '../credentials/auth-hook';
import type { RegistryConfigSource } from '../credentials/plain-http-rule';
import { CoreError } from '../engine/engine-errors';
import { checkRepository, checkTag, RegistryClient, registryEndpoint } from '../registries/registry-client';
import { listTags } from '../registries/registry-browser';
import { type BlobCopyContext, copyBlob, targetHas } from './blob-copy';
import { type Descriptor, type FetchedManifest, parsePlatform, pickEntry, platformName, uniqueBlobs } from './copy-plan';
import { copySide, onSide, pullScope, pushScope } from './copy-side';
import { fetchManifest, imagePlatform, putManifest } from './manifest-copy';
import { runLimited } from './run-limited';

/**
 * Blobs streamed at once, as skopeo copies layers (6): many small layers are bound by each blob's
 * round trips (POST, GET, PUT), not bytes, and a stream holds only socket-sized buffers
 * (registry-stream.ts). bench:copy-registry's 40-layer image went from 1.27x skopeo's time at 3
 * to 0.80x at 6 (a loaded 2-core machine, noisy).
 */
const COPY_CONCURRENCY = 6;
/** HEADs and manifest reads are small: more at once. */
const LOOKUP_CONCURRENCY = 8;
/** Indexes naming indexes: as deep as anyone builds them, and no loop. */
const MAX_INDEX_DEPTH = 3;

export interface RegistryCopyDeps {
  authFor: AuthResolver;
  registryConfig?: RegistryConfigSource;
  fetch?: typeof fetch;
}

export interface RegistryCopyOptions {
  signal?: AbortSignal;
  onProgress?: (p: { current: number; total: number; message?: string }) => void;
}

/** What one tag puts: its top manifest (an index, an image, or the picked platform's image) and any children first. */
interface TagPlan {
  tag: string;
  top: FetchedManifest;
  children: FetchedManifest[];
  platforms: string[];
}

/**
 * A registry host as `host[:port]` and nothing more: the login door also takes a URL and drops its
 * path, which for a copy would let `127.0.0.1:5000/../x` name a registry the person did not see.
 */
function checkHost(host: string): void {
  // After the scheme, nothing the host grammar would not take whole (registryEndpoint checks the rest).
  registryEndpoint(host);
  if (/[/\s@\\?#%]/.test(host.replace(/^https?:\/\//i, ''))) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `"${host.slice(0, 200)}" is not a registry host (host[:port], e.g. localhost:5000 or registry.example.com)`,
    );
  }
}

/** Every name through its door before any URL is built; throws INVALID_ARGUMENT in the doors' words. */
export function checkCopyRequest(req: RegistryCopyRequest): void {
  checkHost(req.source.host);
  checkHost(req.target.host);
  checkRepository(req.source.repository);
  checkRepository(req.target.repository);
  req.source.tags?.forEach(checkTag);
  const same = registryEndpoint(req.source.host).baseUrl === registryEndpoint(req.target.host).baseUrl;
  if (same && req.source.repository === req.target.repository) {
    throw new CoreError('INVALID_ARGUMENT', `${req.source.host}/${req.source.repository} is both the source and the target`);
  }
}

export async function copyBetweenRegistries(
  deps: RegistryCopyDeps,
  req: RegistryCopyRequest,
  opts: RegistryCopyOptions = {},
): Promise<RegistryCopyJobResult> {
  checkCopyRequest(req);
  const clientOptions = { authFor: deps.authFor, registryConfig: deps.registryConfig, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  const source = copySide('source', new RegistryClient(req.source.host, clientOptions), req.source.host, req.source.repository);
  const target = copySide('target', new RegistryClient(req.target.host, clientOptions), req.target.host, req.target.repository);
  const sameRegistry = source.client.endpoint.baseUrl === target.client.endpoint.baseUrl;
  // A mount needs pull on the source repository in the target's token too.
  const targetScope = sameRegistry ? `${pushScope(target.repository)} ${pullScope(source.repository)}` : pushScope(target.repository);
  const { signal } = opts;
  const say = (message: string, current = 0, total = 0) => opts.onProgress?.({ current, total, message });

  say(`Reading the manifests of ${req.source.host}/${req.source.repository}`);
  const tags = [
    ...new Set(
      req.source.tags ??
        (
          await onSide(source, 'its tag list', () =>
            listTags(clientOptions, { host: req.source.host, repository: req.source.repository }, signal),
          )
        ).tags,
    ),
  ].map(checkTag);
  if (tags.length === 0) throw new CoreError('NOT_FOUND', `${req.source.host}/${req.source.repository} has no tags to copy`);

  // A child named by several tags is read once.
  const byDigest = new Map<string, Promise<FetchedManifest>>();
  const child = (digest: string) => {
    let m = byDigest.get(digest);
    if (!m) byDigest.set(digest, (m = fetchManifest(source, digest, signal)));
    return m;
  };
  const plans: TagPlan[] = [];
  await runLimited(tags, LOOKUP_CONCURRENCY, async (tag) => {
    plans.push(await planTag(tag));
  });
  plans.sort((a, b) => tags.indexOf(a.tag) - tags.indexOf(b.tag));

  /** An index's manifests, each after its own children (an index may name an index), in the order they are put. */
  async function descendants(index: FetchedManifest, depth: number): Promise<FetchedManifest[]> {
    if (depth > MAX_INDEX_DEPTH) throw new CoreError('INVALID_ARGUMENT', `${index.digest} nests indexes deeper than ${MAX_INDEX_DEPTH}`);
    const out: FetchedManifest[] = [];
    for (const c of await Promise.all(index.entries.map((e) => child(e.digest)))) out.push(...(await descendants(c, depth + 1)), c);
    return out;
  }

  async function planTag(tag: string): Promise<TagPlan> {
    const top = await fetchManifest(source, tag, signal);
    if (top.entries.length === 0 && top.blobs.length === 0) {
      throw new CoreError('INVALID_ARGUMENT', `${req.source.repository}:${tag} names nothing to copy`);
    }
    if (top.entries.length > 0) {
      if (req.platform) {
        const entry = pickEntry(top.entries, parsePlatform(req.platform));
        if (!entry) {
          const has = top.entries.map((e) => platformName(e.platform)).join(', ');
          throw new CoreError('NOT_FOUND', `${req.source.repository}:${tag} has no ${req.platform} image (it has ${has})`);
        }
        return { tag, top: await child(entry.digest), children: [], platforms: [platformName(entry.platform)] };
      }
      return { tag, top, children: await descendants(top, 1), platforms: top.entries.map((e) => platformName(e.platform)) };
    }
    const platform = await imagePlatform(source, top, signal);
    if (req.platform && !pickEntry([{ ...top, size: top.bytes.length, platform }], parsePlatform(req.platform))) {
      throw new CoreError('NOT_FOUND', `${req.source.repository}:${tag} is a ${platformName(platform)} image, not ${req.platform}`);
    }
    return { tag, top, children: [], platforms: [platformName(platform)] };
  }

  const blobs = uniqueBlobs(plans.flatMap((p) => [p.top, ...p.children]));
  const counts = { uploaded: 0, skipped: 0, mounted: 0 };
  let moved = 0;
  let total = 0;
  const ctx: BlobCopyContext = {
    source,
    target,
    targetScope,
    sameRegistry,
    signal,
    onBytes: (n) => {
      moved += n;
      opts.onProgress?.({ current: moved, total });
    },
  };
  const missing: Descriptor[] = [];
  await runLimited(blobs, LOOKUP_CONCURRENCY, async (b) => {
    if (await targetHas(ctx, b)) counts.skipped++;
    else missing.push(b);
  });
  total = missing.reduce((sum, b) => sum + b.size, 0);
  say(`Copying ${missing.length} of ${blobs.length} blobs (${counts.skipped} already on ${req.target.host})`, 0, total);
  // Larger blobs first: the long ones start early and the small ones fill in beside them.
  missing.sort((a, b) => b.size - a.size);
  let streamed = 0;
  await runLimited(
    missing,
    COPY_CONCURRENCY,
    async (b, sibling) => {
      const outcome = await copyBlob({ ...ctx, signal: sibling }, b);
      counts[outcome]++;
      if (outcome === 'uploaded') streamed += b.size;
      // A mounted blob moved no bytes but is done: it counts toward the total as if streamed.
      else ctx.onBytes(b.size);
    },
    signal,
  );

  let bytes = streamed;
  const putOnce = new Set<string>();
  const copied: CopiedTag[] = [];
  for (const plan of plans) {
    if (signal?.aborted) throw new CoreError('CANCELLED', 'Cancelled');
    say(`Putting ${req.target.repository}:${plan.tag}`, moved, total);
    for (const c of plan.children) {
      if (putOnce.has(c.digest)) continue;
      await putManifest(target, c.digest, c, signal);
      putOnce.add(c.digest);
      bytes += c.bytes.length;
    }
    const digest = await putManifest(target, plan.tag, plan.top, signal);
    bytes += plan.top.bytes.length;
    copied.push({ tag: plan.tag, digest, mediaType: plan.top.mediaType, platforms: plan.platforms });
  }
  return {
    source: { host: req.source.host, repository: req.source.repository },
    target: { host: req.target.host, repository: req.target.repository },
    tags: copied,
    blobs: counts,
    bytes,
  };
}
