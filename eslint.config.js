// Owns the lint rules: the layering (which folder may import which, each message naming what to use
// instead), no import cycles (type-only ones too), typescript-eslint's recommended set and promises
// nobody waits for. Prettier owns the layout, so eslint-config-prettier turns layout rules off.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettierOff from 'eslint-config-prettier/flat';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noImportCycle from './scripts/lint/no-import-cycle.mjs';

const root = import.meta.dirname;

// ---- Layering -----------------------------------------------------------------------------------
// Who may import whom (paths from the repository root):
//   shared/                        shared/ only (the contract both sides read; no Node, no DOM)
//   electron/core/                 shared/ and itself; never 'electron', the shell or the bridge
//   renderer/src/                  shared/ and itself; no electron/, no Node built-ins
//   electron/main.ts, preload.ts,  electron/core and shared/ (and the shell's own files)
//     the other electron/*.ts, shell/
//   electron/bridge/               electron/core and shared/
// Only electron/main.ts and electron/preload.ts import the 'electron' module. tests/ and scripts/
// may import anything.

const CORE_INSTEAD =
  'electron/core is the app in plain Node (the bridge and the tests run it without Electron): it imports only shared/ and ' +
  'electron/core. The shell and the bridge call core, never the reverse; to ask the desktop shell something, add a port to ' +
  'StevedoreCore that main.ts fills (as confirmEngine does).';
const RENDERER_INSTEAD =
  'The renderer reaches the app only through the contract: import from shared/ (shared/contract.ts, shared/bridge-protocol.ts) ' +
  'and call the api from renderer/src/transport.';
const SHARED_INSTEAD =
  'shared/ is the contract both sides read and imports only shared/: move what you need into shared/, or keep the code on its side.';
const BRIDGE_INSTEAD =
  'The bridge runs under plain Node (npm run preview): it imports electron/core and shared/ only, not the Electron shell ' +
  '(main.ts, preload, shell/). Move what both need into electron/core or shared/.';
const SHELL_INSTEAD =
  'The desktop shell (main.ts, preload.ts, shell/) imports electron/core and shared/; the bridge and the renderer are other ' +
  'edges, not libraries: move what both need into electron/core or shared/.';
const PRELOAD_INSTEAD =
  'The preload runs sandboxed without Node: it imports only shared/ (channel names), preload-api.ts and ipc-internal.ts.';
const TOOLS_INSTEAD = 'App code never imports tests/ or scripts/: move the helper into the layer that needs it.';

const layerZones = [
  { target: 'shared', from: ['electron', 'renderer', 'scripts', 'tests'], message: SHARED_INSTEAD },
  { target: 'electron/core', from: 'electron', except: ['./core'], message: CORE_INSTEAD },
  { target: 'electron/core', from: 'renderer', message: CORE_INSTEAD },
  { target: 'renderer/src', from: ['electron', 'renderer/vite.config.ts'], message: RENDERER_INSTEAD },
  { target: 'electron/bridge', from: 'electron', except: ['./core', './bridge'], message: BRIDGE_INSTEAD },
  { target: 'electron/bridge', from: 'renderer', message: BRIDGE_INSTEAD },
  { target: ['electron/*.ts', 'electron/shell/**'], from: ['electron/bridge', 'renderer'], message: SHELL_INSTEAD },
  {
    target: ['electron/preload.ts', 'electron/preload-api.ts'],
    from: ['electron/core', 'electron/shell', 'electron/main.ts'],
    message: PRELOAD_INSTEAD,
  },
  { target: ['electron', 'renderer/src', 'shared'], from: ['scripts', 'tests'], message: TOOLS_INSTEAD },
];

/** `no-restricted-imports` for one layer: the 'electron' module always, Node's built-ins where there is no Node. */
function restrictedImports(electronMessage, nodeMessage) {
  const paths = [{ name: 'electron', message: electronMessage }];
  const patterns = [];
  if (nodeMessage) {
    const names = builtinModules.filter((name) => !name.startsWith('_'));
    paths.push(...names.map((name) => ({ name, message: nodeMessage })));
    patterns.push({ group: ['node:*'], message: nodeMessage });
  }
  return ['error', { paths, patterns }];
}

const NO_NODE_IN_PAGE = 'The page has no Node: ask core through the api (renderer/src/transport), or use a browser API.';
const NO_NODE_IN_SHARED = 'shared/ runs in the page too, which has no Node: keep Node code in electron/core.';

// ---- Import cycles ------------------------------------------------------------------------------
// local/no-import-cycle counts type-only imports (import-x/no-cycle cannot, so it stays off).
// The one allowed loop: renderer/src/store/types.ts assembles AppState from the slices' types, and each
// slice is typed against AppState (SliceCreator). Both directions are `import type`, erased at build,
// and a slice's type is what its own module exports: splitting it off would only move the loop.
const allowTypeOnly = [
  {
    from: '^renderer/src/store/types\\.ts$',
    to: '^renderer/src/features/[^/]+/[^/]+-slice\\.ts$',
    reason: 'the store assembles AppState from the slices, which are typed against AppState (type-only both ways)',
  },
];

export default defineConfig([
  globalIgnores([
    'dist/',
    'out/',
    'release/',
    'test-results/',
    'playwright-report/',
    '.test-stack/',
    'docs/screenshots/',
    // Made and removed by tests/unit/lint-rules.test.ts, which lints them on purpose.
    'tests/fixtures/lint-probe-*/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'stevedore/all',
    files: ['**/*.{js,mjs,cjs,ts,mts,tsx}'],
    plugins: { 'import-x': importX, local: { rules: { 'no-import-cycle': noImportCycle } } },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
    rules: {
      'local/no-import-cycle': ['error', { allowTypeOnly }],
      'import-x/no-cycle': 'off',
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones }],
      'import-x/no-self-import': 'error',
      // `_name` marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    name: 'stevedore/typed',
    files: ['**/*.{ts,mts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      // A promise nobody awaits loses its error (an unhandled rejection ends main): await it, or mark it `void`.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Outside every tsconfig (tests/unit/renderer is run by vitest, not type-checked; .d.mts beside the
    // scripts they type): the rules above that need types cannot run there.
    name: 'stevedore/untyped',
    files: ['tests/unit/renderer/**', '**/*.d.mts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    name: 'stevedore/renderer',
    files: ['renderer/src/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrictedImports(RENDERER_INSTEAD, NO_NODE_IN_PAGE),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Playwright's page.evaluate callbacks run in the page, but tsconfig.node has no DOM types:
    // `globalThis as any` is how they reach it; other tests build malformed input on purpose.
    name: 'stevedore/tests',
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    name: 'stevedore/shared',
    files: ['shared/**'],
    rules: { 'no-restricted-imports': restrictedImports(SHARED_INSTEAD, NO_NODE_IN_SHARED) },
  },
  {
    name: 'stevedore/core',
    files: ['electron/core/**'],
    rules: { 'no-restricted-imports': restrictedImports(CORE_INSTEAD) },
  },
  {
    name: 'stevedore/bridge',
    files: ['electron/bridge/**'],
    rules: { 'no-restricted-imports': restrictedImports(BRIDGE_INSTEAD) },
  },
  {
    // no-restricted-imports sees only static imports: `import('electron')` and `require('electron')` too.
    name: 'stevedore/electron-only-in-main',
    files: ['electron/**', 'renderer/src/**', 'shared/**'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...["ImportExpression[source.value='electron']", "CallExpression[callee.name='require'][arguments.0.value='electron']"].map(
          (selector) => ({ selector, message: "Only electron/main.ts and electron/preload.ts load 'electron'." }),
        ),
      ],
    },
  },
  {
    name: 'stevedore/shell-modules',
    files: ['electron/*.ts', 'electron/shell/**'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': restrictedImports(
        "Only electron/main.ts and electron/preload.ts import 'electron': take what you need as a parameter (as " +
          'transfer-edge.ts takes the dialog), so the module runs under Node in the tests.',
      ),
    },
  },
  prettierOff,
]);
