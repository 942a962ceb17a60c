// Save through the browser and the bridge, against the real engine: Save… on a selected row says
// what keeps its tag, then downloads the engine's tar (a save job in Jobs) whose manifest carries
// the row's tag, exactly as `docker save` writes it. Images are our own, removed after.
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { cleanup, importImage, NS, RUN, TEST_LABEL } from '../support/edit-fixtures';
import { dialogNamed, showOnly } from './edit-support';
import { grantClipboard, readClipboard } from './shell-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

test.afterAll(() => cleanup());

/** One member of a tar file, read with tar(1). */
function tarMember(path: string, member: string): string {
  const r = spawnSync('tar', ['-xOf', path, member], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar -xOf ${path} ${member}: ${r.stderr}`);
  return r.stdout;
}

test('Save… on a selected row downloads its tar, with the tag in the manifest, as a job', async ({ page }) => {
  const name = `${NS}/transfer-${RUN}-save`;
  const ref = `${name}:1`;
  const id = await importImage(ref, { labels: { [TEST_LABEL]: `transfer-${RUN}` } });

  const grid = await openImages(page);
  const rows = await showOnly(page, grid, name, 1);
  await rows.first().click();
  await page.getByRole('main').getByRole('button', { name: 'Save…', exact: true }).click();

  const dialog = dialogNamed(page, `Save ${ref}`);
  await expect(dialog.getByText(`docker save -o FILE ${ref}`)).toBeVisible();
  await grantClipboard(page);
  await dialog.getByRole('button', { name: 'Copy command' }).click();
  await expect(dialog.getByText('Command copied.')).toBeVisible();
  expect(await readClipboard(page)).toBe(`docker save -o FILE ${ref}`);
  await expect(dialog.getByRole('listitem', { name: ref })).toContainText('keeps its tag');
  await expect(dialog.getByText(/^Saving by tag keeps the tags in the archive.*Saving by ID keeps no tags/)).toBeVisible();

  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  const file = await download;
  // The link carries a one-time ticket and nothing else: the bridge token never reaches a URL
  // (history, the download list), and the page took it out of its own address bar on start.
  const token = await page.evaluate(() => (globalThis as any).sessionStorage.getItem('stevedore.bridgeToken') as string | null);
  expect(token).toBeTruthy();
  // The URL the browser requested (a download emits no page request event; this is its URL).
  const url = new URL(file.url());
  expect(url.pathname).toBe('/transfer/save');
  expect(file.url()).not.toContain(token!);
  expect([...url.searchParams.keys()]).toEqual(['ticket']);
  expect(page.url()).not.toContain(token!);
  expect(page.url()).not.toContain('#token');
  await expect(dialog).toHaveCount(0);
  expect(file.suggestedFilename()).toMatch(/\.tar$/);
  const path = await file.path();
  expect(await file.failure()).toBeNull();

  const manifest = JSON.parse(tarMember(path, 'manifest.json')) as { Config: string; RepoTags: string[] | null }[];
  expect(manifest).toHaveLength(1);
  expect(manifest[0].RepoTags).toEqual([ref]);
  expect(manifest[0].Config).toContain(id.replace(/^sha256:/, ''));
  // Spent: the same link fetched again is refused.
  expect((await page.request.get(file.url())).status()).toBe(401);

  await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
  const job = page.getByRole('listitem', { name: `Save ${ref} (download)`, exact: true });
  await expect(job.getByText('Done', { exact: true })).toBeVisible();
});

test('Save… of a <none> row goes by ID and says the archive keeps no tag', async ({ page }) => {
  const id = await importImage(undefined, { labels: { [TEST_LABEL]: `transfer-${RUN}` } });
  const short = id.slice(7, 19);
  const grid = await openImages(page);
  const rows = await showOnly(page, grid, short, 1);
  await rows.first().click();
  await page.getByRole('main').getByRole('button', { name: 'Save…', exact: true }).click();
  const dialog = dialogNamed(page, `Save ${short}`);
  await expect(dialog.getByRole('listitem', { name: short })).toContainText('by ID: no tag');
  await expect(dialog.getByRole('note')).toHaveText('1 image is saved by ID and will load back without a tag.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});
