// `npm run bench:push`: how long Stevedore's core takes to push a 220 MB multi-layer image to the
// loopback registry compared with `docker push` on the same engine, in one run. Every push goes to
// a fresh repository, and the previous one is removed first (tag, blob links, folder), so the
// engine can neither answer "Layer already exists" nor mount a blob from it. It proves each timed
// push uploaded every blob: each side's per-layer progress says "Pushed" for every layer and nothing
// reused, and the registry then has the image (the source's ID as its config, every layer);
// otherwise it fails with one line saying what it saw. With the engine compressing and uploading
// on both sides the ratio is mostly noise, so rounds continue while the core's spread is above
// 1.10 (up to a bound) and the spread is printed:
//   BENCH push ratio_vs_cli=<median core/cli> spread=<core max/min> moved_mib=<per round> rounds=<n>
// Everything it pushed leaves the registry at the end, blob data included. Needs the test stack
// (`bash scripts/test-stack/up.sh`). `--smoke`: a 4 MiB image, one round.
//
//   BENCH_ROUNDS=7 npm run bench:push
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { buildRandomImage } from '../../tests/support/registry-images';
import { privateDockerConfig } from '../../tests/support/stack';
import { alternate, type SideRun } from './alternating';
import { layerStatuses, proveEveryLayer } from './layer-proof';
import { median, MiB, ms, printBenchLine, prove, roundsFromEnv, runBench, SMOKE, withCleanup } from './bench-kit';
import { cliOn, engineClient, forgetRepository, host, imagesHoldingLayers, purgeBlobData, registryImage, stack } from './registry-bench';

const RUN = randomBytes(4).toString('hex');
const SOURCE = `stevedore-bench/push-src-${RUN}:1`;
// Full: five layers of random (incompressible) data, 220 MB to compress and upload. Smoke: 4 MiB.
const LAYERS = SMOKE ? [2 * MiB, 2 * MiB] : [44, 44, 44, 44, 44].map((mb) => mb * 1_000_000);
const docker = engineClient(host);

let pushes = 0;
/** Pushed references not yet removed from the registry, with the blobs the registry linked for them. */
const pushed: { ref: string; blobs: string[] }[] = [];
/** Every blob and manifest digest this run made in the registry: their data goes at the end. */
const made = new Set<string>();

/**
 * A new repository for the next push, tagged locally; the previous repositories go first, so that
 * nothing can be mounted from them.
 */
async function freshTarget(): Promise<string> {
  await forgetPushed();
  const ref = `${stack.registry}/stevedore-bench/push-${RUN}-${++pushes}:1`;
  await docker.getImage(SOURCE).tag({ repo: ref.slice(0, ref.lastIndexOf(':')), tag: '1' });
  pushed.push({ ref, blobs: [] });
  return ref;
}

async function forgetPushed(): Promise<void> {
  for (const { ref, blobs } of pushed.splice(0)) {
    // A push that failed before its proof still linked blobs: the registry says which.
    const image = blobs.length ? undefined : await registryImage(ref).catch(() => null);
    if (image) for (const d of [...image.layers.map((l) => l.digest), image.configDigest, image.manifestDigest]) made.add(d);
    await forgetRepository(ref, image ? [...image.layers.map((l) => l.digest), image.configDigest] : blobs);
    await docker
      .getImage(ref)
      .remove()
      .catch(() => undefined);
  }
}

/** The CLI's stdout (not a terminal: one line per layer status) and its time. */
function cliPush(ref: string): Promise<{ ms: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: privateDockerConfig() };
    delete env.DOCKER_CONTEXT;
    const t0 = process.hrtime.bigint();
    const child = spawn(stack.dockerCli, ['push', ref], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = ms(t0);
      if (code !== 0) reject(new Error(`docker push failed: ${stderr.trim()}`));
      else resolve({ ms: elapsed, lines: stdout.split('\n') });
    });
  });
}

/** CPU milliseconds this process spent per measured core push (its whole share of the work). */
const coreCpu: number[] = [];

async function corePush(core: StevedoreCore, ref: string): Promise<{ ms: number; lines: string[] }> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await core.handle('images.push', { reference: ref });
  if (!r.ok) throw new Error(`images.push: ${r.error.message}`);
  const job = await core.jobs.wait((r.value as { jobId: string }).jobId);
  const elapsed = ms(t0);
  const cpu = process.cpuUsage(cpu0);
  coreCpu.push((cpu.user + cpu.system) / 1000);
  prove(job.state === 'succeeded', `the core's push job ${job.state}: ${job.error?.message}`);
  return { ms: elapsed, lines: job.messages };
}

/** After a timed push: every layer uploaded and the registry has the image; the bytes it moved. */
async function provePushed(ref: string, side: string, lines: string[], source: { id: string; layers: number }): Promise<number> {
  proveEveryLayer(layerStatuses(lines), source.layers, 'Pushed', `${side}'s push to ${ref}`);
  const image = await registryImage(ref);
  prove(image, `after ${side}'s push the registry has no ${ref}`);
  prove(image.configDigest === source.id, `after ${side}'s push ${ref} in the registry is ${image.configDigest}, not ${source.id}`);
  prove(
    image.layers.length === source.layers,
    `after ${side}'s push ${ref} has ${image.layers.length} layers in the registry, not ${source.layers}`,
  );
  const blobs = [...image.layers.map((l) => l.digest), image.configDigest];
  pushed[pushed.length - 1].blobs = blobs;
  for (const d of [...blobs, image.manifestDigest]) made.add(d);
  return image.layers.reduce((sum, l) => sum + l.size, 0);
}

async function main(): Promise<void> {
  const t0 = process.hrtime.bigint();
  await buildRandomImage({ ref: SOURCE, layers: LAYERS, label: 'org.stevedore.bench=1', dockerHost: host });
  const info = await docker.getImage(SOURCE).inspect();
  const source = { id: info.Id, layers: info.RootFS.Layers?.length ?? 0, diffIds: info.RootFS.Layers ?? [] };
  const total = LAYERS.reduce((a, b) => a + b, 0) / MiB;
  console.log(
    `engine ${host}; registry ${stack.registry}; image ${SOURCE} (${source.layers} layers, ${total.toFixed(1)} MiB; built in ${(ms(t0) / 1000).toFixed(1)} s)`,
  );

  // No stored logins (the loopback registry needs none): the private empty DOCKER_CONFIG, as the CLI side.
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host, source: 'env' } }),
    dockerConfigDir: privateDockerConfig(),
    dataDir: join(privateDockerConfig(), 'stevedore-data'),
  });
  await core.start();
  await withCleanup(
    async () => {
      const result = await alternate(roundsFromEnv(5), 'docker push', {
        core: async (): Promise<SideRun> => {
          const ref = await freshTarget();
          const run = await corePush(core, ref);
          return { ms: run.ms, bytes: await provePushed(ref, 'the core', run.lines, source) };
        },
        cli: async (): Promise<SideRun> => {
          const ref = await freshTarget();
          const run = await cliPush(ref);
          return { ms: run.ms, bytes: await provePushed(ref, 'docker', run.lines, source) };
        },
      });
      console.log(`core process CPU per push: median ${median(coreCpu).toFixed(0)} ms (the engine does the compressing and uploading)`);
      printBenchLine('push', { ratio_vs_cli: result.ratio, spread: result.spread, moved_mib: result.movedMib, rounds: result.rounds });
    },
    async () => {
      core.dispose();
      await forgetPushed();
      purgeBlobData(stack.registry, made);
      // rmi also removes the build's untagged intermediate images.
      await cliOn(host, ['rmi', SOURCE]);
      const left = await imagesHoldingLayers(docker, source.diffIds);
      prove(left.length === 0, `left behind on ${host}: ${left.join(', ')}`);
    },
  );
}

runBench('push', main);
