// `npm run bench:save`: how fast Stevedore's core saves a >= 1 GiB image to a file, against the
// raw engine API (curl on the socket) and `docker save -o`, on the same engine in one run, and how
// much the core's resident memory grows while it streams. Prints ratios; asserts nothing.
// Needs the test stack (`bash scripts/test-stack/up.sh`) or STEVEDORE_TEST_DOCKER_HOST.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { saveToFile } from '../../electron/core/transfer/transfer-files';
import {
  BIG_IMAGE,
  cliBinary,
  docker,
  ensureBigImage,
  MiB,
  race,
  run,
  settleMemory,
  socketPath,
  withRssPeak,
  workDir,
} from './transfer-bench';

async function main(): Promise<void> {
  const dir = workDir();
  try {
    await ensureBigImage(dir);
    const target = join(dir, 'big.tar');
    const clean = async () => rmSync(target, { force: true });
    // The core fsyncs before the rename, as `docker save -o` does (a saved file survives a crash);
    // curl -o does not, so the API contender gets the same `fdatasync` (coreutils `sync --data`)
    // and all three do the same work. STEVEDORE_BENCH_DURABLE=0 compares without any sync.
    const durable = process.env.STEVEDORE_BENCH_DURABLE !== '0';
    const baseline = settleMemory();
    let peak = baseline;
    let bytes = 0;
    const result = await race(
      [
        {
          name: 'core',
          before: clean,
          run: async () => {
            bytes = (await saveToFile(docker, [BIG_IMAGE], target, { durable })).bytes;
          },
        },
        {
          name: 'api',
          before: clean,
          run: async () => {
            run('curl', ['-sS', '--fail', '--unix-socket', socketPath, '-o', target, `http://x/images/${BIG_IMAGE}/get`]);
            if (durable) run('sync', ['--data', target]);
          },
        },
        { name: 'cli', before: clean, run: async () => run(cliBinary, ['save', '-o', target, BIG_IMAGE]) },
      ],
      async (measure) => {
        peak = Math.max(peak, (await withRssPeak(measure)).peak);
      },
    );
    await clean();
    const growth = (peak - baseline) / MiB;
    const size = bytes || statSync(target, { throwIfNoEntry: false })?.size || 0;
    console.log(
      `image=${BIG_IMAGE} tar_mib=${(size / MiB).toFixed(0)} durable=${durable} ` +
        `core_mib_s=${(size / MiB / result.median.core).toFixed(0)} api_mib_s=${(size / MiB / result.median.api).toFixed(0)} cli_mib_s=${(size / MiB / result.median.cli).toFixed(0)}`,
    );
    console.log(
      `core_cpu_s_per_run=${result.coreCpu.toFixed(2)} median_ratio_vs_api=${(result.median.core / result.median.api).toFixed(3)}`,
    );
    console.log(
      `BENCH save ratio_vs_api=${result.ratioVsApi.toFixed(3)} ratio_vs_cli=${result.ratioVsCli.toFixed(3)} rss_growth_mib=${growth.toFixed(1)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
