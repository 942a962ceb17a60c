// Specifies that the explore bench cannot rot quietly (issues #15, #17): `npm run bench:smoke`
// runs bench:explore in its tiny mode (an image of a few MiB made for the run and removed after)
// against a built renderer and prints its BENCH line; with the explorer tree's paint mark deleted
// (the string renamed in a copy of the built scripts, as a scratch change to FileTree.tsx would)
// the smoke fails, bench:explore prints no BENCH line and names the mark it waited for.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchLine } from '../../scripts/bench/bench-kit';
import { requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[bench-explore-smoke] skipping: ${skipReason}`);

const root = resolve(import.meta.dirname, '../..');
const PAINT_MARK = 'stevedore:explore-tree-painted';
const scratch = mkdtempSync(join(tmpdir(), 'stevedore-bench-explore-smoke-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm run bench:smoke -- bench:explore`, serving the renderer in `rendererDir` (undefined: dist/renderer, built if missing). */
function smokeExplore(rendererDir: string | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    if (rendererDir) env.STEVEDORE_RENDERER_DIR = rendererDir;
    else delete env.STEVEDORE_RENDERER_DIR;
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bench/smoke.ts', 'bench:explore'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

const benchLines = (output: string) =>
  output
    .split('\n')
    .map((l) => parseBenchLine(l.trim()))
    .filter((b) => b?.name === 'explore');

describe.skipIf(skipReason !== null)('bench:smoke over bench:explore', () => {
  it('passes with the real renderer and prints the BENCH explore line', async () => {
    const { code, output } = await smokeExplore(undefined);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^ok +bench:explore/m);
    const [line] = benchLines(output);
    expect(line?.fields, output).toMatchObject({
      ratio_vs_api: expect.any(String),
      rss_growth_mib: expect.any(String),
      files: expect.any(String),
      tree_paint_ms: expect.any(String),
      spread: expect.any(String),
      moved_mib: expect.any(String),
    });
  }, 600_000);

  it('fails, naming the mark, when the explorer tree no longer sets its paint mark', async () => {
    // The real run above built dist/renderer if it was missing.
    const built = join(root, 'dist/renderer');
    expect(existsSync(join(built, 'index.html')), 'dist/renderer is built').toBe(true);
    const copy = join(scratch, 'renderer');
    cpSync(built, copy, { recursive: true });
    let renamed = 0;
    for (const file of readdirSync(join(copy, 'assets')).filter((f) => f.endsWith('.js'))) {
      const path = join(copy, 'assets', file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(PAINT_MARK)) continue;
      writeFileSync(path, text.split(PAINT_MARK).join('stevedore:explore-paint-mark-deleted'));
      renamed++;
    }
    expect(renamed, `the built renderer sets ${PAINT_MARK}`).toBeGreaterThan(0);

    const { code, output } = await smokeExplore(copy);
    expect(code, output).not.toBe(0);
    expect(output).toMatch(/^FAIL bench:explore/m);
    expect(benchLines(output), output).toEqual([]);
    expect(output).toContain(`the mark '${PAINT_MARK}'`);
  }, 600_000);
});
