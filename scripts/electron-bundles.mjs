// Owns the esbuild options of the two Electron bundles (main and preload), shared by the build
// (scripts/build-electron.mjs) and tests/unit/packaging.test.ts, which reads the bundles' external
// imports to check that package.json `dependencies` is exactly what main needs at run time.
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

/** @type {import('esbuild').BuildOptions} */
export const mainBundle = {
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.cjs',
  format: 'cjs',
  // Runtime dependencies stay in node_modules (electron-builder ships them); electron is provided.
  packages: 'external',
};

/** @type {import('esbuild').BuildOptions} */
export const preloadBundle = {
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  // The preload must be ONE CommonJS file: a sandboxed preload can require only 'electron'.
  external: ['electron'],
};
