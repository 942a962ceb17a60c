// Bundles the Electron main process and the preload with esbuild.
// The preload must be ONE CommonJS file: a sandboxed preload can require only 'electron'.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.cjs',
  format: 'cjs',
  // Runtime dependencies stay in node_modules (electron-builder ships them); electron is provided.
  packages: 'external',
});

await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
// The tray and the Linux window icon are read at run time, so the icon ships inside dist/.
mkdirSync('dist/electron', { recursive: true });
copyFileSync('build/icon.png', 'dist/electron/icon.png');
console.log('built dist/electron/main.cjs and dist/electron/preload.cjs (+ icon.png)');
