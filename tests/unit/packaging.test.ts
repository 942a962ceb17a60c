// electron-builder.yml, loaded and validated by electron-builder's own loader and JSON schema (the
// same code `npm run dist` runs first), then checked for what the issue asks of the packages.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// app-builder-lib is electron-builder's engine; resolve it from electron-builder itself.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, any>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = await getConfig(process.cwd(), null, null);
const targets = (platform: string): string[] => [config[platform]?.target].flat().map((t: string | { target: string }) => (typeof t === 'string' ? t : t.target));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('packaging (electron-builder.yml)', () => {
  it('passes electron-builder\'s schema, and a broken config would not', async () => {
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

  it('every platform\'s icon exists; the PNG they derive from is 512x512 (macOS needs at least that)', () => {
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
