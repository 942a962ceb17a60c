// What every bench shares: the smoke switch (`--smoke`: tiny inputs, one round, used by
// `npm run bench:smoke` inside `npm test`), medians, the spread of a contender's rounds, the rule
// "too noisy: take more rounds, up to a bound", the one format of a BENCH line (which the smoke
// parses back), and how a bench fails: one line saying what it could not prove, exit 1. A bench
// proves its work in its own file (bytes moved, layers downloaded); this file measures and prints.

/** True when the bench runs in its tiny mode: small inputs, one round, the BENCH line still printed. */
export const SMOKE = process.argv.includes('--smoke') || process.env.STEVEDORE_BENCH_SMOKE === '1';

/** Above this max/min of one contender's rounds the machine was too noisy to trust the median. */
export const NOISY_SPREAD = 1.1;

export const median = (xs: number[]): number => {
  if (xs.length === 0) throw new Error('median of no rounds');
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Milliseconds since `t0` (process.hrtime.bigint()). */
export const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** max/min of a contender's rounds (1 for a single round). */
export const spreadOf = (xs: number[]): number => (xs.length < 2 ? 1 : Math.max(...xs) / Math.max(Math.min(...xs), Number.EPSILON));

export const MiB = 1024 * 1024;

/**
 * The rounds a bench wants: BENCH_ROUNDS (or the older STEVEDORE_BENCH_RUNS) when set, else
 * `fallback`. BENCH_MAX_ROUNDS bounds the noisy-machine retries (default: 3 x the rounds).
 */
export function roundsFromEnv(fallback: number): { wanted: number; max: number | undefined } {
  const num = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
  const wanted = num(process.env.BENCH_ROUNDS) ?? num(process.env.STEVEDORE_BENCH_RUNS) ?? fallback;
  return { wanted, max: num(process.env.BENCH_MAX_ROUNDS) };
}

/** Rounds a bench takes: `wanted` normally, 1 in smoke mode; `max` bounds the noisy-machine retries. */
export function roundsPlan(wanted: number, max = wanted * 3): { rounds: number; max: number } {
  if (SMOKE) return { rounds: 1, max: 1 };
  const rounds = Math.max(1, wanted);
  return { rounds, max: Math.max(rounds, max) };
}

export interface SteadyRounds<T> {
  /** Every round taken, in order. */
  all: T[];
  /**
   * The rounds the figures come from: the last `plan.rounds` when their spread is within
   * NOISY_SPREAD (the noise before them has passed), else every round taken.
   */
  used: T[];
  /** Spread of the contender's times over `used`. */
  spread: number;
  /** False when `plan.max` rounds never gave `plan.rounds` steady ones in a row. */
  steady: boolean;
}

/**
 * Runs `round()` (which measures the contender of interest and returns its result, `timeOf` its
 * time) until the last `plan.rounds` rounds have a spread of at most NOISY_SPREAD, or `plan.max`
 * rounds were taken. The window slides: max/min over every round only grows with more rounds, so
 * a rule over all of them could never end early once one round was disturbed; a burst of load
 * from a neighbour passes, and then `plan.rounds` steady rounds in a row are a fair sample.
 */
export async function steadyRounds<T>(
  plan: { rounds: number; max: number },
  round: (index: number) => Promise<T>,
  timeOf: (result: T) => number,
  log: (line: string) => void = console.log,
): Promise<SteadyRounds<T>> {
  const all: T[] = [];
  const last = () => all.slice(-plan.rounds);
  const lastSpread = () => spreadOf(last().map(timeOf));
  let warned = false;
  while (all.length < plan.rounds || (all.length < plan.max && lastSpread() > NOISY_SPREAD)) {
    if (all.length >= plan.rounds && !warned) {
      log(`spread ${lastSpread().toFixed(2)} > ${NOISY_SPREAD}: the machine is too noisy, taking more rounds (up to ${plan.max})`);
      warned = true;
    }
    all.push(await round(all.length));
  }
  const steady = lastSpread() <= NOISY_SPREAD;
  const used = steady ? last() : all;
  const spread = spreadOf(used.map(timeOf));
  if (!steady)
    log(
      `spread ${spread.toFixed(2)} still > ${NOISY_SPREAD} after ${all.length} rounds: the machine was too noisy, read the ratio with care`,
    );
  else if (warned) log(`steady after ${all.length} rounds: the figures come from the last ${used.length}`);
  return { all, used, spread, steady };
}

/**
 * `steadyRounds`, returning only the rounds the figures come from (`used`): the last
 * `plan.rounds` when they were steady, else every round taken.
 */
export async function roundsUntilSteady<T>(
  plan: { rounds: number; max: number },
  round: (index: number) => Promise<T>,
  timeOf: (result: T) => number,
  log: (line: string) => void = console.log,
): Promise<T[]> {
  return (await steadyRounds(plan, round, timeOf, log)).used;
}

export type BenchValue = number | string;

/** Formats one BENCH line: `BENCH <name> k=v k=v`; numbers get up to 3 decimals. */
export function formatBenchLine(name: string, fields: Record<string, BenchValue>): string {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`);
  return ['BENCH', name, ...parts].join(' ');
}

export function printBenchLine(name: string, fields: Record<string, BenchValue>): void {
  console.log(formatBenchLine(name, fields));
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`BENCH value is not a finite number: ${v}`);
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

/** Parses a BENCH line back (the smoke test's side); null when `line` is not one. */
export function parseBenchLine(line: string): { name: string; fields: Record<string, string> } | null {
  const m = /^BENCH ([a-z][a-z0-9-]*)((?: [a-z][a-z0-9_]*=\S+)+)\s*$/.exec(line.trim());
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const pair of m[2].trim().split(' ')) {
    const eq = pair.indexOf('=');
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { name: m[1], fields };
}

const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * What the smoke asks of a bench's output: at least one BENCH line, and every line that starts
 * with `BENCH` parses with only numbers as values. Never looks at the values themselves.
 */
export function checkBenchOutput(output: string): { lines: string[]; problem?: string } {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^BENCH\b/.test(l));
  if (lines.length === 0) return { lines, problem: 'printed no BENCH line' };
  for (const line of lines) {
    const parsed = parseBenchLine(line);
    if (!parsed) return { lines, problem: `BENCH line does not parse: ${line}` };
    const bad = Object.entries(parsed.fields).find(([, v]) => !NUMBER.test(v));
    if (bad) return { lines, problem: `BENCH ${parsed.name}: ${bad[0]}=${bad[1]} is not a number` };
  }
  return { lines };
}

/** A bench that could not prove it did the work it names: its one-line reason, exit 1. */
export class BenchFailure extends Error {
  override name = 'BenchFailure';
}

/** Throws a BenchFailure with `reason` unless `ok`. */
export function prove(ok: unknown, reason: string | (() => string)): asserts ok {
  if (!ok) throw new BenchFailure(typeof reason === 'string' ? reason : reason());
}

/**
 * Runs `work`, then `cleanup` whatever happened. A cleanup that fails after a failed `work` is only
 * logged, so the reason printed stays the first one; after a good `work` it fails the bench (a
 * bench that leaves things behind on a shared stack is broken too).
 */
export async function withCleanup<T>(work: () => Promise<T>, cleanup: () => Promise<void>): Promise<T> {
  let value: T;
  try {
    value = await work();
  } catch (err) {
    await cleanup().catch((e: unknown) =>
      console.error(`cleanup after the failure also failed: ${e instanceof Error ? e.message : String(e)}`),
    );
    throw err;
  }
  await cleanup();
  return value;
}

/**
 * Runs a bench's `main`; on any error prints `bench:<name> FAILED: <first line of the reason>`
 * and exits 1 (the evidence, if any, was logged before), else exits 0 (open handles of a core or
 * a child's pipes must not keep a finished bench alive).
 */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const text = err instanceof Error ? err.message : String(err);
      if (!(err instanceof BenchFailure) && err instanceof Error && err.stack) console.error(err.stack);
      console.error(`bench:${name} FAILED: ${text.split('\n')[0]}`);
      process.exit(1);
    },
  );
}
