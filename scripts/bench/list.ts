// `npm run bench:list`: how fast Stevedore lists images compared with the raw engine API and the
// docker CLI on the same engine, in one run, at 1,000 and 5,000 tags; and how long the renderer
// takes from data to painted rows for 5,000 rows in Chromium. Prints ratios; asserts nothing.
// Needs the test stack: `bash scripts/test-stack/up.sh` (or DOCKER_HOST pointing at an engine).
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import Dockerode from 'dockerode';
import { chromium } from '@playwright/test';
import { startBridge } from '../../electron/bridge/server';
import { EngineConnection } from '../../electron/core/engine/engine';
import { dockerodeOptions } from '../../electron/core/engine/engine-endpoint';
import { expandImageRows } from '../../electron/core/images/format/image-format';
import { listImageSummaries } from '../../electron/core/images/images';
import { StevedoreCore } from '../../electron/core/service';
import { loadStackEnv } from '../../tests/support/stack';

const REPO = 'stevedore-bench/list';
const benchTagFilter = { filters: JSON.stringify({ reference: { [`${REPO}:*`]: true } }) } as Dockerode.ListImagesOptions;
const RUNS = 9;
const stack = loadStackEnv();
const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;
const docker = new Dockerode(dockerodeOptions({ host, source: 'env' }));
const socketPath = host.replace(/^unix:\/\//, '');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Makes exactly `count` bench tags exist (t0..t{count-1}), spread over the given source images. */
async function ensureTags(count: number, sources: string[]): Promise<void> {
  const existing = new Set((await docker.listImages(benchTagFilter)).flatMap((i) => i.RepoTags ?? []));
  const wanted = Array.from({ length: count }, (_, i) => i).filter((i) => !existing.has(`${REPO}:t${i}`));
  await pool(wanted, 8, (i) => docker.getImage(sources[i % sources.length]).tag({ repo: REPO, tag: `t${i}` }));
  const extra = [...existing].filter((t) => Number(t.slice(REPO.length + 2)) >= count);
  await pool(extra, 8, (t) =>
    docker
      .getImage(t)
      .remove({ noprune: true })
      .catch(() => undefined),
  );
}

async function removeTags(): Promise<void> {
  const tags = (await docker.listImages(benchTagFilter)).flatMap((i) => i.RepoTags ?? []);
  await pool(tags, 8, (t) =>
    docker
      .getImage(t)
      .remove({ noprune: true })
      .catch(() => undefined),
  );
}

function rawApi(): Promise<void> {
  return new Promise((resolveReq, reject) => {
    request({ socketPath, path: '/images/json', method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolveReq();
      });
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function measure(): Promise<{ core: number; api: number; cli: number; rows: number }> {
  const core: number[] = [];
  const api: number[] = [];
  const cli: number[] = [];
  let rows = 0;
  // Interleaved, after one warm-up each, so caches and CPU state treat all three alike.
  await rawApi();
  await listImageSummaries(docker, { all: false, filters: [], apiVersion: '1.41' });
  for (let i = 0; i < RUNS; i++) {
    let t = process.hrtime.bigint();
    await rawApi();
    api.push(ms(t));
    t = process.hrtime.bigint();
    const images = await listImageSummaries(docker, { all: false, filters: [], apiVersion: '1.41' });
    rows = expandImageRows(images, { digests: false, formatUsesDigest: false }).length;
    core.push(ms(t));
    t = process.hrtime.bigint();
    execFileSync(stack.dockerCli || 'docker', ['images'], {
      env: { ...process.env, DOCKER_HOST: host },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    cli.push(ms(t));
  }
  return { core: median(core), api: median(api), cli: median(cli), rows };
}

async function paintMs(): Promise<number> {
  const core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host, source: 'env' } }) });
  await core.start();
  const bridge = await startBridge({ core, staticDir: resolve('dist/renderer') });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(bridge.url);
    await page.getByRole('grid').waitFor();
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => performance.clearMarks());
      await page.getByRole('button', { name: /^refresh$/i }).click();
      const d = await page.waitForFunction(
        () => {
          const data = performance.getEntriesByName('stevedore:images-data').at(-1);
          const painted = performance.getEntriesByName('stevedore:images-painted').at(-1);
          return data && painted && painted.startTime >= data.startTime ? painted.startTime - data.startTime : null;
        },
        undefined,
        { timeout: 30_000 },
      );
      samples.push((await d.jsonValue()) as number);
    }
    return median(samples);
  } finally {
    await browser.close();
    await bridge.close();
    core.dispose();
  }
}

async function main(): Promise<void> {
  const sources = (await docker.listImages()).flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').slice(0, 1));
  if (sources.length === 0) throw new Error('no tagged image on the engine to tag from; run scripts/test-stack/up.sh');
  let last = { core: 0, api: 0, cli: 0, rows: 0 };
  try {
    for (const n of [1000, 5000]) {
      await ensureTags(n, sources);
      last = await measure();
      console.log(
        `tags=${n} rows=${last.rows} core_ms=${last.core.toFixed(1)} api_ms=${last.api.toFixed(1)} cli_ms=${last.cli.toFixed(1)} ` +
          `ratio_vs_api=${(last.core / last.api).toFixed(3)} ratio_vs_cli=${(last.core / last.cli).toFixed(3)}`,
      );
    }
    const paint = await paintMs();
    console.log(
      `BENCH list ratio_vs_api=${(last.core / last.api).toFixed(3)} ratio_vs_cli=${(last.core / last.cli).toFixed(3)} paint_ms_5000=${paint.toFixed(1)}`,
    );
  } finally {
    await removeTags();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
