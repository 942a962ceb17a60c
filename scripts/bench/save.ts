// `npm run bench:save`: how fast Stevedore's core saves a >= 1 GiB image to a file, against the
// raw engine API (curl on the socket) and `docker save -o`, on the same engine in one run, and how
// much the core's resident memory grows while it streams. It proves each timed save: the target is
// absent before, and after it the file is a docker save archive whose manifest.json holds the image
// (its ID and name); the core's count of bytes written equals the file's size. Otherwise it fails
// with one line. Prints
//   BENCH save ratio_vs_api=<x> ratio_vs_cli=<y> rss_growth_mib=<z> spread=<core max/min> moved_mib=<per round> rounds=<n>
// Needs the test stack (`bash scripts/test-stack/up.sh`) or STEVEDORE_TEST_DOCKER_HOST.
// `--smoke`: a 4 MiB image made for the run and removed after, one round.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { saveToFile } from '../../electron/core/transfer/transfer-files';
import { printBenchLine, prove, runBench, withCleanup } from './bench-kit';
import {
  BIG_IMAGE,
  cliBinary,
  docker,
  ensureBigImage,
  forgetSmokeImage,
  MiB,
  proveArchiveHolds,
  race,
  run,
  settleMemory,
  socketPath,
  withRssPeak,
  workDir,
} from './transfer-bench';

async function main(): Promise<void> {
  const dir = workDir();
  await withCleanup(
    async () => {
      const id = await ensureBigImage(dir);
      const target = join(dir, 'big.tar');
      const clean = async () => {
        rmSync(target, { force: true });
        prove(!existsSync(target), `could not remove ${target} before a save`);
      };
      // The core fsyncs before the rename, as `docker save -o` does (a saved file survives a crash);
      // curl -o does not, so the API contender gets the same `fdatasync` (coreutils `sync --data`)
      // and all three do the same work. STEVEDORE_BENCH_DURABLE=0 compares without any sync.
      const durable = process.env.STEVEDORE_BENCH_DURABLE !== '0';
      const baseline = settleMemory();
      let peak = baseline;
      let written = -1;
      const result = await race(
        [
          {
            name: 'core',
            before: clean,
            run: async () => {
              written = (await saveToFile(docker, [BIG_IMAGE], target, { durable })).bytes;
            },
            proof: async () => {
              const size = await proveArchiveHolds(target, BIG_IMAGE, id, 'the core');
              prove(written === size, `the core counted ${written} bytes written, the file has ${size}`);
              return size;
            },
          },
          {
            name: 'api',
            before: clean,
            run: async () => {
              run('curl', ['-sS', '--fail', '--unix-socket', socketPath, '-o', target, `http://x/images/${BIG_IMAGE}/get`]);
              if (durable) run('sync', ['--data', target]);
            },
            proof: () => proveArchiveHolds(target, BIG_IMAGE, id, 'the API (curl)'),
          },
          {
            name: 'cli',
            before: clean,
            run: async () => run(cliBinary, ['save', '-o', target, BIG_IMAGE]),
            proof: () => proveArchiveHolds(target, BIG_IMAGE, id, 'docker save'),
          },
        ],
        async (measure) => {
          peak = Math.max(peak, (await withRssPeak(measure)).peak);
        },
      );
      const growth = (peak - baseline) / MiB;
      const mib = result.movedMib;
      console.log(
        `image=${BIG_IMAGE} tar_mib=${mib.toFixed(0)} durable=${durable} ` +
          `core_mib_s=${(mib / result.median.core).toFixed(0)} api_mib_s=${(mib / result.median.api).toFixed(0)} cli_mib_s=${(mib / result.median.cli).toFixed(0)}`,
      );
      console.log(
        `core_cpu_s_per_run=${result.coreCpu.toFixed(2)} median_ratio_vs_api=${(result.median.core / result.median.api).toFixed(3)}`,
      );
      printBenchLine('save', {
        ratio_vs_api: result.ratioVsApi,
        ratio_vs_cli: result.ratioVsCli,
        rss_growth_mib: growth,
        spread: result.spread,
        moved_mib: result.movedMib,
        rounds: result.rounds,
      });
    },
    async () => {
      rmSync(dir, { recursive: true, force: true });
      await forgetSmokeImage();
    },
  );
}

runBench('save', main);
