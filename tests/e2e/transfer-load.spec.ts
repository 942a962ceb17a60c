// Load through the browser and the bridge, against the real engine: a tar made by `docker save`
// dropped anywhere on the window (a real drop event carrying the file's bytes) shows the overlay
// while dragged, previews the tags it carries, and once loaded the image is in the list by itself;
// a text file dropped gets an error naming it and nothing is uploaded; Load… previews the tags
// before loading, including a local tag the archive would move. Images are our own, removed after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cleanup, imageIdOf, importImage, mustCli, NS, RUN, TEST_LABEL } from '../support/edit-fixtures';
import { dialogNamed, showOnly } from './edit-support';
import { grantClipboard, readClipboard } from './shell-support';
import { dropFile, openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const repo = (what: string) => `${NS}/transfer-${RUN}-${what}`;
const labels = { [TEST_LABEL]: `transfer-${RUN}` };
const dir = mkdtempSync(join(tmpdir(), 'stevedore-e2e-transfer-'));

test.afterAll(async () => {
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** `docker save -o` by the CLI into our temp folder. */
async function cliSave(file: string, ...refs: string[]): Promise<string> {
  const path = join(dir, file);
  await mustCli(['save', '-o', path, ...refs]);
  return path;
}

/** Every upload this page makes: to the bridge's load route, and to its preview route (a fallback for bzip2/xz only). */
function watchLoadUploads(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (['/transfer/load', '/transfer/preview'].includes(new URL(r.url()).pathname)) seen.push(r.url());
  });
  return seen;
}

const overlay = (page: Page) => page.getByRole('status').filter({ hasText: 'Drop image archives to load them' });

test('a saved tar dropped on the window is previewed, loaded, and its image appears by itself', async ({ page }) => {
  const name = repo('drop');
  const ref = `${name}:1`;
  const id = await importImage(ref, { labels });
  const tar = await cliSave(`drop-${RUN}.tar`, ref);
  await mustCli(['rmi', ref]);
  expect(await imageIdOf(ref)).toBeUndefined();

  const grid = await openImages(page);
  const rows = await showOnly(page, grid, name, 0);

  await dropFile(page, tar, async () => {
    await expect(overlay(page)).toBeVisible();
  });
  await expect(overlay(page)).toHaveCount(0);

  const dialog = dialogNamed(page, 'Load image archives');
  const item = dialog.getByRole('listitem', { name: basename(tar) });
  await expect(item.getByText('Ready')).toBeVisible();
  await expect(item.getByRole('list', { name: `Tags in ${basename(tar)}` }).getByRole('listitem')).toHaveText([ref]);
  await expect(item).toContainText('1 image, 1 layer');
  await expect(dialog.getByText(`docker load -i ${basename(tar)}`)).toBeVisible();
  await grantClipboard(page);
  await dialog.getByRole('button', { name: 'Copy command' }).click();
  expect(await readClipboard(page)).toBe(`docker load -i ${basename(tar)}`);
  // Nothing is loaded before the person says so.
  expect(await imageIdOf(ref)).toBeUndefined();

  await dialog.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  // No refresh: the engine's load event brings the row.
  await expect(rows).toHaveCount(1, { timeout: 30_000 });
  await expect(rows.getByRole('gridcell', { name: id.slice(7, 19) })).toBeVisible();
  expect(await imageIdOf(ref)).toBe(id);

  // The load ran as a job and says what docker load says.
  await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
  const job = page.getByRole('listitem', { name: `Load ${basename(tar)}`, exact: true });
  await expect(job.getByText('Done', { exact: true })).toBeVisible();
  await expect(job.getByRole('list', { name: 'Loaded images' }).getByText(`Loaded image: ${ref}`, { exact: true })).toBeVisible();
});

test('a dropped text file is refused by name and nothing is uploaded to the engine', async ({ page }) => {
  const uploads = watchLoadUploads(page);
  const notes = join(dir, `notes-${RUN}.txt`);
  writeFileSync(notes, 'these are not the images you are looking for\n'.repeat(20));
  await openImages(page);

  await dropFile(page, notes);
  const dialog = dialogNamed(page, 'Load image archives');
  const item = dialog.getByRole('listitem', { name: basename(notes) });
  await expect(item.getByRole('alert')).toHaveText(
    `${basename(notes)} is not an image archive: expected a tar from docker save (plain, gzip, bzip2 or xz compressed)`,
  );
  await expect(item.getByText('Cannot load')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Load', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  expect(uploads).toEqual([]);
  await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
  await expect(page.getByRole('listitem', { name: `Load ${basename(notes)}` })).toHaveCount(0);
});

test('Load… previews the tags an archive carries, and a local tag it would move, before loading anything', async ({ page }) => {
  const uploads = watchLoadUploads(page);
  const name = repo('moves');
  const archived = await importImage(`${name}:1`, { labels });
  await mustCli(['tag', `${name}:1`, `${name}:2`]);
  const tar = await cliSave(`moves-${RUN}.tar`, `${name}:1`, `${name}:2`);
  await mustCli(['rmi', `${name}:1`, `${name}:2`]);
  // Meanwhile :2 names another image here: loading would move it.
  const local = await importImage(`${name}:2`, { labels });

  await openImages(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('main').getByRole('button', { name: 'Load…', exact: true }).click();
  await (await chooser).setFiles(tar);

  const dialog = dialogNamed(page, 'Load image archives');
  const item = dialog.getByRole('listitem', { name: basename(tar) });
  await expect(item.getByRole('list', { name: `Tags in ${basename(tar)}` }).getByRole('listitem')).toHaveText([`${name}:1`, `${name}:2`]);
  await expect(item.getByRole('list', { name: `Local tags ${basename(tar)} moves` }).getByRole('listitem')).toHaveText([
    `${name}:2 moves from image ${local.slice(7, 19)} to ${archived.slice(7, 19)}`,
  ]);
  await expect(item.getByText('tar', { exact: true })).toBeVisible();

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  // Cancelled: nothing was loaded, nothing moved.
  expect(uploads).toEqual([]);
  expect(await imageIdOf(`${name}:1`)).toBeUndefined();
  expect(await imageIdOf(`${name}:2`)).toBe(local);
});

test('the overlay stays while a file is dragged across the page, goes when it leaves, and never shows for dragged text', async ({
  page,
}) => {
  await openImages(page);
  const files = await page.evaluateHandle(() => {
    const dt = new (globalThis as any).DataTransfer();
    dt.items.add(new File(['x'], 'a.tar'));
    return dt;
  });
  // Entering a child fires before leaving the parent: the count keeps the overlay up.
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: files });
  await page.dispatchEvent('[role="grid"]', 'dragenter', { dataTransfer: files });
  await page.dispatchEvent('main', 'dragleave', { dataTransfer: files });
  await expect(overlay(page)).toBeVisible();
  await page.dispatchEvent('[role="grid"]', 'dragleave', { dataTransfer: files });
  await expect(overlay(page)).toHaveCount(0);

  const text = await page.evaluateHandle(() => {
    const dt = new (globalThis as any).DataTransfer();
    dt.setData('text/plain', 'stevedore-fixture/busybox:latest');
    return dt;
  });
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: text });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: text });
  await expect(overlay(page)).toHaveCount(0);
  await page.dispatchEvent('main', 'drop', { dataTransfer: text });
  await expect(dialogNamed(page, 'Load image archives')).toHaveCount(0);
});
