// The README's screenshots, taken from the real UI against the real engine in both themes, at a
// fixed 1280x800 viewport: Images, Search (a loopback index), Jobs with a finished pull, Registries
// and the Settings dialog; and at 1024x700, a small laptop's window, Images, Search and Jobs in
// English and in Spanish (`<view>-1024-<lang>.png`, light theme). Every run checks that each view
// renders and that the dark theme is dark; the files in docs/screenshots are rewritten only when
// asked (STEVEDORE_UPDATE_SCREENSHOTS=1, or `npm run screenshots`), so an ordinary test run never
// changes the repository.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSearchIndex, type SearchIndex } from '../support/search-index';
import { loadStackEnv } from '../support/stack';
import { BASE, cli, RUN } from './edit-support';
import { openImages, requireEngineOrSkip } from './support';
import { navButton, openImagesIn, uiWords } from './ui-words';

requireEngineOrSkip();

const update = process.env.STEVEDORE_UPDATE_SCREENSHOTS === '1';
const outDir = update
  ? resolve(import.meta.dirname, '../../docs/screenshots')
  : resolve(import.meta.dirname, '../../test-results/screenshots');
const remote = `${loadStackEnv().registry}/stevedore-fixture/screenshots-${RUN}:1`;

let index: SearchIndex;

test.use({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });

test.beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  index = await startSearchIndex();
  // An image only the registry has, so the Jobs view shows a real pull of our own.
  cli('tag', BASE, remote);
  cli('push', remote);
  cli('rmi', remote);
});

test.afterAll(async () => {
  await index?.close();
  try {
    cli('rmi', remote);
  } catch {
    // Not pulled (an earlier step failed): nothing to remove.
  }
});

/** The body's background luminance (0 black .. 255 white): the theme really applied. */
async function backgroundLuminance(page: Page): Promise<number> {
  const rgb = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  const [r, g, b] = (rgb.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function shoot(page: Page, name: string, scheme?: 'light' | 'dark') {
  // No caret blinking or half-finished transitions in the pictures.
  await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent !important; }',
  });
  await page.screenshot({ path: join(outDir, scheme ? `${name}-${scheme}.png` : `${name}.png`) });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the main views in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const grid = await openImages(page);
    const lum = await backgroundLuminance(page);
    expect(scheme === 'dark' ? lum < 60 : lum > 200, `background luminance ${lum}`).toBe(true);

    // Images: the fixtures only (the shared engine also holds other tests' images), one selected.
    await page.getByRole('searchbox', { name: 'Filter rows' }).fill('stevedore-fixture/');
    await expect(grid.getByRole('row').nth(3)).toBeVisible();
    await grid.getByRole('row').nth(2).click();
    await shoot(page, 'images', scheme);

    // Search, against the loopback index.
    await page.getByRole('navigation').getByRole('button', { name: 'Search' }).click();
    const term = page.getByRole('searchbox', { name: 'Term' });
    await term.fill(index.term('stevedore'));
    await term.press('Enter');
    await expect(page.getByRole('table', { name: 'Search results' }).locator('tbody').getByRole('row')).toHaveCount(25);
    await shoot(page, 'search', scheme);

    // Jobs, with a pull that finished.
    await page.keyboard.press('Control+p');
    const pull = page.getByRole('dialog', { name: 'Pull image' });
    await pull.getByRole('textbox', { name: 'Image reference' }).fill(remote);
    await pull.getByRole('button', { name: 'Pull', exact: true }).click();
    await pull.getByRole('button', { name: 'Show in Jobs' }).click();
    await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
    await expect(page.getByRole('listitem', { name: `Pull ${remote}` }).first()).toContainText('Done');
    await shoot(page, 'jobs', scheme);
    cli('rmi', remote);

    // Registries.
    await page.getByRole('navigation').getByRole('button', { name: 'Registries' }).click();
    await expect(page.getByRole('heading', { name: 'Registries', level: 1 })).toBeVisible();
    await shoot(page, 'registries', scheme);

    // Settings.
    await page.getByRole('navigation').getByRole('button', { name: 'Images' }).click();
    await page.keyboard.press('Control+,');
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await shoot(page, 'settings', scheme);
  });
}

// A student's window: 1024x700, in each language the UI speaks. The Images toolbar keeps to one
// line (the rest in its More menu), Search keeps every Pull in view, Jobs reads whole.
for (const lang of ['en', 'es'] as const) {
  test(`Images, Search and Jobs at 1024x700 in ${lang}`, async ({ page }) => {
    const t = uiWords(lang);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.emulateMedia({ colorScheme: 'light' });
    const grid = await openImagesIn(page, lang, t);

    await page.getByRole('searchbox', { name: t('toolbar.textFilter') }).fill('stevedore-fixture/');
    await expect(grid.getByRole('row').nth(3)).toBeVisible();
    await grid.getByRole('row').nth(2).click();
    await expect(page.getByRole('button', { name: t('toolbar.more') })).toBeVisible();
    await shoot(page, `images-1024-${lang}`);

    await navButton(page, t, 'search').click();
    const term = page.getByRole('searchbox', { name: t('search.term') });
    await term.fill(index.term('stevedore'));
    await term.press('Enter');
    await expect(
      page
        .getByRole('table', { name: t('search.results') })
        .locator('tbody')
        .getByRole('row'),
    ).toHaveCount(25);
    await shoot(page, `search-1024-${lang}`);

    // One finished pull in the picture: the earlier tests' jobs cleared first.
    await navButton(page, t, 'jobs').click();
    await expect(page.getByRole('heading', { name: t('jobs.title'), level: 1 })).toBeVisible();
    const clear = page.getByRole('button', { name: t('jobDetail.clearFinished') });
    if ((await clear.count()) > 0) await clear.click();
    await page.keyboard.press('Control+p');
    const pull = page.getByRole('dialog', { name: t('pull.title') });
    await pull.getByRole('textbox', { name: t('pull.reference') }).fill(remote);
    await pull.getByRole('button', { name: t('pull.submit'), exact: true }).click();
    await pull.getByRole('button', { name: t('jobs.retry.showJobs') }).click();
    await expect(page.getByRole('heading', { name: t('jobs.title'), level: 1 })).toBeVisible();
    await expect(page.getByRole('listitem', { name: t('jobTitles.pull', { reference: remote }) }).first()).toContainText(
      t('jobs.state.succeeded'),
    );
    await shoot(page, `jobs-1024-${lang}`);
    cli('rmi', remote);
  });
}
