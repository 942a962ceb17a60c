// Bundles the Electron main process and the preload with esbuild (options in electron-bundles.mjs).
// The preload must be ONE CommonJS file: a sandboxed preload can require only 'electron'.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { mainBundle, preloadBundle } from './electron-bundles.mjs';

await build(mainBundle);
await build(preloadBundle);
// The tray and the Linux window icon are read at run time, so the icon ships inside dist/.
mkdirSync('dist/electron', { recursive: true });
copyFileSync('build/icon.png', 'dist/electron/icon.png');
console.log('built dist/electron/main.cjs and dist/electron/preload.cjs (+ icon.png)');
