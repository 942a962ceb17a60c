// What the registry benches (pull, push) need to prove their work and leave nothing behind: the
// engines of the test stack, an image's layers as the registry describes them (blob digests and
// sizes, the config's diff IDs), which local images hold any of those layers (a pull of a layer the
// engine has answers "Already exists" and measures nothing), and the removal of a bench repository
// from the stack's own registry (its tag and blobs through the API, then its folder and blob data
// from the registry's storage, so the catalog shows nothing of it).
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import Dockerode from 'dockerode';
import { dockerodeOptions } from '../../electron/core/engine/engine-endpoint';
import { parse, validateDigest } from '../../shared/reference';
import { deleteRegistryBlob, deleteRegistryTag, MANIFEST_V2, splitRegistryRef } from '../../tests/support/registry-images';
import { dockerCli, loadStackEnv } from '../../tests/support/stack';
import { prove } from './bench-kit';

export const stack = loadStackEnv();
/** The engine the bench measures. */
export const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;

export const engineClient = (on: string) => new Dockerode(dockerodeOptions({ host: on, source: 'env' }));

/** Runs the docker CLI on engine `on`; a failure is an error with the CLI's words. */
export async function cliOn(on: string, args: string[]): Promise<string> {
  const r = await dockerCli(args, { dockerHost: on, timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** The second engine of the stack when it answers (`up.sh` starts it as root), else undefined. */
export async function secondEngine(): Promise<string | undefined> {
  if (!stack.dockerHost2 || stack.dockerHost2 === host) return undefined;
  const r = await dockerCli(['version', '--format', '{{.Server.APIVersion}}'], { dockerHost: stack.dockerHost2, timeoutMs: 20_000 });
  return r.code === 0 ? stack.dockerHost2 : undefined;
}

export interface RegistryImage {
  manifestDigest: string;
  configDigest: string;
  layers: { digest: string; size: number }[];
  /** rootfs.diff_ids of the config: what the engine's layer store keys layers by. */
  diffIds: string[];
}

/** The image `ref` as its (plain-http loopback) registry describes it, or null when it is not there. */
export async function registryImage(ref: string): Promise<RegistryImage | null> {
  const { host: registry, name, tag } = splitRegistryRef(ref);
  const res = await fetch(`http://${registry}/v2/${name}/manifests/${tag}`, { headers: { Accept: MANIFEST_V2 } });
  if (res.status === 404) return null;
  prove(res.ok, `registry ${registry}: ${res.status} for ${name}:${tag}`);
  const manifest = (await res.json()) as { config?: { digest: string }; layers?: { digest: string; size: number }[] };
  prove(manifest.config?.digest && manifest.layers?.length, `registry ${registry}: ${name}:${tag} is not a v2 image manifest with layers`);
  const config = await fetch(`http://${registry}/v2/${name}/blobs/${manifest.config.digest}`);
  prove(config.ok, `registry ${registry}: ${config.status} for the config blob of ${name}:${tag}`);
  const body = (await config.json()) as { rootfs?: { diff_ids?: string[] } };
  return {
    manifestDigest: res.headers.get('docker-content-digest') ?? '',
    configDigest: manifest.config.digest,
    layers: manifest.layers,
    diffIds: body.rootfs?.diff_ids ?? [],
  };
}

/** Local images (by ID, with their names) that hold any of `diffIds` in their layer chain. */
export async function imagesHoldingLayers(docker: Dockerode, diffIds: readonly string[]): Promise<string[]> {
  const wanted = new Set(diffIds);
  const holders: string[] = [];
  for (const summary of await docker.listImages({ all: true })) {
    const layers = await docker
      .getImage(summary.Id)
      .inspect()
      .then((info) => info.RootFS?.Layers ?? [])
      // Removed meanwhile (other tests share the stack).
      .catch(() => [] as string[]);
    if (layers.some((l) => wanted.has(l))) {
      const names = (summary.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
      holders.push(`${summary.Id.slice(7, 19)}${names.length ? ` (${names.join(', ')})` : ' (untagged)'}`);
    }
  }
  return holders;
}

/** Fails unless engine `on` holds none of the image's layers, so a pull must download every one. */
export async function proveNoLocalLayers(on: string, docker: Dockerode, image: RegistryImage, ref: string): Promise<void> {
  const holders = await imagesHoldingLayers(docker, image.diffIds);
  prove(
    holders.length === 0,
    () =>
      `engine ${on} already holds layers of ${ref} in ${holders.join(', ')}: a pull would answer "Already exists" and measure nothing; remove them (docker rmi <id>)`,
  );
}

/** The storage of the stack's open or auth registry (scripts/test-stack/registry.sh), when `registry` is one of them. */
function storageOf(registry: string): string | undefined {
  const name = registry === stack.registry ? 'open' : registry === stack.authRegistry ? 'auth' : undefined;
  if (!name) return undefined;
  const root = join(stack.stackDir, 'registry', `${name}-data`, 'docker', 'registry', 'v2');
  return existsSync(root) ? root : undefined;
}

/** `child` under `root`, or a failure: a name that would climb out never reaches rm. */
function inside(root: string, ...parts: string[]): string {
  const path = resolve(root, ...parts);
  const rel = relative(root, path);
  prove(rel !== '' && !rel.startsWith('..') && !rel.includes(`..${sep}`), `refusing a path outside ${root}: ${path}`);
  return path;
}

/**
 * Removes a bench repository from its registry: the tag's manifest and `blobs` links through the
 * API (with `authorization` for the auth registry), then (in the stack's own registries) the
 * repository's folder, which the API cannot remove and the catalog would list forever.
 */
export async function forgetRepository(ref: string, blobs: readonly string[], authorization?: string): Promise<void> {
  await deleteRegistryTag(ref, authorization);
  for (const digest of blobs) await deleteRegistryBlob(ref, digest, authorization);
  const { host: registry, name } = splitRegistryRef(ref);
  const storage = storageOf(registry);
  if (!storage) return;
  // The name passes the reference grammar (lowercase components, no `..`) before it becomes a path.
  const path = parse(`${registry}/${name}`).path;
  const repositories = join(storage, 'repositories');
  rmSync(inside(repositories, ...path.split('/')), { recursive: true, force: true });
  // Empty parents (`stevedore-bench/`) go too; a parent another repository uses stays.
  for (let parts = path.split('/').slice(0, -1); parts.length > 0; parts = parts.slice(0, -1)) {
    try {
      rmdirSync(inside(repositories, ...parts));
    } catch {
      break;
    }
  }
}

/**
 * Deletes the data of blobs only this bench run made (random layers, their config, the manifests)
 * from the stack's own registry, once no repository links them: blob deletes through the API only
 * unlink, and garbage-collect cannot run beside other tests' pushes.
 */
export function purgeBlobData(registry: string, digests: Iterable<string>): void {
  const storage = storageOf(registry);
  if (!storage) return;
  for (const digest of new Set(digests)) {
    prove(validateDigest(digest) === null && digest.startsWith('sha256:'), `not a sha256 digest: ${digest}`);
    const hex = digest.slice('sha256:'.length);
    const blobs = join(storage, 'blobs', 'sha256');
    rmSync(inside(blobs, hex.slice(0, 2), hex), { recursive: true, force: true });
    try {
      rmdirSync(inside(blobs, hex.slice(0, 2)));
    } catch {
      // other blobs share the prefix folder
    }
  }
}
