// `npm run bench:pull`: how long Stevedore's core takes to pull a >= 200 MB multi-layer image from
// the loopback registry compared with `docker pull` on the same engine, in one run: the image is
// removed before every pull, the two sides alternate, and the medians are compared. Prints the
// ratio last; asserts nothing. Needs the test stack (`bash scripts/test-stack/up.sh`).
//
//   BENCH_ROUNDS=7 npm run bench:pull
import { spawn } from 'node:child_process';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import type { JobSnapshot } from '../../shared/contract';
import { ensureRegistryImage, localImageExists, removeLocal } from '../../tests/support/registry-images';
import { loadStackEnv, privateDockerConfig } from '../../tests/support/stack';
import { alternate, ms } from './alternating';

const stack = loadStackEnv();
const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;
const IMAGE = `${stack.registry}/stevedore-bench/pull:1`;
// Five layers of random (incompressible) data: 220 MB to download and extract.
const LAYERS = [44, 44, 44, 44, 44].map((mb) => mb * 1_000_000);
const ROUNDS = Math.max(1, Number.parseInt(process.env.BENCH_ROUNDS ?? '5', 10) || 5);

function cliPull(): Promise<number> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: privateDockerConfig() };
    delete env.DOCKER_CONTEXT;
    const t0 = process.hrtime.bigint();
    const child = spawn(stack.dockerCli, ['pull', IMAGE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(ms(t0)) : reject(new Error(`docker pull failed: ${stderr.trim()}`))));
  });
}

async function corePull(core: StevedoreCore): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await core.handle('images.pull', { reference: IMAGE });
  if (!r.ok) throw new Error(`images.pull: ${r.error.message}`);
  const job: JobSnapshot = await core.jobs.wait((r.value as { jobId: string }).jobId);
  const elapsed = ms(t0);
  if (job.state !== 'succeeded') throw new Error(`pull job ${job.state}: ${job.error?.message}`);
  return elapsed;
}

async function fresh(): Promise<void> {
  await removeLocal(IMAGE);
  if (await localImageExists(IMAGE)) throw new Error(`could not remove ${IMAGE}`);
}

async function main(): Promise<void> {
  console.log(`engine ${host}; image ${IMAGE} (${LAYERS.length} layers, ${LAYERS.reduce((a, b) => a + b, 0) / 1e6} MB); ${ROUNDS} rounds`);
  const t0 = process.hrtime.bigint();
  await ensureRegistryImage({ ref: IMAGE, layers: LAYERS, label: 'org.stevedore.bench=1' });
  console.log(`image ready in the registry (${(ms(t0) / 1000).toFixed(1)} s; built only when missing)`);

  const core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host, source: 'env' } }) });
  await core.start();
  let ratio: number;
  try {
    // Each side removes the image first, outside its measurement.
    ratio = await alternate(ROUNDS, 'docker pull', {
      core: async () => {
        await fresh();
        return corePull(core);
      },
      cli: async () => {
        await fresh();
        return cliPull();
      },
    });
  } finally {
    await removeLocal(IMAGE);
    core.dispose();
  }
  console.log(`BENCH pull ratio_vs_cli=${ratio.toFixed(3)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
