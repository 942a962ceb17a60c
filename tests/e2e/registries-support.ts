// Shared steps of the registries end-to-end tests: names unique to this run (`stevedore-e2e-reg-<run>`),
// the Registries view's tabs, an image row's Push menu, and the bridge's private docker config.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { showOnly } from './edit-support';
import { openImages } from './support';

export const REG_RUN = randomBytes(4).toString('hex');
export const regName = (what: string) => `stevedore-e2e-reg-${REG_RUN}-${what}`;

export const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });

export async function openRegistries(page: Page, tab: 'Registries' | 'Local registry' | 'Browse' = 'Registries'): Promise<void> {
  await nav(page, 'Registries').click();
  await expect(page.getByRole('heading', { name: 'Registries', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: tab }).click();
}

/** Opens the Images view narrowed to one image name and picks `item` from its row's menu. */
export async function rowMenuItem(page: Page, reference: string, item: string): Promise<void> {
  // Once the app is open, a goto to the same URL (only its #token) would not reload it: navigate.
  let grid = page.getByRole('grid', { name: 'Images' });
  if (page.url().startsWith('http')) await nav(page, 'Images').click();
  else grid = await openImages(page);
  const [repository] = reference.split(/:(?=[^:/]+$)/);
  const rows = await showOnly(page, grid, repository, 1);
  await rows.first().click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: item, exact: true }).click();
}

export const registryRow = (page: Page, host: string): Locator =>
  page
    .getByRole('table', { name: 'Registries' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: host }) });

const bridgeConfigPath = (): string => {
  const dir = process.env.STEVEDORE_E2E_DOCKER_CONFIG;
  if (!dir) throw new Error('STEVEDORE_E2E_DOCKER_CONFIG is not set: run through playwright.config.ts (global setup)');
  return join(dir, 'config.json');
};

/** The config.json the bridge's core writes (a throwaway DOCKER_CONFIG, never ~/.docker). */
export function bridgeDockerConfig(): { auths?: Record<string, { auth?: string }> } {
  return JSON.parse(readFileSync(bridgeConfigPath(), 'utf8'));
}

/** Drops a login a failed test left in the bridge's config, so later files start logged out. */
export function dropBridgeLogin(host: string): void {
  const config = bridgeDockerConfig();
  if (!config.auths?.[host]) return;
  delete config.auths[host];
  writeFileSync(bridgeConfigPath(), `${JSON.stringify(config, null, 2)}\n`);
}
