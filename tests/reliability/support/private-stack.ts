// The reliability suite's own engine and registries. Fault injection kills them, so they are never
// the shared test stack: same scripts (scripts/test-stack/engine.sh, registry.sh), another stack
// folder and other ports. Everything the suite creates is named `rel/*` and lives only here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dockerCli, dockerCliSync, type DockerCliResult } from '../../support/stack';

const root = resolve(import.meta.dirname, '../../..');

export const PRIVATE_STACK_DIR = process.env.STEVEDORE_FAULTS_DIR || '/tmp/stevedore-faults';
export const PRIVATE_REGISTRY_PORT = Number(process.env.STEVEDORE_FAULTS_REGISTRY_PORT || 5031);
const PRIVATE_AUTH_REGISTRY_PORT = PRIVATE_REGISTRY_PORT + 1;
export const PRIVATE_DOCKER_HOST = `unix://${PRIVATE_STACK_DIR}/docker.sock`;
export const PRIVATE_ENGINE_SOCKET = `${PRIVATE_STACK_DIR}/docker.sock`;
/** The open registry, as the engine names it. */
export const PRIVATE_REGISTRY = `127.0.0.1:${PRIVATE_REGISTRY_PORT}`;

/** Repositories of the suite (never the fixtures of the shared stack). */
export const NS = 'rel';
export const BASE = `${NS}/base:1`;
/** ~48 MiB of random bytes in one layer: slow enough through a throttle to be killed mid-transfer. */
export const BIG = `${NS}/big:1`;
export const BIG_BYTES = 48 * 1024 * 1024;
/** A repository only the private registry has (48 MiB of random bytes): `<registry>/rel/remote:1`. */
export const REMOTE_REPO = `${NS}/remote`;

const scriptEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STEVEDORE_STACK_DIR: PRIVATE_STACK_DIR,
    STEVEDORE_REGISTRY_PORT: String(PRIVATE_REGISTRY_PORT),
    STEVEDORE_AUTH_REGISTRY_PORT: String(PRIVATE_AUTH_REGISTRY_PORT),
    STEVEDORE_ENGINE_TIMEOUT: '60',
  };
  // The shared stack's env (exported by test-all.sh) must not redirect the scripts.
  delete env.STEVEDORE_TEST_DOCKER_HOST;
  delete env.DOCKER_HOST;
  return env;
};

function script(name: 'engine.sh' | 'registry.sh', action: string): void {
  execFileSync('bash', [join(root, 'scripts/test-stack', name), action], {
    env: scriptEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
}

const readPid = (file: string): number => Number(readFileSync(join(PRIVATE_STACK_DIR, file), 'utf8').replace(/\D/g, ''));

/** Alive and not a zombie (killed daemons are reparented to PID 1, which reaps them late). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (pidAlive(pid)) {
    if (Date.now() > until) throw new Error(`pid ${pid} still alive ${ms} ms after SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts (or keeps) the private engine; after a kill it also restarts its containerd. */
export function startEngine(): void {
  script('engine.sh', 'start');
}

export function stopEngine(): void {
  script('engine.sh', 'stop');
}

/** kill -9 of dockerd; resolves once the process is gone. */
export async function killEngine(): Promise<void> {
  const pid = readPid('dockerd.pid');
  process.kill(pid, 'SIGKILL');
  await waitGone(pid);
}

export function startRegistry(): void {
  script('registry.sh', 'start');
}

/** kill -9 of the open registry. */
export async function killRegistry(): Promise<void> {
  const pid = readPid('registry/open.pid');
  process.kill(pid, 'SIGKILL');
  await waitGone(pid);
}

export function stopPrivateStack(): void {
  script('registry.sh', 'stop');
  script('engine.sh', 'stop');
}

// ---------------------------------------------------------------------------------------------
// The docker CLI against the private engine, with a private client config

let configDir: string | undefined;
export function privateConfigDir(): string {
  if (configDir) return configDir;
  const base = join(PRIVATE_STACK_DIR, 'cli-config');
  mkdirSync(base, { recursive: true });
  configDir = mkdtempSync(join(base, `${process.pid}-`));
  writeFileSync(join(configDir, 'config.json'), '{}\n');
  process.once('exit', () => rmSync(configDir!, { recursive: true, force: true }));
  return configDir;
}

const cliOpts = () => ({ dockerHost: PRIVATE_DOCKER_HOST, configDir: privateConfigDir() });

/** Runs the CLI against the private engine and returns stdout; throws with its words on failure. */
export function docker(...args: string[]): string {
  const r = dockerCliSync(args, cliOpts());
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout.trim();
}

export function dockerTry(...args: string[]): DockerCliResult {
  return dockerCliSync(args, cliOpts());
}

export function dockerAsync(...args: string[]): Promise<DockerCliResult> {
  return dockerCli(args, cliOpts());
}

export const imageExists = (ref: string): boolean => dockerTry('image', 'inspect', ref).code === 0;
export const imageId = (ref: string): string => docker('image', 'inspect', '--format', '{{.Id}}', ref);

/** `docker images` as sorted `id repo:tag` lines: what images.list must agree with. */
export function cliImageLines(): string[] {
  return docker('images', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}').split('\n').filter(Boolean).sort();
}

// ---------------------------------------------------------------------------------------------
// Seed images

function busyboxRootfs(dir: string): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  copyFileSync(process.env.STEVEDORE_BUSYBOX || '/bin/busybox', join(dir, 'bin/busybox'));
  chmodSync(join(dir, 'bin/busybox'), 0o755);
  for (const a of ['sh', 'ls', 'cat', 'echo', 'head', 'sleep', 'true']) symlinkSync('busybox', join(dir, 'bin', a));
}

function importDir(dir: string, ref: string): void {
  const tar = `${dir}.tar`;
  execFileSync('tar', ['-C', dir, '-cf', tar, '.']);
  docker('import', '--change', 'ENV PATH=/bin', '--change', 'CMD ["/bin/sh"]', '--change', 'LABEL org.stevedore.reliability=1', tar, ref);
  rmSync(tar, { force: true });
}

/**
 * The base image (busybox, one layer), a big one (random bytes, nothing compresses them) and the
 * big one in the private registry. Idempotent: only what is missing is made.
 */
export function seedImages(): void {
  const work = mkdtempSync(join(PRIVATE_STACK_DIR, 'seed-'));
  try {
    if (!imageExists(BASE)) {
      busyboxRootfs(join(work, 'base'));
      importDir(join(work, 'base'), BASE);
    }
    if (!imageExists(BIG)) {
      const dir = join(work, 'big');
      busyboxRootfs(dir);
      writeFileSync(join(dir, 'blob.bin'), execFileSync('head', ['-c', String(BIG_BYTES), '/dev/urandom'], { maxBuffer: BIG_BYTES * 2 }));
      importDir(dir, BIG);
    }
    // In the registry only (never pulled for good here): a pull must download all of it.
    const inRegistry = existsSync(
      join(PRIVATE_STACK_DIR, 'registry/open-data/docker/registry/v2/repositories', REMOTE_REPO, '_manifests/tags/1'),
    );
    if (!inRegistry) {
      const dir = join(work, 'remote');
      mkdirSync(dir);
      writeFileSync(join(dir, 'blob.bin'), execFileSync('head', ['-c', String(BIG_BYTES), '/dev/urandom'], { maxBuffer: BIG_BYTES * 2 }));
      const ref = `${PRIVATE_REGISTRY}/${REMOTE_REPO}:1`;
      importDir(dir, ref);
      docker('push', ref);
      docker('rmi', ref);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The repository holding the many tags of the load case. */
export const MANY = `${NS}/many`;
export const MANY_TAGS = 5000;

/**
 * 5,000 tags of the base image. Tagging them through the API costs a minute (the engine rewrites
 * its whole reference file per tag), so they are written into that file while the engine is
 * stopped, once per stack folder: the engine reads it at start, as after any restart.
 */
export function ensureManyTags(): void {
  const file = join(
    PRIVATE_STACK_DIR,
    'data/image',
    readFileSync(join(PRIVATE_STACK_DIR, 'storage-driver'), 'utf8').split(' ')[0].trim(),
    'repositories.json',
  );
  const count = () =>
    Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { Repositories: Record<string, object> }).Repositories[MANY] ?? {}).length;
  if (count() >= MANY_TAGS) return;
  const id = imageId(BASE);
  stopEngine();
  const refs = JSON.parse(readFileSync(file, 'utf8')) as { Repositories: Record<string, Record<string, string>> };
  const many: Record<string, string> = {};
  for (let i = 0; i < MANY_TAGS; i++) many[`${MANY}:t${i}`] = id;
  refs.Repositories[MANY] = many;
  writeFileSync(file, JSON.stringify(refs));
  startEngine();
  if (count() < MANY_TAGS) throw new Error('the engine did not keep the seeded tags');
}

/** Brings the private stack up and seeds it (global setup of the reliability project). */
export function privateStackUp(): void {
  mkdirSync(PRIVATE_STACK_DIR, { recursive: true });
  // One download attempt instead of the engine's five (with 5 to 20 s pauses between them), so a
  // pull whose registry died fails in seconds. The file is the stack's own --config-file.
  const daemonJson = join(PRIVATE_STACK_DIR, 'daemon.json');
  const want = `${JSON.stringify({ 'max-download-attempts': 1 })}\n`;
  if (!existsSync(daemonJson) || readFileSync(daemonJson, 'utf8') !== want) {
    if (existsSync(PRIVATE_ENGINE_SOCKET)) stopEngine();
    writeFileSync(daemonJson, want);
  }
  startEngine();
  startRegistry();
  seedImages();
  ensureManyTags();
}

/** A name unique to this run, for tags and files. */
export const unique = (what: string): string => `${what}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
