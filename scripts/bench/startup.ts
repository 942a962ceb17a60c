// `npm run bench:startup`: cold start at 5,000 tags. Two figures: opening the page (Chromium through
// the loopback bridge, a fresh context each round: no cache, no storage) to its first painted grid
// rows, and the core's start in a fresh Node process (load, engine connection, settings) to its
// first images.list answer. Also the size of the renderer's main chunk (what must load before any
// row can paint). Goal: first rows under 500 ms at 5,000 tags. Asserts nothing about the values.
//   BENCH startup first_rows_ms=<median> core_ready_ms=<median> main_chunk_kib=<n> spread=<first rows max/min>
// `--smoke`: 300 tags, one round each, the same fields. Tags are removed at the end either way.
// `--trace=<file.json>`: one more page round, recorded as a Chromium trace (DevTools' Performance panel).
// Needs the test stack (`bash scripts/test-stack/up.sh`); builds dist/renderer when it is missing
// (STEVEDORE_RENDERER_DIR points at another build).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Dockerode from 'dockerode';
import { build } from 'esbuild';
import { dockerodeOptions } from '../../electron/core/engine/engine-endpoint';
import { loadStackEnv } from '../../tests/support/stack';
import { SMOKE, median, printBenchLine, roundsFromEnv, roundsPlan, roundsUntilSteady, runBench, spreadOf, withCleanup } from './bench-kit';
import { launchCdpChromium } from './list-cdp';
import { startBridgeProcess } from './startup-bridge';
import { firstRowsRound, type PageRound } from './startup-page';

const REPO = 'stevedore-bench/startup';
const TAGS = SMOKE ? 300 : 5_000;
const stack = loadStackEnv();
const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;
const docker = new Dockerode(dockerodeOptions({ host, source: 'env' }));
const rendererDir = resolve(process.env.STEVEDORE_RENDERER_DIR ?? 'dist/renderer');
const benchTags = { filters: JSON.stringify({ reference: { [`${REPO}:*`]: true } }) } as Dockerode.ListImagesOptions;
const tracePath = process.argv.find((a) => a.startsWith('--trace='))?.slice('--trace='.length);
const scratch = mkdtempSync(join(tmpdir(), 'stevedore-bench-startup-'));

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Exactly `count` bench tags (t0..), spread over the engine's tagged images. */
async function ensureTags(count: number): Promise<void> {
  const sources = (await docker.listImages()).flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').slice(0, 1));
  if (sources.length === 0) throw new Error('no tagged image on the engine to tag from: run `bash scripts/test-stack/up.sh`');
  const existing = new Set((await docker.listImages(benchTags)).flatMap((i) => i.RepoTags ?? []));
  const wanted = Array.from({ length: count }, (_, i) => i).filter((i) => !existing.has(`${REPO}:t${i}`));
  await pool(wanted, 8, (i) => docker.getImage(sources[i % sources.length]).tag({ repo: REPO, tag: `t${i}` }));
  const have = (await docker.listImages(benchTags)).flatMap((i) => i.RepoTags ?? []).length;
  if (have < count) throw new Error(`only ${have} of ${count} bench tags exist on ${host}`);
}

async function removeTags(): Promise<void> {
  const tags = (await docker.listImages(benchTags)).flatMap((i) => i.RepoTags ?? []);
  await pool(tags, 8, (t) =>
    docker
      .getImage(t)
      .remove({ noprune: true })
      .catch(() => undefined),
  );
}

/** dist/renderer as the bridge serves it; built here when a clean clone has none. */
function ensureRenderer(): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  if (process.env.STEVEDORE_RENDERER_DIR) throw new Error(`STEVEDORE_RENDERER_DIR has no index.html: ${rendererDir}`);
  console.log('dist/renderer is missing: building it (npm run build:renderer)');
  execFileSync('npm', ['run', 'build:renderer'], { stdio: 'inherit' });
}

/** The entry script index.html loads, and every chunk it preloads with it (all before any row). */
function chunkSizes(): { mainKib: number; initialKib: number } {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error(`no module script in ${join(rendererDir, 'index.html')}`);
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);
  const kib = (src: string) => statSync(join(rendererDir, src)).size / 1024;
  return { mainKib: kib(entry), initialKib: [entry, ...preloads].reduce((sum, src) => sum + kib(src), 0) };
}

/** Bundles the core child the way dist/electron/main.cjs is bundled (packages from node_modules). */
async function bundleCoreChild(): Promise<string> {
  const outfile = join(scratch, 'startup-core.cjs');
  await build({
    entryPoints: [resolve('scripts/bench/startup-core.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

interface CoreRound {
  boot_ms: number;
  ready_ms: number;
  rows: number;
}

function coreRound(bundle: string): CoreRound {
  const out = execFileSync(process.execPath, [bundle], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      NODE_PATH: resolve('node_modules'),
      DOCKER_HOST: host,
      // A fresh settings folder (no remembered engine) and no docker config: DOCKER_HOST decides.
      STEVEDORE_DATA_DIR: join(scratch, 'core-data'),
      DOCKER_CONFIG: join(scratch, 'docker-config'),
    },
  });
  const line = out.trim().split('\n').at(-1) ?? '';
  const round = JSON.parse(line) as CoreRound;
  if (round.rows < TAGS) throw new Error(`the core's first list had ${round.rows} rows, fewer than the ${TAGS} bench tags`);
  return round;
}

/** Stops the bridge process, from the SIGINT handler too (it runs in a process group of its own). */
let stopBridge: (() => void) | undefined;

async function pageRounds(): Promise<PageRound[]> {
  // Its own settings folder: the page must open on the Images view, whatever the person chose.
  const bridge = await startBridgeProcess({
    rendererDir,
    dockerHost: host,
    dataDir: join(scratch, 'bridge-data'),
    dockerConfig: join(scratch, 'docker-config'),
  });
  stopBridge = bridge.stop;
  const browser = await launchCdpChromium().catch((err: unknown) => {
    bridge.stop();
    throw err;
  });
  try {
    // The browser's own first start (fonts, processes) is not the page's: one round is discarded.
    if (!SMOKE) await firstRowsRound(browser, bridge.url);
    const { wanted, max } = roundsFromEnv(7);
    const rounds = await roundsUntilSteady(
      roundsPlan(wanted, max),
      async (i) => {
        const r = await firstRowsRound(browser, bridge.url);
        if (r.gridRows < TAGS) throw new Error(`the grid painted ${r.gridRows} rows, fewer than the ${TAGS} bench tags`);
        console.log(`round ${i + 1}: first rows ${r.firstRowsMs.toFixed(1)} ms (${r.gridRows} rows)`);
        return r;
      },
      (r) => r.firstRowsMs,
    );
    if (tracePath) {
      const traced = await firstRowsRound(browser, bridge.url, resolve(tracePath));
      console.log(`trace of one more round (first rows ${traced.firstRowsMs.toFixed(1)} ms) written to ${resolve(tracePath)}`);
    }
    return rounds;
  } finally {
    await browser.close();
    bridge.stop();
  }
}

/** Median of each page mark over the rounds, in time order: where the first rows' time goes. */
function markSummary(rounds: PageRound[]): string {
  const names = [...new Set(rounds.flatMap((r) => Object.keys(r.marks)))];
  const medians = names.map((n) => [n, median(rounds.flatMap((r) => (n in r.marks ? [r.marks[n]] : [])))] as const);
  return medians
    .sort((a, b) => a[1] - b[1])
    .map(([n, v]) => `${n}=${v.toFixed(0)}`)
    .join(' ');
}

async function main(): Promise<void> {
  ensureRenderer();
  const { mainKib, initialKib } = chunkSizes();
  await ensureTags(TAGS);
  console.log(
    `${TAGS} bench tags on ${host}; renderer ${rendererDir}: main chunk ${mainKib.toFixed(1)} KiB, ${initialKib.toFixed(1)} KiB of script before the first rows`,
  );

  const bundle = await bundleCoreChild();
  const core = await roundsUntilSteady(
    roundsPlan(5, 10),
    async () => coreRound(bundle),
    (r) => r.ready_ms,
  );
  console.log(
    `core: ready ${core.map((r) => r.ready_ms.toFixed(0)).join(', ')} ms after its first module (node itself: ~${median(core.map((r) => r.boot_ms)).toFixed(0)} ms)`,
  );

  const page = await pageRounds();
  const firstRows = page.map((r) => r.firstRowsMs);
  console.log(`page marks (median ms from navigation start): ${markSummary(page)}`);
  printBenchLine('startup', {
    first_rows_ms: Number(median(firstRows).toFixed(1)),
    core_ready_ms: Number(median(core.map((r) => r.ready_ms)).toFixed(1)),
    main_chunk_kib: Number(mainKib.toFixed(1)),
    initial_js_kib: Number(initialKib.toFixed(1)),
    rows: page[0].gridRows,
    spread: Number(spreadOf(firstRows).toFixed(3)),
  });
}

let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  stopBridge?.();
  await removeTags().catch((err: unknown) => console.error(`could not remove the bench tags ${REPO}:*: ${String(err)}`));
  rmSync(scratch, { recursive: true, force: true });
}

process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

// The benches' one ending: cleanup either way, `bench:startup FAILED: …` and exit 1, or exit 0.
runBench('startup', () => withCleanup(main, cleanUp));
