// Owns the one rule for "is there a newer image for this tag": the local RepoDigests of the tag's
// repository against what the registry's tag names now, multi-arch aware. A registry index that
// changed (an attestation, a platform added) while the entry for this image's platform did not
// is NOT newer: that is the false "outdated" people see elsewhere on multi-arch tags. Pure: the
// registry and the engine are reached through the functions passed in (remote-manifest.ts).

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** One entry of an OCI index or docker manifest list. */
export interface IndexEntry {
  digest: string;
  mediaType?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** What the registry's tag names now. */
export interface RemoteHead {
  digest: string;
  mediaType: string;
}

export interface RemoteManifests {
  /** The tag's current digest and media type (HEAD, or GET and hash when HEAD gives no digest). */
  head(): Promise<RemoteHead>;
  /** The entries of the index with this digest. */
  index(digest: string): Promise<IndexEntry[]>;
  /** The config digest of the image manifest with this digest (undefined when it has none). */
  configDigest(digest: string): Promise<string | undefined>;
}

export interface LocalSide {
  /** The image ID (`sha256:…`): in the engine's classic store, the digest of its config. */
  imageId: string;
  /** The digests of the image's RepoDigests for the tag's repository (never empty here). */
  digests: readonly string[];
  /** The image's platform (from its inspect), asked only when the registry's tag is an index. */
  platform(): Promise<Platform>;
}

export type Comparison =
  | { status: 'upToDate'; localDigest: string; remoteDigest: string; platform?: string }
  | { status: 'newer'; localDigest: string; remoteDigest: string; platform?: string };

export const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
]);

export const platformText = (p: Platform): string => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

/**
 * The index entry for a platform, as the engine picks when it pulls: same os and architecture;
 * a variant asked for must match; with none asked for, an entry without a variant first.
 * Attestation entries (`unknown/unknown`) never match a real platform.
 */
export function entryFor(entries: readonly IndexEntry[], platform: Platform): IndexEntry | undefined {
  const same = entries.filter((e) => e.platform?.os === platform.os && e.platform?.architecture === platform.architecture);
  if (platform.variant) return same.find((e) => e.platform?.variant === platform.variant);
  return same.find((e) => !e.platform?.variant) ?? same[0];
}

/**
 * Up to date when the registry's tag names one of the local digests; when it names an index, when
 * the index's entry for the image's platform is one of them or is this very image (its config
 * digest is the image ID); newer otherwise.
 */
export async function compareTag(local: LocalSide, remote: RemoteManifests): Promise<Comparison> {
  const head = await remote.head();
  const localDigest = local.digests.includes(head.digest) ? head.digest : local.digests[0];
  if (local.digests.includes(head.digest)) return { status: 'upToDate', localDigest, remoteDigest: head.digest };
  let image = head.digest;
  let platform: string | undefined;
  if (INDEX_MEDIA_TYPES.has(head.mediaType)) {
    const wanted = await local.platform();
    platform = platformText(wanted);
    const entry = entryFor(await remote.index(head.digest), wanted);
    if (!entry) return { status: 'newer', localDigest, remoteDigest: head.digest, platform };
    if (local.digests.includes(entry.digest)) return { status: 'upToDate', localDigest: entry.digest, remoteDigest: head.digest, platform };
    image = entry.digest;
  }
  // The local digest may be an index the registry no longer serves under the tag (or a manifest
  // now inside one): the same config is the same image, whichever manifest names it.
  const config = await remote.configDigest(image);
  const status = config !== undefined && config === local.imageId ? 'upToDate' : 'newer';
  return { status, localDigest, remoteDigest: head.digest, ...(platform ? { platform } : {}) };
}
