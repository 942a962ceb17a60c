// Shared steps for the browser tests: open Stevedore through the bridge, read the virtualized grid
// the way a person scrolls it, and run the real docker CLI against the same engine.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { dockerCli } from '../support/stack';

export const bridgeUrl = (): string => {
  const url = process.env.STEVEDORE_E2E_URL;
  if (!url) throw new Error('STEVEDORE_E2E_URL is not set: run through playwright.config.ts (global setup)');
  return url;
};

/** Skips the calling file when the engine is unavailable locally (in CI the global setup already failed). */
export function requireEngineOrSkip(): void {
  const reason = process.env.STEVEDORE_E2E_SKIP;
  test.skip(!!reason, reason ? `no test engine: ${reason}` : '');
}

export async function openImages(page: Page): Promise<Locator> {
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: 'Images' });
  await expect(grid).toBeVisible();
  // The first list has answered once the loading message is gone and a row count is known.
  await expect(page.getByText('Loading images…')).toHaveCount(0);
  return grid;
}

/** The grid row of `repository` `tag`, found as a person would: filtering the list by its name. */
export async function rowOf(page: Page, grid: Locator, repository: string, tag: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Filter rows' }).fill(repository);
  const row = grid
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: repository, exact: true }) })
    .filter({ has: page.getByRole('gridcell', { name: tag, exact: true }) });
  await expect(row).toHaveCount(1);
  return row;
}

/**
 * Drags a file over the window and drops it, as the OS does: dragenter, dragover, then drop, with
 * a DataTransfer holding a File of the file's bytes (a .tar typed as such). `beforeDrop` runs while the drag hovers.
 */
export async function dropFile(page: Page, path: string, beforeDrop?: () => Promise<void>): Promise<void> {
  const data = await page.evaluateHandle(
    ({ name, b64 }) => {
      const raw = atob(b64);
      const buf = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) buf[i] = raw.charCodeAt(i);
      // This runs in the page; the tests' own types know no DOM.
      const dt = new (globalThis as any).DataTransfer();
      dt.items.add(new File([buf], name, { type: name.endsWith('.tar') ? 'application/x-tar' : 'text/plain' }));
      return dt;
    },
    { name: basename(path), b64: readFileSync(path).toString('base64') },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: data });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: data });
  await beforeDrop?.();
  await page.dispatchEvent('main', 'drop', { dataTransfer: data });
}

/**
 * Clicks an Images toolbar action: its button, or on a narrow window (under about 1230 px, where
 * the toolbar keeps only the frequent actions) the item of the same name in its More menu.
 */
export async function toolbarAction(page: Page, name: string, more = 'More actions'): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  const moreButton = page.getByRole('button', { name: more, exact: true });
  // Hidden buttons are out of the accessibility tree: exactly one of the two is there.
  await expect(button.or(moreButton)).toHaveCount(1);
  if ((await button.count()) === 1) return button.click();
  await moreButton.click();
  await page.getByRole('menu', { name: more }).getByRole('menuitem', { name }).click();
}

export async function docker(...args: string[]): Promise<string> {
  const r = await dockerCli(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

export const lines = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '');

/** Multisets compare as sorted arrays: the CLI's order of multi-repo images is not deterministic. */
export const sorted = (xs: string[]): string[] => [...xs].sort();

export type GridRecord = Record<string, string>;

/**
 * Every row of the grid, read by scrolling it as a person would: only rows near the viewport
 * exist in the DOM, so rows are collected by aria-rowindex until aria-rowcount is reached.
 */
export async function readGrid(grid: Locator): Promise<GridRecord[]> {
  const headers = await grid.getByRole('columnheader').allInnerTexts();
  const total = Number(await grid.getAttribute('aria-rowcount')) - 1;
  const byIndex = new Map<number, string[]>();
  await grid.evaluate((el) => (el.scrollTop = 0));
  for (let guard = 0; guard < total + 50 && byIndex.size < total; guard++) {
    const visible: [number, string[]][] = await grid.evaluate((el) =>
      Array.from(el.querySelectorAll('[role="row"][aria-rowindex]'))
        .map((r: any): [number, string[]] => [
          Number(r.getAttribute('aria-rowindex')),
          Array.from(r.querySelectorAll('[role="gridcell"]')).map((c: any) => String(c.textContent)),
        ])
        .filter(([i]) => i > 1),
    );
    for (const [i, cells] of visible) byIndex.set(i, cells);
    const atEnd = await grid.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop = before + Math.max(100, el.clientHeight - 80);
      return el.scrollTop === before;
    });
    // The virtualizer renders the rows for the new position on the next frame.
    await grid.page().waitForTimeout(atEnd ? 100 : 16);
  }
  await grid.evaluate((el) => (el.scrollTop = 0));
  expect(byIndex.size, 'rows collected by scrolling').toBe(total);
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, cells]) => Object.fromEntries(headers.map((h, i) => [h.trim(), cells[i] ?? ''])));
}

/** The grid's rows projected on some columns, one tab-separated line each (like a CLI --format). */
export async function gridLines(grid: Locator, columns: string[]): Promise<string[]> {
  return (await readGrid(grid)).map((r) => columns.map((c) => r[c]).join('\t'));
}

/**
 * Asserts the grid shows exactly what `docker images <args> --format <format>` prints, as multisets.
 * Retries for a while: other tests may be changing the same engine, and the UI converges by events.
 */
export async function expectGridMatchesCli(grid: Locator, columns: string[], cliArgs: string[], format: string): Promise<void> {
  await expect(async () => {
    const want = sorted(lines(await docker('images', ...cliArgs, '--format', format)));
    const got = sorted(await gridLines(grid, columns));
    expect(got).toEqual(want);
  }).toPass({ timeout: 30_000, intervals: [250, 500, 1000] });
}

export const ROW_FORMAT = '{{.Repository}}\t{{.Tag}}\t{{.ID}}';
export const ROW_COLUMNS = ['REPOSITORY', 'TAG', 'IMAGE ID'];
