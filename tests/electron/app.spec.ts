// The real Electron app, driven by Playwright's _electron against the test engine. Runs wherever
// the Electron binary is installed; skipped with a printed reason where it is not (nothing faked).
// The native open dialog is the one thing replaced (in the main process, as Electron suites do);
// tray items are invoked in the main process through the hook STEVEDORE_E2E=1 exposes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { MenuItemSpec } from '../../electron/shell/menu-spec';
import { cleanup, imageIdOf, importImage, mustCli, NS, RUN, TEST_LABEL } from '../support/edit-fixtures';
import { loadStackEnv, privateDockerConfig } from '../support/stack';

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
  'Electron binary not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD set); ' +
  'run `npm run electron:install` on a machine with internet access to run these tests';
if (!binary) console.log(`[electron] skipped: ${SKIP_REASON}`);

/** What main.ts exposes on globalThis when STEVEDORE_E2E=1. */
interface E2EHook {
  trayMenu(): MenuItemSpec[];
  runTrayItem(id: string): Promise<void>;
}

const repo = (what: string) => `${NS}/electron-${RUN}-${what}`;
const labels = { [TEST_LABEL]: `electron-${RUN}` };

test.describe('the Electron app', () => {
  test.skip(!binary, SKIP_REASON);
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;
  let work: string;

  /** Runs a tray item in the main process, as clicking it would. */
  const runTrayItem = (id: string) =>
    app.evaluate(async (_electron, itemId) => {
      await (globalThis as unknown as { __stevedoreE2E: E2EHook }).__stevedoreE2E.runTrayItem(itemId);
    }, id);
  const trayMenu = () => app.evaluate(() => (globalThis as unknown as { __stevedoreE2E: E2EHook }).__stevedoreE2E.trayMenu());

  /** The next open dialog answers with these files (the native dialog cannot be driven). */
  const stubOpenDialog = (paths: string[]) =>
    app.evaluate(({ dialog }, filePaths) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths })) as typeof dialog.showOpenDialog;
    }, paths);

  /** A tar made by `docker save` of a fresh image, which is then removed from the engine. */
  async function savedTar(what: string): Promise<{ ref: string; id: string; tar: string }> {
    const ref = `${repo(what)}:1`;
    const id = await importImage(ref, { labels });
    const tar = join(work, `${what}.tar`);
    await mustCli(['save', '-o', tar, ref]);
    await mustCli(['rmi', ref]);
    expect(await imageIdOf(ref)).toBeUndefined();
    return { ref, id, tar };
  }

  const gridRowsOf = (name: string) =>
    page
      .getByRole('grid', { name: 'Images' })
      .getByRole('row')
      .filter({ has: page.getByRole('gridcell', { name, exact: true }) });

  test.beforeAll(async () => {
    const stack = loadStackEnv();
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-electron-data-'));
    work = mkdtempSync(join(tmpdir(), 'stevedore-electron-work-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [resolve('dist/electron/main.cjs'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: {
        ...process.env,
        DOCKER_HOST: stack.dockerHost,
        DOCKER_CONFIG: privateDockerConfig(),
        STEVEDORE_DATA_DIR: dataDir,
        STEVEDORE_E2E: '1',
      },
    });
    page = await app.firstWindow();
    // Every ui.command the main side sends, as the page receives it through the preload.
    await page.evaluate(() => {
      const g = globalThis as unknown as { stevedore: { on(e: string, l: (p: unknown) => void): void }; uiCommands: unknown[] };
      g.uiCommands = [];
      g.stevedore.on('ui.command', (c) => g.uiCommands.push(c));
    });
  });

  test.afterAll(async () => {
    if (app) await app.close().catch(() => undefined);
    await cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the window runs sandboxed, context-isolated, without Node or webviews', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      // Not in Electron's typings, but present at run time: the preferences the window really got.
      const wc = BrowserWindow.getAllWindows()[0].webContents as unknown as {
        getLastWebPreferences?: () => Record<string, unknown> | null;
      };
      const p = wc.getLastWebPreferences?.() ?? {};
      return {
        sandbox: p.sandbox,
        contextIsolation: p.contextIsolation,
        nodeIntegration: p.nodeIntegration,
        webSecurity: p.webSecurity,
        webviewTag: p.webviewTag,
      };
    });
    expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
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
    // The CSP the page runs under allows scripts from the app only.
    const inline = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const s = doc.createElement('script');
      s.textContent = 'globalThis.__inlineRan = true';
      doc.head.appendChild(s);
      return (globalThis as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inline).toBe(false);
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
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('Load… loads a saved tar picked in the (stubbed) open dialog', async () => {
    const { ref, id, tar } = await savedTar('dialog');
    await stubOpenDialog([tar]);
    await page.getByRole('button', { name: 'Load…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Load image archives' });
    await expect(dialog.getByRole('listitem', { name: basename(tar) }).getByText('Ready')).toBeVisible();
    await dialog.getByRole('button', { name: 'Load', exact: true }).click();
    await expect.poll(() => imageIdOf(ref), { timeout: 60_000 }).toBe(id);
    await expect(gridRowsOf(repo('dialog'))).toHaveCount(1, { timeout: 30_000 });
  });

  test('a tar dropped on the window is previewed and loaded from its path', async () => {
    const { ref, id, tar } = await savedTar('drop');
    // A File backed by the real file (so the preload's getPathForFile knows its path), dropped as the OS drops it.
    await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const input = doc.createElement('input');
      input.type = 'file';
      input.id = 'e2e-drop-source';
      input.style.display = 'none';
      doc.body.appendChild(input);
    });
    await page.setInputFiles('#e2e-drop-source', tar);
    const data = await page.evaluateHandle(() => {
      const doc = (globalThis as any).document;
      const dt = new (globalThis as any).DataTransfer();
      dt.items.add(doc.getElementById('e2e-drop-source').files[0]);
      return dt;
    });
    const path = await page.evaluate((dt) => (globalThis as any).stevedore.getPathForFile((dt as any).files[0]) as string, data);
    expect(path).toBe(tar);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: data });
    await page.dispatchEvent('main', 'dragover', { dataTransfer: data });
    await page.dispatchEvent('main', 'drop', { dataTransfer: data });
    const dialog = page.getByRole('dialog', { name: 'Load image archives' });
    await expect(dialog.getByRole('listitem', { name: basename(tar) }).getByText('Ready')).toBeVisible();
    await dialog.getByRole('button', { name: 'Load', exact: true }).click();
    await expect.poll(() => imageIdOf(ref), { timeout: 60_000 }).toBe(id);
    await page.evaluate(() => (globalThis as any).document.getElementById('e2e-drop-source')?.remove());
  });

  test('the tray menu shows the engine and the shortcuts; its items work through the main process', async () => {
    await expect
      .poll(async () => (await trayMenu()).find((i) => i.id === 'engine-status')?.label ?? '', { timeout: 20_000 })
      .toMatch(/^Docker /);
    const ids = (await trayMenu()).map((i) => i.id).filter(Boolean);
    for (const id of ['open', 'load', 'pull', 'push-local', 'registry', 'prune', 'recent-jobs', 'quit']) expect(ids).toContain(id);

    // Load image from tar…: the (stubbed) open dialog, then a load job, no window needed.
    const { ref, id, tar } = await savedTar('tray');
    await stubOpenDialog([tar]);
    await runTrayItem('load');
    await expect.poll(() => imageIdOf(ref), { timeout: 60_000 }).toBe(id);
    // The finished load is listed among the recent jobs.
    await expect
      .poll(async () => ((await trayMenu()).find((i) => i.id === 'recent-jobs')?.submenu ?? []).map((i) => i.label).join('\n'), {
        timeout: 20_000,
      })
      .toContain(`Load ${basename(tar)}`);

    // Pull image…: the window shows and receives the command, with the reference on the clipboard offered first.
    const previous = await app.evaluate(({ clipboard }, text) => {
      const before = clipboard.readText();
      clipboard.writeText(text);
      return before;
    }, `docker pull ${ref}`);
    try {
      await runTrayItem('pull');
    } finally {
      await app.evaluate(({ clipboard }, text) => clipboard.writeText(text), previous);
    }
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { uiCommands: unknown[] }).uiCommands))
      .toContainEqual({ command: 'pull', reference: ref });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].isVisible())).toBe(true);
  });

  test('closing the window keeps the app in the tray; Open Stevedore brings it back', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([false]);
    await runTrayItem('open');
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([true]);
  });

  test("Quit in the tray ends the app, and the window's place is remembered", async () => {
    const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getBounds());
    const closed = app.waitForEvent('close');
    await runTrayItem('quit').catch(() => undefined); // the app may be gone before the call answers
    await closed;
    const saved = JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8')) as { bounds: { width: number; height: number } };
    expect(saved.bounds).toMatchObject({ width: bounds.width, height: bounds.height });
  });
});
