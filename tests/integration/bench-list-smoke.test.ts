// Specifies that the list bench cannot rot quietly (issue #15): `npm run bench:smoke` runs
// bench:list in its tiny mode against a built renderer; with the grid's paint mark deleted (the
// string renamed in a copy of the built scripts, as a scratch change to ImageGrid.tsx would) the
// smoke fails, bench:list prints no final BENCH line and says which mark it waited for; with the
// real renderer the same smoke passes and prints the line. A few hundred tags of the bench's own
// repository on the shared test stack, removed again by the bench.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchLine } from '../../scripts/bench/bench-kit';
import { requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[bench-list-smoke] skipping: ${skipReason}`);

const root = resolve(import.meta.dirname, '../..');
const PAINT_MARK = 'stevedore:images-painted';
const scratch = mkdtempSync(join(tmpdir(), 'stevedore-bench-smoke-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm run bench:smoke -- bench:list`, serving the renderer in `rendererDir` (undefined: dist/renderer, built if missing). */
function smokeList(rendererDir: string | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    if (rendererDir) env.STEVEDORE_RENDERER_DIR = rendererDir;
    else delete env.STEVEDORE_RENDERER_DIR;
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bench/smoke.ts', 'bench:list'], {
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

const finalLines = (output: string) =>
  output
    .split('\n')
    .map((l) => parseBenchLine(l.trim()))
    .filter((b) => b?.name === 'list');

describe.skipIf(skipReason !== null)('bench:smoke over bench:list', () => {
  it('passes with the real renderer and prints the final BENCH list line', async () => {
    const { code, output } = await smokeList(undefined);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^ok +bench:list/m);
    const [line] = finalLines(output);
    expect(line?.fields, output).toMatchObject({
      ratio_vs_api: expect.any(String),
      ratio_vs_api_20k: expect.any(String),
      paint_ms_5000: expect.any(String),
      paint_ms_20000: expect.any(String),
    });
  }, 600_000);

  it('fails, naming the mark, when the grid no longer sets its paint mark', async () => {
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
      writeFileSync(path, text.split(PAINT_MARK).join('stevedore:images-paint-mark-deleted'));
      renamed++;
    }
    expect(renamed, `the built renderer sets ${PAINT_MARK}`).toBeGreaterThan(0);

    const { code, output } = await smokeList(copy);
    expect(code, output).not.toBe(0);
    expect(output).toMatch(/^FAIL bench:list/m);
    expect(finalLines(output), output).toEqual([]);
    expect(output).toContain(`the mark '${PAINT_MARK}'`);
  }, 600_000);
});
