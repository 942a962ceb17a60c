// Owns update detection's runs and memory: which local tags a check covers (one images list),
// asking each tag's registry through remote-manifest.ts with at most PER_REGISTRY requests at a
// time per registry (a list of 200 tags must not fire 200 requests at one registry), one check of
// a tag at a time (a second ask joins the first), the answers kept with their time for the view
// and the grid, and the running containers of an image that has a newer one. Nothing here is on
// the images list's path: only the updates channels call it.
import type Dockerode from 'dockerode';
import type { TagUpdate, UpdateContainer, UpdateReason } from '../../../shared/registry-updates';
import type { AuthResolver } from '../credentials/auth-hook';
import type { RegistryConfigSource } from '../credentials/plain-http-rule';
import { engineCall } from '../engine/engine-api';
import { toContractError, CoreError } from '../engine/engine-errors';
import { imagePath } from '../engine/engine-name';
import { RegistryClient } from '../registries/registry-client';
import { canonicalTag, type ImageSummary, type LocalTag, localTags } from './local-tags';
import { remoteManifests } from './remote-manifest';
import { compareTag, type Platform } from './update-compare';

/** Requests in flight to one registry at most. */
export const PER_REGISTRY = 4;

export interface UpdateCheckerDeps {
  docker: () => Dockerode;
  authFor: AuthResolver;
  registryConfig?: RegistryConfigSource;
  /** The registry client's HTTP function (tests pass a recording one). */
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * The engine the answers are about (its endpoint): the kept answers and the images found outdated
   * are forgotten when it changes, for image IDs and tags of another engine mean nothing here.
   */
  scope?: () => string;
}

/** A counting semaphore: `run` waits for one of `limit` slots. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted.
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Within one check: once a registry answered unreachable, the tags still queued for it fail at once
 * with the same words (100 tags on a dead registry must not each wait for their own time-out).
 */
export class DeadRegistries {
  private readonly dead = new Map<string, unknown>();
  async guard<T>(registry: string, work: () => Promise<T>): Promise<T> {
    if (this.dead.has(registry)) throw this.dead.get(registry);
    try {
      return await work();
    } catch (err) {
      if (toContractError(err).code === 'REGISTRY_UNREACHABLE' && !this.dead.has(registry)) this.dead.set(registry, err);
      throw err;
    }
  }
}

const REASONS: Partial<Record<string, UpdateReason>> = {
  REGISTRY_UNREACHABLE: 'unreachable',
  UNAUTHORIZED: 'unauthorized',
  NOT_FOUND: 'notFound',
};

interface ContainerSummary {
  Id: string;
  Names?: string[];
  ImageID?: string;
}

interface ImageInspect {
  Os?: string;
  Architecture?: string;
  Variant?: string;
}

export class UpdateChecker {
  private readonly cache = new Map<string, TagUpdate>();
  /** The image a tag named when it was last found outdated (its containers are listed after a pull). */
  private readonly outdated = new Map<string, string>();
  private readonly running = new Map<string, Promise<TagUpdate>>();
  private readonly limiters = new Map<string, Limiter>();
  private readonly now: () => number;
  private scope: string | undefined;

  constructor(private readonly deps: UpdateCheckerDeps) {
    this.now = deps.now ?? Date.now;
    this.scope = deps.scope?.();
  }

  /** Forgets what was kept about another engine; answers the engine now talked to. */
  private currentScope(): string | undefined {
    const now = this.deps.scope?.();
    if (now !== this.scope) {
      this.cache.clear();
      this.outdated.clear();
      this.scope = now;
    }
    return now;
  }

  /** What earlier checks answered; asks nothing. */
  cached(): TagUpdate[] {
    this.currentScope();
    return [...this.cache.values()].sort((a, b) => a.reference.localeCompare(b.reference));
  }

  /** Checks the given local tags (every tag of an image that came from a registry when absent) now. */
  async check(references?: readonly string[]): Promise<TagUpdate[]> {
    const wanted = references ? new Set(references.map(canonicalTag)) : undefined;
    const scope = this.currentScope();
    const docker = this.deps.docker();
    const all = localTags((await engineCall<ImageSummary[]>(docker, { method: 'GET', path: '/images/json' })) ?? []);
    let tags: LocalTag[];
    if (wanted) {
      tags = all.filter((t) => wanted.has(t.canonical));
      const missing = [...wanted].filter((c) => !tags.some((t) => t.canonical === c));
      if (missing.length > 0) throw new CoreError('NOT_FOUND', `No such image: ${missing[0].slice(0, 200)}`);
    } else {
      tags = all.filter((t) => t.fromRegistry);
      // A full check forgets the tags that are gone.
      const present = new Set(all.map((t) => t.canonical));
      for (const key of this.cache.keys()) if (!present.has(key)) this.cache.delete(key);
    }
    const platforms = new Map<string, Promise<Platform>>();
    const platformOf = (imageId: string) => {
      let p = platforms.get(imageId);
      if (!p) {
        p = engineCall<ImageInspect>(docker, { method: 'GET', path: imagePath(imageId, '/json') }).then((i) => ({
          os: i?.Os ?? 'linux',
          architecture: i?.Architecture ?? '',
          ...(i?.Variant ? { variant: i.Variant } : {}),
        }));
        platforms.set(imageId, p);
      }
      return p;
    };
    const clients = new Map<string, RegistryClient>();
    const dead = new DeadRegistries();
    const results = await Promise.all(tags.map((t) => this.checkOnce(t, clients, dead, platformOf)));
    // The engine changed while this check ran: its answers are about the engine left, not kept.
    if (this.currentScope() !== scope) return results;
    await this.addContainers(docker, results);
    for (const r of results) this.cache.set(canonicalTag(r.reference), r);
    return results;
  }

  /** One check per tag and image at a time: a second ask while one runs gets its answer. */
  private checkOnce(
    tag: LocalTag,
    clients: Map<string, RegistryClient>,
    dead: DeadRegistries,
    platformOf: (imageId: string) => Promise<Platform>,
  ): Promise<TagUpdate> {
    const key = `${tag.canonical} ${tag.imageId}`;
    let p = this.running.get(key);
    if (!p) {
      p = this.checkTag(tag, clients, dead, platformOf).finally(() => this.running.delete(key));
      this.running.set(key, p);
    }
    return p;
  }

  private async checkTag(
    tag: LocalTag,
    clients: Map<string, RegistryClient>,
    dead: DeadRegistries,
    platformOf: (imageId: string) => Promise<Platform>,
  ): Promise<TagUpdate> {
    const base = {
      reference: tag.reference,
      registry: tag.registry,
      repository: tag.repository,
      tag: tag.tag,
      imageId: tag.imageId,
      containers: [],
    };
    if (tag.digests.length === 0) {
      return {
        ...base,
        status: 'unknown',
        reason: 'noDigest',
        message: `${tag.reference} has no digest from ${tag.registry}: it was never pushed there or pulled from there`,
        checkedAt: this.now(),
      };
    }
    try {
      const comparison = await this.limiter(tag.registry).run(() =>
        dead.guard(tag.registry, () => {
          let client = clients.get(tag.registry);
          if (!client) {
            client = new RegistryClient(tag.registry, {
              authFor: this.deps.authFor,
              registryConfig: this.deps.registryConfig,
              fetch: this.deps.fetch,
            });
            clients.set(tag.registry, client);
          }
          const local = { imageId: tag.imageId, digests: tag.digests, platform: () => platformOf(tag.imageId) };
          return compareTag(local, remoteManifests(client, tag.repository, tag.tag));
        }),
      );
      return { ...base, ...comparison, checkedAt: this.now() };
    } catch (err) {
      const error = toContractError(err);
      return {
        ...base,
        status: 'unknown',
        reason: REASONS[error.code] ?? 'failed',
        message: error.message,
        localDigest: tag.digests[0],
        checkedAt: this.now(),
      };
    }
  }

  private limiter(registry: string): Limiter {
    let l = this.limiters.get(registry);
    if (!l) {
      l = new Limiter(PER_REGISTRY);
      this.limiters.set(registry, l);
    }
    return l;
  }

  /**
   * The running containers on an old image of each tag: the tag's own image when a newer one is
   * available, or, once the tag names another image (pulled since), the image it named when it was
   * found outdated: pulling does not change a running container. One containers list for all.
   */
  private async addContainers(docker: Dockerode, results: TagUpdate[]): Promise<void> {
    const oldImageOf = (r: TagUpdate): string | undefined => {
      if (r.status === 'newer') return r.imageId;
      const before = this.outdated.get(canonicalTag(r.reference));
      return before !== undefined && before !== r.imageId ? before : undefined;
    };
    const stale = new Set(results.map(oldImageOf).filter((id): id is string => id !== undefined));
    if (stale.size > 0) {
      const rows = (await engineCall<ContainerSummary[]>(docker, { method: 'GET', path: '/containers/json' })) ?? [];
      const byImage = new Map<string, UpdateContainer[]>();
      for (const c of rows) {
        if (!c.ImageID || !stale.has(c.ImageID)) continue;
        const list = byImage.get(c.ImageID) ?? [];
        list.push({ id: c.Id, name: (c.Names?.[0] ?? '').replace(/^\//, '') });
        byImage.set(c.ImageID, list);
      }
      for (const r of results) {
        const old = oldImageOf(r);
        if (old !== undefined) r.containers = byImage.get(old) ?? [];
      }
    }
    for (const r of results) {
      const key = canonicalTag(r.reference);
      // Remembered while containers still run the old image; forgotten once none does.
      if (r.status === 'newer') this.outdated.set(key, r.imageId);
      else if (r.containers.length === 0) this.outdated.delete(key);
    }
  }
}
