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
  | { status: 'newer'; localDigest: string; remoteDigest: string; platform?: string }
  | { status: 'unknown'; reason: 'noPlatform'; message: string; localDigest: string; remoteDigest: string; platform?: string };

export const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
]);

export const platformText = (p: Platform): string => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

/** Names the engine's inspect and some indexes use for the same architecture (containerd's normalisation). */
const ARCH_ALIASES: Readonly<Record<string, { architecture: string; variant?: string }>> = {
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  i386: { architecture: '386' },
};

/**
 * A platform as containerd's matcher compares it: lowercase, architecture aliases folded, and the
 * default variant written out or dropped the way containerd does (arm64's v8 is no variant, arm
 * without one is v7, amd64's v1 is none), so `linux/arm64` and `linux/arm64/v8` are one platform.
 */
export function normalisePlatform(p: { os?: string; architecture?: string; variant?: string }): Platform {
  const os = (p.os ?? '').toLowerCase();
  let architecture = (p.architecture ?? '').toLowerCase();
  let variant = (p.variant ?? '').toLowerCase();
  const alias = ARCH_ALIASES[architecture];
  if (alias) {
    architecture = alias.architecture;
    variant = variant || (alias.variant ?? '');
  }
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = '';
  else if (architecture === 'arm' && variant === '') variant = 'v7';
  else if (architecture === 'arm' && /^[5-8]$/.test(variant)) variant = `v${variant}`;
  else if (architecture === 'amd64' && variant === 'v1') variant = '';
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/**
 * The index entry for a platform, as containerd's matcher picks it when the engine pulls: same os,
 * architecture and variant once normalised (normalisePlatform). Attestation entries
 * (`unknown/unknown`) never match a real platform.
 */
export function entryFor(entries: readonly IndexEntry[], platform: Platform): IndexEntry | undefined {
  const wanted = normalisePlatform(platform);
  return entries.find((e) => {
    if (!e.platform) return false;
    const p = normalisePlatform(e.platform);
    return p.os === wanted.os && p.architecture === wanted.architecture && (p.variant ?? '') === (wanted.variant ?? '');
  });
}

/** Whether a failure asking for an old index only says it is gone or is no index (anything else is the registry's trouble). */
const isGoneOrNoIndex = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return code !== 'REGISTRY_UNREACHABLE' && code !== 'UNAUTHORIZED';
};

/**
 * Up to date when the registry's tag names one of the local digests; when it names an index, when
 * the index's entry for the image's platform is one of them, is this very image (its config digest
 * is the image ID), or is the entry an old index the image was pulled as had for that platform;
 * can't tell when the index has no entry for the image's platform (or the image says none); newer
 * otherwise.
 */
export async function compareTag(local: LocalSide, remote: RemoteManifests): Promise<Comparison> {
  const head = await remote.head();
  const localDigest = local.digests.includes(head.digest) ? head.digest : local.digests[0];
  if (local.digests.includes(head.digest)) return { status: 'upToDate', localDigest, remoteDigest: head.digest };
  let image = head.digest;
  let platform: string | undefined;
  let wanted: Platform | undefined;
  if (INDEX_MEDIA_TYPES.has(head.mediaType)) {
    wanted = await local.platform();
    if (!wanted.architecture) {
      const message = 'The local image names no architecture in its inspect: which entry of the index is its own cannot be told';
      return { status: 'unknown', reason: 'noPlatform', message, localDigest, remoteDigest: head.digest };
    }
    platform = platformText(wanted);
    const entry = entryFor(await remote.index(head.digest), wanted);
    if (!entry) {
      const message = `The index has no entry for ${platform}`;
      return { status: 'unknown', reason: 'noPlatform', message, localDigest, remoteDigest: head.digest, platform };
    }
    if (local.digests.includes(entry.digest)) return { status: 'upToDate', localDigest: entry.digest, remoteDigest: head.digest, platform };
    image = entry.digest;
  }
  // The local digest may be an index the registry no longer serves under the tag (or a manifest
  // now inside one): the same config is the same image, whichever manifest names it.
  const config = await remote.configDigest(image);
  const decided = { localDigest, remoteDigest: head.digest, ...(platform ? { platform } : {}) };
  if (config !== undefined && config === local.imageId) return { status: 'upToDate', ...decided };
  if (wanted) {
    // containerd's image store: the image ID is the index digest, not a config, so the proof above
    // fails; the old index the image was pulled as still says which manifest it held for this platform.
    for (const old of local.digests) {
      let entries: IndexEntry[];
      try {
        entries = await remote.index(old);
      } catch (err) {
        if (isGoneOrNoIndex(err)) continue;
        throw err;
      }
      if (entryFor(entries, wanted)?.digest === image) return { status: 'upToDate', localDigest: old, remoteDigest: head.digest, platform };
    }
  }
  return { status: 'newer', ...decided };
}
