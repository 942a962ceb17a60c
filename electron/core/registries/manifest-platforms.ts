// Owns "which platforms does this tag offer", for the pull dialog's platform picker: the tag's
// manifest asked for as the engine asks (index and list types in Accept); an OCI index or Docker
// manifest list gives its entries' platforms, a single manifest the os/arch/variant its config blob
// names. Everything read is the registry's data: bounded in size, and a platform whose words would
// not pass as `--platform` is left out rather than offered.
import { createHash } from 'node:crypto';
import type { RegistryPlatform, RegistryPlatforms } from '../../../shared/registries';
import { isPlatformPart } from '../../../shared/platform';
import { CoreError } from '../engine/engine-errors';
import { checkRepository, checkTag, RegistryClient } from './registry-client';
import { type BrowserDeps, INDEX_TYPES, MANIFEST_ACCEPT } from './registry-browser';

/** distribution refuses manifests over 4 MiB; a config blob is far smaller in practice. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

interface Descriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  platform?: { os?: unknown; architecture?: unknown; variant?: unknown };
}

interface ManifestJson {
  schemaVersion?: number;
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
  /** schema 1 names the architecture at the top. */
  architecture?: unknown;
}

/** The bytes of a response, refused past `max` (a registry's answer is data, not trusted to be small). */
async function readBounded(response: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooBig = () => new CoreError('INTERNAL', `${what} is larger than ${max / (1024 * 1024)} MiB`);
  if (declared > max) {
    await response.body?.cancel();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > max) throw tooBig();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {
    // Said below.
  }
  throw new CoreError('INTERNAL', `${what} is not a JSON object`);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const size = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);

/** A platform from registry data, or undefined when it names none we could pass on as `--platform`. */
export function platformOf(
  p: { os?: unknown; architecture?: unknown; variant?: unknown } | undefined,
): Omit<RegistryPlatform, 'digest' | 'size'> | null {
  const os = str(p?.os);
  const architecture = str(p?.architecture);
  const variant = str(p?.variant);
  if (!os || !architecture || !isPlatformPart(os) || !isPlatformPart(architecture)) return null;
  // buildx's attestation manifests are `unknown/unknown`: nothing the engine would ever pull.
  if (os === 'unknown' || architecture === 'unknown') return null;
  if (variant !== undefined && variant !== '' && !isPlatformPart(variant)) return null;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** An index's or list's entries as platforms, in its order, leaving out those that name no real platform. */
export function indexPlatforms(body: ManifestJson): RegistryPlatform[] {
  const out: RegistryPlatform[] = [];
  for (const entry of Array.isArray(body.manifests) ? body.manifests : []) {
    const digest = str(entry?.digest);
    const platform = platformOf(entry?.platform);
    if (!digest || !DIGEST_RE.test(digest) || !platform) continue;
    out.push({ ...platform, digest, size: size(entry.size) });
  }
  return out;
}

/** A tag's platforms: its index's entries, or the one platform its config blob names. */
export async function manifestPlatforms(
  deps: BrowserDeps,
  req: { host: string; repository: string; tag: string },
  signal?: AbortSignal,
): Promise<RegistryPlatforms> {
  const repository = checkRepository(req.repository);
  const tag = checkTag(req.tag);
  const client = new RegistryClient(req.host, deps);
  const scope = `repository:${repository}:pull`;
  const response = await client.request({ path: `/v2/${repository}/manifests/${tag}`, accept: MANIFEST_ACCEPT, scope, signal });
  const bytes = await readBounded(response, MAX_MANIFEST_BYTES, `The manifest of ${repository}:${tag}`);
  const body = parseJson<ManifestJson>(bytes, `The manifest of ${repository}:${tag}`);
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim() || str(body.mediaType) || '';
  const headerDigest = response.headers.get('docker-content-digest');
  const digest = headerDigest && DIGEST_RE.test(headerDigest) ? headerDigest : `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const base = { repository, tag, digest, mediaType };
  if (INDEX_TYPES.has(mediaType) || Array.isArray(body.manifests)) return { ...base, index: true, platforms: indexPlatforms(body) };
  const total = size(body.config?.size) + (Array.isArray(body.layers) ? body.layers.reduce((a, l) => a + size(l?.size), 0) : 0);
  if (body.schemaVersion === 1) {
    // schema 1 has no config blob; its architecture is at the top and its os is always linux.
    const platform = platformOf({ os: 'linux', architecture: body.architecture });
    return { ...base, index: false, platforms: platform ? [{ ...platform, digest, size: total }] : [] };
  }
  const configDigest = str(body.config?.digest);
  if (!configDigest || !DIGEST_RE.test(configDigest)) return { ...base, index: false, platforms: [] };
  const blob = await client.request({ path: `/v2/${repository}/blobs/${configDigest}`, scope, signal });
  const config = parseJson<{ os?: unknown; architecture?: unknown; variant?: unknown }>(
    await readBounded(blob, MAX_CONFIG_BYTES, `The config of ${repository}:${tag}`),
    `The config of ${repository}:${tag}`,
  );
  const platform = platformOf(config);
  return { ...base, index: false, platforms: platform ? [{ ...platform, digest, size: total }] : [] };
}
