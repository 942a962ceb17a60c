// The two tests every bench with a paint mark gets, so it cannot rot quietly (issues #15, #17):
// `npm run bench:smoke -- <script>` against the built renderer passes and prints the bench's BENCH
// line; against a copy of that renderer whose scripts no longer set the mark (its string renamed,
// as a scratch change deleting the `performance.mark` call would) the smoke fails, prints no BENCH
// line and names the mark the bench waited for. One harness, so both benches are held the same way.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchLine } from '../../scripts/bench/bench-kit';

const root = resolve(import.meta.dirname, '../..');

export interface BenchSmokeSpec {
  /** The package.json script, e.g. 'bench:list'. */
  script: string;
  /** The name of the bench's final BENCH line, e.g. 'list'. */
  bench: string;
  /** The renderer's performance mark the bench waits for, and the name the copy gives it instead. */
  mark: string;
  markRenamedTo: string;
  /** The fields the final BENCH line must carry (any value: a smoke never judges figures). */
  fields: string[];
  /** The two tests' titles. */
  passes: string;
  failsWithoutMark: string;
}

/** `npm run bench:smoke -- <script>`, serving the renderer in `rendererDir` (undefined: dist/renderer, built if missing). */
export function runSmoke(script: string, rendererDir?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    if (rendererDir) env.STEVEDORE_RENDERER_DIR = rendererDir;
    else delete env.STEVEDORE_RENDERER_DIR;
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bench/smoke.ts', script], {
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

/** Declares `describe('bench:smoke over <script>')` with its two tests; skipped when `skip`. */
export function describeBenchSmoke(spec: BenchSmokeSpec, skip: boolean): void {
  const benchLines = (output: string) =>
    output
      .split('\n')
      .map((l) => parseBenchLine(l.trim()))
      .filter((b) => b?.name === spec.bench);

  describe.skipIf(skip)(`bench:smoke over ${spec.script}`, () => {
    const scratch = mkdtempSync(join(tmpdir(), `stevedore-${spec.script.replace(':', '-')}-smoke-`));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it(
      spec.passes,
      async () => {
        const { code, output } = await runSmoke(spec.script, undefined);
        expect(code, output).toBe(0);
        expect(output).toMatch(new RegExp(`^ok +${spec.script}`, 'm'));
        const [line] = benchLines(output);
        expect(line?.fields, output).toMatchObject(Object.fromEntries(spec.fields.map((f) => [f, expect.any(String)])));
      },
      600_000,
    );

    it(
      spec.failsWithoutMark,
      async () => {
        // The real run above built dist/renderer if it was missing.
        const built = join(root, 'dist/renderer');
        expect(existsSync(join(built, 'index.html')), 'dist/renderer is built').toBe(true);
        const copy = join(scratch, 'renderer');
        cpSync(built, copy, { recursive: true });
        let renamed = 0;
        for (const file of readdirSync(join(copy, 'assets')).filter((f) => f.endsWith('.js'))) {
          const path = join(copy, 'assets', file);
          const text = readFileSync(path, 'utf8');
          if (!text.includes(spec.mark)) continue;
          writeFileSync(path, text.split(spec.mark).join(spec.markRenamedTo));
          renamed++;
        }
        expect(renamed, `the built renderer sets ${spec.mark}`).toBeGreaterThan(0);

        const { code, output } = await runSmoke(spec.script, copy);
        expect(code, output).not.toBe(0);
        expect(output).toMatch(new RegExp(`^FAIL ${spec.script}`, 'm'));
        expect(benchLines(output), output).toEqual([]);
        expect(output).toContain(`the mark '${spec.mark}'`);
      },
      600_000,
    );
  });
}
