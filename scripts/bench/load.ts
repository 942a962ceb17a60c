// `npm run bench:load`: how fast Stevedore's core loads a >= 1 GiB image archive from a file,
// against the raw engine API (curl uploading to the socket) and `docker load -i`, on the same
// engine in one run, and how much the core's resident memory grows while it streams. It proves each
// timed load: the image is removed before (and checked gone), and after it the engine has the image
// under its name with the archive's ID (the core must also report `Loaded image: <name>`).
// Otherwise it fails with one line. Prints
//   BENCH load ratio_vs_api=<x> ratio_vs_cli=<y> rss_growth_mib=<z> spread=<core max/min> moved_mib=<per round> rounds=<n>
// Needs the test stack (`bash scripts/test-stack/up.sh`) or STEVEDORE_TEST_DOCKER_HOST.
// `--smoke`: a 4 MiB image made for the run and removed after, one round.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadFromFile } from '../../electron/core/transfer/transfer-files';
import { printBenchLine, prove, runBench, withCleanup } from './bench-kit';
import {
  benchImageId,
  BIG_IMAGE,
  cliBinary,
  docker,
  ensureBigImage,
  forgetSmokeImage,
  MiB,
  proveArchiveHolds,
  race,
  removeBigImage,
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
      const tar = join(dir, 'big.tar');
      // Made with curl, so this process has moved no data before its memory baseline.
      run('curl', ['-sS', '--fail', '--unix-socket', socketPath, '-o', tar, `http://x/images/${BIG_IMAGE}/get`]);
      const size = await proveArchiveHolds(tar, BIG_IMAGE, id, 'the archive to load');
      const gone = async () => {
        await removeBigImage();
        prove((await benchImageId(BIG_IMAGE)) === undefined, `could not remove ${BIG_IMAGE} before a load`);
      };
      const loaded = async (who: string) => {
        const now = await benchImageId(BIG_IMAGE);
        prove(now === id, `after ${who}'s load ${BIG_IMAGE} is ${now ?? 'missing'}, not ${id.slice(0, 19)}`);
        return size;
      };
      let said: string[] = [];
      const baseline = settleMemory();
      let peak = baseline;
      const result = await race(
        [
          {
            name: 'core',
            before: gone,
            run: async () => {
              said = (await loadFromFile(docker, tar)).loaded;
            },
            proof: async () => {
              prove(
                said.includes(`Loaded image: ${BIG_IMAGE}`),
                `the core's load said ${JSON.stringify(said)}, not "Loaded image: ${BIG_IMAGE}"`,
              );
              return loaded('the core');
            },
          },
          {
            name: 'api',
            before: gone,
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
            proof: () => loaded('the API (curl)'),
          },
          { name: 'cli', before: gone, run: async () => run(cliBinary, ['load', '-q', '-i', tar]), proof: () => loaded('docker load') },
        ],
        async (measure) => {
          peak = Math.max(peak, (await withRssPeak(measure)).peak);
        },
      );
      // The full image stays loaded: the next run of either benchmark reuses it.
      const growth = (peak - baseline) / MiB;
      console.log(
        `image=${BIG_IMAGE} tar_mib=${(size / MiB).toFixed(0)} ` +
          `core_mib_s=${(size / MiB / result.median.core).toFixed(0)} api_mib_s=${(size / MiB / result.median.api).toFixed(0)} cli_mib_s=${(size / MiB / result.median.cli).toFixed(0)}`,
      );
      console.log(
        `core_cpu_s_per_run=${result.coreCpu.toFixed(2)} median_ratio_vs_api=${(result.median.core / result.median.api).toFixed(3)}`,
      );
      printBenchLine('load', {
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

runBench('load', main);
