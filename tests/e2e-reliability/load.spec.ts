// LOAD: 20 concurrent jobs (pulls, saves, loads) while the grid lists 5,000 rows and engine events
// stream in (a tag made or removed every second, each one a re-list of 5,000 rows). Every job must
// finish correctly, and the renderer must stay responsive: keys typed into the filter field are
// timed in the page, from the event's timestamp to the next animation frame, and the p95 is
// reported (and bounded). The core and bridge run in this process, as in the Electron main process.
// Also the banner: the engine killed under the open page shows it, and it goes when the engine returns.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import type { JobSnapshot, LoadJobResult, PullJobResult, Result, TarPreview } from '../../shared/contract';
import { coreImageLines, jobEnd, settle, startJob, startPrivateCore, type PrivateCore } from '../reliability/support/core-harness';
import {
  BASE,
  BIG,
  cliImageLines,
  docker,
  dockerTry,
  imageExists,
  imageId,
  killEngine,
  MANY,
  MANY_TAGS,
  PRIVATE_REGISTRY,
  PRIVATE_STACK_DIR,
  privateStackUp,
  startEngine,
  unique,
} from '../reliability/support/private-stack';
import { Tally } from '../reliability/support/tally';

/** p95 of input-to-next-frame while the jobs run; a renderer blocked by 5,000-row re-lists fails it. */
const LATENCY_BUDGET_MS = Number(process.env.STEVEDORE_LATENCY_BUDGET_MS || 1000);
/** Pause between churn steps (a tag made, then removed): 1 s by default; 400 ms to stress re-lists. */
const CHURN_MS = Number(process.env.STEVEDORE_LOAD_CHURN_MS || 1000);
const root = resolve(import.meta.dirname, '../..');
const PULLS = 7;
const SAVES = 7;
const LOADS = 6;

let pc: PrivateCore;
let bridge: Bridge;
let listRequests = 0;
const cleanup: string[] = [];

test.beforeAll(async () => {
  if (!existsSync(join(root, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run npm run build:renderer');
  privateStackUp();
  pc = await startPrivateCore();
  // Counts the page's images.list requests (what the event pacing in the renderer bounds).
  const handle = pc.core.handle.bind(pc.core);
  pc.core.handle = ((channel: string, request: unknown) => {
    if (channel === 'images.list') listRequests++;
    return handle(channel as never, request as never);
  }) as typeof pc.core.handle;
  bridge = await startBridge({ core: pc.core, staticDir: join(root, 'dist/renderer') });
});

test.afterAll(async () => {
  await bridge?.close();
  pc?.dispose();
  for (const ref of cleanup) dockerTry('rmi', ref);
});

/** Registry-only images to pull: pushed once per stack folder, never kept locally. */
function pullSources(): string[] {
  return Array.from({ length: PULLS }, (_, i) => {
    const ref = `${PRIVATE_REGISTRY}/rel/load-pull-${i}:1`;
    const stored = join(PRIVATE_STACK_DIR, `registry/open-data/docker/registry/v2/repositories/rel/load-pull-${i}/_manifests/tags/1`);
    if (!existsSync(stored)) {
      docker('tag', i % 2 ? BIG : BASE, ref);
      docker('push', ref);
    }
    dockerTry('rmi', ref);
    return ref;
  });
}

/** Archives to load: each holds a tag the engine does not have (so the load must create it). */
function loadSources(dir: string): { path: string; ref: string }[] {
  return Array.from({ length: LOADS }, (_, i) => {
    const ref = `rel/${unique(`load-in-${i}`)}:1`;
    const path = join(dir, `in-${i}.tar`);
    docker('tag', i % 2 ? BIG : BASE, ref);
    docker('save', '-o', path, ref);
    docker('rmi', ref);
    cleanup.push(ref);
    return { path, ref };
  });
}

/** Records, in the page, the delay from each keydown's timestamp to the next animation frame. */
async function installLatencyProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__latencies = [];
    document.addEventListener('keydown', (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => window.__latencies.push(performance.now() - t0));
    }, true);
  })()`);
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

test('20 concurrent jobs while 5,000 rows are listed and events stream in', async ({ page }) => {
  const tally = new Tally('LOAD', 'browser');
  const dir = join(pc.dir, 'load');
  mkdirSync(dir);
  const pulls = pullSources();
  const loads = loadSources(dir);
  const saves: { refs: string[]; path: string }[] = Array.from({ length: SAVES }, (_, i) => ({
    refs: i % 3 === 0 ? [BIG] : i % 3 === 1 ? [BASE] : [`${MANY}:t${i}`, `${MANY}:t${i + 100}`],
    path: join(dir, `out-${i}.tar`),
  }));
  cleanup.push(...pulls);
  const names = [
    ...pulls.map((r) => `pull ${r}`),
    ...saves.map((s) => `save ${s.refs.join(' ')} #${s.path.slice(-6)}`),
    ...loads.map((l) => `load ${l.ref}`),
  ];
  for (const n of names) tally.declare(n);
  tally.write();

  // The page, with every row there: 5,000 tags of one repository plus the rest.
  await page.goto(bridge.url);
  const grid = page.getByRole('grid', { name: 'Images' });
  await expect(grid).toBeVisible();
  const rows = cliImageLines().length;
  expect(rows).toBeGreaterThan(MANY_TAGS);
  await expect(grid).toHaveAttribute('aria-rowcount', String(rows + 1), { timeout: 30_000 });
  await installLatencyProbe(page);
  const filter = page.getByRole('searchbox', { name: 'Filter rows' });
  await filter.click();

  // Events: a tag made or removed every second, each a re-list of the whole grid.
  let churning = true;
  const churn = (async () => {
    for (let k = 0; churning; k++) {
      const tag = `c${k % 10}`;
      await pc.core.engine.docker
        .getImage(BASE)
        .tag({ repo: 'rel/churn', tag })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, CHURN_MS));
      await pc.core.engine.docker
        .getImage(`rel/churn:${tag}`)
        .remove()
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, CHURN_MS));
    }
  })();

  const started = Date.now();
  const listsBefore = listRequests;
  const jobIds = await Promise.all([
    ...pulls.map((reference) => startJob(pc.core, 'images.pull', { reference })),
    ...saves.map((s) => startJob(pc.core, 'images.save', s)),
    ...loads.map((l) => startJob(pc.core, 'images.load', { paths: [l.path] })),
  ]);
  expect(new Set(jobIds).size).toBe(20);
  const ends = Promise.all(jobIds.map((id) => jobEnd(pc.core, id, 180_000)));
  let finished = false;
  void ends.finally(() => (finished = true));

  // Keys into the filter while the jobs run (at least 40 of them): type, then erase.
  const text = 'rel/many:t12';
  let presses = 0;
  while (!finished || presses < 40) {
    const i = presses % (text.length * 2);
    await page.keyboard.press(i < text.length ? text[i] : 'Backspace');
    presses++;
    await page.waitForTimeout(40);
  }
  const results: JobSnapshot[] = await ends;
  const jobsMs = Date.now() - started;
  const jobLists = listRequests - listsBefore;
  churning = false;
  await churn;
  const latencies = (await page.evaluate('window.__latencies')) as number[];
  const p95 = Math.round(percentile(latencies, 95) * 10) / 10;
  tally.set('p95_input_latency_ms', p95);

  // Every job, checked against the engine.
  const problems: string[] = [];
  const check = async (name: string, job: JobSnapshot, verify: () => Promise<void> | void) => {
    try {
      expect(job.state, `${name}: ${job.error?.code} ${job.error?.message}`).toBe('succeeded');
      await verify();
      tally.record(name, true);
    } catch (err) {
      tally.record(name, false);
      problems.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  let k = 0;
  for (const ref of pulls) {
    const job = results[k++];
    await check(`pull ${ref}`, job, () => expect((job.result as PullJobResult).id).toBe(imageId(ref)));
  }
  for (const s of saves) {
    const job = results[k++];
    await check(`save ${s.refs.join(' ')} #${s.path.slice(-6)}`, job, async () => {
      const preview = (await pc.core.handle('images.loadPreview', { path: s.path })) as Result<TarPreview>;
      expect(preview.ok && [...preview.value.tags].sort()).toEqual([...s.refs].sort());
    });
  }
  for (const l of loads) {
    const job = results[k++];
    await check(`load ${l.ref}`, job, () => {
      expect((job.result as LoadJobResult).loaded).toContain(`Loaded image: ${l.ref}`);
      expect(imageExists(l.ref)).toBe(true);
    });
  }
  tally.write();
  console.log(
    `LOAD jobs took ${jobsMs} ms; ${latencies.length} keys timed, p95 ${p95} ms, max ${Math.round(Math.max(...latencies))} ms; ${jobLists} images.list requests while the jobs ran`,
  );
  expect(problems).toEqual([]);
  expect(latencies.length).toBeGreaterThanOrEqual(40);
  expect(p95, 'p95 input latency (ms)').toBeLessThan(LATENCY_BUDGET_MS);

  // Once the churn stops, the core's list converges on the engine's.
  await settle(pc.core);
  expect(await coreImageLines(pc.core)).toEqual(cliImageLines());
});

test('the banner: engine killed under the open page, then back', async ({ page }) => {
  const tally = new Tally('FAULTS', 'browser');
  const name = 'engine killed under the open page: banner shown, then gone when the engine returns';
  tally.declare(name);
  tally.write();
  await page.goto(bridge.url);
  await expect(page.getByRole('grid', { name: 'Images' })).toBeVisible();
  const banner = page.getByRole('alert').filter({ hasText: 'Docker engine' });
  await expect(banner).toHaveCount(0);
  try {
    await killEngine();
    await expect(banner).toBeVisible({ timeout: 15_000 });
    startEngine();
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    tally.record(name, true);
  } finally {
    startEngine();
    tally.write();
  }
});
