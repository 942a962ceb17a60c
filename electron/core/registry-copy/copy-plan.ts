// Owns what a registry copy moves, decided from the source's manifests before any byte goes to the
// target: which tags (all of them, from `/tags/list`, when none are named), which manifests each tag
// puts (an index whole, or the one entry of a picked platform) and the blobs they need, each once.
import { CoreError } from '../engine/engine-errors';
import { MANIFEST_TYPES } from '../registries/registry-browser';

const INDEX_TYPES = new Set<string>([MANIFEST_TYPES.dockerList, MANIFEST_TYPES.ociIndex]);
/** Layers a registry never stores (Windows base layers): fetched by the engine from their `urls`, never copied. */
const FOREIGN_LAYER = /foreign|nondistributable/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

export interface IndexEntry extends Descriptor {
  platform?: PlatformSpec;
}

/** A manifest as fetched: its exact bytes (what gets put), what it is, and what it names. */
export interface FetchedManifest {
  bytes: Buffer;
  digest: string;
  mediaType: string;
  /** An index's entries; empty for an image manifest. */
  entries: IndexEntry[];
  /** An image manifest's config and layers (foreign layers left out); empty for an index. */
  blobs: Descriptor[];
}

export const isIndexType = (mediaType: string) => INDEX_TYPES.has(mediaType);

/** A digest that goes into a URL and that the copy can check bytes against (sha256 only, as the registry does). */
export function checkDigest(digest: unknown, what: string): string {
  if (typeof digest !== 'string' || !SHA256.test(digest)) {
    throw new CoreError('INVALID_ARGUMENT', `${what} names a digest Stevedore cannot check (${String(digest).slice(0, 80)})`);
  }
  return digest;
}

function descriptor(value: unknown, what: string): Descriptor {
  const d = (value ?? {}) as { mediaType?: unknown; digest?: unknown; size?: unknown };
  const size = d.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new CoreError('INVALID_ARGUMENT', `${what} names a blob without a valid size`);
  }
  return { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: checkDigest(d.digest, what), size };
}

/** Reads what a manifest names from its bytes; `mediaType` from the Content-Type, else its own field. */
export function readManifest(bytes: Buffer, digest: string, contentType: string, what: string): FetchedManifest {
  let body: { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; config?: unknown; layers?: unknown };
  try {
    body = JSON.parse(bytes.toString('utf8')) as typeof body;
  } catch {
    throw new CoreError('INVALID_ARGUMENT', `The manifest of ${what} is not JSON`);
  }
  const mediaType = contentType || (typeof body.mediaType === 'string' ? body.mediaType : '');
  if (body.schemaVersion !== 2) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${what} is a schema ${String(body.schemaVersion)} manifest; Stevedore copies schema 2 and OCI`,
    );
  }
  if (isIndexType(mediaType) || Array.isArray(body.manifests)) {
    const entries = (Array.isArray(body.manifests) ? body.manifests : []).map((m: unknown) => {
      const platform = (m as { platform?: PlatformSpec }).platform;
      return { ...descriptor(m, what), ...(platform && typeof platform.os === 'string' ? { platform } : {}) };
    });
    return { bytes, digest, mediaType: mediaType || MANIFEST_TYPES.ociIndex, entries, blobs: [] };
  }
  const layers = Array.isArray(body.layers) ? body.layers : [];
  const blobs = [descriptor(body.config, what), ...layers.map((l: unknown) => descriptor(l, what))].filter(
    (b) => !FOREIGN_LAYER.test(b.mediaType),
  );
  // An OCI manifest may leave out its own mediaType; its config's type tells the format then.
  const configType = (body.config as { mediaType?: unknown } | undefined)?.mediaType;
  const fallback =
    typeof configType === 'string' && configType.startsWith('application/vnd.oci.') ? MANIFEST_TYPES.ociManifest : MANIFEST_TYPES.dockerV2;
  return { bytes, digest, mediaType: mediaType || fallback, entries: [], blobs };
}

export function parsePlatform(text: string): PlatformSpec {
  const [os, architecture, variant] = text.split('/');
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export const platformName = (p: PlatformSpec | undefined) => (p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown');

/**
 * The index entry for `wanted`: same os and architecture, and the same variant when one is asked
 * for; without one, an entry with no variant first (then the first match), as the engine picks.
 * Attestation entries (`unknown/unknown`) never match a real platform.
 */
export function pickEntry(entries: IndexEntry[], wanted: PlatformSpec): IndexEntry | undefined {
  const matches = entries.filter((e) => e.platform?.os === wanted.os && e.platform.architecture === wanted.architecture);
  if (wanted.variant) return matches.find((e) => e.platform?.variant === wanted.variant);
  return matches.find((e) => !e.platform?.variant) ?? matches[0];
}

/** Every blob of the given image manifests, once each (a layer shared by tags or platforms travels once). */
export function uniqueBlobs(manifests: Iterable<FetchedManifest>): Descriptor[] {
  const byDigest = new Map<string, Descriptor>();
  for (const m of manifests) for (const b of m.blobs) if (!byDigest.has(b.digest)) byDigest.set(b.digest, b);
  return [...byDigest.values()];
}
