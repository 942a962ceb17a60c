// The open window follows the engine: tags and removals made from a shell appear and disappear by themselves.
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { dockerCli } from '../support/stack';
import { docker, expectGridMatchesCli, openImages, readGrid, requireEngineOrSkip, ROW_COLUMNS, ROW_FORMAT } from './support';

requireEngineOrSkip();

const scratch = `stevedore-fixture/e2e-live-${randomBytes(4).toString('hex')}`;

test.afterAll(async () => {
  await dockerCli(['rmi', `${scratch}:one`, `${scratch}:two`]);
});

test('docker tag and docker rmi from a shell show up in the open window without a reload', async ({ page }) => {
  const grid = await openImages(page);
  let navigations = 0;
  page.on('framenavigated', () => navigations++);
  const search = page.getByRole('searchbox', { name: 'Filter rows' });
  await search.fill(scratch);
  await expect(page.getByText('No images match the filters.')).toBeVisible();

  await docker('tag', 'stevedore-fixture/busybox:1.36', `${scratch}:one`);
  await expect(grid.getByRole('row').filter({ hasText: scratch })).toHaveCount(1);
  await docker('tag', 'stevedore-fixture/busybox:1.36', `${scratch}:two`);
  await expect(grid.getByRole('row').filter({ hasText: scratch })).toHaveCount(2);
  const tags = (await readGrid(grid)).map((r) => `${r.REPOSITORY}:${r.TAG}`).sort();
  expect(tags).toEqual([`${scratch}:one`, `${scratch}:two`]);

  await docker('rmi', `${scratch}:one`);
  await expect(grid.getByRole('row').filter({ hasText: scratch })).toHaveCount(1);
  await docker('rmi', `${scratch}:two`);
  await expect(grid.getByRole('row').filter({ hasText: scratch })).toHaveCount(0);

  await search.fill('');
  await expectGridMatchesCli(grid, ROW_COLUMNS, [], ROW_FORMAT);
  expect(navigations).toBe(0);
});
