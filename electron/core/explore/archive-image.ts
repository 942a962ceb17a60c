// Owns picking one image out of a scanned archive: the classic `docker save` manifest.json
// (Config, RepoTags, Layers as paths) or the OCI layout's index.json (descriptors to manifests,
// maybe through an image index, to a config and layers as blobs/<alg>/<hex>). Names in these
// files are data from someone's archive: they only ever look up entries of the same archive.
import { createHash } from 'node:crypto';
import { CoreError } from '../engine/engine-errors';
import { archiveName, type ArchiveScan, type ScannedLayer } from './archive-scan';

export interface ArchiveImage {
  format: 'docker' | 'oci';
  imageId: string;
  repoTags: string[];
  config: Record<string, unknown>;
  layers: ScannedLayer[];
}

const invalid = (message: string) => new CoreError('INVALID_ARGUMENT', message);

function parse(scan: ArchiveScan, name: string, what: string): unknown {
  const doc = scan.json.get(name);
  if (!doc) return undefined;
  try {
    return JSON.parse(doc.toString('utf8')) as unknown;
  } catch {
    throw invalid(`${what}: ${name} is not valid JSON`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** Follows the archive's own links (an older docker save linked a shared layer.tar), a few hops at most. */
function resolveLink(scan: ArchiveScan, name: string): string {
  let at = archiveName(name);
  for (let hops = 0; hops < 8 && !scan.layers.has(at) && scan.links.has(at); hops++) at = scan.links.get(at)!;
  return at;
}

function layersOf(scan: ArchiveScan, names: string[], what: string): ScannedLayer[] {
  return names.map((name) => {
    const layer = scan.layers.get(resolveLink(scan, name));
    if (!layer) throw invalid(`${what} names the layer ${name.slice(0, 256)}, which is not a layer tar in the archive`);
    if (layer.error !== undefined) throw layer.error;
    return layer;
  });
}

function configOf(scan: ArchiveScan, name: string, what: string): { config: Record<string, unknown>; imageId: string } {
  const at = resolveLink(scan, name);
  const doc = scan.json.get(at);
  const config = parse(scan, at, what);
  if (!doc || !isObject(config)) throw invalid(`${what} names the config ${name.slice(0, 256)}, which is not in the archive`);
  return { config, imageId: `sha256:${createHash('sha256').update(doc).digest('hex')}` };
}

/** True when `wanted` names this image: one of its tags, its ID, or a prefix of its ID's hex. */
function matches(wanted: string | undefined, tags: string[], imageId: string): boolean {
  if (wanted === undefined) return true;
  if (tags.includes(wanted)) return true;
  const hex = wanted.replace(/^sha256:/, '');
  return /^[0-9a-f]{4,64}$/.test(hex) && imageId.slice('sha256:'.length).startsWith(hex);
}

function fromDockerManifest(scan: ArchiveScan, manifest: unknown, wanted: string | undefined, what: string): ArchiveImage {
  if (!Array.isArray(manifest) || manifest.length === 0) throw invalid(`${what}: manifest.json lists no image`);
  for (const item of manifest) {
    if (!isObject(item) || typeof item.Config !== 'string') throw invalid(`${what}: manifest.json has an entry without a Config`);
    const repoTags = strings(item.RepoTags);
    const { config, imageId } = configOf(scan, item.Config, what);
    if (!matches(wanted, repoTags, imageId)) continue;
    return { format: 'docker', imageId, repoTags, config, layers: layersOf(scan, strings(item.Layers), what) };
  }
  throw new CoreError('NOT_FOUND', `${what} holds no image named ${wanted}`);
}

const blobName = (digest: unknown): string | undefined =>
  typeof digest === 'string' && /^[a-z0-9]+:[a-f0-9]{32,128}$/.test(digest) ? `blobs/${digest.replace(':', '/')}` : undefined;

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** The descriptors of an index, nested indexes flattened (at most a few levels), with the image name they carry. */
function manifestsOf(
  scan: ArchiveScan,
  index: unknown,
  what: string,
  name: string | undefined,
  depth = 0,
): { blob: string; name?: string }[] {
  if (!isObject(index) || !Array.isArray(index.manifests)) throw invalid(`${what}: index.json lists no manifest`);
  const out: { blob: string; name?: string }[] = [];
  for (const d of index.manifests) {
    if (!isObject(d)) continue;
    const blob = blobName(d.digest);
    if (!blob) continue;
    const annotations = isObject(d.annotations) ? d.annotations : {};
    const ref = annotations['io.containerd.image.name'] ?? annotations['org.opencontainers.image.ref.name'];
    const carried = typeof ref === 'string' ? ref : name;
    const doc = parse(scan, blob, what);
    const nested = typeof d.mediaType === 'string' ? INDEX_TYPES.has(d.mediaType) : isObject(doc) && Array.isArray(doc.manifests);
    if (nested) {
      if (depth < 4 && doc !== undefined) out.push(...manifestsOf(scan, doc, what, carried, depth + 1));
    } else out.push({ blob, ...(carried ? { name: carried } : {}) });
  }
  return out;
}

function fromOciIndex(scan: ArchiveScan, index: unknown, wanted: string | undefined, what: string): ArchiveImage {
  let missing: string | undefined;
  for (const { blob, name } of manifestsOf(scan, index, what, undefined)) {
    const manifest = parse(scan, blob, what);
    // An index may name every platform while the archive holds one: skip the absent ones.
    if (!isObject(manifest)) {
      missing ??= blob;
      continue;
    }
    const configBlob = blobName(isObject(manifest.config) ? manifest.config.digest : undefined);
    if (!configBlob) throw invalid(`${what}: the manifest ${blob} has no config`);
    const { config, imageId } = configOf(scan, configBlob, what);
    const repoTags = name && !/^[^/:]*$/.test(name) ? [name] : [];
    if (!matches(wanted, repoTags, imageId)) continue;
    const layers = (Array.isArray(manifest.layers) ? manifest.layers : []).map((l: unknown) => {
      const b = blobName(isObject(l) ? l.digest : undefined);
      if (!b) throw invalid(`${what}: the manifest ${blob} has a layer without a digest`);
      return b;
    });
    return { format: 'oci', imageId, repoTags, config, layers: layersOf(scan, layers, what) };
  }
  if (wanted !== undefined) throw new CoreError('NOT_FOUND', `${what} holds no image named ${wanted}`);
  throw invalid(`${what}: index.json names the manifest ${missing ?? '(none)'}, which is not in the archive`);
}

/**
 * The image `wanted` names (a tag, an ID or its prefix), else the first; the classic manifest.json
 * wins when both are present (docker 25+ writes both, with the same layers).
 */
export function imageOfArchive(scan: ArchiveScan, wanted: string | undefined, what: string): ArchiveImage {
  const manifest = parse(scan, 'manifest.json', what);
  if (manifest !== undefined) {
    const image = fromDockerManifest(scan, manifest, wanted, what);
    return scan.json.has('index.json') || scan.json.has('oci-layout') ? { ...image, format: 'oci' } : image;
  }
  const index = parse(scan, 'index.json', what);
  if (index !== undefined) return fromOciIndex(scan, index, wanted, what);
  throw invalid(`${what} has no manifest.json or index.json: it is not an image archive from docker save, or it is truncated`);
}
