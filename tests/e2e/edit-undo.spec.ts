// Undo after an untag: Delete on the keyboard removes a name that only untags, the notification
// offers Undo while the image exists, and Undo puts the same name back on the same image. A name
// that meanwhile moved to another image is only taken back when the person says so.
import { expect, test, type Page } from '@playwright/test';
import { openImages, requireEngineOrSkip } from './support';
import { BASE, cleanupEdits, cli, dialogNamed, imageId, repo, showOnly, tag } from './edit-support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

/** Focuses the only row shown and removes it with the Delete key, confirming the plan. */
async function removeWithDelete(page: Page, ref: string): Promise<void> {
  const dialog = dialogNamed(page, 'Remove 1 image');
  await page.keyboard.press('Delete');
  const item = dialog.getByRole('region', { name: 'What will happen' }).getByRole('listitem', { name: ref });
  await expect(item.getByText('Can be undone')).toBeVisible();
  await expect(dialog.getByText('Irreversible')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  const result = dialog.getByRole('region', { name: 'Result' }).getByRole('listitem', { name: ref });
  await expect(result.locator('pre')).toHaveText(`Untagged: ${ref}`);
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toHaveCount(0);
}

test('undo after an untag restores the tag on the same image', async ({ page }) => {
  const ref = `${repo('undo')}:1`;
  tag(BASE, ref);
  const id = imageId(ref)!;

  const grid = await openImages(page);
  const rows = await showOnly(page, grid, repo('undo'), 1);
  await rows.first().click();
  await removeWithDelete(page, ref);
  await expect(rows).toHaveCount(0);
  expect(imageId(ref)).toBeUndefined();

  const toasts = page.getByRole('region', { name: 'Notifications' });
  const toast = toasts.getByRole('listitem', { name: `Untagged ${ref}` });
  await expect(toast).toContainText(`Untagged ${ref}. The image is still there.`);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(toast).toContainText(`Restored ${ref}.`);
  await expect(rows).toHaveCount(1);
  expect(imageId(ref)).toBe(id);
});

test('undo asks before taking back a tag that moved to another image meanwhile', async ({ page }) => {
  const ref = `${repo('moved')}:1`;
  tag(BASE, ref);
  const id = imageId(ref)!;

  const grid = await openImages(page);
  const rows = await showOnly(page, grid, repo('moved'), 1);
  await rows.first().click();
  await removeWithDelete(page, ref);

  // Someone tags another image with the same name from a shell.
  tag('stevedore-fixture/tiny:1', ref);
  const otherId = imageId(ref)!;
  expect(otherId).not.toBe(id);
  await expect(rows).toHaveCount(1);

  const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem', { name: `Untagged ${ref}` });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(toast).toContainText(`${ref} now names another image (${otherId.slice(7, 19)}). Take it back?`);
  expect(imageId(ref)).toBe(otherId);
  await toast.getByRole('button', { name: 'Take it back' }).click();
  await expect(toast).toContainText(`Restored ${ref}.`);
  expect(imageId(ref)).toBe(id);
  await expect(rows.getByRole('gridcell', { name: id.slice(7, 19) })).toBeVisible();
  // Tidy: the shell's tag went back to busybox; nothing else of tiny:1 changed.
  expect(cli('image', 'inspect', '--format', '{{.Id}}', 'stevedore-fixture/tiny:1')).toBe(otherId);
});
