// Lineage in Chromium: from an image's row menu, the details dialog's Lineage tab lists the
// container created from it by name (a stopped one), with its state, the tags the image carries,
// and the docker commands that show the same; a child made by `docker commit` opens its parent.
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

const REPO = `${LNS}/e2e-${LRUN}`;
const REF = lineageRef('e2e');
const CHILD = lineageRef('e2e', 'child');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await importBusybox(REF);
  await ranLineageContainer('e2e-stopped', REF, 'echo x > /x');
  await commitLineage(lineageContainer('e2e-stopped'), CHILD);
});
test.afterAll(async () => {
  await cleanupLineage();
});

test('Lineage shows the container created from the image by name, its tags and the equivalent commands', async ({ page }) => {
  const grid = await openImages(page);
  const row = await rowOf(page, grid, REPO, '1');
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Lineage…' }).click();

  const dialog = page.getByRole('dialog', { name: `Details of ${REF}` });
  await expect(dialog.getByRole('tab', { name: 'Lineage' })).toHaveAttribute('aria-selected', 'true');
  const containers = dialog.getByRole('table', { name: 'Containers created from it (1)' });
  const line = containers.getByRole('row').filter({ has: page.getByRole('cell', { name: lineageContainer('e2e-stopped'), exact: true }) });
  await expect(line).toHaveCount(1);
  await expect(line.getByRole('cell', { name: REF, exact: true })).toBeVisible();
  await expect(line.getByRole('cell', { name: /^Exited \(0\)/ })).toBeVisible();
  await expect(dialog.getByText(`Last used: ${lineageContainer('e2e-stopped')} started`)).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Tag (1)' }).getByRole('listitem')).toHaveText([REF]);
  await expect(dialog.getByText(`docker ps -a --filter ancestor=${REF}`, { exact: true })).toBeVisible();
  await expect(dialog.getByText(`docker image inspect ${REF}`, { exact: true })).toBeVisible();
  // The child made by docker commit is listed; opening it shows this image as its parent.
  await dialog.getByRole('list', { name: 'Children (1)' }).getByRole('button', { name: CHILD }).click();
  const child = page.getByRole('dialog', { name: `Details of ${CHILD}` });
  await expect(child.getByRole('list', { name: 'Parent chain (1)' }).getByRole('button', { name: REF })).toBeVisible();
  await expect(child.getByText('No container was created from this image.')).toBeVisible();
});

test('the Lineage tab is reached from the keyboard', async ({ page }) => {
  const grid = await openImages(page);
  const row = await rowOf(page, grid, REPO, '1');
  await row.dblclick();
  const dialog = page.getByRole('dialog', { name: `Details of ${REF}` });
  await expect(dialog.getByRole('tab', { name: 'History' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(dialog.getByRole('tab', { name: 'Lineage' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('cell', { name: lineageContainer('e2e-stopped'), exact: true })).toBeVisible();
});
