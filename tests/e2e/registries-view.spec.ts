// The Registries view as a keyboard user and a Spanish speaker meet it: tabs move with the arrow
// keys (focus follows), Home/End jump; Docker Hub is always listed; the login dialog's secret field
// is a password field, and a registry that cannot be reached is said so plainly.
import { expect, test } from '@playwright/test';
import { openRegistries, registryRow } from './registries-support';
import { bridgeUrl, requireEngineOrSkip } from './support';

requireEngineOrSkip();

test('tabs follow the keyboard; Docker Hub is listed; an unreachable registry is said so', async ({ page }) => {
  await page.goto(bridgeUrl());
  await openRegistries(page);
  const tabs = page.getByRole('tablist', { name: 'Registries sections' });
  const list = tabs.getByRole('tab', { name: 'Registries' });
  await expect(list).toHaveAttribute('aria-selected', 'true');
  await list.focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.getByRole('tab', { name: 'Local registry' })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Local registry' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(tabs.getByRole('tab', { name: 'Browse' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(list).toBeFocused();
  await expect(registryRow(page, 'Docker Hub')).toContainText(/Not logged in|Logged in as/);

  // Nothing listens on 127.0.0.1:9 (discard): REGISTRY_UNREACHABLE, in plain words.
  await page.getByRole('button', { name: 'Log in…' }).first().click();
  const login = page.getByRole('dialog', { name: /^Log in to/ });
  await login.getByRole('textbox', { name: 'Registry' }).fill('127.0.0.1:9');
  await login.getByRole('textbox', { name: 'User name' }).fill('someone');
  await login.getByLabel('Password or access token').fill('irrelevant');
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(login.getByRole('alert')).toContainText('Cannot reach 127.0.0.1:9');
  await expect(login.getByLabel('Password or access token')).toHaveValue('');
});

test('the view speaks Spanish', async ({ page }) => {
  await page.addInitScript(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('stevedore.language', 'es'));
  await page.goto(bridgeUrl());
  await page.getByRole('navigation').getByRole('button', { name: 'Registros', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Registros', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Registro local' }).click();
  await expect(page.getByRole('textbox', { name: 'Nombre del contenedor' })).toBeVisible();
  await page.getByRole('tab', { name: 'Explorar' }).click();
  await expect(page.getByRole('search', { name: 'Elegir un registro' })).toBeVisible();
});
