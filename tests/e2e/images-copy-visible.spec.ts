// What you see is what you copy: with a quick filter or a selection, "Copy IDs" and "Copy as…"
// render only those rows, in the grid's order, and say that the docker command shown would list
// them all. Also the grid's own reading: CREATED keeps time, long names and digests read whole
// (the grid scrolls sideways), and Enter opens a row's details as a double-click does.
// The rows are tags of fixture images under a unique repository prefix, removed afterwards.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createdSince } from '../../shared/docker-units';
import { docker, lines, openImages, requireEngineOrSkip, sorted } from './support';

requireEngineOrSkip();

const PREFIX = `imgux-${Math.random().toString(36).slice(2, 8)}`;
/** Three different images, so three different IDs. */
const SOURCES = ['stevedore-fixture/tiny:1', 'stevedore-fixture/small:1', 'stevedore-fixture/web:1.0'];
const TAGS = [`${PREFIX}/alpha:1`, `${PREFIX}/bravo:1`, `${PREFIX}/charlie:1`];

test.beforeAll(async () => {
  for (const [i, source] of SOURCES.entries()) await docker('tag', source, TAGS[i]);
});
test.afterAll(async () => {
  await docker('rmi', ...TAGS).catch(() => undefined);
});

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Copy as…' });
const output = (page: Page) => dialog(page).getByRole('textbox', { name: 'Output' });
const quickFilter = (page: Page) => page.getByRole('searchbox', { name: 'Filter rows' });
const shortId = async (ref: string) => (await docker('image', 'inspect', '-f', '{{.Id}}', ref)).trim().slice(7, 19);

/** The quick filter narrows the grid to this spec's three rows. */
async function showOnlyMine(page: Page): Promise<Locator> {
  const grid = await openImages(page);
  await quickFilter(page).fill(PREFIX);
  await expect(grid.getByRole('row')).toHaveCount(4);
  return grid;
}

test("Copy IDs with a quick filter copies only the rows shown, in the grid's order, and says why", async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const grid = await showOnlyMine(page);
  // Sorted by repository, descending: the copy follows the grid, not the CLI's order.
  await grid.getByRole('button', { name: 'REPOSITORY' }).click();
  await grid.getByRole('button', { name: 'REPOSITORY' }).click();
  await expect(grid.getByRole('row').nth(1)).toContainText(`${PREFIX}/charlie`);
  const total = lines(await docker('images', '--format', '{{.ID}}')).length;

  await page.getByRole('button', { name: 'Copy IDs' }).click();
  await expect(dialog(page).getByRole('status')).toHaveText('Copied to the clipboard.');
  const want = [await shortId(TAGS[2]), await shortId(TAGS[1]), await shortId(TAGS[0])];
  await expect(output(page)).toHaveValue(want.join('\n') + '\n');
  expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>)).toBe(want.join('\n') + '\n');
  await expect(dialog(page).getByRole('radio', { name: /^Rows the quick filter shows \(3 of \d+\)$/ })).toBeChecked();
  await expect(dialog(page)).toContainText(
    new RegExp(`3 of ${total} rows: the quick filter is not a docker option, so the command line shown would list all ${total}\\.`),
  );
  await expect(dialog(page).locator('.scope code')).toHaveText('docker images -q');
  await page.screenshot({ path: test.info().outputPath('copy-ids-filtered.png') });

  // "All rows" is docker images -q exactly, as the command says.
  await dialog(page)
    .getByRole('radio', { name: /^All rows, as docker images/ })
    .check();
  await expect(async () => {
    expect(sorted(lines(await output(page).inputValue()))).toEqual(sorted(lines(await docker('images', '-q'))));
  }).toPass({ timeout: 15_000 });
  await expect(dialog(page)).not.toContainText('is not a docker option');
});

test("Copy as with a quick filter renders the CLI's table for just those rows", async ({ page }) => {
  await showOnlyMine(page);
  // The same three rows through the CLI (a reference filter is a docker option, the quick filter is not).
  // CREATED ("N minutes ago") is rendered by the bridge's clock, between the CLI runs before and
  // after the dialog; a tick falls on one side of it, so the output equals one of the two.
  const table = (text: string) => [lines(text)[0], ...sorted(lines(text).slice(1))];
  const cliBefore = await docker('images', '--filter', `reference=${PREFIX}/*`);
  await page.getByRole('button', { name: 'Copy as…' }).click();
  const field = dialog(page).getByRole('textbox', { name: 'Template (--format)' });
  await field.fill('');
  await field.press('Enter');
  await expect(dialog(page).getByRole('status')).not.toHaveText('Rendering…');
  const got = lines(await output(page).inputValue());
  const cliAfter = await docker('images', '--filter', `reference=${PREFIX}/*`);
  expect([table(cliBefore), table(cliAfter)]).toContainEqual([got[0], ...sorted(got.slice(1))]);
  expect(got).toHaveLength(4);
});

test('with rows selected, the copy is the selection, and the other scopes stay one click away', async ({ page }) => {
  const grid = await showOnlyMine(page);
  await grid.getByRole('row', { name: new RegExp(`${PREFIX}/alpha`) }).click();
  await grid.getByRole('row', { name: new RegExp(`${PREFIX}/charlie`) }).click({ modifiers: ['Control'] });
  await page.getByRole('button', { name: 'Copy as…' }).click();
  await expect(dialog(page).getByRole('radio', { name: 'Selected rows (2)' })).toBeChecked();
  const field = dialog(page).getByRole('textbox', { name: 'Template (--format)' });
  await field.fill('{{.Repository}}:{{.Tag}}');
  await field.press('Enter');
  await expect(output(page)).toHaveValue(`${TAGS[0]}\n${TAGS[2]}\n`);
  await expect(dialog(page)).toContainText(/2 of \d+ rows: the selection is not a docker option/);
  // The rows shown, in the grid's (here the CLI's) order.
  const shown = (await grid.locator('[role="gridcell"][aria-colindex="1"]').allInnerTexts()).map((r) => `${r}:1`);
  expect(sorted(shown)).toEqual(TAGS);
  await dialog(page)
    .getByRole('radio', { name: /^Rows the quick filter shows/ })
    .check();
  await expect(output(page)).toHaveValue(`${shown.join('\n')}\n`);
});

test('CREATED keeps time while the list stays as it is', async ({ page }) => {
  await page.clock.install();
  const grid = await showOnlyMine(page);
  const cell = grid
    .getByRole('row', { name: new RegExp(`${PREFIX}/alpha`) })
    .getByRole('gridcell')
    .nth(3);
  const created = Date.parse((await docker('image', 'inspect', '-f', '{{.Created}}', TAGS[0])).trim()) / 1000;
  const before = await cell.innerText();
  // Three days on, with no list in between (nothing changed in the engine).
  await page.clock.fastForward(72 * 3600 * 1000);
  const now = await page.evaluate(() => Date.now());
  const want = createdSince(created, now);
  expect(want).not.toBe(before);
  await expect(cell).toHaveText(want);
});

test('Enter on the focused row opens its details, as a double-click does; Space still selects', async ({ page }) => {
  const grid = await showOnlyMine(page);
  await grid.getByRole('button', { name: 'REPOSITORY' }).click();
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(grid.getByRole('row', { selected: true })).toContainText(`${PREFIX}/bravo`);
  await page.keyboard.press('Space');
  await expect(grid.getByRole('row', { selected: true })).toHaveCount(0);
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: `Details of ${TAGS[1]}` });
  await expect(details).toBeVisible();
  await expect(details.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
});

for (const [width, height] of [
  [1024, 700],
  [1280, 800],
  [1600, 1000],
] as const) {
  test(`with --digests --no-trunc at ${width}x${height} every value reads whole and the grid scrolls sideways`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const grid = await openImages(page);
    await page.getByRole('switch', { name: 'Digests (--digests)' }).check();
    await page.getByRole('switch', { name: 'Full IDs (--no-trunc)' }).check();
    await quickFilter(page).fill('stevedore-fixture/di');
    await expect(grid.getByRole('row', { name: /digest-only/ })).toBeVisible();
    await expect(grid.getByRole('gridcell', { name: /^sha256:[0-9a-f]{64}$/ }).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`grid-${width}x${height}.png`) });
    // No cell is cut: each is at least as wide as its text (the tooltip holds it too).
    const cut = await grid.evaluate((el) =>
      Array.from(el.querySelectorAll('[role="row"] [role="gridcell"]'))
        .filter((c: any) => c.scrollWidth > c.clientWidth || c.title !== c.textContent)
        .map((c: any) => `${c.textContent} (${c.scrollWidth} > ${c.clientWidth})`),
    );
    expect(cut).toEqual([]);
    const repos = await grid.locator('[role="gridcell"][aria-colindex="1"]').allInnerTexts();
    expect(repos).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/stevedore-fixture\/digest-only$/),
        expect.stringMatching(/\/stevedore-fixture\/digested$/),
      ]),
    );
    // Header and body scroll together: scrolled to the end, SIZE is in view and above its cells.
    await grid.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const header = await grid.getByRole('columnheader', { name: 'SIZE' }).boundingBox();
    const cell = await grid.locator('[role="gridcell"][aria-colindex="6"]').first().boundingBox();
    const box = (await grid.boundingBox())!;
    expect(header!.x + header!.width).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(Math.abs(header!.x - cell!.x)).toBeLessThan(1);
    await page.screenshot({ path: test.info().outputPath(`grid-${width}x${height}-scrolled.png`) });
  });
}
