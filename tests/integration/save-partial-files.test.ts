// Saves never follow or overwrite what they did not create (issue #13, item 5), against the real
// engine with a small fixture image: the partial file is created exclusively under a random name,
// a planted `<name>.partial` (file or symlink) is left exactly as it was, and an existing target
// is replaced only when the save dialog confirmed it.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot, Result } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { openSaveTarget, partialPathFor, saveToFile } from '../../electron/core/transfer/transfer-files';
import { toContractError } from '../../electron/core/engine/engine-errors';
import { createTransferEdge, type Dialogs } from '../../electron/transfer-edge';
import { fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[save-partial-files] skipping: ${skipReason}`);
const stack = loadStackEnv();
const IMAGE = fixtures(stack).tiny;
/** Where a tar starts: the first header's name field holds a file name, then ustar magic at 257. */
const isTar = (file: string) => readFileSync(file).subarray(257, 262).toString('latin1') === 'ustar';

let core: StevedoreCore;
let root: string;
let n = 0;

/** A fresh folder per case, so its listing shows exactly what the save left. */
function folder(): string {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  return dir;
}

/** A file someone else owns the contents and mode of: what must survive untouched. */
function victim(dir: string, text = 'not yours to touch\n', mode = 0o640): { path: string; text: string; mode: number } {
  const path = join(dir, 'victim.txt');
  writeFileSync(path, text);
  chmodSync(path, mode);
  return { path, text, mode };
}

function expectUntouched(v: { path: string; text: string; mode: number }) {
  expect(readFileSync(v.path, 'utf8')).toBe(v.text);
  expect(statSync(v.path).mode & 0o777).toBe(v.mode);
}

async function finished(result: Result<unknown>): Promise<JobSnapshot> {
  if (!result.ok) throw new Error(`images.save refused: ${result.error.code} ${result.error.message}`);
  return core.jobs.wait((result.value as { jobId: string }).jobId);
}

/** The desktop edge with a save dialog that answers `path` (the only stub). */
function edgeChoosing(path: string) {
  const dialogs: Dialogs = {
    showSaveDialog: async () => ({ canceled: false, filePath: path }),
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  };
  return createTransferEdge(core, dialogs, { defaultDirectory: () => root });
}

async function saveThroughDialog(path: string): Promise<Result<unknown>> {
  const edge = edgeChoosing(path);
  const chosen = await edge.handle('dialogs.saveTar', { refs: [IMAGE] });
  expect(chosen).toEqual({ ok: true, value: { path } });
  return edge.handle('images.save', { refs: [IMAGE], path });
}

describe.skipIf(Boolean(skipReason))('saves never follow or overwrite what they did not create', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'stevedore-save-partial-'));
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
  });

  afterAll(() => {
    core?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the partial file has a random name beside the target and is created 0600, only by us', async () => {
    const dir = folder();
    const target = join(dir, 'x.tar');
    const names = new Set([partialPathFor(target), partialPathFor(target), partialPathFor(target)]);
    expect(names.size).toBe(3);
    for (const name of names) expect(name).toMatch(new RegExp(`^${dir}/x\\.tar\\.[0-9a-f]{16}\\.partial$`));

    const opened = await openSaveTarget(target);
    try {
      const info = lstatSync(opened.partial);
      expect(info.isFile()).toBe(true);
      expect(info.mode & 0o777).toBe(0o600);
      expect(opened.partial).not.toBe(`${target}.partial`);
    } finally {
      await opened.fh.close();
      rmSync(opened.partial);
    }
  });

  it('a `<name>.partial` symlink to someone else’s file is neither followed nor removed; the save lands in the target', async () => {
    const dir = folder();
    const v = victim(dir);
    const target = join(dir, 'img.tar');
    symlinkSync(v.path, `${target}.partial`);

    const job = await finished(await saveThroughDialog(target));
    expect(job.state).toBe('succeeded');
    expect(isTar(target)).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(lstatSync(`${target}.partial`).isSymbolicLink()).toBe(true);
    expect(readlinkSync(`${target}.partial`)).toBe(v.path);
    expectUntouched(v);
    expect(readdirSync(dir).sort()).toEqual(['img.tar', 'img.tar.partial', 'victim.txt']);
  });

  it('a `<name>.partial` regular file keeps its content and mode, also when the save fails', async () => {
    const dir = folder();
    const target = join(dir, 'img.tar');
    const planted = { path: `${target}.partial`, text: 'planted partial\n', mode: 0o604 };
    writeFileSync(planted.path, planted.text);
    chmodSync(planted.path, planted.mode);

    const ok = await finished(await saveThroughDialog(target));
    expect(ok.state).toBe('succeeded');
    expectUntouched(planted);

    // A failed save removes its own partial and nothing else.
    const failing = join(dir, 'missing.tar');
    const err = await saveToFile(core.engine.docker, ['stevedore-fixture/no-such-image:never'], failing).catch((e: unknown) => e);
    expect(toContractError(err).code).toBe('NOT_FOUND');
    expectUntouched(planted);
    expect(readdirSync(dir).sort()).toEqual(['img.tar', 'img.tar.partial']);
  });

  it('without the dialog’s permission an existing target is a CONFLICT and stays as it was', async () => {
    const dir = folder();
    const v = victim(dir);
    const result = await core.handle('images.save', { refs: [IMAGE], path: v.path });
    expect(result).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining(`${v.path} already exists`), detail: { path: v.path } },
    });
    expectUntouched(v);
    expect(readdirSync(dir)).toEqual(['victim.txt']);
  });

  it('a target that appears while the save runs is not replaced (no-replace move), and the partial goes', async () => {
    const dir = folder();
    const target = join(dir, 'late.tar');
    const opened = await openSaveTarget(target);
    const late = { path: target, text: 'written by someone else meanwhile\n', mode: 0o600 };
    writeFileSync(late.path, late.text, { mode: late.mode });

    const err = await saveToFile(core.engine.docker, [IMAGE], opened).catch((e: unknown) => e);
    expect(toContractError(err)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`${target} already exists`) });
    expectUntouched(late);
    expect(readdirSync(dir)).toEqual(['late.tar']);
  });

  it('the page cannot grant itself the overwrite: a file that appears after the dialog is a CONFLICT', async () => {
    const dir = folder();
    const target = join(dir, 'later.tar');
    const edge = edgeChoosing(target);
    expect(await edge.handle('dialogs.saveTar', { refs: [IMAGE] })).toEqual({ ok: true, value: { path: target } });
    const late = { path: target, text: 'appeared after the dialog\n', mode: 0o640 };
    writeFileSync(late.path, late.text);
    chmodSync(late.path, late.mode);

    const result = await edge.handle('images.save', { refs: [IMAGE], path: target, overwrite: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expectUntouched(late);
    expect(readdirSync(dir)).toEqual(['later.tar']);
  });

  it('a file the dialog confirmed replacing is replaced; a symlink there is replaced itself, never its target', async () => {
    const dir = folder();
    const existing = join(dir, 'old.tar');
    writeFileSync(existing, 'old contents');
    expect((await finished(await saveThroughDialog(existing))).state).toBe('succeeded');
    expect(isTar(existing)).toBe(true);

    const v = victim(dir);
    const link = join(dir, 'link.tar');
    symlinkSync(v.path, link);
    expect((await finished(await saveThroughDialog(link))).state).toBe('succeeded');
    expect(lstatSync(link).isFile()).toBe(true);
    expect(isTar(link)).toBe(true);
    expectUntouched(v);
    expect(readdirSync(dir).sort()).toEqual(['link.tar', 'old.tar', 'victim.txt']);
  });
});
