// The listing half of `npm run bench:list`: at one tag count, the core's whole images.list
// (core.handle: the request's validation, GET /images/json through dockerode, the CLI's row
// expansion: what both transports call) against the raw Engine API (one GET /images/json and its
// JSON.parse, nothing else) and the docker CLI (`docker images`, its process start included).
// Rounds alternate which side goes first; the ratio is the median of the rounds' own ratios. The
// rounds re-list an unchanged engine, as the app does on most events (the core then reuses the rows
// of images that did not change); core_first_ms is its first list after the tags changed.
// Before timing anything it proves each side listed every bench tag. The reply's JSON (what the bridge sends the page) is measured apart, as information.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import type { ImageListResult, Result } from '../../shared/contract';
import type { StevedoreCore } from '../../electron/core/service';
import { median, ms, prove, roundsFromEnv, roundsPlan, spreadOf, steadyRounds, SMOKE } from './bench-kit';

export interface ListingTarget {
  core: StevedoreCore;
  /** The engine's unix socket (the raw API side speaks HTTP over it). */
  socketPath: string;
  /** `docker` and the environment it runs in (DOCKER_HOST of the same engine). */
  cli: { path: string; env: NodeJS.ProcessEnv };
  /** The bench tags' repository and how many numbered tags it holds now. */
  repo: string;
  tags: number;
}

export interface ListingFigures {
  rows: number;
  /**
   * Median over the rounds of core/API, each round's two lists taken back to back: a burst of load
   * from a neighbour slows both sides of a round alike, where a ratio of medians would take one
   * side's median from a calm moment and the other's from a busy one.
   */
  ratioVsApi: number;
  /**
   * The core's first list after the tags changed (one sample): the rounds after it re-list an
   * unchanged engine, as the app does on most events, and reuse the rows of unchanged images.
   */
  coreFirstMs: number;
  coreMs: number;
  apiMs: number;
  cliMs: number;
  /** max/min of the core's rounds used, and of the API's. */
  spread: number;
  apiSpread: number;
  steady: boolean;
  rounds: number;
  /** The images.list reply as the bridge sends it: size and JSON.stringify time (median of a few). */
  replyKib: number;
  replyJsonMs: number;
}

/** The raw API: GET /images/json, the body read whole and parsed, as any client must. */
function rawApi(socketPath: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    request({ socketPath, path: '/images/json', method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          if (res.statusCode !== 200) throw new Error(`GET /images/json answered ${res.statusCode}`);
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[]);
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const LIST_REQUEST = { all: false, filters: [], digests: false };

async function coreList(core: StevedoreCore): Promise<ImageListResult> {
  const result = (await core.handle('images.list', LIST_REQUEST)) as Result<ImageListResult>;
  if (!result.ok) throw new Error(`images.list failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

function cli(target: ListingTarget, capture: boolean): string {
  const run = spawnSync(target.cli.path, ['images'], {
    env: target.cli.env,
    stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw new Error(`docker images could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`docker images exited with ${run.status}: ${(run.stderr ?? '').trim().slice(0, 300)}`);
  return capture ? run.stdout : '';
}

const numberedTag = /^t\d+$/;

/** Each side must list every bench tag once, or its time measures something else. */
async function proveListing(target: ListingTarget): Promise<{ rows: number; coreFirstMs: number }> {
  const { repo, tags } = target;
  const api = (await rawApi(target.socketPath)) as { RepoTags?: string[] }[];
  const apiTags = api
    .flatMap((i) => i.RepoTags ?? [])
    .filter((t) => t.startsWith(`${repo}:t`) && numberedTag.test(t.slice(repo.length + 1)));
  prove(apiTags.length === tags, `the raw API listed ${apiTags.length} of the ${tags} bench tags of ${repo}`);
  // The core's first list since the tags changed: every changed image's rows made afresh.
  const t0 = process.hrtime.bigint();
  const { rows } = await coreList(target.core);
  const coreFirstMs = ms(t0);
  const coreTags = rows.filter((r) => r.repository === repo && numberedTag.test(r.tag));
  prove(coreTags.length === tags, `the core listed ${coreTags.length} of the ${tags} bench tags of ${repo}`);
  const cliTags = cli(target, true)
    .split('\n')
    .filter((line) => {
      const [name, tag] = line.split(/\s+/);
      return name === repo && numberedTag.test(tag ?? '');
    });
  prove(cliTags.length === tags, `docker images printed ${cliTags.length} of the ${tags} bench tags of ${repo}`);
  return { rows: rows.length, coreFirstMs };
}

interface Round {
  core: number;
  api: number;
  cli: number;
}

export async function measureListing(target: ListingTarget): Promise<ListingFigures> {
  const { rows, coreFirstMs } = await proveListing(target);
  // One unmeasured run of each side: sockets, caches and the JIT warm for all three alike.
  await rawApi(target.socketPath);
  await coreList(target.core);
  const sides = {
    api: async () => {
      const t0 = process.hrtime.bigint();
      await rawApi(target.socketPath);
      return ms(t0);
    },
    core: async () => {
      const t0 = process.hrtime.bigint();
      await coreList(target.core);
      return ms(t0);
    },
  };
  const { wanted, max } = roundsFromEnv(9);
  const plan = roundsPlan(wanted, max);
  const result = await steadyRounds<Round>(
    plan,
    async (i) => {
      // Alternate which of the two goes first; the CLI (a process start) comes last.
      const first = i % 2 === 0 ? 'api' : 'core';
      const a = await sides[first]();
      const b = await sides[first === 'api' ? 'core' : 'api']();
      const t0 = process.hrtime.bigint();
      cli(target, false);
      const c = ms(t0);
      return first === 'api' ? { api: a, core: b, cli: c } : { core: a, api: b, cli: c };
    },
    (r) => r.core,
  );
  const used = result.used;

  // What the bridge sends: JSON.stringify of the result frame (Electron's IPC clones instead).
  const json: number[] = [];
  let bytes = 0;
  for (let i = 0; i < (SMOKE ? 1 : 3); i++) {
    const value = await coreList(target.core);
    const t0 = process.hrtime.bigint();
    const text = JSON.stringify({ type: 'result', id: 1, result: { ok: true, value } });
    json.push(ms(t0));
    bytes = Buffer.byteLength(text);
  }

  return {
    rows,
    ratioVsApi: median(used.map((r) => r.core / r.api)),
    coreFirstMs,
    coreMs: median(used.map((r) => r.core)),
    apiMs: median(used.map((r) => r.api)),
    cliMs: median(used.map((r) => r.cli)),
    spread: result.spread,
    apiSpread: spreadOf(used.map((r) => r.api)),
    steady: result.steady,
    rounds: result.all.length,
    replyKib: bytes / 1024,
    replyJsonMs: median(json),
  };
}
