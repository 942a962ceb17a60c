// The Explorer in Chromium through the bridge, on the real engine: opened from an Images row, it
// lists the layers (with the merged view first), switches layers and shows each one's marks as
// words, finds a file by glob across layers and reveals it, and shows a text file's content. The
// image is our own (busybox imported, then a `docker commit` that adds, overwrites and removes
// files), named stevedore-explore-ui/*, and removed afterwards with its containers.
import { expect, test, type Page } from '@playwright/test';
import { cleanup, cli, importImage, mustCli, RUN, TEST_LABEL, trackImage } from '../support/edit-fixtures';
import { showOnly } from './edit-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const BASE = `stevedore-explore-ui/base:${RUN}`;
const IMG = `stevedore-explore-ui/img:${RUN}`;
const BUILDER = `stevedore-explore-ui-${RUN}-build`;
/** What the second layer writes into /etc/app/app.conf (read back in the viewer). */
const CONF = 'listen = 127.0.0.1:8080\ngreeting = hello from the explorer\n';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await importImage(BASE, { busybox: true, labels: { [TEST_LABEL]: `explore-ui-${RUN}` } });
  // Layer 2: adds /etc/app/* and removes /nonce (a whiteout).
  const script = `mkdir -p /etc/app && printf '${CONF.replace(/\n/g, '\\n')}' > /etc/app/app.conf && echo notes > /etc/app/notes.txt && rm /nonce`;
  await mustCli(['run', '--network', 'none', '--name', BUILDER, BASE, 'sh', '-c', script]);
  trackImage(await mustCli(['commit', BUILDER, IMG]));
  await cli(['rm', '-f', BUILDER]);
});

test.afterAll(async () => {
  await cli(['rm', '-f', BUILDER]);
  await cleanup();
});

/** Opens the explorer on IMG from its Images row's menu and waits for the layers. */
async function exploreFromRow(page: Page) {
  const grid = await openImages(page);
  const rows = await showOnly(page, grid, IMG.split(':')[0]!, 1);
  await rows.first().click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Explore layers and files' }).click();
  const layers = page.getByRole('listbox', { name: 'Layers' });
  await expect(layers.getByRole('option')).toHaveCount(3);
  return layers;
}

test('from a row: layers with the merged view, marks as words, glob search, a text file viewed', async ({ page }) => {
  const layers = await exploreFromRow(page);
  await expect(page.getByRole('heading', { name: /Explorer/ })).toContainText(IMG);
  await expect(layers.getByRole('option').first()).toHaveText(/Merged \(what a container sees\)/);
  await expect(layers.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');

  // The merged view: what a container sees has no /nonce (layer 2 removed it) but has /etc.
  const merged = page.getByRole('tree', { name: 'Files of Merged (what a container sees)' });
  await expect(merged.getByRole('treeitem', { name: /^▸?\s*etc\// })).toHaveCount(1);
  await expect(merged.getByRole('treeitem', { name: /nonce/ })).toHaveCount(0);

  // Layer 1 (the import) has the nonce file, added.
  await layers.getByRole('option', { name: /^Layer 1/ }).click();
  const first = page.getByRole('tree', { name: 'Files of Layer 1' });
  await expect(first.getByRole('treeitem', { name: /nonce/ })).toContainText('added');

  // Layer 2 removes it: the row says "removed" in words, not only by colour.
  await layers.getByRole('option', { name: /^Layer 2/ }).click();
  const second = page.getByRole('tree', { name: 'Files of Layer 2' });
  await expect(second.getByRole('treeitem', { name: /nonce/ })).toContainText('removed');

  // Wasted space: the nonce's bytes are still shipped in layer 1, though layer 2 removes it.
  const wasted = page.getByRole('region', { name: /^Wasted space: / });
  await expect(wasted.getByRole('row').filter({ hasText: 'nonce' })).toContainText('removed in layer 2');

  // A glob across all layers; its match selects its layer and reveals the file in the tree.
  await layers.getByRole('option', { name: /^Layer 1/ }).click();
  await page.getByRole('searchbox', { name: 'Pattern (glob)' }).fill('**/*.conf');
  await page.getByRole('searchbox', { name: 'Pattern (glob)' }).press('Enter');
  const results = page.getByRole('list', { name: 'Matches' });
  await expect(results.getByRole('button')).toHaveCount(1);
  await expect(results.getByRole('button')).toContainText('etc/app/app.conf');
  await results.getByRole('button').click();
  await expect(layers.getByRole('option', { name: /^Layer 2/ })).toHaveAttribute('aria-selected', 'true');
  const revealed = second.getByRole('treeitem', { name: /app\.conf/ });
  await expect(revealed).toHaveAttribute('aria-selected', 'true');

  // Enter on a file views it: the first bytes as text.
  await second.press('Enter');
  const viewer = page.getByRole('region', { name: 'Content of etc/app/app.conf' });
  await expect(viewer).toHaveText(CONF);

  // Keyboard: Home goes to the first row (etc/, opened by the reveal), Left closes it, Right opens it, Down steps in.
  await second.press('Home');
  const top = second.getByRole('treeitem').first();
  await expect(top).toHaveAttribute('aria-selected', 'true');
  await expect(top).toHaveAttribute('aria-expanded', 'true');
  await second.press('ArrowLeft');
  await expect(top).toHaveAttribute('aria-expanded', 'false');
  await second.press('ArrowRight');
  await expect(top).toHaveAttribute('aria-expanded', 'true');
  await second.press('ArrowDown');
  await expect(second.getByRole('treeitem').nth(1)).toHaveAttribute('aria-selected', 'true');
});
