// Shared steps of the desktop-shell browser tests: the page's clipboard, read and written the way
// the page itself does it (navigator.clipboard), with the permission a person would grant.
import type { Page } from '@playwright/test';

interface PageClipboard {
  navigator: { clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } };
}

export async function grantClipboard(page: Page): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
}

export const readClipboard = (page: Page): Promise<string> =>
  page.evaluate(() => (globalThis as unknown as PageClipboard).navigator.clipboard.readText());

export const writeClipboard = (page: Page, text: string): Promise<void> =>
  page.evaluate((t) => (globalThis as unknown as PageClipboard).navigator.clipboard.writeText(t), text);
