// Issue #16's walk-through at 1024x700, in Spanish and in English: nothing essential off-screen.
// Search: every result's Pull is inside the window and opens the Pull dialog. Images: the toolbar
// keeps to one line, the rest of its actions in a More menu whose items open their dialogs (which
// fit the window); with --digests --no-trunc the grid scrolls sideways with REPOSITORY pinned at
// its left edge; the Reference field keeps its hint whole beside a chip. Registries: one line per
// cell, row actions in the window. Jobs: a failed pull's row fits. Geometry only: every wait is
// for the page to reach a state, never for time to pass.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { startSearchIndex, type SearchIndex } from '../support/search-index';
import { loadStackEnv } from '../support/stack';
import { RUN } from './edit-support';
import { bridgeDockerConfig, dropBridgeLogin } from './registries-support';
import { requireEngineOrSkip } from './support';
import { navButton as nav, openImagesIn as open, uiWords } from './ui-words';

requireEngineOrSkip();

const WIDTH = 1024;
const HEIGHT = 700;
test.use({ viewport: { width: WIDTH, height: HEIGHT } });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, 'laid out').not.toBeNull();
  return b!;
}

/** Whole inside the window. */
async function expectInWindow(locator: Locator, what: string): Promise<void> {
  const b = await box(locator);
  expect(b.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(b.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width, `${what}: right edge`).toBeLessThanOrEqual(WIDTH);
  expect(b.y + b.height, `${what}: bottom edge`).toBeLessThanOrEqual(HEIGHT);
}

/** Whole inside the box a scroller shows (its client area), sideways. */
async function expectInsideHorizontally(locator: Locator, scroller: Locator, what: string): Promise<void> {
  const b = await box(locator);
  const area = await scroller.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left + el.clientLeft, right: r.left + el.clientLeft + el.clientWidth };
  });
  expect(b.x, `${what}: left edge`).toBeGreaterThanOrEqual(area.left - 1);
  expect(b.x + b.width, `${what}: right edge`).toBeLessThanOrEqual(area.right + 1);
}

/** How many lines an element's text is laid out on (distinct tops of its text boxes). */
const lineCount = (el: Locator) =>
  // Runs in the page; the test project has no DOM types.
  el.evaluate((node: any) => {
    const range = node.ownerDocument.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()]
      .filter((r: { width: number }) => r.width > 0)
      .sort((a: { top: number }, b: { top: number }) => a.top - b.top);
    let lines = 0;
    let bottom = -Infinity;
    for (const r of rects) {
      if (r.top >= bottom - 1) lines++;
      bottom = Math.max(bottom, r.bottom);
    }
    return lines;
  });

/** The placeholder's drawn width and the room the input gives it. */
const placeholderRoom = (input: Locator) =>
  input.evaluate((el: any) => {
    const style = el.ownerDocument.defaultView.getComputedStyle(el);
    const ctx = el.ownerDocument.createElement('canvas').getContext('2d');
    ctx.font = style.font;
    return {
      text: ctx.measureText(el.placeholder).width,
      room: el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    };
  });

let index: SearchIndex;
test.beforeAll(async () => {
  index = await startSearchIndex();
});
test.afterAll(async () => {
  await index?.close();
});

for (const lang of ['es', 'en'] as const) {
  const t = uiWords(lang);

  test.describe(`at ${WIDTH}x${HEIGHT} in ${lang}`, () => {
    test('Search: every result keeps its Pull in the window, and it opens the Pull dialog', async ({ page }) => {
      await open(page, lang, t);
      await nav(page, t, 'search').click();
      const term = page.getByRole('searchbox', { name: t('search.term') });
      await term.fill(index.term('stevedore'));
      await term.press('Enter');
      const table = page.getByRole('table', { name: t('search.results') });
      const rows = table.locator('tbody').getByRole('row');
      await expect(rows).toHaveCount(25);
      const scroller = table.locator('xpath=..');

      // Every column's header whole in view: nothing cut at the right (AUTOMATED was).
      for (const column of ['name', 'description', 'stars', 'official', 'automated']) {
        await expectInsideHorizontally(table.getByRole('columnheader', { name: t(`search.columns.${column}`) }), scroller, column);
      }
      const names = await rows.getByRole('rowheader').allInnerTexts();
      for (const name of names) {
        await expectInsideHorizontally(
          rows.getByRole('button', { name: t('search.pullResult', { name }), exact: true }),
          scroller,
          `Pull ${name}`,
        );
      }
      const first = rows.first().getByRole('button', { name: t('search.pullResult', { name: names[0] }), exact: true });
      await expectInWindow(first, 'the first Pull');
      await first.click();
      const dialog = page.getByRole('dialog', { name: t('pull.title') });
      await expect(dialog.getByRole('textbox', { name: t('pull.reference') })).toHaveValue(`${index.host}/${names[0]}`);
      await expectInWindow(dialog, 'the Pull dialog');
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);

      // Full descriptions widen the table; Pull stays pinned at the right edge, scrolled or not.
      await page.getByRole('switch', { name: t('search.noTrunc') }).check();
      const last = rows.nth(24).getByRole('button', { name: t('search.pullResult', { name: names[24] }), exact: true });
      for (const at of ['start', 'end'] as const) {
        await scroller.evaluate((el, to) => (el.scrollLeft = to === 'end' ? el.scrollWidth : 0), at);
        await expectInsideHorizontally(first, scroller, `Pull, scrolled to the ${at}`);
        await expectInsideHorizontally(last, scroller, `the last Pull, scrolled to the ${at}`);
      }
      await first.click();
      await expect(dialog.getByRole('textbox', { name: t('pull.reference') })).toHaveValue(`${index.host}/${names[0]}`);
      await page.keyboard.press('Escape');
    });

    test('Images: the toolbar keeps to one line, the rest in the More menu, whose items open their dialogs', async ({ page }) => {
      const grid = await open(page, lang, t);
      const view = page.getByRole('region', { name: t('images.title') });
      const header = view.locator('header');
      const buttons = header.getByRole('button').filter({ visible: true });
      const tops = new Set<number>();
      for (const b of await buttons.all()) {
        const r = await box(b);
        tops.add(Math.round(r.y));
        await expectInWindow(b, await b.innerText());
      }
      expect([...tops], 'toolbar lines').toHaveLength(1);
      // The frequent actions stay buttons; the others are only in the menu.
      for (const key of ['edit.tag.button', 'edit.remove.button', 'pull.button', 'toolbar.copyAs']) {
        await expect(header.getByRole('button', { name: t(key), exact: true })).toBeVisible();
      }
      await expect(header.getByRole('button', { name: t('edit.commit.button'), exact: true })).toHaveCount(0);
      // The grid keeps room for rows (about 7 showed under three toolbar lines).
      expect((await box(grid)).height, 'grid height: at least 9 rows under its header').toBeGreaterThanOrEqual(34 + 9 * 32);

      const more = header.getByRole('button', { name: t('toolbar.more') });
      const menu = page.getByRole('menu', { name: t('toolbar.more') });
      const expected = [
        'registries.push.button',
        'edit.prune.button',
        'edit.commit.button',
        'toolbar.rowActions',
        'transfer.save.button',
        'transfer.load.button',
        'toolbar.refresh',
        'toolbar.copyIds',
      ].map((k) => t(k));
      await more.click();
      // Each item's text begins with its label (a shortcut may follow).
      await expect(menu.getByRole('menuitem')).toHaveText(expected.map((label) => new RegExp(`^${escapeRegExp(label)}`)));
      await expectInWindow(menu, 'the More menu');

      // Items work: each opens its dialog, which fits the window, and the focus returns to More.
      for (const [item, title, submit] of [
        ['edit.commit.button', 'edit.commit.title', 'edit.cancel'],
        ['edit.prune.button', 'edit.prune.title', 'edit.cancel'],
      ]) {
        if (!(await menu.isVisible())) await more.click();
        await menu.getByRole('menuitem', { name: t(item), exact: true }).click();
        await expect(menu).toHaveCount(0);
        const dialog = page.getByRole('dialog', { name: t(title) });
        await expect(dialog).toBeVisible();
        await expectInWindow(dialog, t(title));
        await expectInWindow(dialog.getByRole('button', { name: t(submit), exact: true }), `${t(title)}: ${t(submit)}`);
        await page.keyboard.press('Escape');
        await expect(dialog).toHaveCount(0);
        await expect(more).toBeFocused();
      }

      // The row's menu, from the More menu: for the selected row.
      await grid.getByRole('row').nth(1).click();
      await more.click();
      await menu.getByRole('menuitem', { name: t('toolbar.rowActions') }).click();
      const rowMenu = page.getByRole('menu', { name: t('edit.menu.label') });
      await expect(rowMenu).toBeVisible();
      await expectInWindow(rowMenu, 'the row menu');
      await page.keyboard.press('Escape');
      await expect(rowMenu).toHaveCount(0);
      await expect(more).toBeFocused();

      // Settings and Copy as fit too.
      await header.getByRole('button', { name: t('toolbar.copyAs'), exact: true }).click();
      const copyAs = page.getByRole('dialog', { name: t('formatDialog.title') });
      await expect(copyAs).toBeVisible();
      await expectInWindow(copyAs, 'Copy as');
      await page.keyboard.press('Escape');
      await expect(copyAs).toHaveCount(0);
      await page.keyboard.press('Control+,');
      const settings = page.getByRole('dialog', { name: t('settings.title') });
      await expect(settings).toBeVisible();
      await expectInWindow(settings, 'Settings');
      await page.keyboard.press('Escape');
    });

    test('Images: with --digests --no-trunc the grid scrolls sideways and REPOSITORY stays pinned at its left edge', async ({ page }) => {
      const grid = await open(page, lang, t);
      await page.getByRole('switch', { name: t('toolbar.digests') }).check();
      await page.getByRole('switch', { name: t('toolbar.noTrunc') }).check();
      await page.getByRole('searchbox', { name: t('toolbar.textFilter') }).fill('stevedore-fixture/di');
      await expect(grid.getByRole('row', { name: /digest-only/ })).toBeVisible();
      await expect(grid.getByRole('gridcell', { name: /^sha256:[0-9a-f]{64}$/ }).first()).toBeVisible();
      const { scrollWidth, clientWidth } = await grid.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth, 'wider than the window: scrolls sideways').toBeGreaterThan(clientWidth);

      const gridLeft = await grid.evaluate((el) => el.getBoundingClientRect().left + el.clientLeft);
      const pinned = [
        grid.getByRole('columnheader', { name: t('images.columns.repository') }),
        grid
          .getByRole('row', { name: /digest-only/ })
          .getByRole('gridcell')
          .first(),
      ];
      const scrollTo = (x: number) => grid.evaluate((el, to) => (el.scrollLeft = to), x);
      const atLeftEdge = async () => Promise.all(pinned.map(async (p) => Math.round((await box(p)).x - gridLeft)));
      // Scrolled to the end: REPOSITORY at the left edge, SIZE in view.
      await scrollTo(scrollWidth);
      await expect.poll(atLeftEdge).toEqual([0, 0]);
      await expectInsideHorizontally(grid.getByRole('columnheader', { name: t('images.columns.size') }), grid, 'SIZE at the end');
      // Scrolled, the pinned column narrows to leave a full digest room beside it (measured once
      // the grid says it is scrolled).
      await expect(grid).toHaveAttribute('data-scrolled-x', '');
      const pinnedWidth = (await box(pinned[0])).width;
      // Each column beside the pinned one, scrolled to; the pinned cells stay at the left edge, on
      // top of what slides under them, and the column is whole in the rest of the grid.
      for (const column of ['digest', 'id', 'created', 'size']) {
        const head = grid.getByRole('columnheader', { name: t(`images.columns.${column}`) });
        const offset = await head.evaluate((el: any) => el.offsetLeft);
        await scrollTo(offset - pinnedWidth);
        await expect.poll(atLeftEdge, { message: `REPOSITORY pinned, ${column} in view` }).toEqual([0, 0]);
        const pinnedRight = gridLeft + (await box(pinned[1])).width;
        const h = await box(head);
        expect(h.x, `${column}: beside the pinned column`).toBeGreaterThanOrEqual(pinnedRight - 1);
        await expectInsideHorizontally(head, grid, column);
        for (const p of pinned) {
          const onTop = await p.evaluate((el: any) => {
            const r = el.getBoundingClientRect();
            return el.contains(el.ownerDocument.elementFromPoint(r.left + 6, r.top + r.height / 2));
          });
          expect(onTop, `the pinned cell is on top at ${column}`).toBe(true);
        }
      }
    });

    test('Images: the Reference field keeps its hint whole and takes more beside a chip', async ({ page }) => {
      await open(page, lang, t);
      const reference = page.getByRole('textbox', { name: t('filters.reference') });
      const first = 'stevedore-fixture/*';
      await reference.fill(first);
      await reference.press('Enter');
      await expect(page.getByRole('button', { name: t('filters.remove', { filter: `reference=${first}` }) })).toBeVisible();
      await expect(reference).toHaveValue('');
      const { text, room } = await placeholderRoom(reference);
      expect(text, 'the hint beside a chip').toBeLessThanOrEqual(room);
      const field = reference.locator('xpath=ancestor::form[1]');
      const f = await box(field);
      const i = await box(reference);
      expect(i.x + i.width, 'the input inside its field').toBeLessThanOrEqual(f.x + f.width + 1);
      await expectInWindow(reference, 'the Reference input');
      // The chip reads whole.
      const chip = field.getByText(first, { exact: true });
      expect(await chip.evaluate((el: any) => el.scrollWidth <= el.clientWidth)).toBe(true);
      // Still usable: a second entry becomes a second chip.
      const second = 'stevedore-fixture/t*';
      await reference.fill(second);
      await reference.press('Enter');
      await expect(page.getByRole('button', { name: t('filters.remove', { filter: `reference=${second}` }) })).toBeVisible();
      await page.getByRole('button', { name: t('filters.clear') }).click();
      await expect(page.getByRole('button', { name: t('filters.remove', { filter: `reference=${first}` }) })).toHaveCount(0);
    });

    test('Registries: one line per cell and the row actions in the window', async ({ page }) => {
      const host = `stevedore-e2e-layout-${RUN}-${lang}.test:5000`;
      // Logged in (config.json) and added here: the widest row, "Logged in as …" and two badges.
      const config = bridgeDockerConfig();
      config.auths = { ...config.auths, [host]: { auth: Buffer.from('a-rather-long-user-name:not-a-real-secret').toString('base64') } };
      writeFileSync(join(process.env.STEVEDORE_E2E_DOCKER_CONFIG ?? '', 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
      try {
        await open(page, lang, t);
        await nav(page, t, 'registries').click();
        await page.getByRole('textbox', { name: t('registries.add.host') }).fill(host);
        await page.getByRole('button', { name: t('registries.add.submit') }).click();
        const table = page.getByRole('table', { name: t('registries.tableCaption') });
        const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: host }) });
        await expect(row).toContainText(t('registries.sources.user'));
        await expect(row).toContainText(t('registries.loggedInAs', { user: 'a-rather-long-user-name' }));
        const scroller = table.locator('xpath=..');
        // The actions' header is for screen readers only (clipped to a pixel): not a cell anyone reads.
        const headers = table
          .locator('thead')
          .getByRole('columnheader')
          .filter({ hasNot: page.locator('.visually-hidden') });
        for (const cell of await headers.all()) expect(await lineCount(cell), `one line: ${await cell.innerText()}`).toBe(1);
        for (const r of await table.locator('tbody').getByRole('row').all()) {
          for (const cell of await r.locator('th, td').all()) {
            expect(await lineCount(cell), `one line: ${await cell.innerText()}`).toBeLessThanOrEqual(1);
          }
          for (const button of await r.getByRole('button').all()) {
            const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
            await expectInsideHorizontally(button, scroller, name);
            await expectInWindow(button, name);
          }
        }
        // The pinned actions work: Forget drops "Added here".
        await row.getByRole('button', { name: t('registries.forgetHost', { host }) }).click();
        await expect(row).not.toContainText(t('registries.sources.user'));
      } finally {
        dropBridgeLogin(host);
      }
    });

    test('Jobs: a failed pull reads whole in the window', async ({ page }) => {
      const reference = `${loadStackEnv().registry}/stevedore-fixture/layout-${RUN}-${lang}-missing:1`;
      await open(page, lang, t);
      await page.keyboard.press('Control+p');
      const dialog = page.getByRole('dialog', { name: t('pull.title') });
      await dialog.getByRole('textbox', { name: t('pull.reference') }).fill(reference);
      await dialog.getByRole('button', { name: t('pull.submit'), exact: true }).click();
      // The job is started (its row in the dialog) before the dialog goes.
      await expect(dialog.getByRole('listitem', { name: new RegExp(escapeRegExp(reference)) })).toBeVisible();
      await page.keyboard.press('Escape');
      await nav(page, t, 'jobs').click();
      const job = page.getByRole('listitem', { name: new RegExp(escapeRegExp(reference)) });
      await expect(job).toBeVisible();
      await expect(job.getByRole('button', { name: t('jobs.retry.button') })).toBeVisible();
      const view = page.getByRole('region', { name: t('jobs.title') });
      const { scrollWidth, clientWidth } = await view.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth, 'nothing wider than the view').toBeLessThanOrEqual(clientWidth);
      await expectInsideHorizontally(job, view, 'the job');
      await expectInWindow(job.getByRole('button', { name: t('jobs.retry.button') }), 'Retry');
    });
  });
}
