// Compare in Chromium: two tags of one repository (the second a `docker commit` that adds a
// file, removes one and changes the command), picked from a row's "Compare with…" and the
// searchable field; the three sections, "Only what differs", and Copy as text.
import { expect, test } from '@playwright/test';
import {
  cleanupLineage,
  commitLineage,
  importBusybox,
  lineageContainer,
  lineageRef,
  LNS,
  LRUN,
  ranLineageContainer,
} from '../support/lineage-fixtures';
import { openImages, requireEngineOrSkip, rowOf } from './support';

requireEngineOrSkip();

const REPO = `${LNS}/e2e-diff-${LRUN}`;
const A = lineageRef('e2e-diff', 'a');
const B = lineageRef('e2e-diff', 'b');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await importBusybox(A);
  await ranLineageContainer('e2e-diff-make-b', A, 'echo hello > /added-file && busybox rm /bin/head');
  await commitLineage(lineageContainer('e2e-diff-make-b'), B, ['CMD ["/bin/sh", "-c", "echo b"]']);
});
test.afterAll(async () => {
  await cleanupLineage();
});

test('diff two tags: config, layers and files side by side, only what differs, copy as text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const grid = await openImages(page);
  const row = await rowOf(page, grid, REPO, 'a');
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Compare with…' }).click();

  const view = page.getByRole('region', { name: 'Compare images' });
  await expect(view.getByRole('combobox', { name: 'Left image' })).toHaveValue(A);
  // The right image is the next thing to pick: the focus is there.
  await expect(view.getByRole('combobox', { name: 'Right image' })).toBeFocused();
  await page.keyboard.type(B);
  await page.keyboard.press('Enter');

  const files = view.getByRole('table', { name: 'Files that differ between both images' });
  await expect(files.getByRole('row').filter({ has: page.getByRole('cell', { name: 'added-file', exact: true }) })).toContainText('added');
  await expect(files.getByRole('row').filter({ has: page.getByRole('cell', { name: 'bin/head', exact: true }) })).toContainText('removed');
  await expect(view.getByText('1 added, 1 removed, 0 changed,', { exact: false })).toBeVisible();

  const config = view.getByRole('table', { name: 'Configuration of both images' });
  const cmd = config.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Cmd' }) });
  await expect(cmd).toContainText('different');
  await expect(cmd).toContainText('echo b');
  await expect(config.getByRole('rowheader', { name: 'Env' })).toBeVisible();
  const layers = view.getByRole('table', { name: 'Layers of both images, bottom first' });
  await expect(layers.getByRole('row')).toHaveCount(3);
  await expect(layers.getByRole('row').nth(1)).toContainText('shared');
  await expect(layers.getByRole('row').nth(2)).toContainText('right only');

  await view.getByRole('switch', { name: 'Only what differs' }).check();
  await expect(config.getByRole('rowheader', { name: 'Env' })).toHaveCount(0);
  await expect(layers.getByRole('row')).toHaveCount(2);

  await view.getByRole('button', { name: 'Copy as text' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Copied to the clipboard.' })).toBeVisible();
  const copied = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>);
  expect(copied).toContain(`left:  ${A} (sha256:`);
  expect(copied).toContain(`right: ${B} (sha256:`);
  expect(copied).toContain('\nA added-file\n');
  expect(copied).toContain('\nD bin/head\n');
  expect(copied).toContain('  different Cmd\n');
  expect(copied).not.toContain('same Env');
});
