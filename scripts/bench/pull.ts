// `npm run bench:pull`: how long Stevedore's core takes to pull a 220 MB multi-layer image from the
// loopback registry compared with `docker pull` on the same engine, in one run. It proves every
// pull it times downloaded every layer: the image is built on the stack's second engine (or, without
// one, on this engine and removed with its intermediates), and before each pull no local image may
// hold any of its layers; after it, each side's per-layer progress must say "Pull complete" for all
// of them and "Already exists" for none, and the image must be there with the registry's ID.
// Otherwise it fails with one line saying what it saw. Prints
//   BENCH pull ratio_vs_cli=<median core/cli> spread=<core max/min> moved_mib=<per round> rounds=<n>
// Needs the test stack (`bash scripts/test-stack/up.sh`). `--smoke`: a 4 MiB image, one round,
// removed from the engine and the registry afterwards.
//
//   BENCH_ROUNDS=7 npm run bench:pull
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import type { JobSnapshot } from '../../shared/contract';
import { ensureRegistryImage, splitRegistryRef } from '../../tests/support/registry-images';
import { privateDockerConfig } from '../../tests/support/stack';
import { alternate, type SideRun } from './alternating';
import { layerStatuses, proveEveryLayer } from './layer-proof';
import { MiB, ms, printBenchLine, prove, roundsFromEnv, runBench, SMOKE, withCleanup } from './bench-kit';
import {
  engineClient,
  forgetRepository,
  host,
  proveNoLocalLayers,
  purgeBlobData,
  type RegistryImage,
  registryImage,
  secondEngine,
  stack,
} from './registry-bench';

// Full: five layers of random (incompressible) data, 220 MB to download and extract, kept in the
// registry across runs. Smoke: two 2 MiB layers under a name of this run, removed at the end.
const IMAGE = SMOKE
  ? `${stack.registry}/stevedore-bench/pull-smoke-${randomBytes(4).toString('hex')}:1`
  : `${stack.registry}/stevedore-bench/pull:1`;
const LAYERS = SMOKE ? [2 * MiB, 2 * MiB] : [44, 44, 44, 44, 44].map((mb) => mb * 1_000_000);
const docker = engineClient(host);

/** The CLI's stdout (not a terminal: one line per layer status) and its time. */
function cliPull(): Promise<{ ms: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: privateDockerConfig() };
    delete env.DOCKER_CONTEXT;
    const t0 = process.hrtime.bigint();
    const child = spawn(stack.dockerCli, ['pull', IMAGE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = ms(t0);
      if (code === 0) resolve({ ms: elapsed, lines: stdout.split('\n') });
      else reject(new Error(`docker pull failed: ${stderr.trim()}`));
    });
  });
}

async function corePull(core: StevedoreCore): Promise<{ ms: number; job: JobSnapshot }> {
  const t0 = process.hrtime.bigint();
  const r = await core.handle('images.pull', { reference: IMAGE });
  if (!r.ok) throw new Error(`images.pull: ${r.error.message}`);
  const job = await core.jobs.wait((r.value as { jobId: string }).jobId);
  const elapsed = ms(t0);
  prove(job.state === 'succeeded', `the core's pull job ${job.state}: ${job.error?.message}`);
  return { ms: elapsed, job };
}

async function removeImage(): Promise<void> {
  await docker
    .getImage(IMAGE)
    .remove()
    .catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
}

/** Before a timed pull: the image gone, and none of its layers anywhere on the engine. */
async function fresh(image: RegistryImage): Promise<void> {
  await removeImage();
  await proveNoLocalLayers(host, docker, image, IMAGE);
}

/** After a timed pull: every layer downloaded, the image there with the registry's ID; the bytes it moved. */
async function provePulled(image: RegistryImage, side: string, lines: string[]): Promise<number> {
  proveEveryLayer(layerStatuses(lines), image.layers.length, 'Pull complete', `${side}'s pull of ${IMAGE}`);
  const id = (await docker.getImage(IMAGE).inspect()).Id;
  prove(id === image.configDigest, `after ${side}'s pull ${IMAGE} is ${id}, not the registry's ${image.configDigest}`);
  return image.layers.reduce((sum, l) => sum + l.size, 0);
}

/** The image in the registry, built where this engine never sees its layers. */
async function registryCopy(): Promise<RegistryImage> {
  const existing = await registryImage(IMAGE);
  if (existing) return existing;
  const builder = (await secondEngine()) ?? host;
  console.log(`building ${IMAGE} on ${builder === host ? `${host} (no second engine: removed again with its intermediates)` : builder}...`);
  await ensureRegistryImage({ ref: IMAGE, layers: LAYERS, label: 'org.stevedore.bench=1', dockerHost: builder });
  const built = await registryImage(IMAGE);
  prove(built, `pushed ${IMAGE} but the registry does not have it`);
  if (builder !== host) await proveNoLocalLayers(builder, engineClient(builder), built, IMAGE);
  return built;
}

async function main(): Promise<void> {
  const t0 = process.hrtime.bigint();
  const image = await registryCopy();
  const mb = image.layers.reduce((sum, l) => sum + l.size, 0) / MiB;
  console.log(
    `engine ${host}; image ${IMAGE} (${image.layers.length} layers, ${mb.toFixed(1)} MiB compressed; ready in ${(ms(t0) / 1000).toFixed(1)} s)`,
  );

  const dataDir = join(privateDockerConfig(), 'stevedore-data');
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host, source: 'env' } }),
    dockerConfigDir: privateDockerConfig(),
    dataDir,
  });
  await core.start();
  await withCleanup(
    async () => {
      const result = await alternate(roundsFromEnv(5), 'docker pull', {
        core: async (): Promise<SideRun> => {
          await fresh(image);
          const run = await corePull(core);
          prove(
            run.job.layers.length === image.layers.length,
            `the core's pull job shows ${run.job.layers.length} layers, the image has ${image.layers.length}`,
          );
          return { ms: run.ms, bytes: await provePulled(image, 'the core', run.job.messages) };
        },
        cli: async (): Promise<SideRun> => {
          await fresh(image);
          const run = await cliPull();
          return { ms: run.ms, bytes: await provePulled(image, 'docker', run.lines) };
        },
      });
      printBenchLine('pull', { ratio_vs_cli: result.ratio, spread: result.spread, moved_mib: result.movedMib, rounds: result.rounds });
    },
    async () => {
      core.dispose();
      await removeImage();
      if (SMOKE) await forgetImage(image);
    },
  );
}

/** Smoke: the run's image leaves the registry (repository, links, blob data) and no layer stays on the engine. */
async function forgetImage(image: RegistryImage): Promise<void> {
  const blobs = [...image.layers.map((l) => l.digest), image.configDigest];
  await forgetRepository(IMAGE, blobs);
  purgeBlobData(splitRegistryRef(IMAGE).host, [...blobs, image.manifestDigest]);
  await proveNoLocalLayers(host, docker, image, IMAGE);
}

runBench('pull', main);
