// "Copy command" in the dialogs, end to end: the text the page puts on the clipboard is what
// shared/docker-command.ts builds for the dialog's choices, and pasted into a shell and run with
// the real docker CLI it does what the dialog would have done (here: tag, then rmi).
import { expect, test } from '@playwright/test';
import { rmiCommand, tagCommand } from '../../shared/docker-command';
import { runInShell } from '../support/shell-command';
import { BASE, cleanupEdits, dialogNamed, imageId, repo, showOnly, tag, trackTag } from './edit-support';
import { grantClipboard, readClipboard } from './shell-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

test('the Tag and Remove dialogs copy their docker command, and the CLI running it does the same', async ({ page }) => {
  const grid = await openImages(page);
  await grantClipboard(page);
  const name = repo('copy-cmd');
  const source = `${name}:1`;
  const target = `${name}:copied`;
  tag(BASE, source);
  trackTag(target);
  const row = (await showOnly(page, grid, name, 1)).first();

  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Tag…' }).click();
  const tagDialog = dialogNamed(page, 'Tag image');
  await tagDialog.getByRole('textbox', { name: 'New tag' }).fill(target);
  await tagDialog.getByRole('button', { name: 'Copy command' }).click();
  await expect(tagDialog.getByText('Command copied.')).toBeVisible();
  const copiedTag = await readClipboard(page);
  expect(copiedTag).toBe(tagCommand(source, target));
  await tagDialog.getByRole('button', { name: 'Cancel' }).click();

  // Run in a shell instead of the dialog: the new name appears on the same image, and the open
  // window follows by the engine's events.
  const tagged = await runInShell(copiedTag);
  expect(tagged.code, tagged.stderr).toBe(0);
  expect(imageId(target)).toBe(imageId(source));
  await page.getByRole('searchbox', { name: 'Filter rows' }).fill(name);
  await expect(grid.getByRole('row').filter({ hasText: name })).toHaveCount(2);

  // Remove the copied tag: the Remove dialog's command, with -f as chosen there.
  await grid.getByRole('row').filter({ hasText: 'copied' }).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Remove…' }).click();
  const removeDialog = dialogNamed(page, 'Remove 1 image');
  await removeDialog.getByRole('checkbox', { name: 'Force (-f)' }).check();
  await removeDialog.getByRole('button', { name: 'Copy command' }).click();
  const copiedRmi = await readClipboard(page);
  expect(copiedRmi).toBe(rmiCommand([target], { force: true }));
  await removeDialog.getByRole('button', { name: 'Cancel' }).click();
  const removed = await runInShell(copiedRmi);
  expect(removed.code, removed.stderr).toBe(0);
  expect(removed.stdout).toContain(`Untagged: ${target}`);
  expect(imageId(target)).toBeUndefined();
  await expect(grid.getByRole('row').filter({ hasText: name })).toHaveCount(1);
});
