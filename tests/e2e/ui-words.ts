// The UI's own words for browser tests that run in more than one language: the strings of
// renderer/src/i18n/<lang>/*.json (merged as the app merges them), so a test follows the
// translations instead of copying them; and opening the app in a language.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { bridgeUrl } from './support';

export type Lang = 'en' | 'es';
/** A string by its key, `{{name}}` filled from `vars` (no plurals: pick the `_one`/`_other` key). */
export type Words = (key: string, vars?: Record<string, string>) => string;

export function uiWords(lang: Lang): Words {
  const dir = resolve(import.meta.dirname, '../../renderer/src/i18n', lang);
  const all: Record<string, unknown> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
    Object.assign(all, JSON.parse(readFileSync(join(dir, file), 'utf8')));
  return (key, vars = {}) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], all);
    if (typeof value !== 'string') throw new Error(`no string ${key} in ${lang}`);
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '');
  };
}

/** Opens Stevedore in `lang` (the language Settings would keep) and waits for the first list. */
export async function openImagesIn(page: Page, lang: Lang, t: Words): Promise<Locator> {
  await page.addInitScript(
    (l) =>
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('stevedore.language', l),
    lang,
  );
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: t('images.grid') });
  await expect(grid).toBeVisible();
  await expect(page.getByText(t('images.loading'))).toHaveCount(0);
  return grid;
}

/** A button of the navigation column (its name may go on with a count of active jobs). */
export const navButton = (page: Page, t: Words, view: 'images' | 'search' | 'jobs' | 'registries'): Locator =>
  page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${t(`nav.${view}`)}`) });
