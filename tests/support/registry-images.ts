// Multi-layer images of random data in the open loopback registry, for pull tests and the pull
// benchmark. Built once with the classic builder (FROM scratch + one COPY per layer), pushed,
// removed locally; later runs find the manifest in the registry and skip the build.
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { dockerCli } from './stack';

export const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

export interface RegistryImageSpec {
  /** `host:port/name:tag` in a plain-HTTP loopback registry. */
  ref: string;
  /** Size in bytes of each layer's single random file, bottom first. */
  layers: number[];
  /** A label to put on the image (`key=value`). */
  label?: string;
  /** Base image (pulled by the builder when not local, and removed again); default `scratch`. */
  from?: string;
  /**
   * The engine that builds and pushes (default: the test engine). The pull benchmark builds on
   * the stack's second engine, so the engine it measures never held the layers it pulls.
   */
  dockerHost?: string;
}

export interface RegistryRef {
  host: string;
  name: string;
  tag: string;
}

export function splitRegistryRef(ref: string): RegistryRef {
  const slash = ref.indexOf('/');
  const colon = ref.lastIndexOf(':');
  if (slash < 0 || colon < slash) throw new Error(`not host/name:tag: ${ref}`);
  return { host: ref.slice(0, slash), name: ref.slice(slash + 1, colon), tag: ref.slice(colon + 1) };
}

export interface Manifest {
  digest: string;
  layers: { digest: string; size: number }[];
}

/** The v2 manifest of `ref` in its registry, or null when the registry does not have it. */
export async function registryManifest(ref: string): Promise<Manifest | null> {
  const { host, name, tag } = splitRegistryRef(ref);
  const res = await fetch(`http://${host}/v2/${name}/manifests/${tag}`, { headers: { Accept: MANIFEST_V2 } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`registry ${host}: ${res.status} for ${name}:${tag}`);
  const body = (await res.json()) as { layers?: { digest: string; size: number }[] };
  return { digest: res.headers.get('docker-content-digest') ?? '', layers: body.layers ?? [] };
}

async function writeRandomFile(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  const chunk = 1 << 20;
  for (let left = size; left > 0; left -= chunk) {
    if (!out.write(randomBytes(Math.min(chunk, left)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function docker(args: string[], env?: Record<string, string>, dockerHost?: string): Promise<string> {
  const r = await dockerCli(args, { env, dockerHost, timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Builds `spec.ref` locally (classic builder, no network: FROM scratch or a local base, one COPY
 * of a random file per layer). The base is removed again when the builder had to pull it.
 */
export async function buildRandomImage(spec: RegistryImageSpec): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-layers-'));
  const baseWasLocal = spec.from ? await localImageExists(spec.from, spec.dockerHost) : true;
  try {
    const lines = [`FROM ${spec.from ?? 'scratch'}`];
    for (let i = 0; i < spec.layers.length; i++) {
      await writeRandomFile(join(dir, `layer${i}.bin`), spec.layers[i]);
      lines.push(`COPY layer${i}.bin /layer${i}.bin`);
    }
    if (spec.label) lines.push(`LABEL ${spec.label}`);
    writeFileSync(join(dir, 'Dockerfile'), `${lines.join('\n')}\n`);
    await docker(['build', '-q', '-t', spec.ref, dir], { DOCKER_BUILDKIT: '0' }, spec.dockerHost);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!baseWasLocal && spec.from && (await localImageExists(spec.from, spec.dockerHost))) {
      await dockerCli(['rmi', spec.from], { dockerHost: spec.dockerHost });
    }
  }
}

/** Makes sure the registry has the image; builds and pushes it when it does not. */
export async function ensureRegistryImage(spec: RegistryImageSpec): Promise<Manifest> {
  const existing = await registryManifest(spec.ref);
  if (existing) return existing;
  await buildRandomImage(spec);
  await docker(['push', '-q', spec.ref], undefined, spec.dockerHost);
  // rmi also removes the build's untagged intermediate images (their parents), which hold the layers.
  await docker(['rmi', spec.ref], undefined, spec.dockerHost);
  const built = await registryManifest(spec.ref);
  if (!built) throw new Error(`pushed ${spec.ref} but the registry does not list it`);
  return built;
}

/** Unlinks one layer blob from the repository, so pulls of the image fail mid-stream (`unknown blob`). */
export async function deleteRegistryBlob(ref: string, digest: string, authorization?: string): Promise<void> {
  const { host, name } = splitRegistryRef(ref);
  const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
  const res = await fetch(`http://${host}/v2/${name}/blobs/${digest}`, { method: 'DELETE', headers });
  if (res.status !== 202 && res.status !== 404) throw new Error(`delete blob ${digest}: ${res.status}`);
}

/** Basic auth header for the htpasswd registry. */
export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * Deletes the manifest a tag points to (the registries run with delete enabled), so repositories
 * a test pushed leave no tags behind. Missing tags are fine.
 */
export async function deleteRegistryTag(ref: string, authorization?: string): Promise<void> {
  const { host, name, tag } = splitRegistryRef(ref);
  const headers: Record<string, string> = { Accept: MANIFEST_V2, ...(authorization ? { Authorization: authorization } : {}) };
  const head = await fetch(`http://${host}/v2/${name}/manifests/${tag}`, { method: 'HEAD', headers });
  const digest = head.headers.get('docker-content-digest');
  if (head.status === 404 || !digest) return;
  const res = await fetch(`http://${host}/v2/${name}/manifests/${digest}`, { method: 'DELETE', headers });
  if (res.status !== 202 && res.status !== 404) throw new Error(`delete ${ref}: ${res.status}`);
}

/** Whether the engine has an image by that reference (name:tag, name@digest or ID). */
export async function localImageExists(ref: string, dockerHost?: string): Promise<boolean> {
  return (await dockerCli(['image', 'inspect', '--format', '{{.Id}}', ref], { dockerHost })).code === 0;
}

/** Removes local images by reference, ignoring the ones that are not there. */
export async function removeLocal(...refs: string[]): Promise<void> {
  for (const ref of refs) {
    if (await localImageExists(ref)) await dockerCli(['rmi', ref]);
  }
}
