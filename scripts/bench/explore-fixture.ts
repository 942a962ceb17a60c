// The image `npm run bench:explore` explores, made from explore-plan.ts without any container or
// network: each layer's tar is written here (tar-stream), its content bytes an AES-CTR keystream
// of a fixed key (deterministic and incompressible, so no layer of the path can cheat), the layers
// hashed on the way for the config's diff_ids, and the whole `docker save` layout streamed into
// `docker load`. The full image is made once and kept on the engine under a label naming the plan
// version; the smoke's small one is made for its run and removed after.
import { spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import tar from 'tar-stream';
import type Dockerode from 'dockerode';
import { prove } from './bench-kit';
import { PLAN_VERSION, type PlanEntry, type PlanLayer } from './explore-plan';

const BLOCK = 512;
const CHUNK = 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK);
/** Fixed: the image's bytes must be the same on every run and machine. */
const KEY = Buffer.from('stevedore-bench!');
/** Every file's mtime: 2000-01-01, as the test stack's fixtures. */
const MTIME = new Date(946684800 * 1000);
const CREATED = '2000-01-01T00:00:00Z';
const LABEL = 'org.stevedore.bench';

export interface Fixture {
  ref: string;
  /** `sha256:<hex>` of the image's config. */
  id: string;
  /** The engine's RootFS.Layers. */
  diffIds: string[];
  /** The engine's Size of the image. */
  size: number;
}

/** The ref of the bench's image: a cached one for the full run, a fresh one for each smoke. */
export const fixtureRef = (smoke: boolean): string =>
  smoke ? `stevedore-bench/explore-smoke-${randomBytes(4).toString('hex')}:1` : `stevedore-bench/explore:v${PLAN_VERSION}`;

const labelValue = (smoke: boolean) => `explore-v${PLAN_VERSION}${smoke ? '-smoke' : ''}`;

/** Bytes of a layer's tar: a header per entry, contents padded to blocks, two zero blocks at the end. */
export function layerTarSize(layer: PlanLayer): number {
  const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
  return layer.entries.reduce((sum, e) => sum + BLOCK + padded(e.kind === 'file' ? e.size : 0), 2 * BLOCK);
}

function header(e: PlanEntry): Partial<tar.Header> & { name: string } {
  const common = { name: e.name, mtime: MTIME, uid: 0, gid: 0, uname: 'root', gname: 'root' };
  switch (e.kind) {
    case 'dir':
      return { ...common, type: 'directory', mode: 0o755 };
    case 'symlink':
      return { ...common, type: 'symlink', mode: 0o777, linkname: e.linkTarget };
    case 'hardlink':
      return { ...common, type: 'link', mode: 0o644, linkname: e.linkTarget };
    case 'file':
      return { ...common, type: 'file', mode: 0o644, size: e.size };
  }
}

/** Writes one layer's entries into `pack` (content from `stream`, the layer's keystream) and finalises it. */
async function writeLayer(layer: PlanLayer, index: number, pack: tar.Pack): Promise<void> {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(index + 1, 0);
  const stream = createCipheriv('aes-128-ctr', KEY, iv);
  const bytes = (n: number) => stream.update(ZEROS.subarray(0, n));
  for (const e of layer.entries) {
    if (e.kind !== 'file' || e.size <= CHUNK) {
      const done = (resolve: () => void, reject: (err: Error) => void) => (err?: Error | null) => (err ? reject(err) : resolve());
      await new Promise<void>((resolve, reject) =>
        e.kind === 'file' ? pack.entry(header(e), bytes(e.size), done(resolve, reject)) : pack.entry(header(e), done(resolve, reject)),
      );
      continue;
    }
    const done = new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header(e), (err) => (err ? reject(err) : resolve()));
      void (async () => {
        for (let left = e.size; left > 0; left -= CHUNK) {
          if (!sink.write(bytes(Math.min(CHUNK, left)))) await once(sink, 'drain');
        }
        sink.end(undefined); // streamx's end(data): nothing more to write
      })().catch(reject);
    });
    await done;
  }
  pack.finalize();
}

/** Streams the `docker save` layout of `layers` into `out`: every layer tar, then the config and manifest.json. */
async function writeArchive(layers: PlanLayer[], ref: string, smoke: boolean, out: tar.Pack): Promise<void> {
  const diffIds: string[] = [];
  for (const [index, layer] of layers.entries()) {
    const size = layerTarSize(layer);
    const inner = tar.pack();
    const hash = createHash('sha256');
    let copied = 0;
    const written = writeLayer(layer, index, inner);
    await new Promise<void>((resolve, reject) => {
      const sink = out.entry({ name: `layers/${index}/layer.tar`, size, mtime: MTIME }, (err) => (err ? reject(err) : resolve()));
      void (async () => {
        for await (const chunk of inner as AsyncIterable<Buffer>) {
          hash.update(chunk);
          copied += chunk.length;
          if (!sink.write(chunk)) await once(sink, 'drain');
        }
        sink.end(undefined); // streamx's end(data): nothing more to write
      })().catch(reject);
    });
    await written;
    prove(copied === size, `layer ${index}: wrote ${copied} bytes, the plan says ${size}`);
    diffIds.push(`sha256:${hash.digest('hex')}`);
  }
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    created: CREATED,
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Labels: { [LABEL]: labelValue(smoke) } },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: layers.map((l) => ({ created: CREATED, created_by: l.createdBy })),
  });
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = JSON.stringify([{ Config: configName, RepoTags: [ref], Layers: layers.map((_, i) => `layers/${i}/layer.tar`) }]);
  out.entry({ name: configName, mtime: MTIME }, config);
  out.entry({ name: 'manifest.json', mtime: MTIME }, manifest);
  out.finalize();
}

/** The fixture when the engine has `ref` as this plan made it (its label), else undefined. */
export async function findFixture(docker: Dockerode, ref: string, smoke: boolean): Promise<Fixture | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    if (info.Config?.Labels?.[LABEL] !== labelValue(smoke)) return undefined;
    return { ref, id: info.Id, diffIds: info.RootFS?.Layers ?? [], size: info.Size };
  } catch {
    return undefined;
  }
}

/** Makes the fixture with `docker load` (the archive streamed to its stdin) unless the engine has it already. */
export async function ensureFixture(
  docker: Dockerode,
  cli: { binary: string; env: NodeJS.ProcessEnv },
  ref: string,
  layers: PlanLayer[],
  smoke: boolean,
): Promise<Fixture> {
  const existing = await findFixture(docker, ref, smoke);
  if (existing) return existing;
  const total = layers.reduce((sum, l) => sum + layerTarSize(l), 0);
  console.log(
    `making ${ref}: ${layers.length} layers, ${(total / 1024 ** 2).toFixed(0)} MiB of layer tars${smoke ? '' : ' (once; kept on the engine)'}...`,
  );
  const t0 = Date.now();
  const child = spawn(cli.binary, ['load', '-q'], { env: cli.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let said = '';
  child.stdout.on('data', (d) => (said += d));
  child.stderr.on('data', (d) => (said += d));
  const exited = once(child, 'close') as Promise<[number | null]>;
  const archive = tar.pack();
  const piped = (async () => {
    for await (const chunk of archive as AsyncIterable<Buffer>) if (!child.stdin.write(chunk)) await once(child.stdin, 'drain');
    child.stdin.end();
  })();
  await Promise.all([writeArchive(layers, ref, smoke, archive), piped]);
  const [code] = await exited;
  prove(code === 0, `docker load of the bench image failed (exit ${code}): ${said.trim().slice(0, 400)}`);
  const made = await findFixture(docker, ref, smoke);
  prove(made, `docker load said "${said.trim()}" but the engine has no ${ref} with the bench's label`);
  console.log(`made ${ref} (${made.id.slice(0, 19)}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return made;
}

export async function removeFixture(docker: Dockerode, ref: string): Promise<void> {
  await docker
    .getImage(ref)
    .remove()
    .catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
}
