// Owns browsing any v2 registry: repositories (`/v2/_catalog`, page by page), a repository's tags,
// one tag's manifest digest and size, and deleting a manifest by digest where the registry allows it.
import { createHash } from 'node:crypto';
import type { CatalogPage, RegistryTagInfo } from '../../../shared/registries';
import type { AuthResolver } from '../credentials/auth-hook';
import { CoreError } from '../engine/engine-errors';
import { checkRepository, checkTag, RegistryClient } from './registry-client';
import type { RegistryConfigSource } from '../credentials/plain-http-rule';

export const MANIFEST_TYPES = {
  dockerV2: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;
/** Asked for in this order, as the engine does, so a multi-platform image comes back as its list. */
export const MANIFEST_ACCEPT = [MANIFEST_TYPES.dockerV2, MANIFEST_TYPES.dockerList, MANIFEST_TYPES.ociManifest, MANIFEST_TYPES.ociIndex];
export const INDEX_TYPES = new Set<string>([MANIFEST_TYPES.dockerList, MANIFEST_TYPES.ociIndex]);
/** A repository with more tags than this is cut off rather than fetched forever. */
const MAX_TAG_PAGES = 100;
/**
 * Tags asked for per page (`n=`): registries that page (distribution 3, Docker Hub, Harbor) take it
 * as the page size and send a Link to the next; distribution 2.x ignores it and answers every tag at once.
 */
export const TAG_PAGE_SIZE = 100;

export interface BrowserDeps {
  authFor: AuthResolver;
  /** The engine's insecure registries, for the plain-http rule (see RegistryClientOptions). */
  registryConfig?: RegistryConfigSource;
}

/** The `last` of the next page from a Link header (`</v2/_catalog?last=b&n=1>; rel="next"`). */
export function nextFromLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!m || !/rel\s*=\s*"?next"?/i.test(m[2])) continue;
    const last = new URL(m[1], 'http://registry.invalid').searchParams.get('last');
    if (last) return last;
  }
  return undefined;
}

const repoPath = (repository: string) => `/v2/${checkRepository(repository)}`;
const pullScope = (repository: string) => `repository:${repository}:pull`;

/** One page of `GET /v2/_catalog?n=&last=`. */
export async function catalog(
  deps: BrowserDeps,
  req: { host: string; n?: number; last?: string },
  signal?: AbortSignal,
): Promise<CatalogPage> {
  const client = new RegistryClient(req.host, deps);
  const query = new URLSearchParams({ n: String(req.n ?? 100) });
  if (req.last) query.set('last', req.last);
  const { body, response } = await client.json<{ repositories?: string[] | null }>({
    path: `/v2/_catalog?${query}`,
    scope: 'registry:catalog:*',
    signal,
  });
  const page: CatalogPage = { repositories: body.repositories ?? [] };
  const next = nextFromLink(response.headers.get('link'));
  if (next !== undefined) page.next = next;
  return page;
}

/** All tags of a repository (`/v2/<name>/tags/list`, following its Link pages). */
export async function listTags(
  deps: BrowserDeps,
  req: { host: string; repository: string },
  signal?: AbortSignal,
): Promise<{ repository: string; tags: string[] }> {
  const client = new RegistryClient(req.host, deps);
  const base = `${repoPath(req.repository)}/tags/list`;
  const tags: string[] = [];
  const n = String(TAG_PAGE_SIZE);
  let path = `${base}?${new URLSearchParams({ n })}`;
  for (let page = 0; page < MAX_TAG_PAGES; page++) {
    const { body, response } = await client.json<{ tags?: string[] | null }>({ path, scope: pullScope(req.repository), signal });
    tags.push(...(body.tags ?? []));
    const next = nextFromLink(response.headers.get('link'));
    if (next === undefined) break;
    path = `${base}?${new URLSearchParams({ n, last: next })}`;
  }
  return { repository: req.repository, tags };
}

interface ManifestBody {
  schemaVersion?: number;
  mediaType?: string;
  config?: { size?: number };
  layers?: { size?: number }[];
  manifests?: unknown[];
  fsLayers?: unknown[];
}

/** Size and layer count of a manifest: config + layers for an image, nothing for a list/index. */
export function summarizeManifest(mediaType: string, body: ManifestBody): { size: number; layers: number } {
  if (INDEX_TYPES.has(mediaType) || Array.isArray(body.manifests)) return { size: 0, layers: 0 };
  if (Array.isArray(body.layers)) {
    const sizes = [body.config?.size ?? 0, ...body.layers.map((l) => l.size ?? 0)];
    return { size: sizes.reduce((a, b) => a + b, 0), layers: body.layers.length };
  }
  // schema 1 carries no sizes.
  return { size: 0, layers: Array.isArray(body.fsLayers) ? body.fsLayers.length : 0 };
}

/** A tag's manifest: digest (Docker-Content-Digest, else the sha256 of the bytes), type, size, layers. */
export async function tagInfo(
  deps: BrowserDeps,
  req: { host: string; repository: string; tag: string },
  signal?: AbortSignal,
): Promise<RegistryTagInfo> {
  const client = new RegistryClient(req.host, deps);
  const response = await client.request({
    path: `${repoPath(req.repository)}/manifests/${checkTag(req.tag)}`,
    accept: MANIFEST_ACCEPT,
    scope: pullScope(req.repository),
    signal,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  let body: ManifestBody;
  try {
    body = JSON.parse(bytes.toString('utf8')) as ManifestBody;
  } catch {
    throw new CoreError('INTERNAL', `The manifest of ${req.repository}:${req.tag} is not JSON`);
  }
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim() || body.mediaType || '';
  const digest = response.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return { repository: req.repository, tag: req.tag, digest, mediaType, ...summarizeManifest(mediaType, body) };
}

/** DELETE /v2/<name>/manifests/<digest>: removes the manifest and with it every tag that names it. */
export async function deleteManifest(
  deps: BrowserDeps,
  req: { host: string; repository: string; digest: string },
  signal?: AbortSignal,
): Promise<{ deleted: true }> {
  const client = new RegistryClient(req.host, deps);
  const response = await client.request({
    method: 'DELETE',
    path: `${repoPath(req.repository)}/manifests/${req.digest}`,
    scope: `repository:${req.repository}:delete`,
    signal,
  });
  await response.body?.cancel();
  return { deleted: true };
}
