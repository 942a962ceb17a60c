// `npm run bench:load`: how fast Stevedore's core loads a >= 1 GiB image archive from a file,
// against the raw engine API (curl uploading to the socket) and `docker load -i`, on the same
// engine in one run, and how much the core's resident memory grows while it streams. Each run
// starts with the image removed (not timed). Prints ratios; asserts nothing.
// Needs the test stack (`bash scripts/test-stack/up.sh`) or STEVEDORE_TEST_DOCKER_HOST.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadFromFile } from '../../electron/core/transfer/transfer-files';
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

async function removeImage(): Promise<void> {
  await docker
    .getImage(BIG_IMAGE)
    .remove()
    .catch(() => undefined);
}

async function main(): Promise<void> {
  const dir = workDir();
  try {
    await ensureBigImage(dir);
    const tar = join(dir, 'big.tar');
    // Made with curl, so this process has moved no data before its memory baseline.
    run('curl', ['-sS', '--fail', '--unix-socket', socketPath, '-o', tar, `http://x/images/${BIG_IMAGE}/get`]);
    const size = statSync(tar).size;
    const baseline = settleMemory();
    let peak = baseline;
    const result = await race(
      [
        {
          name: 'core',
          before: removeImage,
          run: async () => {
            await loadFromFile(docker, tar);
          },
        },
        {
          name: 'api',
          before: removeImage,
          run: async () =>
            run('curl', [
              '-sS',
              '--fail',
              '--unix-socket',
              socketPath,
              '-X',
              'POST',
              '-H',
              'Content-Type: application/x-tar',
              '-T',
              tar,
              '-o',
              '/dev/null',
              'http://x/images/load?quiet=1',
            ]),
        },
        { name: 'cli', before: removeImage, run: async () => run(cliBinary, ['load', '-q', '-i', tar]) },
      ],
      async (measure) => {
        peak = Math.max(peak, (await withRssPeak(measure)).peak);
      },
    );
    // The image stays loaded: the next run of either benchmark reuses it.
    const growth = (peak - baseline) / MiB;
    console.log(
      `image=${BIG_IMAGE} tar_mib=${(size / MiB).toFixed(0)} ` +
        `core_mib_s=${(size / MiB / result.median.core).toFixed(0)} api_mib_s=${(size / MiB / result.median.api).toFixed(0)} cli_mib_s=${(size / MiB / result.median.cli).toFixed(0)}`,
    );
    console.log(
      `core_cpu_s_per_run=${result.coreCpu.toFixed(2)} median_ratio_vs_api=${(result.median.core / result.median.api).toFixed(3)}`,
    );
    console.log(
      `BENCH load ratio_vs_api=${result.ratioVsApi.toFixed(3)} ratio_vs_cli=${result.ratioVsCli.toFixed(3)} rss_growth_mib=${growth.toFixed(1)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
