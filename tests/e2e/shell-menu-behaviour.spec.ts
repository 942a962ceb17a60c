// The row menu's behaviour as a person meets it, in the real page (ui/ContextMenu.tsx, on
// react-aria-components): a submenu stays open while the pointer crosses a neighbouring item on a
// diagonal way to it, type-ahead reaches an item and Enter chooses it, and a menu opened at the
// window's bottom-right corner (its submenu too) is placed inside the window.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { rmiCommand } from '../../shared/docker-command';
import { BASE, cleanupEdits, repo, showOnly, tag } from './edit-support';
import { grantClipboard, readClipboard } from './shell-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PageEvents {
  MouseEvent: new (type: string, init: Record<string, unknown>) => Event;
}

const menu = (page: Page) => page.getByRole('menu', { name: 'Image actions' });
const submenu = (page: Page) => page.getByRole('menu', { name: 'Copy as docker command' });

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not laid out');
  return box;
}

const inside = (b: Box, x: number, y: number) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;

function expectInViewport(page: Page, b: Box): void {
  const vp = page.viewportSize()!;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(vp.width);
  expect(b.y + b.height).toBeLessThanOrEqual(vp.height);
}

/** One image row on its own in the grid, named after the test. */
async function oneRow(page: Page, what: string): Promise<{ row: Locator; ref: string }> {
  const grid = await openImages(page);
  await grantClipboard(page);
  const ref = `${repo(what)}:1`;
  tag(BASE, ref);
  const row = (await showOnly(page, grid, repo(what), 1)).first();
  return { row, ref };
}

test('a submenu stays open while the pointer crosses the item below its own on the way to it', async ({ page }) => {
  const { row, ref } = await oneRow(page, 'menu-diagonal');
  await row.click({ button: 'right', position: { x: 40, y: 8 } });
  const parent = menu(page).getByRole('menuitem', { name: 'Copy as docker command' });
  const remove = menu(page).getByRole('menuitem', { name: 'Remove…' });
  const p = await boxOf(parent);

  // Rest on the item's upper part until its submenu opens (the library waits a moment on hover).
  const start = { x: p.x + 24, y: p.y + 5 };
  await page.mouse.move(p.x + 8, start.y);
  await page.mouse.move(start.x, start.y, { steps: 4 });
  await expect(submenu(page)).toBeVisible();

  // Then straight to the submenu's last command, which lies below and to the right: the way there
  // runs over "Remove…" (checked below, so the test means what it says).
  const target = submenu(page).getByRole('menuitem', { name: rmiCommand([ref]), exact: true });
  const t = await boxOf(target);
  const r = await boxOf(remove);
  const end = { x: t.x + 40, y: t.y + t.height / 2 };
  const steps = 40;
  let overRemove = 0;
  for (let i = 1; i <= steps; i++) {
    const x = start.x + ((end.x - start.x) * i) / steps;
    const y = start.y + ((end.y - start.y) * i) / steps;
    await page.mouse.move(x, y);
    if (inside(r, x, y)) overRemove++;
    // About the pace of a hand on a mouse (a pointer event per display frame).
    await page.waitForTimeout(16);
  }
  expect(overRemove, 'pointer positions over "Remove…" on the way').toBeGreaterThan(0);

  await expect(submenu(page)).toBeVisible();
  await expect(remove).not.toBeFocused();
  await expect(target).toBeFocused();
  await page.mouse.click(end.x, end.y);
  await expect(menu(page)).toHaveCount(0);
  await expect.poll(() => readClipboard(page)).toBe(rmiCommand([ref]));
});

test('type-ahead reaches an item by what is typed, and Enter chooses it', async ({ page }) => {
  const { row, ref } = await oneRow(page, 'menu-typeahead');
  await row.click({ button: 'right' });
  const items = menu(page).getByRole('menuitem');
  await expect(items.first()).toBeFocused();
  // One letter: the next item starting with it.
  await page.keyboard.press('h');
  await expect(items.filter({ hasText: 'History…' })).toBeFocused();
  // Past the library's one-second buffer, a whole prefix, its space included.
  await page.waitForTimeout(1100);
  await page.keyboard.type('copy n');
  await expect(menu(page).getByRole('menuitem', { name: 'Copy name' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu(page)).toHaveCount(0);
  await expect.poll(() => readClipboard(page)).toBe(ref);
});

test('opened at the bottom-right corner, the menu and its submenu are placed inside the window', async ({ page }) => {
  const { row } = await oneRow(page, 'menu-edge');
  const vp = page.viewportSize()!;

  // At the right end of the row, with the real pointer: the menu moves left to fit.
  const rb = await boxOf(row);
  await row.click({ button: 'right', position: { x: rb.width - 3, y: rb.height / 2 } });
  await expect(menu(page)).toBeVisible();
  expectInViewport(page, await boxOf(menu(page)));
  await page.keyboard.press('Escape');
  await expect(menu(page)).toHaveCount(0);

  // At the window's bottom-right corner (a right-click there, as the grid receives it): no room
  // below or to the right, so the menu opens above the point and to its left.
  const point = { x: vp.width - 6, y: vp.height - 6 };
  await row.evaluate((el, at) => {
    // The page's own MouseEvent (this file is typed for Node, without the DOM's names).
    const { MouseEvent } = globalThis as unknown as PageEvents;
    el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2, clientX: at.x, clientY: at.y }));
  }, point);
  await expect(menu(page)).toBeVisible();
  const m = await boxOf(menu(page));
  expectInViewport(page, m);
  expect(m.y + m.height).toBeLessThanOrEqual(point.y + 1);

  // Its submenu has no room on the right either: it opens on the left of its item.
  await page.keyboard.type('copy a');
  await page.keyboard.press('ArrowRight');
  await expect(submenu(page)).toBeVisible();
  const s = await boxOf(submenu(page));
  expectInViewport(page, s);
  const item = await boxOf(menu(page).getByRole('menuitem', { name: 'Copy as docker command' }));
  expect(s.x + s.width).toBeLessThanOrEqual(item.x + 1);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(menu(page)).toHaveCount(0);
});
