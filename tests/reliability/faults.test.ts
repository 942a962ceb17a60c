// FAULTS: the engine and the registry die under running jobs (kill -9, from the test), and the
// engine's event stream drops. Every job must end with the right contract error within a bound (a
// hang fails), leave no `.partial` and no half-made tag, the status event must report the engine
// gone (the banner's source), and once the engine is back the same core lists exactly what the
// engine has, without being recreated.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { StevedoreCore } from '../../electron/core/service';
import {
  coreImageLines,
  jobEnd,
  jobProgress,
  partialsIn,
  pollUntil,
  settle,
  startJob,
  startPrivateCore,
  watchEngineStatus,
  watchImagesChanged,
  type PrivateCore,
} from './support/core-harness';
import {
  BASE,
  BIG,
  cliImageLines,
  docker,
  dockerTry,
  imageExists,
  imageId,
  killEngine,
  killRegistry,
  PRIVATE_ENGINE_SOCKET,
  PRIVATE_REGISTRY_PORT,
  PRIVATE_STACK_DIR,
  REMOTE_REPO,
  startEngine,
  startRegistry,
  unique,
} from './support/private-stack';
import { SocketProxy } from './support/socket-proxy';
import { countedCase, reportAfterAll } from './support/counted-case';
import { Tally } from './support/tally';

const tally = new Tally('FAULTS', 'faults');
reportAfterAll(tally);

const MiB = 1024 * 1024;
/** A job must end this soon after its engine or registry died. */
const FAIL_WITHIN_MS = 20_000;
/** The registry as the engine reaches it here: through a throttle, so a pull takes seconds. */
const THROTTLED_REGISTRY_PORT = PRIVATE_REGISTRY_PORT + 2;
const THROTTLED_REGISTRY = `127.0.0.1:${THROTTLED_REGISTRY_PORT}`;

let pc: PrivateCore;
let core: StevedoreCore;
let engineProxy: SocketProxy;
let registryProxy: SocketProxy;
let files: string;
let loadTar: string;
let loadRef: string;
const made: string[] = [];

/** The engine comes back (script start); the same core must see it and list what the engine has. */
async function engineReturnsAndListIsRight(): Promise<void> {
  const up = watchEngineStatus(core, true);
  try {
    // Synchronous, and as slow as the machine is: the bound below counts from the engine's start.
    startEngine();
    await up.within(30_000);
  } finally {
    up.stop();
  }
  expect(await coreImageLines(core)).toEqual(cliImageLines());
}

/**
 * Starts a job, kills the engine once `bytes` have moved, and checks the job fails with
 * ENGINE_UNREACHABLE within the bound and the status event reports the engine gone. Afterwards
 * the caller checks what must not remain; the engine is still down.
 */
async function killEngineUnder(channel: string, request: unknown, bytes: number): Promise<void> {
  const down = watchEngineStatus(core, false);
  try {
    const jobId = await startJob(core, channel, request);
    await jobProgress(core, jobId, bytes, 30_000);
    await killEngine();
    // Both bounds count from the kill, not from the job's start (reaching the kill takes longer on a loaded machine).
    const [end] = await Promise.all([jobEnd(core, jobId, FAIL_WITHIN_MS), down.within(FAIL_WITHIN_MS)]);
    expect(end).toMatchObject({ state: 'failed', error: { code: 'ENGINE_UNREACHABLE' } });
  } finally {
    down.stop();
  }
}

/** A local image with a fresh random layer (a registry cannot already have its blob). */
function freshImage(ref: string, bytes: number): void {
  const dir = join(files, unique('rootfs'));
  mkdirSync(dir);
  execFileSync('sh', ['-c', 'head -c "$0" /dev/urandom > "$1"', String(bytes), join(dir, 'blob.bin')]);
  execFileSync('tar', ['-C', dir, '-cf', `${dir}.tar`, '.']);
  docker('import', `${dir}.tar`, ref);
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.tar`, { force: true });
  made.push(ref);
}

async function pushAvailable(): Promise<boolean> {
  const r = await core.handle('images.push', { reference: `${THROTTLED_REGISTRY}/rel/no-such-image-${process.pid}:1` });
  return !(!r.ok && r.error.message === 'Not available yet');
}

describe('faults: engine and registry killed under running jobs', () => {
  beforeAll(async () => {
    // Byte rates that make the 48 MiB transfers last seconds, so the kill lands mid-transfer.
    engineProxy = new SocketProxy({
      listen: { path: join(PRIVATE_STACK_DIR, 'rel-faults.sock') },
      target: { path: PRIVATE_ENGINE_SOCKET },
      bytesPerSecond: 24 * MiB,
    });
    registryProxy = new SocketProxy({
      listen: { host: '127.0.0.1', port: THROTTLED_REGISTRY_PORT },
      target: { host: '127.0.0.1', port: PRIVATE_REGISTRY_PORT },
      bytesPerSecond: 12 * MiB,
    });
    await engineProxy.start();
    await registryProxy.start();
    pc = await startPrivateCore(engineProxy.address);
    core = pc.core;
    files = join(pc.dir, 'files');
    mkdirSync(files);
    loadRef = `rel/${unique('loadme')}:1`;
    docker('tag', BIG, loadRef);
    loadTar = join(files, 'loadme.tar');
    docker('save', '-o', loadTar, loadRef);
    docker('rmi', loadRef);
  });

  afterAll(async () => {
    pc?.dispose();
    await engineProxy?.close();
    await registryProxy?.close();
    startEngine();
    startRegistry();
    for (const ref of made) dockerTry('rmi', '-f', ref);
  });

  countedCase(tally, 'engine killed during a pull: ENGINE_UNREACHABLE, no tag, list right after restart', async () => {
    const ref = `${THROTTLED_REGISTRY}/${REMOTE_REPO}:1`;
    expect(imageExists(ref)).toBe(false);
    await killEngineUnder('images.pull', { reference: ref }, 4 * MiB);
    await engineReturnsAndListIsRight();
    expect(imageExists(ref)).toBe(false);
  });

  countedCase(tally, 'engine killed during a save: ENGINE_UNREACHABLE, no file, no .partial', async () => {
    const target = join(files, 'saved', 'big.tar');
    mkdirSync(join(files, 'saved'));
    await killEngineUnder('images.save', { refs: [BIG], path: target }, 4 * MiB);
    expect(partialsIn(files)).toEqual([]);
    expect(existsSync(target)).toBe(false);
    await engineReturnsAndListIsRight();
  });

  countedCase(tally, 'engine killed during a load: ENGINE_UNREACHABLE, nothing loaded, list right after restart', async () => {
    await killEngineUnder('images.load', { paths: [loadTar] }, 4 * MiB);
    await engineReturnsAndListIsRight();
    expect(imageExists(loadRef)).toBe(false);
  });

  countedCase(tally, 'engine killed during a push: ENGINE_UNREACHABLE, list right after restart', async ({ notYet }) => {
    if (!(await pushAvailable())) notYet('images.push is not built yet');
    const ref = `${THROTTLED_REGISTRY}/rel/${unique('push-engine')}:1`;
    freshImage(ref, 32 * MiB);
    await killEngineUnder('images.push', { reference: ref }, 2 * MiB);
    await engineReturnsAndListIsRight();
  });

  countedCase(tally, 'registry killed during a pull: REGISTRY_UNREACHABLE, no new local tag', async () => {
    const ref = `${THROTTLED_REGISTRY}/${REMOTE_REPO}:1`;
    expect(imageExists(ref)).toBe(false);
    const before = cliImageLines();
    const jobId = await startJob(core, 'images.pull', { reference: ref });
    await jobProgress(core, jobId, 4 * MiB, 30_000);
    await killRegistry();
    try {
      const end = await jobEnd(core, jobId, FAIL_WITHIN_MS);
      expect(end).toMatchObject({ state: 'failed', error: { code: 'REGISTRY_UNREACHABLE' } });
      expect(imageExists(ref)).toBe(false);
      expect(cliImageLines()).toEqual(before);
      expect(await coreImageLines(core)).toEqual(before);
    } finally {
      startRegistry();
    }
  });

  countedCase(
    tally,
    'registry killed during a push: REGISTRY_UNREACHABLE, local image kept',
    async ({ notYet }) => {
      if (!(await pushAvailable())) notYet('images.push is not built yet');
      const ref = `${THROTTLED_REGISTRY}/rel/${unique('push-registry')}:1`;
      freshImage(ref, 32 * MiB);
      const id = imageId(ref);
      const jobId = await startJob(core, 'images.push', { reference: ref });
      await jobProgress(core, jobId, 2 * MiB, 30_000);
      await killRegistry();
      try {
        // The engine retries an upload five times, 5 to 20 s apart: the bound is the engine's.
        const end = await jobEnd(core, jobId, 90_000);
        expect(end.state).toBe('failed');
        expect(end.error?.code, `the push failed with: ${end.error?.message}`).toBe('REGISTRY_UNREACHABLE');
        expect(imageId(ref)).toBe(id);
      } finally {
        startRegistry();
      }
    },
    150_000,
  );
});

describe('faults: the event stream drops', () => {
  beforeAll(async () => {
    engineProxy = new SocketProxy({
      listen: { path: join(PRIVATE_STACK_DIR, 'rel-events.sock') },
      target: { path: PRIVATE_ENGINE_SOCKET },
    });
    await engineProxy.start();
    pc = await startPrivateCore(engineProxy.address);
    core = pc.core;
  });
  afterAll(async () => {
    pc?.dispose();
    await engineProxy?.close();
    for (const ref of made) dockerTry('rmi', ref);
  });

  countedCase(tally, 'stream cut and refused: core retries with backoff, a tag made meanwhile appears after reconnection', async () => {
    const ref = `rel/${unique('while-down')}:1`;
    await settle(core); // the first stream replays the second it opened in: let that pass
    let changedWhileDown = 0;
    let changed: ReturnType<typeof watchImagesChanged> | undefined;
    const offChanged = core.events.on('images.changed', () => changedWhileDown++);
    engineProxy.refuseEvents = true;
    try {
      const since = Date.now();
      expect(engineProxy.cutEvents()).toBe(1);
      docker('tag', BASE, ref); // straight to the engine: the core can learn of it only from a replay
      made.push(ref);
      // Reopening attempts, further and further apart (200 ms doubling, capped at 1 s here): six of
      // them, however long a loaded machine takes (a deadline, not a guess at its speed).
      const attempts = await pollUntil(
        () => {
          const seen = engineProxy.requestsSince(since, /\/events\b/);
          return seen.length >= 6 ? seen.slice(0, 6).map((r) => r.at) : undefined;
        },
        30_000,
        'six attempts to reopen the event stream',
      );
      offChanged();
      expect(changedWhileDown).toBe(0);
      // Each backoff is timed from a refused attempt to the check its timer starts (the next
      // /version request), so the ping and the reconnection, which a loaded machine slows, stay
      // out of it. After the 1st to 5th attempts: 400, 800, then 1000 ms (the cap) each time.
      const checks = engineProxy.requestsSince(since, /\/version\b/).map((r) => r.at);
      const backoffs = attempts.slice(0, -1).map((at) => checks.find((t) => t >= at)! - at);
      // Never sooner than the schedule (a timer may run late, never early)...
      [400, 800, 1000, 1000, 1000].forEach((min, i) => expect(backoffs[i], `backoff ${i + 1}`).toBeGreaterThanOrEqual(min - 5));
      // ...growing (the second is twice the first; only a stall of 400 ms in the first could hide it)...
      expect(backoffs[1]).toBeGreaterThan(backoffs[0]);
      // ...and capped: uncapped, the 4th and 5th would be 3.2 s and 6.4 s, past twice the 2nd.
      expect(Math.min(backoffs[3], backoffs[4])).toBeLessThan(2 * backoffs[1]);
    } finally {
      offChanged();
      changed = watchImagesChanged(core);
      engineProxy.refuseEvents = false;
    }
    await changed.within(30_000);
    expect(await coreImageLines(core)).toContain(`${imageId(ref)} ${ref}`);
  });

  countedCase(tally, 'engine killed and restarted at once: the core reconnects and the list converges', async () => {
    const ref = `rel/${unique('after-restart')}:1`;
    const down = watchEngineStatus(core, false);
    await killEngine();
    await down.within(FAIL_WITHIN_MS);
    const changed = watchImagesChanged(core, (e) => e.reason === 'reconnected' || e.action === 'tag');
    try {
      // Both synchronous and as slow as the machine is: the bound counts from when they are done.
      startEngine();
      docker('tag', BASE, ref);
      made.push(ref);
      await changed.within(30_000);
    } finally {
      changed.stop();
    }
    // The reconnection event may come before the tag's own event: converge, then compare.
    await expect.poll(() => coreImageLines(core), { timeout: 10_000 }).toContain(`${imageId(ref)} ${ref}`);
    expect(await coreImageLines(core)).toEqual(cliImageLines());
  });
});
