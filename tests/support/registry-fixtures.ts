// Images put straight into a loopback registry through its v2 API, with no engine: a one-layer
// image of a given platform (gzip layer, config, manifest) and an index (OCI) or manifest list
// (docker) naming several of them. For the tests of update detection, pull by platform and
// registry copy, which need a multi-platform tag that no engine here can build (no arm64 builds,
// no internet to pull one). Written with plain fetch on purpose: the code under test is the app's
// registry client, so the fixture must not go through it.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildTar } from './tar-bytes';

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export interface RegistryTarget {
  /** `127.0.0.1:5011`: a plain-http loopback registry. */
  host: string;
  /** Basic credentials (the stack's htpasswd registry). */
  auth?: { username: string; password: string };
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface PushedManifest {
  /** `sha256:<hex>` of the manifest bytes as put. */
  digest: string;
  mediaType: string;
  /** Length of the manifest bytes. */
  size: number;
  /** Set for a single-platform image (what an index entry names it by). */
  platform?: Platform;
}

export interface SyntheticImageOptions extends Partial<Platform> {
  architecture: string;
  /** Files of the one layer (path -> content); default one file naming the platform. */
  files?: Record<string, string>;
  format?: 'docker' | 'oci';
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function headers(target: RegistryTarget, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (target.auth) h.Authorization = `Basic ${Buffer.from(`${target.auth.username}:${target.auth.password}`).toString('base64')}`;
  return h;
}

async function ensureOk(res: Response, what: string): Promise<void> {
  if (res.ok) return;
  throw new Error(`${what}: ${res.status} ${res.statusText} ${await res.text().catch(() => '')}`.trim());
}

/** Puts a blob (monolithic upload: POST then PUT ?digest=) unless the registry has it already. */
export async function putBlob(target: RegistryTarget, repository: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const base = `http://${target.host}/v2/${repository}/blobs`;
  const head = await fetch(`${base}/${digest}`, { method: 'HEAD', headers: headers(target) });
  if (head.ok) return digest;
  const start = await fetch(`${base}/uploads/`, { method: 'POST', headers: headers(target) });
  await ensureOk(start, `start upload to ${target.host}/${repository}`);
  await start.body?.cancel();
  const location = new URL(start.headers.get('location') ?? '', `http://${target.host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    // No Content-Length by hand: fetch sets it from the Buffer, and undici 7 (loaded by the app's
    // registry transport in the same process) refuses a hand-set one.
    headers: headers(target, { 'Content-Type': 'application/octet-stream' }),
    body: bytes,
  });
  await ensureOk(put, `upload ${digest} to ${target.host}/${repository}`);
  await put.body?.cancel();
  return digest;
}

/** Puts manifest bytes under `reference` (a tag, or the digest itself) and returns their digest. */
export async function putManifest(
  target: RegistryTarget,
  repository: string,
  reference: string | undefined,
  mediaType: string,
  bytes: Buffer,
) {
  const digest = sha256(bytes);
  const res = await fetch(`http://${target.host}/v2/${repository}/manifests/${reference ?? digest}`, {
    method: 'PUT',
    headers: headers(target, { 'Content-Type': mediaType }),
    body: bytes,
  });
  await ensureOk(res, `put manifest ${repository}:${reference ?? digest} on ${target.host}`);
  await res.body?.cancel();
  return digest;
}

/** A one-layer image built from bytes: gzip layer, config with os/arch, manifest; under `tag` or by digest only. */
export async function pushSyntheticImage(
  target: RegistryTarget,
  repository: string,
  tag: string | undefined,
  opts: SyntheticImageOptions,
): Promise<PushedManifest> {
  const platform: Platform = {
    os: opts.os ?? 'linux',
    architecture: opts.architecture,
    ...(opts.variant ? { variant: opts.variant } : {}),
  };
  const oci = opts.format === 'oci';
  const platformName = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
  const files = opts.files ?? { 'platform.txt': `${platformName}\n` };
  const tar = await buildTar(
    Object.entries(files).map(([name, body]) => ({
      header: { name, mode: 0o644, mtime: new Date(0), size: Buffer.byteLength(body) },
      body,
    })),
  );
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      ...platform,
      created: '2026-01-01T00:00:00Z',
      config: { Cmd: ['/platform.txt'], Labels: { 'org.stevedore.test': 'registry-fixtures' } },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
      history: [{ created: '2026-01-01T00:00:00Z', created_by: `stevedore registry-fixtures ${platformName}` }],
    }),
  );
  const configDigest = await putBlob(target, repository, config);
  const layerDigest = await putBlob(target, repository, layer);
  const mediaType = oci ? MEDIA.ociManifest : MEDIA.dockerManifest;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: oci ? MEDIA.ociConfig : MEDIA.dockerConfig, size: config.length, digest: configDigest },
      layers: [{ mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer, size: layer.length, digest: layerDigest }],
    }),
  );
  const digest = await putManifest(target, repository, tag, mediaType, manifest);
  return { digest, mediaType, size: manifest.length, platform };
}

/** Puts an index (OCI) or a manifest list (docker) naming `entries` under `tag`. */
export async function pushIndex(
  target: RegistryTarget,
  repository: string,
  tag: string,
  entries: PushedManifest[],
  format: 'docker' | 'oci' = 'oci',
): Promise<PushedManifest> {
  const mediaType = format === 'oci' ? MEDIA.ociIndex : MEDIA.dockerList;
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: entries.map((e) => {
        if (!e.platform) throw new Error(`index entry ${e.digest} has no platform`);
        return { mediaType: e.mediaType, size: e.size, digest: e.digest, platform: e.platform };
      }),
    }),
  );
  const digest = await putManifest(target, repository, tag, mediaType, index);
  return { digest, mediaType, size: index.length };
}

/** The digest a tag names now (HEAD with every manifest type accepted), undefined when absent. */
export async function headDigest(target: RegistryTarget, repository: string, reference: string): Promise<string | undefined> {
  const res = await fetch(`http://${target.host}/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers: headers(target, {
      Accept: Object.values(MEDIA)
        .filter((m) => /manifest|index|list/.test(m))
        .join(', '),
    }),
  });
  if (res.status === 404) return undefined;
  await ensureOk(res, `HEAD ${repository}:${reference} on ${target.host}`);
  return res.headers.get('docker-content-digest') ?? undefined;
}

/** A two-platform tag (linux/amd64 + linux/arm64), each entry a one-layer image of its own. */
export async function pushTwoPlatformIndex(target: RegistryTarget, repository: string, tag: string, format: 'docker' | 'oci' = 'oci') {
  const amd64 = await pushSyntheticImage(target, repository, undefined, { architecture: 'amd64', format });
  const arm64 = await pushSyntheticImage(target, repository, undefined, { architecture: 'arm64', variant: 'v8', format });
  const index = await pushIndex(target, repository, tag, [amd64, arm64], format);
  return { index, amd64, arm64 };
}
