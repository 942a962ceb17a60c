// `npm run bench:list`: how fast Stevedore lists images against the raw Engine API and the docker
// CLI on the same engine, at 1,000, 5,000 and 20,000 tags; how long the page takes from a changed
// list's arrival to its painted rows at each size; and, at 20,000 rows, the input latency of typing
// in the quick filter and scrolling. Prints one BENCH line per size, `BENCH list-input …`, and last
// `BENCH list ratio_vs_api=<5,000> ratio_vs_api_20k=… paint_ms_5000=… paint_ms_20000=…`.
// Goals (issue #15): ratio_vs_api <= 1.1 at 5,000 and 20,000, paint < 100 ms, input p95 < 50 ms.
// Measures and proves its work; judges no figure.
//
// Needs the test stack (bash scripts/test-stack/up.sh; its env file is read) and a built renderer
// (dist/renderer, built here when missing; STEVEDORE_RENDERER_DIR serves another). Making 20,000
// tags takes the engine minutes: run the full bench on a stack of its own (STEVEDORE_STACK_DIR=…),
// STEVEDORE_BENCH_KEEP_TAGS=1 keeps them for the next run. STEVEDORE_BENCH_LIST_SIZES=5000 measures
// only the sizes named (no final line then unless 5,000 and 20,000 are among them).
// `--smoke`: a few hundred tags of its own repository, one round, every line printed (each size
// field of the last line then holds the smoke size's figure), its tags removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { loadStackEnv } from '../../tests/support/stack';
import { median, printBenchLine, prove, roundsFromEnv, roundsPlan, runBench, SMOKE, steadyRounds, withCleanup } from './bench-kit';
import { measureListing, type ListingFigures } from './list-core';
import { inputLatency, type InputFigures } from './list-input';
import { launchCdpChromium, type CdpBrowser } from './list-cdp';
import { openGrid, paintSample, rendererDir } from './list-page';
import { BenchTags, removeStaleSmokeTags } from './list-tags';

const FULL_SIZES = [1000, 5000, 20000];
const SMOKE_SIZE = 300;

function sizes(): number[] {
  if (SMOKE) return [SMOKE_SIZE];
  const asked = process.env.STEVEDORE_BENCH_LIST_SIZES;
  if (!asked) return FULL_SIZES;
  const list = asked.split(',').map((s) => Number(s.trim()));
  prove(
    list.length > 0 && list.every((n) => Number.isSafeInteger(n) && n > 0),
    `STEVEDORE_BENCH_LIST_SIZES=${asked}: give tag counts separated by commas`,
  );
  return list;
}

interface SizeFigures {
  tags: number;
  listing: ListingFigures;
  paintMs: number;
  paintSpread: number;
  paintRounds: number;
}

/**
 * Paint samples at one size: each round changes the engine's data (the tag `p` added, then
 * removed, in turn) and times the page from that list's arrival to its painted rows.
 */
async function measurePaint(
  grid: Awaited<ReturnType<typeof openGrid>>,
  tags: BenchTags,
): Promise<{ ms: number; spread: number; rounds: number }> {
  const tag = 'p';
  // The row's key holds `|repository|tag|`: in the answer while the tag exists, gone once removed.
  const text = `|${tags.repo}|${tag}|`;
  const { wanted, max } = roundsFromEnv(6);
  const add = () => paintSample(grid, () => tags.add(tag), { text, present: true }, `with the tag ${tags.repo}:${tag} just added`);
  const remove = () =>
    paintSample(
      grid,
      () => tags.untag([`${tags.repo}:${tag}`]),
      { text, present: false },
      `without the tag ${tags.repo}:${tag} just removed`,
    );
  const result = await steadyRounds(
    roundsPlan(wanted, max),
    async (i) => {
      const ms = await (i % 2 === 0 ? add() : remove());
      console.log(`paint round ${i + 1} (tag ${i % 2 === 0 ? 'added' : 'removed'}): ${ms.toFixed(1)} ms`);
      return ms;
    },
    (ms) => ms,
    (line) => console.log(`paint: ${line}`),
  );
  // An odd number of rounds left the tag on: remove it the same way, so the page shows every row again.
  if (result.all.length % 2 === 1) await remove();
  return { ms: median(result.used), spread: result.spread, rounds: result.all.length };
}

async function measureSize(
  n: number,
  ctx: {
    core: StevedoreCore;
    socketPath: string;
    cli: { path: string; env: NodeJS.ProcessEnv };
    tags: BenchTags;
    browser: CdpBrowser;
    bridge: Bridge;
  },
  withInput: boolean,
): Promise<{ size: SizeFigures; input?: InputFigures }> {
  const prepMs = await ctx.tags.ensure(n);
  console.log(`${n} tags of ${ctx.tags.repo} ready (${(prepMs / 1000).toFixed(1)} s)`);
  const listing = await measureListing({ core: ctx.core, socketPath: ctx.socketPath, cli: ctx.cli, repo: ctx.tags.repo, tags: n });
  const grid = await openGrid(ctx.browser, ctx.bridge.url, n);
  try {
    const paint = await measurePaint(grid, ctx.tags);
    const input = withInput
      ? await inputLatency(
          grid,
          `${ctx.tags.repo.split('/').pop()}:t${n - 1}`,
          SMOKE ? { passes: 1, wheels: 8 } : { passes: 2, wheels: 40 },
        )
      : undefined;
    return { size: { tags: n, listing, paintMs: paint.ms, paintSpread: paint.spread, paintRounds: paint.rounds }, input };
  } finally {
    await grid.close();
  }
}

function printSize(s: SizeFigures): void {
  const l = s.listing;
  printBenchLine('list-size', {
    tags: s.tags,
    rows: l.rows,
    ratio_vs_api: l.ratioVsApi,
    spread: l.spread,
    core_ms: l.coreMs,
    core_first_ms: l.coreFirstMs,
    api_ms: l.apiMs,
    api_spread: l.apiSpread,
    cli_ms: l.cliMs,
    ratio_vs_cli: l.coreMs / l.cliMs,
    rounds: l.rounds,
    steady: l.steady ? 1 : 0,
    paint_ms: s.paintMs,
    paint_spread: s.paintSpread,
    paint_rounds: s.paintRounds,
    reply_kib: l.replyKib,
    reply_json_ms: l.replyJsonMs,
  });
}

async function main(): Promise<void> {
  const stack = loadStackEnv();
  const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;
  prove(host.startsWith('unix://'), `bench:list times the raw API over the engine's unix socket; the engine is ${host}`);
  const socketPath = host.slice('unix://'.length);
  const staticDir = rendererDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'stevedore-bench-list-'));
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host, source: 'env' } }),
    dataDir,
    dockerConfigDir: dataDir,
  });
  await core.start();
  const status = core.engine.status;
  prove(status.reachable, `the engine at ${host} does not answer (${status.error ?? 'unreachable'}): run bash scripts/test-stack/up.sh`);
  const docker = core.engine.docker;
  if (SMOKE) await removeStaleSmokeTags(docker);
  const tags = new BenchTags(docker, SMOKE ? `stevedore-bench/list-smoke-${process.pid}` : 'stevedore-bench/list');
  const keep = !SMOKE && process.env.STEVEDORE_BENCH_KEEP_TAGS === '1';
  const cli = { path: stack.dockerCli || 'docker', env: { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: dataDir } };
  const bridge = await startBridge({ core, staticDir });
  const browser = await launchCdpChromium();
  const largest = Math.max(...sizes());
  // Tags kept from a run before (STEVEDORE_BENCH_KEEP_TAGS=1): largest size first, then down, so
  // no tag is removed only to be made again (each costs the engine a rewrite of its tag store).
  const kept = (await tags.current()).length;
  const counts = [...sizes()].sort((a, b) => (kept >= largest ? b - a : a - b));
  if (kept > 0) console.log(`${kept} tags of ${tags.repo} already on the engine: measuring ${counts.join(', ')} tags in that order`);

  const results: SizeFigures[] = [];
  let input: InputFigures | undefined;
  // The tags go before the last lines are printed: the BENCH list line is the last line out.
  await withCleanup(
    async () => {
      for (const n of counts) {
        const r = await measureSize(n, { core, socketPath, cli, tags, browser, bridge }, n === largest);
        printSize(r.size);
        results.push(r.size);
        input ??= r.input;
      }
    },
    async () => {
      await browser.close().catch(() => undefined);
      await bridge.close().catch(() => undefined);
      if (keep) console.log(`keeping the tags of ${tags.repo} (STEVEDORE_BENCH_KEEP_TAGS=1)`);
      else await tags.removeAll();
      core.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  );

  prove(input, 'the input latency was not measured');
  printBenchLine('list-input', {
    p95_ms: input.p95,
    typing_p95_ms: input.typingP95,
    scroll_p95_ms: input.scrollP95,
    rows: results.find((r) => r.tags === largest)!.listing.rows,
    events: input.events,
  });
  const at = (n: number) => (SMOKE ? results[0] : results.find((r) => r.tags === n));
  const mid = at(5000);
  const big = at(20000);
  if (!mid || !big) {
    console.log(`partial run (${counts.join(', ')} tags): no BENCH list line, which needs 5,000 and 20,000`);
    return;
  }
  if (SMOKE) console.log(`smoke: every size field below is the ${SMOKE_SIZE}-tag figure`);
  printBenchLine('list', {
    ratio_vs_api: mid.listing.ratioVsApi,
    ratio_vs_api_20k: big.listing.ratioVsApi,
    paint_ms_5000: mid.paintMs,
    paint_ms_20000: big.paintMs,
    spread: mid.listing.spread,
    spread_20k: big.listing.spread,
    paint_spread_5000: mid.paintSpread,
    paint_spread_20000: big.paintSpread,
  });
}

runBench('list', main);
