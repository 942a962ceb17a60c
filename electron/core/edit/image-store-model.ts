// Owns a model of the engine's image store (images, their names, parents, layer chains and the
// containers using them), with moby's delete and prune rules replayed on it
// (daemon/images/image_delete.go, image_prune.go, v20.10), so a plan or a dry run can say what the
// engine will do before it does it. image-store-load.ts fills it from the Engine API.
import { createHash } from 'node:crypto';
import type { RemoveConflict } from '../../../shared/contract';
import { truncateId } from '../../../shared/docker-units';
import {
  familiarString,
  InvalidReferenceError,
  parseAnyReference,
  parseNormalizedNamed,
  referenceName,
  referenceString,
  tagNameOnly,
} from '../../../shared/reference';
import { goQuote } from './tag';

export interface ModelRef {
  /** reference.String(): `docker.io/library/busybox:latest`. */
  full: string;
  /** reference.FamiliarString(): `busybox:latest`. */
  familiar: string;
  /** Repository name, normalised: `docker.io/library/busybox`. */
  name: string;
  /** A digest reference (`repo@sha256:…`) rather than a tag. */
  digest: boolean;
}

export interface ModelImage {
  id: string;
  parent: string;
  /** Sorted as the reference store returns them (by full string). */
  refs: ModelRef[];
  /** Unix seconds, with the fraction the engine stores. */
  created: number;
  /** Config.Labels; null when the image has no config at all (prune's label filter then ignores it). */
  labels: Record<string, string> | null;
  hasConfig: boolean;
  size: number;
  /** Layer chain IDs, bottom first. */
  chain: string[];
}

export interface ModelContainer {
  id: string;
  name: string;
  imageId: string;
  /** moby's IsRunning: running, paused and restarting containers count as running. */
  running: boolean;
}

export type DeleteRecord = { untagged: string } | { deleted: string };

/** A refusal the engine would answer with; `used`/`hard` as moby's imageDeleteConflict. */
export class SimulatedError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
    readonly conflict: RemoveConflict | undefined,
    readonly hard = false,
    readonly used = false,
  ) {
    super(message);
    this.name = 'SimulatedError';
  }
}

/** layer.CreateChainID: chain(n) = sha256(chain(n-1) + " " + diff(n)). */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? d : `sha256:${createHash('sha256').update(`${prev} ${d}`).digest('hex')}`);
  }
  return out;
}

/** moby's isSingleReference: at most one tag, and all references in one repository. */
export function isSingleReference(refs: readonly ModelRef[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  let single: ModelRef | undefined;
  const canonical = new Set<string>();
  for (const r of refs) {
    if (r.digest) canonical.add(r.name);
    else if (!single) single = r;
    else return false;
  }
  single ??= refs[0];
  return canonical.size === 1 && canonical.has(single.name);
}

export function isImageIdPrefix(imageId: string, candidate: string): boolean {
  if (imageId.startsWith(candidate)) return true;
  const i = imageId.indexOf(':');
  return i >= 0 && imageId.slice(i + 1).startsWith(candidate);
}

/** A reference string from the image list into the store's form. */
export function modelRef(text: string): ModelRef | undefined {
  try {
    const r = parseNormalizedNamed(text);
    return { full: referenceString(r), familiar: familiarString(r), name: referenceName(r), digest: r.digest !== undefined };
  } catch {
    return undefined;
  }
}

const byFull = (a: ModelRef, b: ModelRef) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0);

const HARD = { child: true, running: true, reference: false, stopped: false };
type ConflictMask = typeof HARD;

/** moby's label / label! matching on image config labels (filters.Args.MatchKVList). */
export function matchesLabelFilters(
  labels: Record<string, string> | null,
  include: readonly string[],
  exclude: readonly string[],
): boolean {
  const matchAll = (conds: readonly string[]) => {
    if (conds.length === 0) return true;
    if (!labels || Object.keys(labels).length === 0) return false;
    return conds.every((c) => {
      const eq = c.indexOf('=');
      const key = eq >= 0 ? c.slice(0, eq) : c;
      if (!Object.prototype.hasOwnProperty.call(labels, key)) return false;
      return eq < 0 || labels[key] === c.slice(eq + 1);
    });
  };
  if (!matchAll(include)) return false;
  if (exclude.length > 0 && matchAll(exclude)) return false;
  return true;
}

export interface PruneSelection {
  /** false: dangling only (the default); true: every unused image (`-a`). */
  all: boolean;
  /** Unix seconds; images created after it are kept. */
  until?: number;
  labels: string[];
  notLabels: string[];
}

export interface PruneOutcome {
  records: DeleteRecord[];
  /** Top images the engine would try, with the refusal it would swallow when it kept them. */
  attempted: Map<string, string | undefined>;
}

export class ImageStoreModel {
  readonly images: Map<string, ModelImage>;
  readonly containers: readonly ModelContainer[];
  /** How many images and containers hold each layer chain. */
  private readonly holders: Map<string, number>;
  /** Where each layer chain was last seen: owner image and level, for sizes. */
  readonly layerOwners = new Map<string, { imageId: string; level: number }>();

  constructor(images: Iterable<ModelImage>, containers: readonly ModelContainer[]) {
    this.images = new Map([...images].map((i) => [i.id, { ...i, refs: [...i.refs].sort(byFull) }]));
    this.containers = containers;
    this.holders = new Map();
    for (const img of this.images.values()) this.hold(img.chain, 1);
    // A container's read-write layer sits on its image's top layer and keeps the whole chain.
    for (const c of containers) {
      const img = this.images.get(c.imageId);
      if (img) this.hold(img.chain, 1);
    }
  }

  clone(): ImageStoreModel {
    return new ImageStoreModel(
      [...this.images.values()].map((i) => ({ ...i, refs: [...i.refs], chain: [...i.chain] })),
      this.containers,
    );
  }

  private hold(chain: readonly string[], delta: number): void {
    for (const c of chain) this.holders.set(c, (this.holders.get(c) ?? 0) + delta);
  }

  children(id: string): ModelImage[] {
    return [...this.images.values()].filter((i) => i.parent === id);
  }

  /** daemon.GetImage: a reference, an ID or an ID prefix. Throws what the engine would answer. */
  resolve(refOrId: string): ModelImage {
    let any;
    try {
      any = parseAnyReference(refOrId);
    } catch (err) {
      if (err instanceof InvalidReferenceError) throw new SimulatedError(err.message, 400, undefined);
      throw err;
    }
    if (any.kind === 'digest') {
      const img = this.images.get(any.digest);
      if (img) return img;
      throw new SimulatedError(`No such image: ${any.digest}`, 404, { kind: 'not-found', canForce: false });
    }
    const key = any.digest !== undefined ? `${referenceName(any)}@${any.digest}` : referenceString(tagNameOnly(any));
    for (const img of this.images.values()) if (img.refs.some((r) => r.full === key)) return img;
    if (/^(sha256:)?[a-f0-9]+$/.test(refOrId)) {
      const hex = refOrId.replace(/^sha256:/, '');
      const hits = [...this.images.keys()].filter((id) => id.slice(7).startsWith(hex));
      if (hits.length === 1) return this.images.get(hits[0]) as ModelImage;
    }
    throw new SimulatedError(`No such image: ${familiarString(tagNameOnly(any))}`, 404, { kind: 'not-found', canForce: false });
  }

  /** imageService.ImageDelete(imageRef, force, prune): the records the engine would return. */
  imageDelete(imageRef: string, force: boolean, prune: boolean): DeleteRecord[] {
    const records: DeleteRecord[] = [];
    const img = this.resolve(imageRef);
    let removedRepositoryRef = false;
    if (!isImageIdPrefix(img.id, imageRef)) {
      if (!force && isSingleReference(img.refs)) {
        const user = this.containers.find((c) => c.imageId === img.id);
        if (user) {
          throw new SimulatedError(
            `conflict: unable to remove repository reference ${goQuote(imageRef)} (must force) - container ${truncateId(user.id)} is using its referenced image ${truncateId(img.id)}`,
            409,
            {
              kind: user.running ? 'running-container' : 'stopped-container',
              canForce: true,
              forceEffect: user.running ? 'untag' : 'delete',
              imageId: truncateId(img.id),
              containerId: truncateId(user.id),
              containerName: user.name || undefined,
              reference: imageRef,
            },
          );
        }
      }
      const parsed = tagNameOnly(parseNormalizedNamed(imageRef));
      const removed = modelRef(referenceString(parsed)) as ModelRef;
      img.refs = img.refs.filter((r) => r.full !== removed.full);
      records.push({ untagged: familiarString(parsed) });
      if (!removed.digest && !img.refs.some((r) => !r.digest && r.name === removed.name)) {
        // The last tag of a repository takes that repository's digest references with it.
        const keep: ModelRef[] = [];
        for (const r of img.refs) {
          if (r.digest && r.name === removed.name) records.push({ untagged: r.familiar });
          else keep.push(r);
        }
        img.refs = keep;
      }
      if (img.refs.length > 0) return records;
      removedRepositoryRef = true;
    } else if (isSingleReference(img.refs)) {
      const conflict = this.conflictFor(img.id, { ...HARD, stopped: !force });
      if (conflict) throw conflict;
      for (const r of img.refs) records.push({ untagged: r.familiar });
      img.refs = [];
    }
    this.deleteHelper(img.id, records, force, prune, removedRepositoryRef);
    return records;
  }

  private conflictFor(id: string, mask: ConflictMask): SimulatedError | undefined {
    const short = truncateId(id);
    const make = (hard: boolean, used: boolean, message: string, conflict: RemoveConflict) =>
      new SimulatedError(
        `conflict: unable to delete ${short} (${hard ? 'cannot be forced' : 'must be forced'}) - ${message}`,
        409,
        conflict,
        hard,
        used,
      );
    if (mask.child && this.children(id).length > 0) {
      return make(true, false, 'image has dependent child images', { kind: 'child-images', canForce: false, imageId: short });
    }
    if (mask.running) {
      const c = this.containers.find((x) => x.imageId === id && x.running);
      if (c) {
        return make(true, true, `image is being used by running container ${truncateId(c.id)}`, {
          kind: 'running-container',
          canForce: false,
          imageId: short,
          containerId: truncateId(c.id),
          containerName: c.name || undefined,
        });
      }
    }
    const img = this.images.get(id);
    if (mask.reference && img && img.refs.length > 0) {
      return make(false, false, 'image is referenced in multiple repositories', {
        kind: 'multiple-repositories',
        canForce: true,
        forceEffect: 'delete',
        imageId: short,
      });
    }
    if (mask.stopped) {
      const c = this.containers.find((x) => x.imageId === id && !x.running);
      if (c) {
        return make(false, true, `image is being used by stopped container ${truncateId(c.id)}`, {
          kind: 'stopped-container',
          canForce: true,
          forceEffect: 'delete',
          imageId: short,
          containerId: truncateId(c.id),
          containerName: c.name || undefined,
        });
      }
    }
    return undefined;
  }

  private isDangling(id: string): boolean {
    const img = this.images.get(id);
    return !((img?.refs.length ?? 0) > 0 || this.children(id).length > 0);
  }

  private deleteHelper(id: string, records: DeleteRecord[], force: boolean, prune: boolean, quiet: boolean): void {
    const conflict = this.conflictFor(id, force ? HARD : { child: true, running: true, reference: true, stopped: true });
    if (conflict) {
      if (quiet && (!this.isDangling(id) || conflict.used)) return;
      throw conflict;
    }
    const img = this.images.get(id);
    if (!img) return;
    for (const r of img.refs) records.push({ untagged: r.familiar });
    img.refs = [];
    this.images.delete(id);
    records.push({ deleted: id });
    this.hold(img.chain, -1);
    for (let level = img.chain.length - 1; level >= 0; level--) {
      const chain = img.chain[level];
      if ((this.holders.get(chain) ?? 0) > 0) break;
      this.layerOwners.set(chain, { imageId: id, level });
      records.push({ deleted: chain });
    }
    if (!prune || !img.parent || !this.images.has(img.parent)) return;
    this.deleteHelper(img.parent, records, false, true, true);
  }

  /** imageService.ImagesPrune with the filters already read. */
  prune(sel: PruneSelection): PruneOutcome {
    const candidates = [...this.images.values()].filter((img) => sel.all || this.children(img.id).length === 0);
    const top = candidates.filter((img) => {
      if (img.refs.length === 0 && this.children(img.id).length > 0) return false;
      if (sel.until !== undefined && img.created > sel.until) return false;
      if (img.hasConfig && !matchesLabelFilters(img.labels, sel.labels, sel.notLabels)) return false;
      return true;
    });
    const records: DeleteRecord[] = [];
    const attempted = new Map<string, string | undefined>();
    for (const { id } of top) {
      const img = this.images.get(id);
      if (!img) continue;
      const refs = [...img.refs];
      const attempt = (ref: string) => {
        try {
          records.push(...this.imageDelete(ref, false, true));
          return undefined;
        } catch (err) {
          if (err instanceof SimulatedError) return err.message;
          throw err;
        }
      };
      if (refs.length > 0) {
        if (!sel.all && refs.some((r) => !r.digest)) continue;
        let refusal: string | undefined;
        for (const r of refs) refusal = attempt(r.full) ?? refusal;
        attempted.set(id, refusal);
      } else {
        attempted.set(id, attempt(id.slice(7)));
      }
    }
    return { records, attempted };
  }
}
