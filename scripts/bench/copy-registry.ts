// `npm run bench:copy-registry`: how long the core's registry-to-registry copy
// (copyBetweenRegistries, no engine) takes against Debian's `skopeo copy`, both copying from the
// stack's open registry to its htpasswd one: an image whose single layer is 512 MiB of random data
// and an image of 40 layers of 2 MiB (per-blob overhead). Rounds alternate which side goes first;
// every copy goes to a fresh repository of the target (the previous one removed first: tags, blob
// links, folder), so nothing can be skipped or mounted, with `sync` before it. Each copy is proved
// by the registries themselves (copy-registry-proof.ts): the target's manifest digest equals the
// source's, and the target's log shows a finished upload of every blob into that repository; the
// bytes moved are those blobs' sizes. The core's memory growth is its RSS peak during a copy over
// the settled RSS just before it, the largest over every core copy (the warm-up's included).
// Prints, besides the per-image figures:
//   BENCH copy-registry ratio_vs_skopeo=<median core/skopeo, both images> rss_growth_mib=<max>
//     spread=<core max/min> moved_mib=<per round> rounds=<n> ratio_big=<x> ratio_layers=<y>
// Goals (issue #19; printed, never asserted): ratio_vs_skopeo <= 1.0, rss growth <= 64 MiB.
// The source images are made once in the open registry and kept (copy-registry-source.ts); the
// copies leave the target at the end, blob data included. Needs the test stack
// (`bash scripts/test-stack/up.sh`) and skopeo. `--smoke`: two small images, one round.
//
//   BENCH_ROUNDS=7 npm run bench:copy-registry
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { RegistryTarget } from '../../tests/support/registry-fixtures';
import { alternate, type SideRun } from './alternating';
import { median, MiB, printBenchLine, roundsFromEnv, runBench, SMOKE, withCleanup } from './bench-kit';
import { forgetTarget, logMark, proveCopied, purgeCopiedBlobs, registryLogOf } from './copy-registry-proof';
import { coreCopy, type Copy, loadCore, skopeoCopy, skopeoVersion } from './copy-registry-sides';
import { ensureSourceImages, SHAPES, type SourceImage, SOURCE_REPOSITORY } from './copy-registry-source';
import { stack } from './registry-bench';
import { settledRss } from './rss-peak';

const GOALS = { ratio: 1.0, rssMib: 64 };
const RUN = randomBytes(4).toString('hex');
const source: RegistryTarget = { host: stack.registry };
const target: RegistryTarget = { host: stack.authRegistry, auth: { username: stack.user, password: stack.password } };

type Side = 'core' | 'skopeo';
/** Every timed copy of each side, per image tag, in call order (the first is the warm-up outside smoke mode). */
const times: Record<Side, Record<string, number[]>> = { core: {}, skopeo: {} };
/** The core's RSS growth per copy (MiB), in call order. */
const growths: number[] = [];
let copies = 0;
let lastRepository: string | undefined;

/** One side's run: each image into a fresh repository of the target, proved; its time is the sum of the copies. */
async function runSide(side: Side, images: SourceImage[]): Promise<SideRun> {
  if (lastRepository) await forgetTarget(target, lastRepository, images);
  const repository = `stevedore-bench/copy-${RUN}-${++copies}`;
  lastRepository = repository;
  const log = registryLogOf(target.host);
  let total = 0;
  let bytes = 0;
  for (const image of images) {
    const copy: Copy = { image, source, sourceRepository: SOURCE_REPOSITORY, target, targetRepository: repository };
    execFileSync('sync');
    const mark = logMark(log);
    let elapsed: number;
    if (side === 'core') {
      const before = settledRss();
      const run = await coreCopy(copy);
      growths.push((run.peakRss - before) / MiB);
      elapsed = run.ms;
    } else {
      elapsed = await skopeoCopy(copy);
    }
    bytes += await proveCopied(side === 'core' ? 'the core' : 'skopeo', target, repository, image, { path: log, mark });
    (times[side][image.tag] ??= []).push(elapsed);
    total += elapsed;
  }
  return { ms: total, bytes };
}

/** Median over rounds of core/skopeo for one image (the warm-up left out outside smoke mode). */
function imageRatio(tag: string): number {
  const skip = SMOKE ? 0 : 1;
  const core = times.core[tag].slice(skip);
  const cli = times.skopeo[tag].slice(skip);
  return median(core.map((c, i) => c / cli[i]));
}

async function main(): Promise<void> {
  console.log(`skopeo: ${await skopeoVersion()}; source ${source.host} (open), target ${target.host} (htpasswd, user ${stack.user})`);
  const images = await ensureSourceImages(source);
  await loadCore();
  for (const i of images) {
    console.log(
      `source ${SOURCE_REPOSITORY}:${i.tag}: ${i.layers} layers, ${(i.bytes / MiB).toFixed(1)} MiB in ${i.blobs.length} blobs, ${i.manifestDigest}`,
    );
  }
  await withCleanup(
    async () => {
      const result = await alternate(roundsFromEnv(5), 'skopeo copy', {
        core: () => runSide('core', images),
        cli: () => runSide('skopeo', images),
      });
      const ratios = Object.fromEntries(SHAPES.map((s) => [s.tag, imageRatio(s.tag)]));
      for (const s of SHAPES) {
        const mib = images.find((i) => i.tag === s.tag)!.bytes / MiB;
        const speed = (side: Side) => mib / (median(times[side][s.tag].slice(SMOKE ? 0 : 1)) / 1000);
        console.log(
          `${s.tag}: core ${speed('core').toFixed(0)} MiB/s, skopeo ${speed('skopeo').toFixed(0)} MiB/s (median ratio ${ratios[s.tag].toFixed(3)})`,
        );
      }
      // Every copy counts, the warm-up's included: memory a copy took and freed stays with the
      // process (the allocator keeps it), so later copies grow little even when each one needs a lot.
      const growth = Math.max(...growths);
      console.log(
        `core RSS growth per copy: max ${growth.toFixed(1)} MiB, first ${growths[0].toFixed(1)} MiB, median ${median(growths).toFixed(1)} MiB ` +
          `(settled RSS ${(settledRss() / MiB).toFixed(0)} MiB after the last)`,
      );
      console.log(
        `goals: ratio_vs_skopeo <= ${GOALS.ratio} (${result.ratio <= GOALS.ratio ? 'met' : 'NOT met'}), ` +
          `rss_growth_mib <= ${GOALS.rssMib} (${growth <= GOALS.rssMib ? 'met' : 'NOT met'})`,
      );
      const [big, layers] = SHAPES.map((s) => ratios[s.tag]);
      printBenchLine('copy-registry', {
        ratio_vs_skopeo: result.ratio,
        rss_growth_mib: growth,
        spread: result.spread,
        moved_mib: result.movedMib,
        rounds: result.rounds,
        ratio_big: big,
        ratio_layers: layers,
      });
    },
    async () => {
      if (lastRepository) await forgetTarget(target, lastRepository, images);
      // The kept source images' manifests (a few KiB) stay in the target's blob store: they are copied again next run.
      purgeCopiedBlobs(target, images, { manifests: SMOKE });
      if (SMOKE) {
        // The smoke's source images are of this run: they go too.
        await forgetTarget(source, SOURCE_REPOSITORY, images);
        purgeCopiedBlobs(source, images, { manifests: true });
      }
    },
  );
}

runBench('copy-registry', main);
