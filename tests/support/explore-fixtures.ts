// Images and archives of the explorer's tests (issue #17): a busybox root filesystem imported with
// `docker import`, then two `docker commit`s that delete, overwrite and re-create files (an opaque
// folder on overlay2), all named `stevedore-explore/*:<run>`; archives saved by `docker save` and
// re-packed in the OCI layout, compressed by the usual programs. `cleanupExplore()` removes it all.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dockerCli, loadStackEnv, privateDockerConfig } from './stack';
import { buildTar, readTar } from './tar-bytes';

export const RUN = randomBytes(4).toString('hex');
const BUSYBOX = process.env.STEVEDORE_BUSYBOX || '/bin/busybox';
const APPLETS = ['sh', 'sleep', 'echo', 'cat', 'true', 'dd', 'head', 'rm', 'mkdir', 'chmod'];

const madeImages: string[] = [];
const madeContainers: string[] = [];
const madeDirs: string[] = [];

export async function mustCli(args: string[], input?: string | Buffer): Promise<string> {
  const r = await dockerCli(args, { input, timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-explore-test-'));
  madeDirs.push(dir);
  return dir;
}

const LONG = `deep/${'d'.repeat(120)}/${'f'.repeat(90)}.txt`;
export const BIG_BYTES = 3 * 1024 * 1024;

export function baseRootfs(): Promise<Buffer> {
  const mtime = new Date(946684800000);
  const dir = (name: string, mode = 0o755) => ({ header: { name, type: 'directory' as const, mode, mtime } });
  const file = (name: string, body: Buffer | string, mode = 0o644) => ({ header: { name, mode, mtime }, body: Buffer.from(body) });
  return buildTar([
    dir('bin/'),
    file('bin/busybox', readFileSync(BUSYBOX), 0o755),
    ...APPLETS.map((a) => ({ header: { name: `bin/${a}`, type: 'symlink' as const, linkname: 'busybox', mode: 0o777, mtime } })),
    dir('etc/'),
    file('etc/config.txt', 'hello explorer\n'),
    dir('data/'),
    file('data/a.txt', 'alpha\n'),
    file('data/b.txt', 'bravo\n'),
    { header: { name: 'data/link', type: 'symlink' as const, linkname: 'a.txt', mode: 0o777, mtime } },
    { header: { name: 'data/hard', type: 'link' as const, linkname: 'data/a.txt', mode: 0o644, mtime } },
    file('data/suid', '#!/bin/sh\n', 0o4755),
    dir('opq/'),
    file('opq/old1', 'old one\n'),
    dir('opq/sub/'),
    file('opq/sub/old2', 'old two\n'),
    dir('deep/'),
    dir(`deep/${'d'.repeat(120)}/`),
    file(LONG, 'a long name\n'),
    dir('big/'),
    file('big/blob', randomBytes(BIG_BYTES)),
    dir('tmp/', 0o1777),
  ]);
}

export interface Fixtures {
  base: string;
  commit1: string;
  commit2: string;
}

async function runAndCommit(from: string, script: string, ref: string): Promise<string> {
  const name = `stevedore-explore-${RUN}-${madeContainers.length}`;
  madeContainers.push(name);
  await mustCli(['run', '--network', 'none', '--name', name, from, '/bin/sh', '-c', script]);
  const id = await mustCli(['commit', name, ref]);
  madeImages.push(ref);
  return id;
}

/** base (imported), commit1 (deletes, overwrites, an opaque folder, a new folder), commit2 (overwrites again, chmod). */
export async function buildFixtures(): Promise<Fixtures> {
  const base = `stevedore-explore/base:${RUN}`;
  await mustCli(['import', '--change', 'ENV PATH=/bin', '--change', 'CMD ["/bin/sh"]', '-', base], await baseRootfs());
  madeImages.push(base);
  const commit1 = `stevedore-explore/commit1:${RUN}`;
  await runAndCommit(
    base,
    'rm /data/a.txt /data/hard && echo changed > /data/b.txt && rm -rf /opq && mkdir -p /opq && echo fresh > /opq/new && ' +
      'mkdir /added && echo hi > /added/f && dd if=/dev/zero of=/big/blob bs=1024 count=1024 2>/dev/null',
    commit1,
  );
  const commit2 = `stevedore-explore/commit2:${RUN}`;
  await runAndCommit(commit1, 'echo again > /data/b.txt && chmod 600 /etc/config.txt', commit2);
  return { base, commit1, commit2 };
}

/** A created (never started) container of `image`, for `docker export` and `docker cp`. */
export async function createdContainer(image: string): Promise<string> {
  const name = `stevedore-explore-${RUN}-${madeContainers.length}`;
  madeContainers.push(name);
  await mustCli(['create', '--network', 'none', '--name', name, image]);
  return name;
}

/** `docker save` into a file; returns its path. */
export async function savedArchive(ref: string, dir: string): Promise<string> {
  const path = join(dir, `${ref.replace(/[^a-z0-9]+/gi, '_')}.tar`);
  await mustCli(['save', '-o', path, ref]);
  return path;
}

export interface SavedLayout {
  manifest: { Config: string; RepoTags: string[] | null; Layers: string[] }[];
  entries: Map<string, Buffer>;
}

export async function readSaved(path: string): Promise<SavedLayout> {
  const entries = new Map<string, Buffer>();
  for (const e of await readTar(readFileSync(path), true)) if (e.type === 'file') entries.set(e.name, e.data!);
  return { manifest: JSON.parse(entries.get('manifest.json')!.toString('utf8')), entries };
}

/** What `tar -t` prints for a layer tar of the archive. */
export function tarList(layer: Buffer, dir: string): string[] {
  const file = join(dir, `layer-${createHash('sha256').update(layer).digest('hex').slice(0, 12)}.tar`);
  writeFileSync(file, layer);
  return execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The same image re-packed in the OCI layout (blobs first, index.json last, as docker 25+ writes
 * it), layers plain or gzip-compressed.
 */
export async function ociArchive(saved: SavedLayout, ref: string, gzipLayers: boolean): Promise<Buffer> {
  const image = saved.manifest[0];
  const blobs = new Map<string, Buffer>();
  const put = (b: Buffer) => {
    const d = sha(b);
    blobs.set(d, b);
    return { digest: `sha256:${d}`, size: b.length };
  };
  const config = put(saved.entries.get(image.Config)!);
  const layers = image.Layers.map((l) => {
    const raw = saved.entries.get(l)!;
    const stored = gzipLayers ? gzipSync(raw) : raw;
    return { mediaType: `application/vnd.oci.image.layer.v1.tar${gzipLayers ? '+gzip' : ''}`, ...put(stored) };
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers,
    }),
  );
  const m = put(manifest);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...m,
        annotations: { 'io.containerd.image.name': ref, 'org.opencontainers.image.ref.name': ref.split(':').pop() },
      },
    ],
  };
  const mtime = new Date(0);
  return buildTar([
    { header: { name: 'blobs/', type: 'directory', mode: 0o755, mtime } },
    { header: { name: 'blobs/sha256/', type: 'directory', mode: 0o755, mtime } },
    ...[...blobs].map(([d, body]) => ({ header: { name: `blobs/sha256/${d}`, mode: 0o644, mtime }, body })),
    { header: { name: 'oci-layout', mode: 0o644, mtime }, body: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
    { header: { name: 'index.json', mode: 0o644, mtime }, body: Buffer.from(JSON.stringify(index)) },
  ]);
}

/** `program -c` of a file (gzip, bzip2, xz) into `<path>.<ext>`. */
export function compressed(path: string, program: 'gzip' | 'bzip2' | 'xz'): string {
  const ext = { gzip: 'gz', bzip2: 'bz2', xz: 'xz' }[program];
  const out = `${path}.${ext}`;
  writeFileSync(out, execFileSync(program, ['-c', path], { maxBuffer: 1024 * 1024 * 1024 }));
  return out;
}

function execEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: loadStackEnv().dockerHost, DOCKER_CONFIG: privateDockerConfig() };
  delete env.DOCKER_CONTEXT;
  return env;
}

/** `docker cp CONTAINER:PATH -`: the tar docker writes (binary stdout, so not through dockerCli). */
export function dockerCp(container: string, path: string): Buffer {
  const stack = loadStackEnv();
  return execFileSync(stack.dockerCli, ['cp', `${container}:${path}`, '-'], {
    env: execEnv(),
    maxBuffer: 1024 * 1024 * 1024,
  });
}

/** `docker export CONTAINER`: the container's filesystem as a tar. */
export function dockerExport(container: string): Buffer {
  const stack = loadStackEnv();
  return execFileSync(stack.dockerCli, ['export', container], {
    env: execEnv(),
    maxBuffer: 1024 * 1024 * 1024,
  });
}

export async function cleanupExplore(): Promise<void> {
  for (const c of madeContainers.splice(0)) await dockerCli(['rm', '-f', c]);
  for (const i of madeImages.splice(0).reverse()) await dockerCli(['rmi', '-f', i]);
  for (const d of madeDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
