// The Registries view as a keyboard user and a Spanish speaker meet it: tabs move with the arrow
// keys (focus follows), Home/End jump; Docker Hub is always listed; the login dialog's secret field
// is a password field, and a registry that cannot be reached is said so plainly. The table's
// headers line up with their columns; a registry logged out of keeps its row (to log in again)
// until forgotten; a registry the local images are named after is listed without adding it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dockerCliSync } from '../support/stack';
import { cleanupEdits, makeImage } from './edit-support';
import { columnEdges } from './registries-layout';
import { bridgeDockerConfig, dropBridgeLogin, openRegistries, REG_RUN, registryRow } from './registries-support';
import { bridgeUrl, requireEngineOrSkip } from './support';

requireEngineOrSkip();

/** Registries only this run names (`.test` is reserved: nothing is ever sent to them). */
const LOGGED_OUT = `stevedore-e2e-reg-${REG_RUN}-out.test:5000`;
const NAMED = `stevedore-e2e-reg-${REG_RUN}-img.test:5999`;

test.afterAll(() => {
  dropBridgeLogin(LOGGED_OUT);
  cleanupEdits();
});

/** A login as `docker login` leaves it in the bridge's (throwaway) config.json. */
function storeBridgeLogin(host: string, user: string): void {
  const config = bridgeDockerConfig();
  config.auths = { ...config.auths, [host]: { auth: Buffer.from(`${user}:not-a-real-secret`).toString('base64') } };
  writeFileSync(join(process.env.STEVEDORE_E2E_DOCKER_CONFIG ?? '', 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

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
  // Kept for another try once the registry is reachable (issue #16); closing the dialog drops it.
  await expect(login.getByLabel('Password or access token')).toHaveValue('irrelevant');
});

test('the view speaks Spanish', async ({ page }) => {
  await page.addInitScript(() =>
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('stevedore.language', 'es'),
  );
  await page.goto(bridgeUrl());
  await page.getByRole('navigation').getByRole('button', { name: 'Registros', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Registros', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Registro local' }).click();
  await expect(page.getByRole('textbox', { name: 'Nombre del contenedor' })).toBeVisible();
  await page.getByRole('tab', { name: 'Explorar' }).click();
  await expect(page.getByRole('search', { name: 'Elegir un registro' })).toBeVisible();
});

test('the registries table: every header starts where its column does, off the edge', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(bridgeUrl());
  await openRegistries(page);
  await expect(registryRow(page, 'Docker Hub')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('registries-1024x700.png') });
  const { table, columns } = await columnEdges(page.getByRole('table', { name: 'Registries' }));
  // Registry, Login, Credentials, Listed from; the actions header is for screen readers only.
  expect(columns).toHaveLength(5);
  const labelled = columns.slice(0, 4);
  expect(labelled[0].head.left - table).toBeGreaterThanOrEqual(8);
  for (const { head, cell } of labelled) expect(Math.abs(head.left - (cell?.left ?? Number.NaN))).toBeLessThanOrEqual(1);
});

test('a registry logged out of keeps its row, to log in again from it, until it is forgotten', async ({ page }) => {
  storeBridgeLogin(LOGGED_OUT, 'someone');
  await page.goto(bridgeUrl());
  await openRegistries(page);
  const row = registryRow(page, LOGGED_OUT);
  await expect(row).toContainText('Logged in as someone');

  await row.getByRole('button', { name: `Log out of ${LOGGED_OUT}` }).click();
  const confirm = page.getByRole('dialog', { name: `Log out of ${LOGGED_OUT}?` });
  await confirm.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  expect(bridgeDockerConfig().auths?.[LOGGED_OUT]).toBeUndefined();
  await expect(row).toContainText('Not logged in');
  await expect(row).toContainText('Added here');

  // Log in again from its row: the dialog is for that registry.
  await row.getByRole('button', { name: `Log in to ${LOGGED_OUT}` }).click();
  const login = page.getByRole('dialog', { name: `Log in to ${LOGGED_OUT}` });
  await expect(login.getByRole('textbox', { name: 'Registry' })).toHaveValue(LOGGED_OUT);
  await page.keyboard.press('Escape');
  await expect(login).toHaveCount(0);

  // Still there after a reload; gone once forgotten.
  await page.reload();
  await openRegistries(page);
  await expect(row).toContainText('Not logged in');
  await row.getByRole('button', { name: `Forget ${LOGGED_OUT}` }).click();
  await expect(row).toHaveCount(0);
});

test('a registry the local images are named after is listed, to log in or browse, while they are', async ({ page }) => {
  const image = `${NAMED}/app:1`;
  makeImage(image);
  await page.goto(bridgeUrl());
  await openRegistries(page);
  const row = registryRow(page, NAMED);
  await expect(row).toContainText('Image names');
  await expect(row).toContainText('Not logged in');
  await expect(row.getByRole('button', { name: `Log in to ${NAMED}` })).toBeVisible();
  await expect(row.getByRole('button', { name: `Browse ${NAMED}` })).toBeVisible();
  // Nothing to forget: it was not added by hand.
  await expect(row.getByRole('button', { name: `Forget ${NAMED}` })).toHaveCount(0);

  expect(dockerCliSync(['rmi', image]).code).toBe(0);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(row).toHaveCount(0);
});
