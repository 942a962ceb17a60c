// Toggles and filters change the rows exactly as the same flags change `docker images`.
import { expect, test, type Page } from '@playwright/test';
import { dockerCli } from '../support/stack';
import { docker, expectGridMatchesCli, lines, openImages, readGrid, requireEngineOrSkip, ROW_COLUMNS, ROW_FORMAT } from './support';

requireEngineOrSkip();

const addListFilter = async (page: Page, field: 'Label' | 'Reference', value: string) => {
  const input = page.getByRole('textbox', { name: field, exact: true });
  await input.fill(value);
  await input.press('Enter');
  await expect(page.getByRole('button', { name: `Remove filter ${field.toLowerCase()}=${value}` })).toBeVisible();
};

test('All images (-a) adds the intermediate images, as docker images -a', async ({ page }) => {
  const grid = await openImages(page);
  const all = page.getByRole('switch', { name: 'All images (-a)' });
  await expect(all).not.toBeChecked();
  await all.check();
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['-a'], ROW_FORMAT);
  await all.uncheck();
  await expectGridMatchesCli(grid, ROW_COLUMNS, [], ROW_FORMAT);
});

test('Digests (--digests) adds the DIGEST column and its rows, as docker images --digests', async ({ page }) => {
  const grid = await openImages(page);
  await page.getByRole('switch', { name: 'Digests (--digests)' }).check();
  await expect(grid.getByRole('columnheader')).toHaveText(['REPOSITORY', 'TAG', 'DIGEST', 'IMAGE ID', 'CREATED', 'SIZE']);
  await expectGridMatchesCli(
    grid,
    ['REPOSITORY', 'TAG', 'DIGEST', 'IMAGE ID'],
    ['--digests'],
    '{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}',
  );
});

test('Full IDs (--no-trunc) shows whole image IDs, as docker images --no-trunc', async ({ page }) => {
  const grid = await openImages(page);
  await page.getByRole('switch', { name: 'Full IDs (--no-trunc)' }).check();
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--no-trunc'], ROW_FORMAT);
});

test('the dangling filter lists what --filter dangling=true|false lists', async ({ page }) => {
  const grid = await openImages(page);
  const dangling = page.getByRole('combobox', { name: 'Dangling' });
  await dangling.selectOption({ label: 'Dangling only' });
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'dangling=true'], ROW_FORMAT);
  await dangling.selectOption({ label: 'Not dangling' });
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'dangling=false'], ROW_FORMAT);
});

test('label filters take key or key=value, several at once, as repeated --filter label=', async ({ page }) => {
  const grid = await openImages(page);
  await addListFilter(page, 'Label', 'role=web');
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'label=role=web'], ROW_FORMAT);
  await addListFilter(page, 'Label', 'org.stevedore.fixture');
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'label=role=web', '--filter', 'label=org.stevedore.fixture'], ROW_FORMAT);
  await page.getByRole('button', { name: 'Remove filter label=role=web' }).click();
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'label=org.stevedore.fixture'], ROW_FORMAT);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectGridMatchesCli(grid, ROW_COLUMNS, [], ROW_FORMAT);
});

test('reference filters take globs, several at once, as repeated --filter reference=', async ({ page }) => {
  const grid = await openImages(page);
  await addListFilter(page, 'Reference', 'stevedore-fixture/b*');
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'reference=stevedore-fixture/b*'], ROW_FORMAT);
  await addListFilter(page, 'Reference', '*/*:1.0');
  await expectGridMatchesCli(
    grid,
    ROW_COLUMNS,
    ['--filter', 'reference=stevedore-fixture/b*', '--filter', 'reference=*/*:1.0'],
    ROW_FORMAT,
  );
});

test('before and since filters list what the CLI lists', async ({ page }) => {
  const grid = await openImages(page);
  const before = page.getByRole('textbox', { name: 'Before', exact: true });
  await before.fill('stevedore-fixture/moving:latest');
  await before.press('Enter');
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'before=stevedore-fixture/moving:latest'], ROW_FORMAT);
  await before.fill('');
  await before.press('Enter');
  const since = page.getByRole('textbox', { name: 'Since', exact: true });
  await since.fill('stevedore-fixture/db:2.0');
  await since.press('Enter');
  await expectGridMatchesCli(grid, ROW_COLUMNS, ['--filter', 'since=stevedore-fixture/db:2.0'], ROW_FORMAT);
});

test('a filter the engine rejects shows its error verbatim', async ({ page }) => {
  await openImages(page);
  const before = page.getByRole('textbox', { name: 'Before', exact: true });
  await before.fill('stevedore-fixture/does-not-exist:nope');
  await before.press('Enter');
  const cli = await dockerCli(['images', '--filter', 'before=stevedore-fixture/does-not-exist:nope']);
  expect(cli.code).not.toBe(0);
  const alert = page.getByRole('alert').filter({ hasText: 'Could not list images' });
  await expect(alert).toBeVisible();
  // The CLI prefixes "Error response from daemon: "; the engine's own words follow.
  const engineWords = cli.stderr.trim().replace(/^Error response from daemon: /, '');
  await expect(alert).toContainText(engineWords);
});

test('columns sort ascending, descending, then back to the CLI order', async ({ page }) => {
  const grid = await openImages(page);
  const header = grid.getByRole('columnheader', { name: 'REPOSITORY' });
  const repos = async () => (await readGrid(grid)).map((r) => r.REPOSITORY);
  const cmp = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
  const cliOrder = lines(await docker('images', '--format', '{{.Repository}}'));
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const asc = await repos();
  expect(asc).toEqual([...asc].sort(cmp));
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const desc = await repos();
  expect(desc).toEqual([...desc].sort((a, b) => cmp(b, a)));
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'none');
  // Same multiset; the CLI's own order only differs where it is itself not deterministic.
  expect((await repos()).slice().sort()).toEqual(cliOrder.slice().sort());
});

test('rows select with click, shift-click, ctrl-click, Ctrl+A and the keyboard', async ({ page }) => {
  const grid = await openImages(page);
  const total = Number(await grid.getAttribute('aria-rowcount')) - 1;
  expect(total).toBeGreaterThan(4);
  const row = (i: number) => grid.locator(`[role="row"][aria-rowindex="${i + 2}"]`);
  const selected = grid.getByRole('row', { selected: true });

  await row(0).click();
  await expect(selected).toHaveCount(1);
  await row(3).click({ modifiers: ['Shift'] });
  await expect(selected).toHaveCount(4);
  await row(1).click({ modifiers: ['Control'] });
  await expect(selected).toHaveCount(3);
  await expect(row(1)).toHaveAttribute('aria-selected', 'false');

  await grid.press('Control+a');
  await expect(selected).toHaveCount(total);
  await expect(page.getByText(`${total} selected`)).toBeVisible();

  await grid.press('Home');
  await expect(selected).toHaveCount(1);
  await expect(row(0)).toHaveAttribute('aria-selected', 'true');
  await grid.press('ArrowDown');
  await grid.press('Shift+ArrowDown');
  await expect(selected).toHaveCount(2);
  await expect(row(1)).toHaveAttribute('aria-selected', 'true');
  await expect(row(2)).toHaveAttribute('aria-selected', 'true');
  await grid.press('End');
  await expect(row(total - 1)).toHaveAttribute('aria-selected', 'true');
  await expect(grid).toHaveAttribute('aria-activedescendant', /.+/);
  await grid.press('PageUp');
  await expect(selected).toHaveCount(1);
  await grid.press('Escape');
  await expect(selected).toHaveCount(0);
});
