// The Images view shows what `docker images` prints, row for row, with the CLI's wording.
import { expect, test } from '@playwright/test';
import { docker, expectGridMatchesCli, lines, openImages, readGrid, requireEngineOrSkip, ROW_COLUMNS, ROW_FORMAT, sorted } from './support';
import { expectPageMatchesCliRun } from './relative-time';

requireEngineOrSkip();

test('the grid shows exactly the rows docker images prints', async ({ page }) => {
  const grid = await openImages(page);
  await expect(grid.getByRole('columnheader')).toHaveText(['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']);
  await expectGridMatchesCli(grid, ROW_COLUMNS, [], ROW_FORMAT);
  // aria-rowcount counts the header row too.
  const want = lines(await docker('images', '--format', ROW_FORMAT)).length;
  await expect(grid).toHaveAttribute('aria-rowcount', String(want + 1));
});

test('sizes and relative dates read as the CLI words them', async ({ page }) => {
  const grid = await openImages(page);
  await expectGridMatchesCli(grid, ['REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], [], '{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}');
  // CREATED of every image as the CLI words it, with the page's clock pinned to the instant the CLI
  // ran (relative-time.ts): a tick between the two cannot make "17 seconds ago" differ.
  const unique = (xs: string[]) => sorted([...new Set(xs)]);
  const shownCreated = async () => unique((await readGrid(grid)).map((row) => `${row['IMAGE ID']}\t${row.CREATED}`));
  const cliCreated = async () => unique(lines(await docker('images', '--format', '{{.ID}}\t{{.CreatedSince}}')));
  await expectPageMatchesCliRun(page, shownCreated, cliCreated);
  for (const row of await readGrid(grid)) expect(row.CREATED).toMatch(/ ago$|^N\/A$/);
});

test('the engine it talks to is shown with its versions', async ({ page }) => {
  await openImages(page);
  const api = (await docker('version', '--format', '{{.Server.APIVersion}}')).trim();
  const version = (await docker('version', '--format', '{{.Server.Version}}')).trim();
  const status = page.getByRole('contentinfo', { name: 'Engine status' });
  await expect(status).toContainText('Connected');
  await expect(status).toContainText(`API ${api}`);
  await expect(status).toContainText(`Docker ${version}`);
  await expect(status).toContainText(process.env.STEVEDORE_E2E_DOCKER_HOST!);
});

test('a multi-tag image lists one row per repository:tag, and the text filter narrows rows instantly', async ({ page }) => {
  const grid = await openImages(page);
  await page.getByRole('searchbox', { name: 'Filter rows' }).fill('stevedore-fixture/busybox');
  await expect(async () => {
    const got = sorted((await readGrid(grid)).map((r) => `${r.REPOSITORY}:${r.TAG}`));
    expect(got).toEqual(['stevedore-fixture/busybox:1.36', 'stevedore-fixture/busybox:latest']);
  }).toPass();
  await expect(page.getByRole('status').filter({ hasText: 'shown' })).toContainText('2 of');
});
