// Owns the manifests of a registry copy: fetched byte for byte from the source (every manifest
// and index type accepted, a manifest fetched by digest checked against it), and put unchanged on
// the target, so the digest there is the digest here.
import { createHash } from 'node:crypto';
import { CoreError } from '../engine/engine-errors';
import { checkTag } from '../registries/registry-client';
import { MANIFEST_TYPES } from '../registries/registry-browser';
import { checkDigest, type FetchedManifest, type PlatformSpec, readManifest } from './copy-plan';
import { type CopySide, onSide, pullScope, pushScope, repoPath } from './copy-side';

/** distribution refuses manifests over 4 MiB; nothing bigger is read into memory here. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const ACCEPT = [MANIFEST_TYPES.dockerV2, MANIFEST_TYPES.dockerList, MANIFEST_TYPES.ociManifest, MANIFEST_TYPES.ociIndex];

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A tag (checked by the tag door) or a digest (checked as sha256) as it goes into the URL. */
function reference(ref: string): string {
  return ref.startsWith('sha256:') ? checkDigest(ref, 'A manifest reference') : checkTag(ref);
}

async function readCapped(response: Response, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body ?? []) {
    length += chunk.length;
    if (length > MAX_MANIFEST_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      throw new CoreError('INVALID_ARGUMENT', `The manifest of ${what} is larger than 4 MiB`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** GET /v2/<src>/manifests/<ref>: the exact bytes; by digest, bytes that do not hash to it are refused. */
export function fetchManifest(side: CopySide, ref: string, signal?: AbortSignal): Promise<FetchedManifest> {
  const what = `${side.repository}:${ref}`;
  const path = `${repoPath(side)}/manifests/${reference(ref)}`;
  return onSide(side, `the manifest of ${what}`, async () => {
    const response = await side.client.request({ path, accept: ACCEPT, scope: pullScope(side.repository), signal });
    const bytes = await readCapped(response, what);
    const digest = sha256(bytes);
    if (ref.startsWith('sha256:') && digest !== ref) {
      throw new CoreError('INVALID_ARGUMENT', `the bytes served for ${what} hash to ${digest}`);
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    return readManifest(bytes, digest, ACCEPT.includes(contentType as (typeof ACCEPT)[number]) ? contentType : '', what);
  });
}

/** PUT /v2/<dst>/manifests/<ref> with the bytes unchanged; returns the digest the target says it stored. */
export function putManifest(side: CopySide, ref: string, manifest: FetchedManifest, signal?: AbortSignal): Promise<string> {
  const path = `${repoPath(side)}/manifests/${reference(ref)}`;
  return onSide(side, `the manifest ${side.repository}:${ref}`, async () => {
    const response = await side.client.request({
      method: 'PUT',
      path,
      headers: { 'Content-Type': manifest.mediaType },
      body: manifest.bytes,
      scope: pushScope(side.repository),
      signal,
    });
    await response.body?.cancel();
    const stored = response.headers.get('docker-content-digest') ?? manifest.digest;
    if (stored !== manifest.digest) {
      throw new CoreError('INTERNAL', `it stored the manifest as ${stored}, not ${manifest.digest}`);
    }
    return stored;
  });
}

/** An image's platform from its config blob (small, read whole, checked against its digest). */
export function imagePlatform(side: CopySide, manifest: FetchedManifest, signal?: AbortSignal): Promise<PlatformSpec> {
  const config = manifest.blobs[0];
  return onSide(side, `the config ${config.digest}`, async () => {
    const response = await side.client.request({
      path: `${repoPath(side)}/blobs/${checkDigest(config.digest, 'A config')}`,
      scope: pullScope(side.repository),
      redirect: 'storage',
      signal,
    });
    const bytes = await readCapped(response, config.digest);
    const digest = sha256(bytes);
    if (digest !== config.digest) throw new CoreError('INVALID_ARGUMENT', `its bytes hash to ${digest}`);
    let body: { os?: unknown; architecture?: unknown; variant?: unknown };
    try {
      body = JSON.parse(bytes.toString('utf8')) as typeof body;
    } catch {
      body = {};
    }
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const variant = text(body.variant);
    return { os: text(body.os) ?? 'unknown', architecture: text(body.architecture) ?? 'unknown', ...(variant ? { variant } : {}) };
  });
}
