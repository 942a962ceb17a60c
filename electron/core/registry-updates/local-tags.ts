// Owns which local tags update detection looks at, from one `GET /images/json`: each RepoTag
// with the digests its image has for that tag's repository (RepoDigests, the registry's manifest
// digests the engine recorded when it pulled or pushed the image under that name).
import { familiarString, InvalidReferenceError, parseNormalizedNamed, referenceName, tagNameOnly } from '../../../shared/reference';
import { CoreError } from '../engine/engine-errors';

export interface ImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
}

export interface LocalTag {
  /** Familiar, as `docker images` shows it: `busybox:latest`. */
  reference: string;
  /** Normalized `domain/path:tag`, the key the cache and the requests match on. */
  canonical: string;
  registry: string;
  repository: string;
  tag: string;
  imageId: string;
  /** Digests of the image's RepoDigests for this repository (empty: never pushed or pulled under it). */
  digests: string[];
  /** Whether the image came from any registry at all (has any RepoDigest). */
  fromRegistry: boolean;
}

const parseOrUndefined = (s: string) => {
  try {
    return parseNormalizedNamed(s);
  } catch {
    // `<none>:<none>` and anything else the engine lists that is no reference.
    return undefined;
  }
};

export function localTags(images: readonly ImageSummary[]): LocalTag[] {
  const out: LocalTag[] = [];
  for (const image of images) {
    const repoDigests = (image.RepoDigests ?? []).map(parseOrUndefined).filter((r) => r?.digest !== undefined);
    for (const repoTag of image.RepoTags ?? []) {
      const ref = parseOrUndefined(repoTag);
      if (!ref?.tag || ref.digest) continue;
      const name = referenceName(ref);
      out.push({
        reference: familiarString(ref),
        canonical: `${name}:${ref.tag}`,
        registry: ref.domain,
        repository: ref.path,
        tag: ref.tag,
        imageId: image.Id,
        digests: [...new Set(repoDigests.filter((d) => d && referenceName(d) === name).map((d) => d?.digest as string))],
        fromRegistry: repoDigests.length > 0,
      });
    }
  }
  return out.sort((a, b) => a.reference.localeCompare(b.reference));
}

/** A reference the person asked about, as the cache keys it (`busybox` -> `docker.io/library/busybox:latest`). */
export function canonicalTag(reference: string): string {
  let ref;
  try {
    ref = tagNameOnly(parseNormalizedNamed(reference));
  } catch (err) {
    if (err instanceof InvalidReferenceError) throw new CoreError('INVALID_REFERENCE', err.message);
    throw err;
  }
  if (ref.digest !== undefined) throw new CoreError('INVALID_ARGUMENT', `${reference.slice(0, 200)} names a digest, not a tag`);
  return `${referenceName(ref)}:${ref.tag}`;
}
