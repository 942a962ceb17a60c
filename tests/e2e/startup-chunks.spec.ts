// Start-up in pieces (issue #15, item 6): the Images view comes with the page's first chunks, the
// other views are chunks loaded on demand, under the page's CSP (script-src 'self', no inline),
// and while one loads the view says so in a status. The Search chunk is held back by the test
// (Playwright's routing) until the status was seen, so nothing here depends on timing.
import { expect, test } from '@playwright/test';
import { openImages, requireEngineOrSkip } from './support';

test('other views load on demand under the CSP, with a status while their code loads', async ({ page }) => {
  requireEngineOrSkip();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  // A script's text: the tests' TypeScript has no DOM library.
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));",
  });
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const searchChunks: string[] = [];
  await page.route(/\/assets\/SearchView-[^/]+\.js$/, async (route) => {
    searchChunks.push(route.request().url());
    await released;
    await route.continue();
  });

  await openImages(page);
  await page.getByRole('navigation').getByRole('button', { name: 'Search', exact: true }).click();
  const loading = page
    .getByRole('main')
    .getByRole('status')
    .filter({ hasText: /^Loading…$/ });
  await expect(loading).toBeVisible();
  expect(searchChunks.length).toBeGreaterThan(0);
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  await expect(loading).toHaveCount(0);

  for (const view of ['Jobs', 'Registries', 'Images']) {
    await page.getByRole('navigation').getByRole('button', { name: view, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
  }
  expect(problems).toEqual([]);
});
