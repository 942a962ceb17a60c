// Builds the renderer when it is missing or older than its sources, then starts the loopback bridge
// (electron/bridge/cli.ts under tsx) against the test engine and hands its URL to the tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isCI, loadStackEnv, requireEngine } from '../support/stack';

const root = resolve(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildRendererIfStale(): void {
  const index = join(root, 'dist/renderer/index.html');
  // The bridge's wire format is in shared/ (bridge-protocol.ts), so these two cover the page.
  const sources = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources && !process.env.STEVEDORE_E2E_REBUILD) return;
  console.log('[e2e] building the renderer');
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('renderer build failed');
}

/**
 * The bridge's core gets folders of its own: a throwaway DOCKER_CONFIG (logins made by the tests
 * never reach ~/.docker) and Stevedore data folder (registries added, local registry options).
 */
function privateCoreDirs(): { dockerConfig: string; dataDir: string; remove: () => void } {
  const dockerConfig = mkdtempSync(join(tmpdir(), 'stevedore-e2e-docker-config-'));
  writeFileSync(join(dockerConfig, 'config.json'), '{}\n');
  const dataDir = mkdtempSync(join(tmpdir(), 'stevedore-e2e-data-'));
  const remove = () => {
    for (const dir of [dockerConfig, dataDir]) rmSync(dir, { recursive: true, force: true });
  };
  return { dockerConfig, dataDir, remove };
}

function startBridge(dockerHost: string, dirs: { dockerConfig: string; dataDir: string }): Promise<{ child: ChildProcess; url: string }> {
  const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
  const child = spawn(process.execPath, [tsx, 'electron/bridge/cli.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DOCKER_HOST: dockerHost,
      DOCKER_CONTEXT: '',
      STEVEDORE_BRIDGE_PORT: '0',
      STEVEDORE_RENDERER_DIR: join(root, 'dist/renderer'),
      DOCKER_CONFIG: dirs.dockerConfig,
      STEVEDORE_DATA_DIR: dirs.dataDir,
    },
    // Its own process group, so teardown can stop tsx and the node it runs together.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`bridge did not start within 60 s\n${out}${err}`)), 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      stop(child);
      reject(e);
    };
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /STEVEDORE_BRIDGE_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      if (process.env.STEVEDORE_E2E_DEBUG) process.stderr.write(b);
    });
    child.once('exit', (code) => fail(new Error(`bridge exited (${code}) before printing its URL\n${out}${err}`)));
  });
}

function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  // DOCKER_HOST in the environment counts when the stack's env file is absent.
  const stackEnv = loadStackEnv();
  if (!stackEnv.fromFile && !process.env.STEVEDORE_TEST_DOCKER_HOST && process.env.DOCKER_HOST) {
    process.env.STEVEDORE_TEST_DOCKER_HOST = process.env.DOCKER_HOST;
  }
  const env = loadStackEnv({ reload: true });
  // Throws when CI=true: a missing engine is a failure there, never a skip.
  const reason = requireEngine();
  buildRendererIfStale();
  if (reason) {
    console.warn(`[e2e] engine tests will be skipped: ${reason}`);
    process.env.STEVEDORE_E2E_SKIP = reason;
  }
  const dirs = privateCoreDirs();
  const { child, url } = await startBridge(env.dockerHost, dirs).catch((err: unknown) => {
    dirs.remove();
    throw err;
  });
  console.log(`[e2e] bridge at ${url.replace(/#token=.*/, '#token=…')} for ${env.dockerHost}${isCI() ? ' (CI)' : ''}`);
  process.env.STEVEDORE_E2E_URL = url;
  process.env.STEVEDORE_E2E_DOCKER_HOST = env.dockerHost;
  process.env.STEVEDORE_E2E_DOCKER_CONFIG = dirs.dockerConfig;
  return async () => {
    stop(child);
    dirs.remove();
  };
}
