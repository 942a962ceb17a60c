// Log in, the way a person meets it: a push to the htpasswd registry while logged out fails with
// "Log in to 127.0.0.1:5002"; that opens the login, where a wrong password shows the registry's own
// refusal (the password stays, selected, for another try), the right one says "Login Succeeded" and retries the push in
// one click, and the list shows the user name only.
// Then log out (confirmed) and forget the registry. The bridge's core writes a throwaway config.json.
import { expect, test } from '@playwright/test';
import { loadStackEnv } from '../support/stack';
import { cleanupEdits, makeImage } from './edit-support';
import { bridgeDockerConfig, dropBridgeLogin, openRegistries, regName, registryRow, rowMenuItem } from './registries-support';
import { grantClipboard, readClipboard } from './shell-support';
import { bridgeUrl, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const stack = loadStackEnv();
const HOST = stack.authRegistry;
const IMAGE = `${HOST}/${regName('private')}:1`;

test.afterAll(() => {
  dropBridgeLogin(HOST);
  cleanupEdits();
});

test('a refused push offers "Log in to <registry>"; a wrong password shows the registry words, the right one logs in', async ({ page }) => {
  makeImage(IMAGE);
  expect(bridgeDockerConfig().auths?.[HOST]).toBeUndefined();

  // The registry is added by hand first, so it stays listed when logged out.
  await page.goto(bridgeUrl());
  await openRegistries(page);
  const add = page.getByRole('form', { name: 'Add a registry' });
  await add.getByRole('textbox', { name: 'Registry address' }).fill(HOST);
  await add.getByRole('button', { name: 'Add registry' }).click();
  const row = registryRow(page, HOST);
  await expect(row).toContainText('Not logged in');
  await expect(row).toContainText('Added here');
  await expect(registryRow(page, 'Docker Hub')).toBeVisible();

  // Push while logged out: the job fails for want of credentials and offers the login.
  await rowMenuItem(page, IMAGE, 'Push…');
  const push = page.getByRole('dialog', { name: 'Push image' });
  await expect(push.getByRole('term').filter({ hasText: 'Registry' }).locator('+ dd')).toHaveText(HOST);
  await push.getByRole('button', { name: `Push to ${HOST}` }).click();
  const job = push.getByRole('listitem', { name: `Push ${IMAGE}` });
  await expect(job.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await job.getByRole('button', { name: `Log in to ${HOST}` }).click();

  const login = page.getByRole('dialog', { name: `Log in to ${HOST}` });
  await expect(login.getByRole('textbox', { name: 'Registry' })).toHaveValue(HOST);
  const password = login.getByLabel('Password or access token');
  await expect(password).toHaveAttribute('type', 'password');
  await login.getByRole('textbox', { name: 'User name' }).fill(stack.user);
  await password.fill('not-the-password');
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  const refusal = login.getByRole('alert');
  await expect(refusal).toContainText(`${HOST} refused the login:`);
  // The registry's own words (distribution answers 401 Unauthorized).
  await expect(refusal).toContainText(/401|[Uu]nauthorized/);
  // Nothing was stored; the typed secret stays in the field, selected, so a new one replaces it.
  await expect(password).toHaveValue('not-the-password');
  await expect(password).toBeFocused();
  expect(bridgeDockerConfig().auths?.[HOST]).toBeUndefined();

  await password.fill(stack.password);
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  // The CLI's words, then the push that failed, offered again in one click: it goes through now.
  await expect(login.getByText('Login Succeeded', { exact: true })).toBeVisible();
  await login.getByRole('button', { name: `Retry push of ${IMAGE}` }).click();
  const retried = login.getByRole('listitem', { name: `Push ${IMAGE}` });
  await expect(retried.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(retried.getByRole('term').filter({ hasText: 'Digest' }).locator('+ dd')).toHaveText(/^sha256:[0-9a-f]{64}$/);
  await login.getByText('Close', { exact: true }).click();
  await expect(login).toHaveCount(0);
  await openRegistries(page);
  await expect(row).toContainText(`Logged in as ${stack.user}`);
  await expect(row).toContainText('config.json');
  expect(bridgeDockerConfig().auths?.[HOST]?.auth).toBeTruthy();
  // The page never holds the secret (nor its base64 form).
  const html = await page.content();
  expect(html).not.toContain(stack.password);
  expect(html).not.toContain(Buffer.from(`${stack.user}:${stack.password}`).toString('base64'));

  // Log out, confirmed; then forget the registry.
  await row.getByRole('button', { name: `Log out of ${HOST}` }).click();
  const confirm = page.getByRole('dialog', { name: `Log out of ${HOST}?` });
  await expect(confirm.getByText(`docker logout ${HOST}`)).toBeVisible();
  await grantClipboard(page);
  await confirm.getByRole('button', { name: 'Copy command' }).click();
  expect(await readClipboard(page)).toBe(`docker logout ${HOST}`);
  await confirm.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row).toContainText('Not logged in');
  expect(bridgeDockerConfig().auths?.[HOST]).toBeUndefined();
  await row.getByRole('button', { name: `Forget ${HOST}` }).click();
  // Forgotten by Stevedore; the host stays listed only because a local image names it.
  await expect(row).not.toContainText('Added here');
  await expect(row.getByRole('button', { name: `Forget ${HOST}` })).toHaveCount(0);
});
