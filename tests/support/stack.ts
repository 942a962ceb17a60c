// Test-stack helpers for integration / e2e tests (dependency-free: node:* only).
//
// The stack is started by `bash scripts/test-stack/up.sh`, which writes
// `${STEVEDORE_STACK_DIR:-/tmp/stevedore-test}/env`. Values come from (highest first):
//   1. explicit STEVEDORE_TEST_* variables in process.env,
//   2. that env file,
//   3. built-in defaults (the stack's default paths/ports).
// The user's own DOCKER_HOST / ~/.docker are never used: the engine is the test
// engine from the env file (or STEVEDORE_TEST_DOCKER_HOST), and the CLI runs with
// a private, throwaway DOCKER_CONFIG.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StackEnv {
  /** e.g. unix:///tmp/stevedore-test/docker.sock */
  dockerHost: string;
  /** The second dedicated engine (pulls what the first pushed), e.g. unix:///tmp/stevedore-test/docker2.sock */
  dockerHost2: string;
  /** open registry, host:port (no scheme), e.g. 127.0.0.1:5001 */
  registry: string;
  /** htpasswd registry, host:port, e.g. 127.0.0.1:5002 */
  authRegistry: string;
  user: string;
  password: string;
  stackDir: string;
  /** docker CLI used for differential tests (absolute path when known) */
  dockerCli: string;
  /** the engine was supplied by the user (STEVEDORE_TEST_DOCKER_HOST), not started by us */
  externalEngine: boolean;
  /** `<registry>/stevedore-fixture/digest-only@sha256:…` ('' when unknown) */
  digestOnlyRef: string;
  /** true when the env file was found and read */
  fromFile: boolean;
}

export const DEFAULT_STACK_DIR = '/tmp/stevedore-test';

/** Parse shell `KEY=value` lines (comments, blank lines, optional quotes, `export`). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) {
      v = v.slice(1, -1);
    }
    out[m[1]] = v;
  }
  return out;
}

let cachedEnv: StackEnv | undefined;

export function loadStackEnv(opts: { reload?: boolean } = {}): StackEnv {
  if (cachedEnv && !opts.reload) return cachedEnv;
  const pe = process.env;
  const stackDir = pe.STEVEDORE_STACK_DIR || DEFAULT_STACK_DIR;
  let file: Record<string, string> = {};
  let fromFile = false;
  try {
    file = parseEnvFile(readFileSync(join(stackDir, 'env'), 'utf8'));
    fromFile = true;
  } catch {
    // not up yet: fall back to defaults / process.env
  }
  const pick = (envKey: string, fileKey: string, dflt: string): string => pe[envKey] || file[fileKey] || dflt;

  cachedEnv = {
    dockerHost: pick('STEVEDORE_TEST_DOCKER_HOST', 'DOCKER_HOST', `unix://${stackDir}/docker.sock`),
    dockerHost2: pick('STEVEDORE_TEST_DOCKER_HOST2', 'STEVEDORE_TEST_DOCKER_HOST2', `unix://${stackDir}/docker2.sock`),
    registry: pick('STEVEDORE_TEST_REGISTRY', 'STEVEDORE_TEST_REGISTRY', `127.0.0.1:${pe.STEVEDORE_REGISTRY_PORT || '5001'}`),
    authRegistry: pick(
      'STEVEDORE_TEST_AUTH_REGISTRY',
      'STEVEDORE_TEST_AUTH_REGISTRY',
      `127.0.0.1:${pe.STEVEDORE_AUTH_REGISTRY_PORT || '5002'}`,
    ),
    user: pick('STEVEDORE_TEST_AUTH_USER', 'STEVEDORE_TEST_AUTH_USER', 'stevedore'),
    password: pick('STEVEDORE_TEST_AUTH_PASSWORD', 'STEVEDORE_TEST_AUTH_PASSWORD', 's3cret-test-pass'),
    stackDir,
    dockerCli: pick('STEVEDORE_TEST_DOCKER_CLI', 'STEVEDORE_TEST_DOCKER_CLI', 'docker'),
    externalEngine:
      pick('STEVEDORE_TEST_EXTERNAL_ENGINE', 'STEVEDORE_TEST_EXTERNAL_ENGINE', pe.STEVEDORE_TEST_DOCKER_HOST ? '1' : '0') === '1',
    digestOnlyRef: pick('STEVEDORE_TEST_DIGEST_ONLY_REF', 'STEVEDORE_TEST_DIGEST_ONLY_REF', ''),
    fromFile,
  };
  return cachedEnv;
}

/** Fixture references created by scripts/test-stack/fixtures.sh (see that file's header). */
export function fixtures(env: StackEnv = loadStackEnv()) {
  const ns = 'stevedore-fixture';
  return {
    namespace: ns,
    label: 'org.stevedore.fixture',
    base: `${ns}/busybox:1.36`,
    baseLatest: `${ns}/busybox:latest`,
    alias: `${ns}/alias:base`,
    web: `${ns}/web:1.0`,
    db: `${ns}/db:2.0`,
    moving: `${ns}/moving:latest`,
    /** filter that selects exactly the dangling fixture: dangling=true + this label */
    danglingLabel: 'org.stevedore.generation=old',
    built: `${ns}/built:1`,
    committed: `${ns}/committed:1`,
    tiny: `${ns}/tiny:1`,
    small: `${ns}/small:1`,
    digested: `${env.registry}/${ns}/digested:1`,
    digested2: `${env.registry}/${ns}/digested:2`,
    digestedRepo: `${env.registry}/${ns}/digested`,
    digestOnlyRepo: `${env.registry}/${ns}/digest-only`,
    /** registry-only (not present locally): pull from the open registry */
    remote: `${env.registry}/${ns}/remote:1`,
    /** registry-only: pull from the auth registry (needs env.user/env.password) */
    private: `${env.authRegistry}/${ns}/private:1`,
  } as const;
}

export function isCI(): boolean {
  const v = (process.env.CI || '').toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

let privateConfigDir: string | undefined;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A throwaway DOCKER_CONFIG (empty config.json) for this process, under
 * `<stackDir>/cli-config/<pid>-…` (or the OS temp dir when the stack dir is not
 * writable). Removed at exit; dirs of dead processes are swept on creation
 * (test workers are not always given an 'exit' event).
 */
export function privateDockerConfig(): string {
  if (privateConfigDir) return privateConfigDir;
  let base = join(loadStackEnv().stackDir, 'cli-config');
  try {
    mkdirSync(base, { recursive: true });
  } catch {
    base = join(tmpdir(), 'stevedore-cli-config');
    mkdirSync(base, { recursive: true });
  }
  for (const name of readdirSync(base)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !pidAlive(pid)) {
      rmSync(join(base, name), { recursive: true, force: true });
    }
  }
  const dir = mkdtempSync(join(base, `${process.pid}-`));
  writeFileSync(join(dir, 'config.json'), '{}\n');
  privateConfigDir = dir;
  process.once('exit', () => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
  });
  return dir;
}

export interface DockerCliOptions {
  /** stdin for the CLI (otherwise stdin is closed) */
  input?: string | Buffer;
  /** extra environment (applied last) */
  env?: Record<string, string | undefined>;
  /** use this DOCKER_CONFIG instead of the shared private one (e.g. a fresh dir for login tests) */
  configDir?: string;
  /** override the engine (defaults to the test engine) */
  dockerHost?: string;
  /** kill after this many ms (default 120 s) */
  timeoutMs?: number;
  cwd?: string;
}

export interface DockerCliResult {
  stdout: string;
  stderr: string;
  /** exit code; -1 when killed by a signal or the binary could not be started */
  code: number;
}

function cliEnv(opts: DockerCliOptions): NodeJS.ProcessEnv {
  const stack = loadStackEnv();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // never let the user's context/TLS settings redirect the CLI
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  delete env.DOCKER_CERT_PATH;
  delete env.DOCKER_API_VERSION;
  env.DOCKER_HOST = opts.dockerHost ?? stack.dockerHost;
  env.DOCKER_CONFIG = opts.configDir ?? privateDockerConfig();
  env.DOCKER_CLI_HINTS = 'false';
  env.NO_COLOR = '1';
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Run the real docker CLI against the test engine (no TTY; stdout/stderr captured). */
export function dockerCli(args: string[], opts: DockerCliOptions = {}): Promise<DockerCliResult> {
  const stack = loadStackEnv();
  return new Promise((resolve) => {
    const child = spawn(stack.dockerCli, args, {
      env: cliEnv(opts),
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 120_000,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let spawnError = '';
    child.on('error', (e) => {
      spawnError = `${e.message}\n`;
    });
    child.stdin.on('error', () => {
      /* CLI may exit before reading stdin */
    });
    child.stdin.end(opts.input ?? undefined);
    child.on('close', (code) => {
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: spawnError + Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
      });
    });
  });
}

/** Synchronous variant (handy at collection time, e.g. in describe.skipIf). */
export function dockerCliSync(args: string[], opts: DockerCliOptions = {}): DockerCliResult {
  const stack = loadStackEnv();
  const r = spawnSync(stack.dockerCli, args, {
    env: cliEnv(opts),
    cwd: opts.cwd,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    stdout: r.stdout ?? '',
    stderr: (r.error ? `${r.error.message}\n` : '') + (r.stderr ?? ''),
    code: r.status ?? -1,
  };
}

let engineCheck: { reason: string | null } | undefined;
let engine2Check: { reason: string | null } | undefined;

/** requireEngine for the second dedicated engine (`engine.sh start 2`; up.sh starts it as root). */
export function requireEngine2(): string | null {
  if (!engine2Check) {
    const env = loadStackEnv();
    const r = dockerCliSync(['version', '--format', '{{.Server.APIVersion}}'], { dockerHost: env.dockerHost2, timeoutMs: 20_000 });
    engine2Check = {
      reason:
        r.code === 0
          ? null
          : `second test engine ${env.dockerHost2} not reachable (bash scripts/test-stack/engine.sh start 2): ${(r.stderr || r.stdout).trim().split('\n').pop() ?? ''}`,
    };
  }
  if (engine2Check.reason && isCI()) throw new Error(`CI=true and ${engine2Check.reason}`);
  return engine2Check.reason;
}

/**
 * Is the test engine reachable?
 *  - reachable: returns null;
 *  - not reachable and CI: THROWS (a missing engine in CI is a failure, never a skip);
 *  - not reachable locally: returns the reason, for `describe.skipIf(reason)` / `it.skip`.
 */
export function requireEngine(): string | null {
  if (!engineCheck) {
    const env = loadStackEnv();
    const r = dockerCliSync(['version', '--format', '{{.Server.APIVersion}}'], { timeoutMs: 20_000 });
    const api = r.stdout.trim();
    engineCheck = {
      reason:
        r.code === 0 && /^\d+\.\d+$/.test(api)
          ? null
          : `test engine ${env.dockerHost} not reachable via ${env.dockerCli}` +
            `${env.fromFile ? '' : ` (no ${join(env.stackDir, 'env')}; run: bash scripts/test-stack/up.sh)`}` +
            `: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ') || `exit ${r.code}`}`,
    };
  }
  if (engineCheck.reason && isCI()) {
    throw new Error(`CI=true and ${engineCheck.reason}`);
  }
  return engineCheck.reason;
}
