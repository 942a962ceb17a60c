// FILES: saving where the file system says no (full, read-only, the folder removed mid-save) and
// loading files that are not what they claim (empty, text, truncated at several offsets, broken
// gzip, decompression bombs). Each must end with a clear error in bounded time, leave no `.partial`,
// change no image (the engine's list is the same before and after), and leave the core serving.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { JobSnapshot, Result } from '../../shared/contract';
import { brokenGzip, layerBomb, zeroBomb } from './support/archives';
import { jobEnd, jobProgress, partialsIn, startJob, startPrivateCore, type PrivateCore } from './support/core-harness';
import {
  BIG,
  cliImageLines,
  docker,
  dockerTry,
  imageExists,
  PRIVATE_ENGINE_SOCKET,
  PRIVATE_STACK_DIR,
  unique,
} from './support/private-stack';
import { SocketProxy } from './support/socket-proxy';
import { countedCase, reportAfterAll } from './support/counted-case';
import { Tally } from './support/tally';

const tally = new Tally('FILES', 'files');
reportAfterAll(tally);

const MiB = 1024 * 1024;
const isRoot = process.getuid?.() === 0;
let pc: PrivateCore;
let slow: PrivateCore;
let proxy: SocketProxy;
let work: string;
const mounts: string[] = [];
let freshRef: string;
let goodTar: string;
let listBefore: string[];

function mountTmpfs(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
}

/** Nothing changed in the engine, and the core still answers. */
async function nothingLost(): Promise<void> {
  expect(cliImageLines()).toEqual(listBefore);
  expect(imageExists(freshRef)).toBe(false);
  expect(await pc.core.handle('engine.status', {})).toMatchObject({ ok: true, value: { reachable: true } });
}

/** A request that is refused at once, or a job that fails; either way with `code`, within `ms`. */
async function refusedOrFailed(
  channel: string,
  request: unknown,
  codes: string[],
  ms = 30_000,
): Promise<{ message: string; job?: JobSnapshot }> {
  const r = (await pc.core.handle(channel, request)) as Result<{ jobId: string }>;
  if (!r.ok) {
    expect(codes).toContain(r.error.code);
    return { message: r.error.message };
  }
  const job = await jobEnd(pc.core, r.value.jobId, ms);
  expect(job.state).toBe('failed');
  expect(codes).toContain(job.error?.code);
  return { message: job.error!.message, job };
}

beforeAll(async () => {
  pc = await startPrivateCore();
  proxy = new SocketProxy({
    listen: { path: join(PRIVATE_STACK_DIR, 'rel-files.sock') },
    target: { path: PRIVATE_ENGINE_SOCKET },
    bytesPerSecond: 24 * MiB,
  });
  await proxy.start();
  slow = await startPrivateCore(proxy.address);
  work = join(pc.dir, 'work');
  mkdirSync(work);
  // An image only a good archive has: loading a broken copy of it must not create it.
  freshRef = `rel/${unique('files-fresh')}:1`;
  const rootfs = join(work, 'rootfs');
  mkdirSync(rootfs);
  execFileSync('sh', ['-c', 'head -c 4194304 /dev/urandom > "$0"', join(rootfs, 'blob.bin')]);
  execFileSync('tar', ['-C', rootfs, '-cf', `${rootfs}.tar`, '.']);
  docker('import', `${rootfs}.tar`, freshRef);
  goodTar = join(work, 'good.tar');
  docker('save', '-o', goodTar, freshRef);
  docker('rmi', freshRef);
  listBefore = cliImageLines();
});
afterAll(async () => {
  for (const m of mounts.reverse()) execFileSync('umount', ['-l', m]);
  slow?.dispose();
  pc?.dispose();
  await proxy?.close();
  dockerTry('rmi', freshRef);
});

describe('files: saving where the file system says no', () => {
  countedCase(tally, 'save into a full file system (2 MiB tmpfs): IO error naming the space, no .partial', async ({ notYet }) => {
    if (!isRoot) notYet('mounting a tmpfs needs root');
    const dir = join(work, 'full');
    mountTmpfs(dir, 'size=2m');
    const { message } = await refusedOrFailed('images.save', { refs: [BIG], path: join(dir, 'big.tar') }, ['IO']);
    expect(message).toMatch(/no space left on device/i);
    expect(readdirSync(dir)).toEqual([]);
    await nothingLost();
  });

  countedCase(tally, 'save into a read-only folder: refused with IO, nothing written', async ({ notYet }) => {
    if (!isRoot) notYet('mounting a read-only tmpfs needs root');
    const dir = join(work, 'readonly');
    mountTmpfs(dir, 'size=1m,ro');
    const { message, job } = await refusedOrFailed('images.save', { refs: [BIG], path: join(dir, 'big.tar') }, ['IO']);
    expect(job).toBeUndefined(); // refused before any job started
    expect(message).toMatch(/read-only/i);
    expect(readdirSync(dir)).toEqual([]);
    await nothingLost();
  });

  countedCase(tally, 'save whose folder is removed mid-save: IO error, no file, no .partial', async () => {
    const dir = join(work, 'vanishing');
    mkdirSync(dir);
    const target = join(dir, 'big.tar');
    const jobId = await startJob(slow.core, 'images.save', { refs: [BIG], path: target });
    await jobProgress(slow.core, jobId, 4 * MiB, 30_000);
    rmSync(dir, { recursive: true, force: true });
    const job = await jobEnd(slow.core, jobId, 30_000);
    expect(job).toMatchObject({ state: 'failed', error: { code: 'IO' } });
    expect(existsSync(target)).toBe(false);
    expect(partialsIn(work)).toEqual([]);
    await nothingLost();
  });
});

describe('files: loading what is not an image archive', () => {
  // name, how to make it from the good archive, the codes that count as a clear refusal
  const size = () => statSync(goodTar).size;
  const truncated = (at: () => number) => () => readFileSync(goodTar).subarray(0, at());
  const cases: [string, () => Buffer, string[]][] = [
    ['empty file', () => Buffer.alloc(0), ['INVALID_ARGUMENT']],
    ['text file', () => Buffer.from('just some notes\n'.repeat(100)), ['INVALID_ARGUMENT']],
    ['truncated at 100 bytes (inside the first header)', truncated(() => 100), ['INVALID_ARGUMENT']],
    ['truncated at 700 bytes (inside the first entry)', truncated(() => 700), ['INVALID_ARGUMENT']],
    ['truncated at 1 MiB (inside the layer)', truncated(() => MiB), ['INVALID_ARGUMENT']],
    ['truncated at half', truncated(() => Math.floor(size() / 2)), ['INVALID_ARGUMENT']],
    ['truncated 3000 bytes before the end (inside the metadata)', truncated(() => size() - 3000), ['INVALID_ARGUMENT']],
    ['gzip magic then noise', brokenGzip, ['INVALID_ARGUMENT']],
    ['gzip bomb of zeros (320 KB -> 320 MiB)', () => zeroBomb(5), ['INVALID_ARGUMENT']],
    ['gzip bomb shaped as a layer (320 KB -> 320 MiB entry)', () => layerBomb(5), ['INVALID_ARGUMENT']],
  ];

  for (const [name, make, codes] of cases) {
    countedCase(tally, `load of ${name}: clear error, bounded, nothing loaded`, async () => {
      const file = join(work, `${unique('bad')}.tar${name.includes('gzip') ? '.gz' : ''}`);
      writeFileSync(file, make());
      const t0 = Date.now();
      const preview = (await pc.core.handle('images.loadPreview', { path: file })) as Result<unknown>;
      expect(preview).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(Date.now() - t0, 'preview time (bounded work)').toBeLessThan(10_000);
      const { message } = await refusedOrFailed('images.load', { paths: [file] }, codes);
      expect(message.length).toBeGreaterThan(10);
      expect(message).not.toMatch(/undefined|\[object/);
      await nothingLost();
    });
  }
});
