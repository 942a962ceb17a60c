// Shared parts of `bench:save` and `bench:load`: the engine of the test stack, a >= 1 GiB image
// of random bytes (made once with `docker import`, then kept on the engine across runs; in smoke
// mode a 4 MiB one under a name of this run, removed at the end), the archive proofs, timing of
// the three contenders until the core's rounds are steady, and the core's resident-memory growth.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { dockerodeOptions } from '../../electron/core/engine/engine-endpoint';
import { manifestOfTar } from '../../shared/tar-manifest';
import { loadStackEnv } from '../../tests/support/stack';
import { median, MiB, prove, roundsFromEnv, roundsPlan, SMOKE, steadyRounds } from './bench-kit';

export { MiB };

export const BIG_IMAGE = SMOKE ? `stevedore-bench/smoke-${randomBytes(4).toString('hex')}:1` : 'stevedore-bench/big:1g';
export const BIG_BYTES = SMOKE ? 4 * MiB : Number(process.env.STEVEDORE_BENCH_BYTES || 1024 ** 3);
const BENCH_LABEL = `org.stevedore.bench=random-${BIG_BYTES}`;
// Five rounds: with three, one disturbed round (a CI neighbour, a writeback burst) moved the
// median ratio by several percent. Up to twice as many while the core's spread is above 1.10.
const ROUNDS = roundsFromEnv(5);

const stack = loadStackEnv();
export const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;
export const socketPath = host.replace(/^unix:\/\//, '');
export const docker = new Dockerode(dockerodeOptions({ host, source: 'env' }));
export const cliBinary = stack.dockerCli || 'docker';
export const cliEnv = { ...process.env, DOCKER_HOST: host };

export const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

export function workDir(): string {
  return mkdtempSync(join(process.env.STEVEDORE_BENCH_DIR || tmpdir(), 'stevedore-bench-'));
}

export function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { env: cliEnv, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

/** The image's ID when the engine has `ref` as the bench made it (its label), else undefined. */
export async function benchImageId(ref: string): Promise<string | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    return info.Config?.Labels?.['org.stevedore.bench'] === BENCH_LABEL.split('=')[1] ? info.Id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The big image, made once (smoke: made for this run): random bytes do not compress, so no
 * layer of the path can cheat. Returns its ID.
 */
export async function ensureBigImage(dir: string): Promise<string> {
  const existing = await benchImageId(BIG_IMAGE);
  if (existing) return existing;
  console.log(`creating ${BIG_IMAGE} (${(BIG_BYTES / MiB).toFixed(0)} MiB of random data${SMOKE ? '' : ', once'})...`);
  const script = [
    'set -e',
    'root="$1/rootfs"; mkdir -p "$root"',
    'head -c "$2" /dev/urandom > "$root/random.bin"',
    `tar -C "$root" -cf - . | "$3" import --change 'LABEL ${BENCH_LABEL}' - "$4" >/dev/null`,
    'rm -rf "$root"',
  ].join('\n');
  execFileSync('sh', ['-c', script, 'sh', dir, String(BIG_BYTES), cliBinary, BIG_IMAGE], { env: cliEnv, stdio: 'inherit' });
  const id = await benchImageId(BIG_IMAGE);
  prove(id, `made ${BIG_IMAGE} but the engine does not have it`);
  return id;
}

/** Removes the image; a missing one is fine. */
export async function removeBigImage(): Promise<void> {
  await docker
    .getImage(BIG_IMAGE)
    .remove()
    .catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
}

/** Smoke mode leaves nothing behind: its image goes. The full image stays for the next run of either bench. */
export async function forgetSmokeImage(): Promise<void> {
  if (SMOKE) await removeBigImage();
}

/**
 * Fails unless `path` is a docker save archive holding the image `id` under `ref`: manifest.json
 * (found by walking the tar's headers) names the ref and a config whose name is the ID.
 */
export async function proveArchiveHolds(path: string, ref: string, id: string, who: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    prove(size > 0, `${who}: ${path} is empty`);
    const readAt = async (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    };
    const manifest = await manifestOfTar(readAt, size, path);
    const hex = id.replace(/^sha256:/, '');
    const entry = manifest.find((m) => m.Config.includes(hex));
    prove(entry, `${who}: the archive's manifest.json has no image ${id.slice(0, 19)}`);
    prove(entry.RepoTags?.includes(ref), `${who}: the archive names ${ref} nowhere (RepoTags ${JSON.stringify(entry.RepoTags)})`);
    return size;
  } finally {
    await fh.close();
  }
}

/** Samples this process's RSS while `work` runs; returns the peak above `baseline`. */
export async function withRssPeak<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

export function settleMemory(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage.rss();
}

export interface Contender {
  name: 'core' | 'api' | 'cli';
  /** Untimed: the state the run starts from (no file, no image), proved. */
  before?: () => Promise<void>;
  run: () => Promise<void>;
  /** Untimed: fails unless the run did its work; answers the bytes it moved. */
  proof: () => Promise<number>;
}

export interface RaceResult {
  /** Median seconds per contender, over the rounds used. */
  median: Record<string, number>;
  /**
   * Median over rounds of core/api and core/cli within the same round: contenders of one round
   * share the machine's state of the moment, which a shared CI box changes from minute to minute.
   */
  ratioVsApi: number;
  ratioVsCli: number;
  /** max/min of the core's rounds used. */
  spread: number;
  /** Rounds taken. */
  rounds: number;
  /** Median MiB the core moved per round used. */
  movedMib: number;
  /** CPU seconds (user + system) this process spent in the core runs, per run. */
  coreCpu: number;
}

/**
 * Flushes dirty pages (not timed). A gigabyte load or save leaves a gigabyte or two of dirty
 * pages; without this the next contender pays for the previous one's writeback, whichever it is.
 */
export function settleDisk(): void {
  execFileSync('sync');
}

interface Timed {
  seconds: number;
  bytes: number;
  cpu: number;
}

async function timedRun(c: Contender, onCoreRun: (measure: () => Promise<void>) => Promise<void>): Promise<Timed> {
  await c.before?.();
  settleDisk();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (c.name === 'core') await onCoreRun(c.run);
  else await c.run();
  const elapsed = seconds(t0);
  const used = process.cpuUsage(c0);
  return { seconds: elapsed, bytes: await c.proof(), cpu: (used.user + used.system) / 1e6 };
}

/**
 * One warm-up each (not in smoke mode), then rounds in which the contenders take turns, the first
 * one changing every round, so page cache and engine state treat all three alike; rounds go on
 * while the core's spread is above 1.10, up to twice the rounds asked for.
 */
export async function race(contenders: Contender[], onCoreRun: (measure: () => Promise<void>) => Promise<void>): Promise<RaceResult> {
  if (!SMOKE) for (const c of contenders) await timedRun(c, (m) => m());
  const result = await steadyRounds(
    roundsPlan(ROUNDS.wanted, ROUNDS.max ?? ROUNDS.wanted * 2),
    async (round) => {
      const times: Record<string, Timed> = {};
      for (let i = 0; i < contenders.length; i++) {
        const c = contenders[(round + i) % contenders.length];
        times[c.name] = await timedRun(c, onCoreRun);
      }
      console.log(`round ${round + 1}: ${contenders.map((c) => `${c.name} ${times[c.name].seconds.toFixed(2)} s`).join(', ')}`);
      return times;
    },
    (r) => r.core.seconds,
  );
  const used = result.used;
  const out: Record<string, number> = {};
  for (const c of contenders) {
    out[c.name] = median(used.map((r) => r[c.name].seconds));
    console.log(`${c.name}: median ${out[c.name].toFixed(2)} s over ${used.length} rounds`);
  }
  const paired = (other: string) => median(used.map((r) => r.core.seconds / r[other].seconds));
  return {
    median: out,
    ratioVsApi: paired('api'),
    ratioVsCli: paired('cli'),
    spread: result.spread,
    rounds: result.all.length,
    movedMib: median(used.map((r) => r.core.bytes)) / MiB,
    coreCpu: used.reduce((sum, r) => sum + r.core.cpu, 0) / used.length,
  };
}
