// The window's keyboard shortcuts in the real page (through the bridge, against the real engine):
// Ctrl+F, Ctrl+P (with the clipboard's reference), Delete, F5 and Ctrl+, do what the application
// menu does, and the browser's own Find / Print / Reload never take over.
import { expect, test } from '@playwright/test';
import { pullCommand } from '../../shared/docker-command';
import { BASE, cleanupEdits, dialogNamed, repo, showOnly, tag } from './edit-support';
import { grantClipboard, readClipboard, writeClipboard } from './shell-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

test('Ctrl+F focuses the filter, from the grid and from another view', async ({ page }) => {
  const grid = await openImages(page);
  const filter = page.getByRole('searchbox', { name: 'Filter rows' });
  await grid.focus();
  await page.keyboard.press('Control+f');
  await expect(filter).toBeFocused();

  await page.getByRole('navigation').getByRole('button', { name: 'Jobs' }).click();
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await page.keyboard.press('Control+f');
  await expect(filter).toBeFocused();
});

test('Ctrl+P opens Pull with the reference on the clipboard, and its command is the one copied', async ({ page }) => {
  await openImages(page);
  await grantClipboard(page);
  const reference = '127.0.0.1:5001/stevedore-fixture/remote:1';
  await writeClipboard(page, `  ${reference}\n`);
  await page.getByRole('grid', { name: 'Images' }).focus();
  await page.keyboard.press('Control+p');
  const dialog = dialogNamed(page, 'Pull image');
  await expect(dialog.getByRole('textbox', { name: 'Image reference' })).toHaveValue(reference);

  await dialog.getByRole('button', { name: 'Copy command' }).click();
  await expect(dialog.getByText('Command copied.')).toBeVisible();
  expect(await readClipboard(page)).toBe(pullCommand(reference));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  // Ordinary text on the clipboard is not offered: the field starts empty.
  // Nor is a password that happens to parse as a name (`word:word`, no `/`).
  for (const text of ['hello world', 's3cret:pass']) {
    await writeClipboard(page, text);
    await page.keyboard.press('Control+p');
    await expect(dialog.getByRole('textbox', { name: 'Image reference' })).toHaveValue('');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  }
});

test('Delete asks to remove the selected row, but deletes a character while typing in the filter', async ({ page }) => {
  const grid = await openImages(page);
  const name = repo('shortcut-del');
  tag(BASE, `${name}:1`);
  const rows = await showOnly(page, grid, name, 1);
  await rows.first().click();

  // Typing in the filter: Delete edits the text.
  const filter = page.getByRole('searchbox', { name: 'Filter rows' });
  await filter.focus();
  await filter.press('Home');
  await filter.press('Delete');
  await expect(filter).toHaveValue(name.slice(1));
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await filter.fill(name);

  // Focus on a toolbar button (not the grid, not a text field): Delete is the window's shortcut.
  await page.getByRole('button', { name: 'Refresh' }).focus();
  await page.keyboard.press('Delete');
  const dialog = dialogNamed(page, 'Remove 1 image');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(`docker rmi ${name}:1`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});

test('F5 and Ctrl+R refresh the list in place instead of reloading the page', async ({ page }) => {
  await openImages(page);
  let lists = 0;
  page.on('websocket', (ws) => ws.on('framesent', (f) => void (String(f.payload).includes('"images.list"') && lists++)));
  // The socket was opened before the listener: reload once so its frames are seen, then mark the page.
  await page.reload();
  await expect(page.getByRole('grid', { name: 'Images' })).toBeVisible();
  await expect.poll(() => lists).toBeGreaterThan(0);
  await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
  const before = lists;
  await page.keyboard.press('F5');
  await expect.poll(() => lists).toBe(before + 1);
  await page.keyboard.press('Control+r');
  await expect.poll(() => lists).toBe(before + 2);
  expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
});

test('Ctrl+, opens Settings; the theme applies at once and Escape closes', async ({ page }) => {
  await openImages(page);
  await page.keyboard.press('Control+,');
  const dialog = dialogNamed(page, 'Settings');
  await expect(dialog).toBeVisible();
  const theme = dialog.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toBeFocused();
  try {
    await theme.selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const bg = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await theme.selectOption('light');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).not.toBe(bg);

    await dialog.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await expect(dialogNamed(page, 'Ajustes')).toBeVisible();
  } finally {
    // The bridge's core keeps settings for the whole run: put them back for the other tests.
    const d = page.getByRole('dialog');
    await d.getByRole('combobox').nth(1).selectOption('system');
    await d.getByRole('combobox').first().selectOption('system');
  }
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The Settings button opens the same dialog, and gets the focus back when it closes.
  const button = page.getByRole('button', { name: 'Settings' });
  await button.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();
});
