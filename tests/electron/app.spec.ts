// The real Electron app, driven by Playwright's _electron against the test engine. Runs wherever
// the Electron binary is installed; skipped with a printed reason where it is not (nothing faked).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { loadStackEnv } from '../support/stack';

const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // the package throws when its binary was never downloaded
  }
}

const binary = electronBinary();
const SKIP_REASON =
  'Electron binary not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); ' +
  'run `ELECTRON_SKIP_BINARY_DOWNLOAD=0 npm ci` on a machine with internet access to run these tests';
if (!binary) console.log(`[electron] skipped: ${SKIP_REASON}`);

test.describe('the Electron app', () => {
  test.skip(!binary, SKIP_REASON);

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    const stack = loadStackEnv();
    app = await electron.launch({
      executablePath: binary!,
      args: [resolve('dist/electron/main.cjs'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, DOCKER_HOST: stack.dockerHost },
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('the window runs sandboxed, context-isolated, without Node', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      // Not in Electron's typings, but present at run time: the preferences the window really got.
      const wc = BrowserWindow.getAllWindows()[0].webContents as unknown as {
        getLastWebPreferences?: () => { sandbox?: boolean; contextIsolation?: boolean; nodeIntegration?: boolean } | null;
      };
      const p = wc.getLastWebPreferences?.();
      return { sandbox: p?.sandbox, contextIsolation: p?.contextIsolation, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    // And as the page sees it: no Node, and the bridge object comes from another world.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as { stevedore?: object }).stevedore ?? {}).sort())).toEqual([
      'channels',
      'events',
      'getPathForFile',
      'invoke',
      'on',
    ]);
  });

  test('the images list shows the engine images', async () => {
    const grid = page.getByRole('grid', { name: 'Images' });
    await expect(grid.getByRole('row').nth(1)).toBeVisible();
    await expect(grid).toHaveAttribute('aria-rowcount', /^\d+$/);
  });

  test('navigation away from the app and new windows are refused', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(
      await page.evaluate(() => (globalThis as unknown as { open: (u: string) => unknown }).open('https://example.com/') === null),
    ).toBe(true);
  });
});
