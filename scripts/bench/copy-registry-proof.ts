// How `bench:copy-registry` proves each timed copy did the work it names, by the registries' own
// word rather than the contender's: the target's manifest digest equals the source's (HEAD both),
// and the target registry's log shows a finished upload (`PUT …/blobs/uploads/…?digest=` answered
// 201, which the registry gives only after it received and checked every byte) of every blob of the
// image into the round's repository, and no cross-repository mount. The bytes a round moved are the
// sizes of those uploaded blobs. Also the target's side of leaving nothing behind: each round's
// repository goes (tags, blob links, folder) before the next, and the blob data at the end.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MEDIA, type RegistryTarget } from '../../tests/support/registry-fixtures';
import { deleteRegistryTag } from '../../tests/support/registry-images';
import { prove } from './bench-kit';
import { forgetRepository, purgeBlobData, stack } from './registry-bench';
import type { SourceImage } from './copy-registry-source';

const ACCEPT = [MEDIA.dockerManifest, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.ociIndex].join(', ');

export const authorization = (t: RegistryTarget): string | undefined =>
  t.auth ? `Basic ${Buffer.from(`${t.auth.username}:${t.auth.password}`).toString('base64')}` : undefined;

/** The manifest digest the registry answers a HEAD of `repository:tag` with, or null when it has no such tag. */
export async function headDigest(t: RegistryTarget, repository: string, tag: string): Promise<string | null> {
  const auth = authorization(t);
  const res = await fetch(`http://${t.host}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { Accept: ACCEPT, ...(auth ? { Authorization: auth } : {}) },
  });
  if (res.status === 404) return null;
  prove(res.ok, `HEAD ${t.host}/${repository}:${tag} answered ${res.status}`);
  return res.headers.get('docker-content-digest');
}

/** The log file of the stack's registry at `host` (scripts/test-stack/registry.sh writes one per registry). */
export function registryLogOf(host: string): string {
  const name = host === stack.registry ? 'open' : host === stack.authRegistry ? 'auth' : undefined;
  prove(name, `${host} is not one of the stack's registries (${stack.registry}, ${stack.authRegistry}): its log is not here`);
  return join(stack.stackDir, 'registry', `${name}.log`);
}

/** Where the log ends now: what a round reads from. */
export const logMark = (path: string): number => statSync(path).size;

/** The log written since `from`. */
function logSince(path: string, from: number): string {
  const size = statSync(path).size;
  const buf = Buffer.alloc(Math.max(0, size - from));
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const field = (line: string, name: string): string | undefined => {
  const m = new RegExp(`\\b${name.replace(/\./g, '\\.')}=("(?:[^"\\\\]|\\\\.)*"|\\S+)`).exec(line);
  return m ? m[1].replace(/^"|"$/g, '') : undefined;
};

/** Blob uploads the registry finished into `repository`, and cross-repository mounts it made, in `text` (its log lines). */
export function uploadsIn(text: string, repository: string): { uploaded: Set<string>; mounted: number } {
  const uploaded = new Set<string>();
  let mounted = 0;
  const prefix = `/v2/${repository}/blobs/uploads/`;
  for (const line of text.split('\n')) {
    if (!line.includes('msg="response completed"')) continue;
    const uri = field(line, 'http.request.uri');
    if (!uri?.startsWith(prefix) || field(line, 'http.response.status') !== '201') continue;
    const query = new URLSearchParams(uri.slice(uri.indexOf('?') + 1));
    const method = field(line, 'http.request.method');
    if (method === 'PUT' && query.get('digest')) uploaded.add(query.get('digest') as string);
    else if (method === 'POST' && query.get('mount')) mounted++;
  }
  return { uploaded, mounted };
}

/**
 * Fails unless `image` arrived whole in `repository` of `target` by uploads logged since `mark`:
 * same manifest digest as the source, every blob uploaded, none mounted. Answers the bytes moved.
 */
export async function proveCopied(
  who: string,
  target: RegistryTarget,
  repository: string,
  image: SourceImage,
  log: { path: string; mark: number },
): Promise<number> {
  const digest = await headDigest(target, repository, image.tag);
  prove(digest, `${who}: ${target.host}/${repository} has no tag ${image.tag} after the copy`);
  prove(
    digest === image.manifestDigest,
    `${who}: ${target.host}/${repository}:${image.tag} is ${digest}, the source is ${image.manifestDigest}`,
  );
  const { uploaded, mounted } = uploadsIn(logSince(log.path, log.mark), repository);
  prove(mounted === 0, `${who}: the registry mounted ${mounted} blobs into ${repository} instead of receiving them`);
  const missing = image.blobs.filter((b) => !uploaded.has(b.digest));
  prove(
    missing.length === 0,
    () =>
      `${who}: the registry's log shows no finished upload into ${repository} of ${missing.length} of ${image.blobs.length} blobs ` +
      `(${missing.map((b) => b.digest.slice(7, 19)).join(', ')}): the copy skipped them, so it measured less than it names`,
  );
  return image.blobs.reduce((sum, b) => sum + b.size, 0);
}

/** Removes a round's repository from the target (tags, blob links, folder), so no later round can skip or mount from it. */
export async function forgetTarget(target: RegistryTarget, repository: string, images: SourceImage[]): Promise<void> {
  const auth = authorization(target);
  const refs = images.map((i) => `${target.host}/${repository}:${i.tag}`);
  // Every tag and blob link through the API first (the registry forgets them in its cache too), then the folder.
  for (const ref of refs.slice(1)) await deleteRegistryTag(ref, auth);
  await forgetRepository(
    refs[0],
    images.flatMap((i) => i.blobs.map((b) => b.digest)),
    auth,
  );
}

/**
 * The blob data the copies left in the target registry (random bytes no one else has), once no
 * repository links it. The manifests' data only with `manifests`, for images that will never be
 * copied again (made for one run): a registry with an in-memory blob cache still believes a purged
 * manifest is there and skips writing it when the same manifest is put again, leaving a tag that
 * names missing data. Layers and configs are safe: an upload's commit looks at the disk itself.
 */
export function purgeCopiedBlobs(target: RegistryTarget, images: SourceImage[], opts: { manifests: boolean }): void {
  purgeBlobData(target.host, [
    ...images.flatMap((i) => i.blobs.map((b) => b.digest)),
    ...(opts.manifests ? images.map((i) => i.manifestDigest) : []),
  ]);
}
