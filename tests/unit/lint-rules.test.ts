// Proves the lint rules in eslint.config.js bite: each layering rule on a probe file placed in its
// layer, and import cycles (value and type-only) on real files in a temporary folder of the repo.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const configFile = path.join(root, 'eslint.config.js');
const TIMEOUT = 120_000;

/** The real config; probes exist only in memory, so the rules that need a TypeScript program skip them. */
const inMemory = new ESLint({
  cwd: root,
  overrideConfigFile: configFile,
  overrideConfig: { files: ['**/lint-probe.ts', '**/lint-probe.tsx'], ...tseslint.configs.disableTypeChecked },
});

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await inMemory.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering rules', { timeout: TIMEOUT }, () => {
  it("a core module importing 'electron' fails, and the message says what to do instead", async () => {
    const found = await problems("import { app } from 'electron';\nexport const name = app.name;\n", 'electron/core/engine/lint-probe.ts');
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*'electron'.*add a port to StevedoreCore/)]);
  });

  it("a core module loading 'electron' at run time fails too", async () => {
    const found = await problems("export const load = () => import('electron');\n", 'electron/core/engine/lint-probe.ts');
    expect(found).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Only electron\/main.ts and electron\/preload.ts load 'electron'/),
    ]);
  });

  it('a core module importing the shell or the bridge fails', async () => {
    const shell = await problems(
      "import { findMenuItem } from '../../shell/menu-spec';\nexport const f = findMenuItem;\n",
      'electron/core/edit/lint-probe.ts',
    );
    expect(shell).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*electron\/core is the app in plain Node/)]);
    const bridge = await problems(
      "import type { Bridge } from '../../bridge/server';\nexport type B = Bridge;\n",
      'electron/core/edit/lint-probe.ts',
    );
    expect(bridge).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: /)]);
  });

  it('core importing shared/ and its own areas passes', async () => {
    const code =
      "import { ok } from '../../../shared/errors';\nimport { JsonLineSplitter } from '../support/json-lines';\nexport const x = [ok, JsonLineSplitter];\n";
    expect(await problems(code, 'electron/core/edit/lint-probe.ts')).toEqual([]);
  });

  it('a renderer import of electron/ fails (type-only too), naming shared/ and the transport instead', async () => {
    const value = await problems(
      "import { StevedoreCore } from '../../../../electron/core/service';\nexport const c = StevedoreCore;\n",
      'renderer/src/features/images/lint-probe.ts',
    );
    expect(value).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*shared\/.*renderer\/src\/transport/)]);
    const typeOnly = await problems(
      "import type { BridgeOptions } from '../../../../electron/bridge/server';\nexport type O = BridgeOptions;\n",
      'renderer/src/features/images/lint-probe.ts',
    );
    expect(typeOnly).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: /)]);
  });

  it('a renderer import of a Node built-in fails', async () => {
    const found = await problems(
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'renderer/src/ui/lint-probe.ts',
    );
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*The page has no Node/)]);
  });

  it('a shared module importing a core module fails', async () => {
    const found = await problems(
      "import { JsonLineSplitter } from '../electron/core/support/json-lines';\nexport const j = JsonLineSplitter;\n",
      'shared/lint-probe.ts',
    );
    expect(found).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*shared\/ is the contract/)]);
  });

  it('the bridge importing the Electron shell fails; the shell importing core passes', async () => {
    const bridge = await problems(
      "import { shellStrings } from '../shell/shell-strings';\nexport const s = shellStrings;\n",
      'electron/bridge/lint-probe.ts',
    );
    expect(bridge).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*The bridge runs under plain Node/)]);
    const shell = await problems(
      "import { JsonLineSplitter } from '../core/support/json-lines';\nexport const j = JsonLineSplitter;\n",
      'electron/shell/lint-probe.ts',
    );
    expect(shell).toEqual([]);
  });

  it("only main.ts and preload.ts import 'electron'", async () => {
    const found = await problems("import { Menu } from 'electron';\nexport const m = Menu;\n", 'electron/shell/lint-probe.ts');
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*Only electron\/main.ts and electron\/preload.ts/)]);
  });
});

describe('import cycles', { timeout: TIMEOUT }, () => {
  let dir = '';
  let results: ESLint.LintResult[] = [];
  const ruleHits = (name: string) =>
    results.find((r) => path.basename(r.filePath) === name)?.messages.filter((m) => m.ruleId === 'local/no-import-cycle') ?? [];

  beforeAll(async () => {
    // Inside the repo (the config's globs and tsconfig.node's include apply), removed afterwards.
    mkdirSync(path.join(root, 'tests/fixtures'), { recursive: true });
    dir = mkdtempSync(path.join(root, 'tests/fixtures/lint-probe-'));
    const files: Record<string, string> = {
      'a.ts': "import { b } from './b';\nexport const a = () => b();\n",
      'b.ts': "import { a } from './a';\nexport const b = (): unknown => a;\n",
      'c.ts': "import type { D } from './d';\nexport interface C {\n  d?: D;\n}\n",
      'd.ts': "import type { C } from './c';\nexport interface D {\n  c?: C;\n}\n",
      'e.ts': "import { f } from './f';\nexport const e = () => f;\n",
      'f.ts': 'export const f = 1;\n',
      'floating.ts': 'async function later(): Promise<void> {}\nexport function start(): void {\n  later();\n}\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    // The main run ignores lint-probe-* folders (one a crashed run left behind must not fail it).
    const eslint = new ESLint({ cwd: root, overrideConfigFile: configFile, ignore: false });
    results = await eslint.lintFiles([dir]);
  }, TIMEOUT);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a two-file cycle fails on both files, with the route', () => {
    expect(ruleHits('a.ts').map((m) => m.message)).toEqual([expect.stringMatching(/^Import cycle: .*a\.ts → .*b\.ts → .*a\.ts\./)]);
    expect(ruleHits('b.ts')).toHaveLength(1);
  });

  it('a cycle of type-only imports fails too', () => {
    expect(ruleHits('c.ts')).toHaveLength(1);
    expect(ruleHits('d.ts')).toHaveLength(1);
  });

  it('an import that does not come back passes', () => {
    expect(ruleHits('e.ts')).toEqual([]);
    expect(ruleHits('f.ts')).toEqual([]);
  });

  it('a promise nobody awaits fails (type-aware rules run)', () => {
    const messages = results.find((r) => path.basename(r.filePath) === 'floating.ts')?.messages ?? [];
    expect(messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it("the one allowed loop, the store's AppState and its slices, passes; it is named in the config", async () => {
    const eslint = new ESLint({ cwd: root, overrideConfigFile: configFile });
    const store = await eslint.lintFiles(['renderer/src/store/types.ts', 'renderer/src/features/jobs/jobs-slice.ts']);
    expect(store.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.ruleId}: ${m.message}`))).toEqual([]);
    const config = await eslint.calculateConfigForFile(path.join(root, 'renderer/src/store/types.ts'));
    const [, options] = config?.rules?.['local/no-import-cycle'] ?? [];
    expect((options as { allowTypeOnly: unknown }).allowTypeOnly).toEqual([
      { from: '^renderer/src/store/types\\.ts$', to: expect.stringContaining('-slice'), reason: expect.stringContaining('AppState') },
    ]);
  });
});
