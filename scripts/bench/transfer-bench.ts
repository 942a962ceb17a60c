// Shared parts of `bench:save` and `bench:load`: the engine of the test stack, a >= 1 GiB image
// of random bytes (made once with `docker import`, then kept on the engine across runs), timing
// of the three contenders, and the core's resident-memory growth.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { dockerodeOptions } from '../../electron/core/engine/engine-endpoint';
import { loadStackEnv } from '../../tests/support/stack';

export const BIG_IMAGE = 'stevedore-bench/big:1g';
export const BIG_BYTES = Number(process.env.STEVEDORE_BENCH_BYTES || 1024 ** 3);
const BENCH_LABEL = `org.stevedore.bench=random-${BIG_BYTES}`;
// Five rounds: with three, one disturbed round (a CI neighbour, a writeback burst) moved the
// median ratio by several percent.
export const RUNS = Number(process.env.STEVEDORE_BENCH_RUNS || 5);

const stack = loadStackEnv();
export const host = process.env.STEVEDORE_TEST_DOCKER_HOST || stack.dockerHost;
export const socketPath = host.replace(/^unix:\/\//, '');
export const docker = new Dockerode(dockerodeOptions({ host, source: 'env' }));
export const cliBinary = stack.dockerCli || 'docker';
export const cliEnv = { ...process.env, DOCKER_HOST: host };

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
export const MiB = 1024 * 1024;

export function workDir(): string {
  return mkdtempSync(join(process.env.STEVEDORE_BENCH_DIR || tmpdir(), 'stevedore-bench-'));
}

export function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { env: cliEnv, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

export async function imageExists(ref: string): Promise<boolean> {
  try {
    const info = await docker.getImage(ref).inspect();
    return info.Config?.Labels?.['org.stevedore.bench'] === BENCH_LABEL.split('=')[1];
  } catch {
    return false;
  }
}

/** The big image, made once: random bytes do not compress, so no layer of the path can cheat. */
export async function ensureBigImage(dir: string): Promise<void> {
  if (await imageExists(BIG_IMAGE)) return;
  console.log(`creating ${BIG_IMAGE} (${(BIG_BYTES / MiB).toFixed(0)} MiB of random data, once)...`);
  const script = [
    'set -e',
    'root="$1/rootfs"; mkdir -p "$root"',
    'head -c "$2" /dev/urandom > "$root/random.bin"',
    `tar -C "$root" -cf - . | "$3" import --change 'LABEL ${BENCH_LABEL}' - "$4" >/dev/null`,
    'rm -rf "$root"',
  ].join('\n');
  execFileSync('sh', ['-c', script, 'sh', dir, String(BIG_BYTES), cliBinary, BIG_IMAGE], { env: cliEnv, stdio: 'inherit' });
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
  before?: () => Promise<void>;
  run: () => Promise<void>;
  after?: () => Promise<void>;
}

export interface RaceResult {
  /** Median seconds per contender. */
  median: Record<string, number>;
  /**
   * Median over rounds of core/api and core/cli within the same round: contenders of one round
   * share the machine's state of the moment, which a shared CI box changes from minute to minute.
   */
  ratioVsApi: number;
  ratioVsCli: number;
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

/**
 * One warm-up each, then RUNS rounds in which the contenders take turns, so page cache and
 * engine state treat all three alike. Each timed run starts after `before` and a `sync`.
 */
export async function race(contenders: Contender[], onCoreRun: (measure: () => Promise<void>) => Promise<void>): Promise<RaceResult> {
  const times: Record<string, number[]> = {};
  for (const c of contenders) {
    await c.before?.();
    await c.run();
    await c.after?.();
  }
  let cpu = 0;
  for (let round = 0; round < RUNS; round++) {
    for (const c of contenders) {
      await c.before?.();
      settleDisk();
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      if (c.name === 'core') await onCoreRun(c.run);
      else await c.run();
      (times[c.name] ??= []).push(seconds(t0));
      if (c.name === 'core') {
        const used = process.cpuUsage(c0);
        cpu += (used.user + used.system) / 1e6;
      }
      await c.after?.();
    }
  }
  const out: Record<string, number> = {};
  for (const [name, xs] of Object.entries(times)) {
    out[name] = median(xs);
    console.log(`${name}: ${xs.map((x) => x.toFixed(2)).join(' ')} s (median ${out[name].toFixed(2)} s)`);
  }
  const paired = (other: string) => median(times.core.map((t, i) => t / times[other][i]));
  return { median: out, ratioVsApi: paired('api'), ratioVsCli: paired('cli'), coreCpu: cpu / RUNS };
}
