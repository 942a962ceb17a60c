// Search through the real engine against a loopback search index (tests/support/search-index.ts):
// the index the term asks, results in the index's order and sortable, the CLI's filters and limit,
// --no-trunc, "Copy as..." byte for byte `docker search`, and failures in the engine's words within
// a bounded time (never a spinner forever). Also in Spanish.
import { expect, test, type Page } from '@playwright/test';
import { searchDataset, startSearchIndex, type SearchIndex } from '../support/search-index';
import { bridgeUrl, docker, lines, openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

let index: SearchIndex;

test.beforeAll(async () => {
  index = await startSearchIndex(searchDataset());
});
test.afterAll(async () => {
  await index?.close();
});

const results = (page: Page) => page.getByRole('table', { name: 'Search results' });
const bodyRows = (page: Page) => results(page).locator('tbody').getByRole('row');

async function openSearch(page: Page): Promise<void> {
  await openImages(page);
  await page.getByRole('navigation').getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { name: 'Search', level: 1 })).toBeVisible();
}

async function searchFor(page: Page, term: string): Promise<void> {
  const field = page.getByRole('searchbox', { name: 'Term' });
  await field.fill(term);
  await field.press('Enter');
}

/** The NAME column as shown, top to bottom. */
const shownNames = (page: Page) => bodyRows(page).getByRole('rowheader').allInnerTexts();

test('searching a loopback index: its results, sorted, filtered, limited, and Copy as equal to docker search', async ({ page }) => {
  await openSearch(page);
  const term = index.term('stevedore');
  // The index is named as the term is typed: Docker Hub by default, the host when the term has one.
  await expect(page.getByRole('search').getByText('Docker Hub (docker.io)')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Term' }).fill(term);
  await expect(page.getByRole('search').getByText(index.host, { exact: true })).toBeVisible();
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();

  // Default limit 25, in the index's own order (the CLI's order too).
  await expect(bodyRows(page)).toHaveCount(25);
  await expect(page.getByRole('status').filter({ hasText: `25 results from ${index.host}` })).toBeVisible();
  const cliNames = lines(await docker('search', '--format', '{{.Name}}', term));
  expect(await shownNames(page)).toEqual(cliNames);
  await expect(page.getByText(`docker search ${term}`, { exact: true })).toBeVisible();

  // Sort by stars (largest first), then back to the index's order.
  const stars = page.getByRole('columnheader', { name: 'STARS' });
  await stars.getByRole('button').click();
  await expect(stars).toHaveAttribute('aria-sort', 'descending');
  const starCells = await bodyRows(page).locator('td.cell-stars').allInnerTexts();
  const numbers = starCells.map(Number);
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  await stars.getByRole('button').click();
  await expect(stars).toHaveAttribute('aria-sort', 'ascending');
  await stars.getByRole('button').click();
  await expect(stars).toHaveAttribute('aria-sort', 'none');
  expect(await shownNames(page)).toEqual(cliNames);

  // Official only: the engine filters, the view re-runs by itself.
  await page.getByRole('combobox', { name: 'Official' }).selectOption({ label: 'Official only' });
  const officialNames = lines(await docker('search', '--filter', 'is-official=true', '--format', '{{.Name}}', term));
  await expect.poll(() => shownNames(page)).toEqual(officialNames);
  // Every row says so (the OFFICIAL cell reads "Yes").
  for (const row of await bodyRows(page).all()) await expect(row.locator('td').nth(2)).toHaveText('Yes');

  // Stars at least 1000 and limit 100, applied with Enter.
  await page.getByRole('combobox', { name: 'Official' }).selectOption({ label: 'Any' });
  await page.getByRole('spinbutton', { name: 'Stars at least' }).fill('1000');
  const limit = page.getByRole('spinbutton', { name: 'Limit (1–100)' });
  await limit.fill('100');
  await limit.press('Enter');
  const starred = lines(await docker('search', '--filter', 'stars=1000', '--limit', '100', '--format', '{{.Name}}', term));
  await expect.poll(() => shownNames(page)).toEqual(starred);
  await expect(page.getByText(`docker search --filter stars=1000 --limit 100 ${term}`, { exact: true })).toBeVisible();
  expect(index.requests.some((r) => r.n === '100')).toBe(true);

  // --no-trunc shows whole descriptions; without it they are cut at 45 columns as the CLI cuts them.
  await page.getByRole('spinbutton', { name: 'Stars at least' }).fill('');
  await searchFor(page, index.term('desc-46'));
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(bodyRows(page).first().locator('td').first()).toHaveText(`${'b'.repeat(44)}…`);
  await page.getByRole('switch', { name: 'Full descriptions (--no-trunc)' }).check();
  await expect(bodyRows(page).first().locator('td').first()).toHaveText('b'.repeat(46));

  // Copy as: the default table and a template, byte for byte what the CLI prints.
  await searchFor(page, term);
  await expect(bodyRows(page)).toHaveCount(100);
  await page.getByRole('button', { name: 'Copy as…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy as…' });
  const output = dialog.getByRole('textbox', { name: 'Output' });
  await expect(dialog.getByText(`docker search --limit 100 --no-trunc ${term}`)).toBeVisible();
  await expect(output).toHaveValue(await docker('search', '--limit', '100', '--no-trunc', term));
  const field = dialog.getByRole('textbox', { name: 'Template (--format)' });
  await field.fill('{{.Name}}\\t{{.StarCount}}\\t{{.IsOfficial}}');
  await field.press('Enter');
  await expect(output).toHaveValue(
    await docker('search', '--limit', '100', '--no-trunc', '--format', '{{.Name}}\\t{{.StarCount}}\\t{{.IsOfficial}}', term),
  );
  // A template error is the CLI's own text.
  await field.fill('{{.Nope}}');
  await field.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText("can't evaluate field Nope");
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // The results stay while people look elsewhere.
  await page.getByRole('navigation').getByRole('button', { name: 'Images' }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Search' }).click();
  await expect(bodyRows(page)).toHaveCount(100);
});

test("a failing index shows the engine's words; a silent one gives up in bounded time", async ({ page }) => {
  test.setTimeout(90_000);
  await openSearch(page);
  await searchFor(page, index.term('fail500'));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Could not search ${index.host}`);
  await expect(alert).toContainText('Unexpected status code 500');
  await expect(bodyRows(page)).toHaveCount(0);

  // A hanging index: the wait is shown with its bound, then the search ends with REGISTRY_UNREACHABLE's words.
  const started = Date.now();
  await searchFor(page, index.term('hang'));
  await expect(page.getByRole('status').filter({ hasText: 'gives up after 20 s' })).toBeVisible();
  await expect(alert).toContainText(`The search index ${index.host} did not answer within 20 s`, { timeout: 40_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Searching' })).toHaveCount(0);
  expect(Date.now() - started).toBeLessThan(35_000);

  // Searching again works, and a search no longer wanted can be abandoned at once.
  await searchFor(page, index.term('hang'));
  await page.getByRole('button', { name: 'Stop waiting' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Searching' })).toHaveCount(0);
  await searchFor(page, index.term('stevedore/app-01'));
  await expect.poll(() => shownNames(page)).toEqual(lines(await docker('search', '--format', '{{.Name}}', index.term('stevedore/app-01'))));
});

test('the Search view in Spanish', async ({ page }) => {
  await page.addInitScript(() => (globalThis as any).localStorage.setItem('stevedore.language', 'es'));
  await page.goto(bridgeUrl());
  await page.getByRole('navigation').getByRole('button', { name: 'Buscar' }).click();
  await expect(page.getByRole('heading', { name: 'Buscar', level: 1 })).toBeVisible();
  const field = page.getByRole('searchbox', { name: 'Término' });
  await field.fill(index.term('stevedore/app-00'));
  await field.press('Enter');
  await expect(results(page).or(page.getByRole('table', { name: 'Resultados de la búsqueda' }))).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'ESTRELLAS' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `resultados de ${index.host}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Descargar stevedore/app-001' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Oficial' })).toBeVisible();
});
