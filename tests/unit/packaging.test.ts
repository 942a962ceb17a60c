// electron-builder.yml, loaded and validated by electron-builder's own loader and JSON schema (the
// same code `npm run dist` runs first), then checked for what the issue asks of the packages; and
// package.json's split: `dependencies` (what electron-builder puts in app.asar) is exactly what the
// main and preload bundles import at run time, everything the page bundles is a devDependency.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { MISSING_BINARY } from '../../scripts/electron-binary.mjs';
import { mainBundle, preloadBundle } from '../../scripts/electron-bundles.mjs';

// app-builder-lib is electron-builder's engine; resolve it from electron-builder itself.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, any>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = await getConfig(process.cwd(), null, null);
const targets = (platform: string): string[] =>
  [config[platform]?.target].flat().map((t: string | { target: string }) => (typeof t === 'string' ? t : t.target));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('packaging (electron-builder.yml)', () => {
  it("passes electron-builder's schema, and a broken config would not", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // A misspelt key (the schema coerces types, so a typo is the mistake it catches).
    const typo = { ...structuredClone(config), linux: { ...config.linux, tagret: ['AppImage'] } };
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/Invalid configuration/);
  }, 60_000); // compiling electron-builder's schema takes seconds on a busy machine

  it('builds AppImage and deb on Linux, an NSIS installer on Windows, a dmg on macOS', () => {
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
  });

  it('names the app and packs it in an asar archive', () => {
    expect(config.appId).toBe('dev.stevedore.app');
    expect(config.productName).toBe('Stevedore');
    expect(config.asar).toBe(true);
  });

  it('ships the built app from dist/ (the package.json main points there) and no source maps', () => {
    const files = [config.files].flat().flatMap((f: string | { filter: string[] }) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toContain('dist/**');
    expect(files).toContain('!dist/**/*.map');
    expect(files).toContain('package.json');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder');
  });

  it("every platform's icon exists; the PNG they derive from is 512x512 (macOS needs at least that)", () => {
    for (const platform of ['linux', 'win', 'mac']) {
      expect(existsSync(config[platform].icon), `${platform}: ${config[platform].icon}`).toBe(true);
    }
    expect(config.directories.buildResources).toBe('build');
    expect(pngSize('build/icon.png')).toEqual({ width: 512, height: 512 });
  });

  it('the build copies the icon next to main.cjs, where the tray and the Linux window read it', () => {
    expect(readFileSync('scripts/build-electron.mjs', 'utf8')).toContain("copyFileSync('build/icon.png', 'dist/electron/icon.png')");
  });
});

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; dev?: boolean }>;
};

/** The package a bare import names ('docker-modem/lib/http.js' -> 'docker-modem', '@a/b/c' -> '@a/b'). */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The packages a bundle leaves to node_modules: its external imports, less Node's and Electron's. */
async function externalPackages(options: typeof mainBundle): Promise<string[]> {
  const result = await build({ ...options, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  const found = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) {
      // Relative externals are type-only imports esbuild dropped; node: and electron are provided.
      if (!imp.external || imp.path.startsWith('.') || imp.path.startsWith('node:') || imp.path === 'electron') continue;
      found.add(packageOf(imp.path));
    }
  }
  return [...found].sort();
}

// What Vite bundles into the page, and what only the preview bridge (ws) uses. (tar-stream is a
// dependency since the explorer's save-out writes folder tars with it in main.)
const PAGE_AND_TOOLING = ['react', 'react-dom', 'zustand', 'i18next', 'react-i18next', '@tanstack/react-virtual', 'd3-hierarchy', 'ws'];

describe('package.json: app.asar gets only what main needs at run time', () => {
  it('dependencies are exactly the packages the main and preload bundles import (the rest is bundled)', async () => {
    const runtime = [...new Set([...(await externalPackages(mainBundle)), ...(await externalPackages(preloadBundle))])].sort();
    expect(runtime).toContain('dockerode'); // the probe sees through the bundle at all
    expect(Object.keys(pkg.dependencies).sort()).toEqual(runtime);
    // The preload is one self-contained file: a sandboxed preload can require only 'electron'.
    expect(await externalPackages(preloadBundle)).toEqual([]);
  }, 60_000);

  it("the page's packages and the bridge's ws are devDependencies", () => {
    for (const name of PAGE_AND_TOOLING) {
      expect(pkg.dependencies, name).not.toHaveProperty(name);
      expect(pkg.devDependencies, name).toHaveProperty(name);
    }
    // electron-builder refuses electron among dependencies: the binary is the app's runtime.
    expect(pkg.devDependencies).toHaveProperty('electron');
  });

  it('docker-modem, which main patches directly, is the one copy dockerode loads', () => {
    // engine-transport.ts replaces docker-modem's request functions; a second nested copy under
    // dockerode would leave dockerode's requests unpatched.
    const root = createRequire(join(process.cwd(), 'package.json'));
    const fromDockerode = createRequire(root.resolve('dockerode/package.json'));
    expect(fromDockerode.resolve('docker-modem/package.json')).toBe(root.resolve('docker-modem/package.json'));
    expect(lock.packages['node_modules/dockerode/node_modules/docker-modem']).toBeUndefined();
  });

  it('package-lock.json was updated with the split (npm ci installs what package.json says)', () => {
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
    for (const name of PAGE_AND_TOOLING) expect(lock.packages[`node_modules/${name}`]?.dev, name).toBe(true);
    for (const name of Object.keys(pkg.dependencies)) expect(lock.packages[`node_modules/${name}`]?.dev, name).toBeUndefined();
  });
});

describe('npm start without the Electron binary', () => {
  const script = 'scripts/electron-binary.mjs';
  /** Runs the script with electron's own override pointing at `dist`, where a binary may or may not be. */
  const run = (command: string, dist: string) =>
    spawnSync(process.execPath, [script, command], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist },
    });
  // The file name electron's index.js joins to the override: path.txt's, or 'electron' without one.
  const pathTxt = join(dirname(createRequire(import.meta.url).resolve('electron')), 'path.txt');
  const binaryName = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8') : 'electron';

  it('npm start checks for the binary before it builds, then starts it through the script', () => {
    expect(pkg.scripts.start).toBe(`node ${script} check && npm run build && node ${script} start`);
    expect(pkg.scripts['electron:install']).toBe(`node ${script} install`);
  });

  it('says in one line what to do and exits 1, with no stack trace', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-electron-'));
    for (const command of ['check', 'start']) {
      const r = run(command, empty);
      expect(r.status, command).toBe(1);
      expect(r.stdout, command).toBe('');
      expect(r.stderr, command).toBe(`${MISSING_BINARY}\n`);
    }
    expect(MISSING_BINARY).toMatch(/npm run electron:install.*npm run preview/);
  });

  it.skipIf(process.platform === 'win32')('with a binary, start runs it on this folder and exits with its status', () => {
    const dist = mkdtempSync(join(tmpdir(), 'fake-electron-'));
    const out = join(dist, 'args.txt');
    const fake = join(dist, binaryName);
    if (binaryName.includes('/')) return; // a macOS app bundle path: the Linux case covers the logic
    writeFileSync(fake, `#!/bin/sh\nprintf '%s' "$*" > '${out}'\nexit 3\n`);
    chmodSync(fake, 0o755);
    expect(run('check', dist).status).toBe(0);
    const r = run('start', dist);
    expect(r.status).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe('.');
  });
});
