// The Electron bundles that ship (dist/electron/main.cjs and preload.cjs), built by the project's
// own build script so a test reads what electron-builder packages, never a stale copy.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export const ELECTRON_BUNDLES = {
  main: resolve(root, 'dist/electron/main.cjs'),
  preload: resolve(root, 'dist/electron/preload.cjs'),
  icon: resolve(root, 'dist/electron/icon.png'),
  rendererPage: resolve(root, 'dist/renderer/index.html'),
} as const;

let built = false;

/** Runs `npm run build:electron`'s script once per test process (esbuild: about a second). */
export function buildElectronBundles(): typeof ELECTRON_BUNDLES {
  if (!built) {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe', timeout: 120_000 });
    built = true;
  }
  return ELECTRON_BUNDLES;
}
