// The image rows' context menu in the real page: opened by right-click, by the Actions button and
// from the keyboard (Shift+F10, the Menu key), navigated with the arrows, closed with Escape; its
// copy items put on the clipboard exactly the ID, the name, and the command shared/docker-command.ts
// builds (the same text the integration tests run with the docker CLI).
import { expect, test, type Page } from '@playwright/test';
import { historyCommand, pullCommand, rmiCommand, saveCommand, tagCommand } from '../../shared/docker-command';
import { BASE, cleanupEdits, dialogNamed, imageId, repo, showOnly, tag } from './edit-support';
import { grantClipboard, readClipboard } from './shell-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

const ITEMS = [
  'Pull again…',
  'Push…',
  'Push to local registry',
  'Tag…',
  'Save…',
  'History…',
  'Inspect…',
  'Copy ID',
  'Copy name',
  'Copy as docker command',
  'Remove…',
];

const menu = (page: Page) => page.getByRole('menu', { name: 'Image actions' });
const clipboard = readClipboard;

async function openWithClipboard(page: Page) {
  const grid = await openImages(page);
  await grantClipboard(page);
  return grid;
}

test('right-click opens the full menu on the row; arrows move, Escape closes and gives the focus back', async ({ page }) => {
  const grid = await openWithClipboard(page);
  const name = repo('menu-mouse');
  tag(BASE, `${name}:1`);
  const row = (await showOnly(page, grid, name, 1)).first();
  await row.click({ button: 'right' });
  await expect(menu(page)).toBeVisible();
  const items = menu(page).getByRole('menuitem');
  for (const label of ITEMS) await expect(items.filter({ hasText: label })).toHaveCount(1);
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.filter({ hasText: 'Push…' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(items.filter({ hasText: 'Remove…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.first()).toBeFocused();
  // A letter jumps to the next item starting with it.
  await page.keyboard.press('i');
  await expect(items.filter({ hasText: 'Inspect…' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu(page)).toHaveCount(0);
  await expect(grid).toBeFocused();
});

test('copy ID and copy name put the image ID and the row name on the clipboard', async ({ page }) => {
  const grid = await openWithClipboard(page);
  const name = repo('menu-copy');
  tag(BASE, `${name}:1`);
  const row = (await showOnly(page, grid, name, 1)).first();

  await row.click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy ID' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('ID copied to the clipboard.');
  expect(await clipboard(page)).toBe(imageId(`${name}:1`));

  await row.click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy name' }).click();
  await expect.poll(() => clipboard(page)).toBe(`${name}:1`);
});

test('from the keyboard: Shift+F10, the submenu of docker commands, and the copied command equals the built one', async ({ page }) => {
  const grid = await openWithClipboard(page);
  const name = repo('menu-keys');
  tag(BASE, `${name}:1`);
  const ref = `${name}:1`;
  const row = (await showOnly(page, grid, name, 1)).first();
  await row.click();
  await grid.focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu(page)).toBeVisible();
  // Type-ahead matches all that was typed within a second (react-aria's menu, as macOS menus do).
  await page.keyboard.type('copy a');
  const parent = menu(page).getByRole('menuitem', { name: 'Copy as docker command' });
  await expect(parent).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const sub = page.getByRole('menu', { name: 'Copy as docker command' });
  await expect(sub).toBeVisible();
  await expect(sub.getByRole('menuitem')).toHaveText([
    pullCommand(ref),
    `docker push ${ref}`,
    tagCommand(ref, ''),
    saveCommand([ref]),
    historyCommand(ref),
    `docker image inspect ${ref}`,
    rmiCommand([ref]),
  ]);
  await expect(sub.getByRole('menuitem').first()).toBeFocused();
  // ArrowLeft goes back to the parent item; ArrowRight in again, then End and Enter copies `docker rmi`.
  await page.keyboard.press('ArrowLeft');
  await expect(sub).toHaveCount(0);
  await expect(parent).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(menu(page)).toHaveCount(0);
  await expect.poll(() => clipboard(page)).toBe(rmiCommand([ref]));
  await expect(grid).toBeFocused();

  // The Menu key opens the same menu; "Pull again…" offers the row's name in the Pull dialog.
  await page.keyboard.press('ContextMenu');
  await expect(menu(page)).toBeVisible();
  await page.keyboard.press('Enter');
  const pull = dialogNamed(page, 'Pull image');
  await expect(pull.getByRole('textbox', { name: 'Image reference' })).toHaveValue(ref);
  await expect(pull.getByText(pullCommand(ref), { exact: true })).toBeVisible();
  await pull.getByRole('button', { name: 'Cancel' }).click();
});

test('the Actions button opens the menu of the current row; Remove there asks for the whole selection', async ({ page }) => {
  const grid = await openWithClipboard(page);
  const name = repo('menu-button');
  tag(BASE, `${name}:1`);
  tag(BASE, `${name}:2`);
  const rows = await showOnly(page, grid, name, 2);
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Control'] });
  const button = page.getByRole('button', { name: 'Actions' });
  await button.click();
  await expect(menu(page)).toBeVisible();
  await menu(page).getByRole('menuitem', { name: 'Copy as docker command' }).click();
  const sub = page.getByRole('menu', { name: 'Copy as docker command' });
  const rmi = sub.getByRole('menuitem', { name: /^docker rmi / });
  await expect(rmi).toHaveText(/^docker rmi \S+:[12] \S+:[12]$/);
  const copied = await rmi.innerText();
  expect(copied.split(' ').slice(2).sort()).toEqual([`${name}:1`, `${name}:2`]);
  await rmi.click();
  await expect.poll(() => clipboard(page)).toBe(copied);

  await button.click();
  await menu(page).getByRole('menuitem', { name: 'Remove 2 selected…' }).click();
  const dialog = dialogNamed(page, 'Remove 2 images');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(copied, { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
