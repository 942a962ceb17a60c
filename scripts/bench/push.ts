// `npm run bench:push`: how long Stevedore's core takes to push a >= 200 MB multi-layer image to the
// loopback registry compared with `docker push` on the same engine, in one run. Every push goes to
// a fresh repository, and the layer links of the previous one are deleted first, so the engine
// cannot answer "Layer already exists" / "Mounted from" and every push uploads every byte. The two
// sides alternate; the medians are compared. Prints the ratio last; asserts nothing.
// Needs the test stack (`bash scripts/test-stack/up.sh`).
//
//   BENCH_ROUNDS=7 npm run bench:push
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import type { JobSnapshot } from '../../shared/contract';
import {
  buildRandomImage,
  deleteRegistryBlob,
  deleteRegistryTag,
  registryManifest,
  removeLocal,
} from '../../tests/support/registry-images';
import { dockerCli, loadStackEnv, privateDockerConfig } from '../../tests/support/stack';
import { alternate, median, ms } from './alternating';

const stack = loadStackEnv();
const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;
const RUN = randomBytes(3).toString('hex');
const SOURCE = `stevedore-bench/push-src-${RUN}:1`;
// Five layers of random (incompressible) data: 220 MB to compress and upload.
const LAYERS = [44, 44, 44, 44, 44].map((mb) => mb * 1_000_000);
const ROUNDS = Math.max(1, Number.parseInt(process.env.BENCH_ROUNDS ?? '5', 10) || 5);

let pushes = 0;
const pushed: string[] = [];

async function cli(args: string[]): Promise<void> {
  const r = await dockerCli(args, { dockerHost: host, timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
}

/**
 * A new repository name for the next push, tagged locally; the previous repository's layers are
 * unlinked so that nothing can be mounted from it.
 */
async function freshTarget(): Promise<string> {
  await forgetPushed();
  const ref = `${stack.registry}/stevedore-bench/push-${RUN}-${++pushes}:1`;
  await cli(['tag', SOURCE, ref]);
  pushed.push(ref);
  return ref;
}

async function forgetPushed(): Promise<void> {
  for (const ref of pushed.splice(0)) {
    const manifest = await registryManifest(ref);
    for (const layer of manifest?.layers ?? []) await deleteRegistryBlob(ref, layer.digest);
    await deleteRegistryTag(ref);
    await removeLocal(ref);
  }
}

const reused = /Layer already exists|Mounted from/;

function cliPush(ref: string): Promise<number> {
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
      else if (reused.test(stdout)) reject(new Error(`docker push reused layers, not a fair run:\n${stdout}`));
      else resolve(elapsed);
    });
  });
}

/** CPU milliseconds this process spent per measured core push (its whole share of the work). */
const coreCpu: number[] = [];

async function corePush(core: StevedoreCore, ref: string): Promise<number> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await core.handle('images.push', { reference: ref });
  if (!r.ok) throw new Error(`images.push: ${r.error.message}`);
  const job: JobSnapshot = await core.jobs.wait((r.value as { jobId: string }).jobId);
  const elapsed = ms(t0);
  const cpu = process.cpuUsage(cpu0);
  coreCpu.push((cpu.user + cpu.system) / 1000);
  if (job.state !== 'succeeded') throw new Error(`push job ${job.state}: ${job.error?.message}`);
  if (job.layers.some((l) => reused.test(l.status))) throw new Error('the core push reused layers, not a fair run');
  return elapsed;
}

async function main(): Promise<void> {
  const total = LAYERS.reduce((a, b) => a + b, 0) / 1e6;
  console.log(`engine ${host}; registry ${stack.registry}; image ${SOURCE} (${LAYERS.length} layers, ${total} MB); ${ROUNDS} rounds`);
  const t0 = process.hrtime.bigint();
  await buildRandomImage({ ref: SOURCE, layers: LAYERS, label: 'org.stevedore.bench=1' });
  console.log(`image built in ${(ms(t0) / 1000).toFixed(1)} s`);

  // No stored logins (the loopback registry needs none): the private empty DOCKER_CONFIG, as the CLI side.
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host, source: 'env' } }),
    dockerConfigDir: privateDockerConfig(),
    dataDir: join(privateDockerConfig(), 'stevedore-data'),
  });
  await core.start();
  let ratio: number;
  try {
    ratio = await alternate(ROUNDS, 'docker push', {
      core: async () => corePush(core, await freshTarget()),
      cli: async () => cliPush(await freshTarget()),
    });
  } finally {
    await forgetPushed().catch((e: unknown) => console.error(`cleanup: ${e instanceof Error ? e.message : e}`));
    await removeLocal(SOURCE);
    core.dispose();
  }
  console.log(`core process CPU per push: median ${median(coreCpu).toFixed(0)} ms (the engine does the compressing and uploading)`);
  console.log(`BENCH push ratio_vs_cli=${ratio.toFixed(3)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
