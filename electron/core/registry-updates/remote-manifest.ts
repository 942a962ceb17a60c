// Owns asking a registry what one tag names now, through the app's one v2 client (stored
// credentials, token handshake, plain-http rule): HEAD the tag's manifest with every manifest and
// index media type accepted (a HEAD does not count against Docker Hub's pull limit), GET it and
// hash the bytes when a registry gives no Docker-Content-Digest, and read an index's entries or an
// image manifest's config digest by digest.
import { createHash } from 'node:crypto';
import { validateDigest } from '../../../shared/reference';
import { CoreError } from '../engine/engine-errors';
import { checkRepository, checkTag, type RegistryClient } from '../registries/registry-client';
import { MANIFEST_TYPES } from '../registries/registry-browser';
import type { IndexEntry, RemoteHead, RemoteManifests } from './update-compare';

/** Every type the engine accepts, lists and indexes included, so a multi-platform tag answers as its index. */
const ACCEPT = [MANIFEST_TYPES.dockerV2, MANIFEST_TYPES.dockerList, MANIFEST_TYPES.ociManifest, MANIFEST_TYPES.ociIndex];
/** distribution refuses manifests above 4 MiB; a bigger answer is not a manifest. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

async function boundedBytes(response: Response, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_MANIFEST_BYTES) {
    await response.body?.cancel();
    throw new CoreError('INTERNAL', `${what} is larger than a manifest can be (${declared} bytes)`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > MAX_MANIFEST_BYTES) throw new CoreError('INTERNAL', `${what} is larger than a manifest can be`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(ACCEPT);

/** A Content-Type that names one of the manifest types; plain `application/json` (or none) says nothing. */
const headerType = (response: Response): string | undefined => {
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  return KNOWN_TYPES.has(type) ? type : undefined;
};

/** The manifest's own type: the header when it names one, else the body's mediaType, else its shape (`manifests` is an index). */
const mediaTypeOf = (response: Response, body: { mediaType?: unknown; manifests?: unknown }): string =>
  headerType(response) ??
  (typeof body.mediaType === 'string' && body.mediaType
    ? body.mediaType
    : Array.isArray(body.manifests)
      ? MANIFEST_TYPES.ociIndex
      : (response.headers.get('content-type') ?? '').split(';')[0].trim());

/** A digest a registry sent back, checked before it is compared or goes into a URL. */
function checkedDigest(digest: string, host: string): string {
  if (validateDigest(digest) !== null) throw new CoreError('INTERNAL', `The registry at ${host} answered with an invalid digest`);
  return digest;
}

export function remoteManifests(client: RegistryClient, repository: string, tag: string, signal?: AbortSignal): RemoteManifests {
  const base = `/v2/${checkRepository(repository)}/manifests`;
  const scope = `repository:${repository}:pull`;
  const host = client.endpoint.host;
  const get = async (reference: string) => {
    const response = await client.request({ path: `${base}/${reference}`, accept: ACCEPT, scope, signal });
    const bytes = await boundedBytes(response, `The manifest ${repository}@${reference} on ${host}`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new CoreError('INTERNAL', `The manifest ${repository}@${reference} on ${host} is not JSON`);
    }
    return { response, bytes, body };
  };
  return {
    async head(): Promise<RemoteHead> {
      const path = `${base}/${checkTag(tag)}`;
      const response = await client.request({ method: 'HEAD', path, accept: ACCEPT, scope, signal });
      await response.body?.cancel();
      const digest = response.headers.get('docker-content-digest');
      const mediaType = headerType(response);
      if (digest && mediaType) return { digest: checkedDigest(digest, host), mediaType };
      // No digest, or no manifest type (none, or plain application/json) on HEAD (some registries
      // and proxies): the bytes say both, and whether the tag is an index (taking an index for a
      // manifest would say "newer" for nothing).
      const got = await get(checkTag(tag));
      return {
        digest: `sha256:${createHash('sha256').update(got.bytes).digest('hex')}`,
        mediaType: mediaTypeOf(got.response, got.body),
      };
    },
    async index(digest: string): Promise<IndexEntry[]> {
      const { body } = await get(checkedDigest(digest, host));
      const manifests = Array.isArray(body.manifests) ? (body.manifests as unknown[]) : [];
      return manifests.filter((m): m is IndexEntry => typeof m === 'object' && m !== null && typeof (m as IndexEntry).digest === 'string');
    },
    async configDigest(digest: string): Promise<string | undefined> {
      const { body } = await get(checkedDigest(digest, host));
      const config = body.config as { digest?: unknown } | undefined;
      return typeof config?.digest === 'string' ? config.digest : undefined;
    },
  };
}
