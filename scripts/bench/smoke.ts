// `npm run bench:smoke` (a step of `npm test`): runs every `bench:*` script of package.json but
// this one, each as a child process in its tiny mode (`--smoke`: small inputs, one round, nothing
// left behind), one after the other, and checks each exits 0 and prints at least one BENCH line
// that parses with numbers as values. It never judges the values: a smoke proves the benches still
// run to their line, so none rots unnoticed. The list comes from package.json, so a bench added
// there is smoked without touching this file. Exits 1 naming each failing bench with its last lines.
//
//   npm run bench:smoke                 every bench
//   npm run bench:smoke -- bench:pull   only the ones named
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkBenchOutput } from './bench-kit';

const SELF = 'bench:smoke';
/** One bench's whole smoke run, its tiny image included, must end within this (seconds). */
const TIMEOUT_S = Number(process.env.STEVEDORE_BENCH_SMOKE_TIMEOUT || 240);
const TAIL = 15;
/** The running bench's process group, ended with this process (Ctrl-C, a killed `npm test`). */
let running: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    endGroup(running);
    process.exit(130);
  });
}

function endGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Outcome {
  name: string;
  seconds: number;
  lines: string[];
  problem?: string;
  tail: string[];
}

function benchScripts(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  return Object.keys(pkg.scripts ?? {})
    .filter((name) => name.startsWith('bench:') && name !== SELF)
    .sort();
}

/** Runs `npm run <name> -- --smoke` in its own process group (so a timeout ends all of it) and judges its output. */
function smoke(name: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('npm', ['run', '--silent', name, '--', '--smoke'], {
      env: { ...process.env, STEVEDORE_BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    running = child.pid;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      endGroup(child.pid);
    }, TIMEOUT_S * 1000);
    const finish = (code: number | null, spawnError?: Error) => {
      clearTimeout(timer);
      running = undefined;
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const check = checkBenchOutput(output);
      const problem = spawnError
        ? `could not start npm: ${spawnError.message}`
        : timedOut
          ? `did not finish within ${TIMEOUT_S} s`
          : code !== 0
            ? `exited with ${code}`
            : check.problem;
      const tail = output.trimEnd().split('\n').slice(-TAIL);
      resolve({ name, seconds, lines: check.lines, problem, tail });
    };
    child.on('error', (err) => finish(null, err));
    child.on('close', (code) => finish(code));
  });
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const all = benchScripts();
  const unknown = asked.filter((a) => !all.includes(a));
  if (unknown.length) {
    console.error(`bench:smoke: no such bench script in package.json: ${unknown.join(', ')} (there are: ${all.join(', ')})`);
    return 1;
  }
  const names = asked.length ? asked : all;
  console.log(`bench:smoke: ${names.length} benches in their tiny mode: ${names.join(', ')}`);
  const outcomes: Outcome[] = [];
  for (const name of names) {
    const o = await smoke(name);
    outcomes.push(o);
    console.log(`${o.problem ? 'FAIL' : 'ok  '} ${name} (${o.seconds.toFixed(1)} s)${o.problem ? `: ${o.problem}` : ''}`);
    for (const line of o.lines) console.log(`     ${line}`);
    if (o.problem) for (const line of o.tail) console.log(`     | ${line}`);
  }
  const failed = outcomes.filter((o) => o.problem);
  const total = outcomes.reduce((sum, o) => sum + o.seconds, 0);
  console.log(
    failed.length
      ? `bench:smoke: ${failed.length} of ${outcomes.length} failed (${failed.map((o) => `${o.name}: ${o.problem}`).join('; ')}) in ${total.toFixed(0)} s`
      : `bench:smoke: all ${outcomes.length} benches printed their BENCH lines in ${total.toFixed(0)} s`,
  );
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench:smoke: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
