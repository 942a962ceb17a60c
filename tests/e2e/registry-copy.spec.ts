// Registry to registry on the real stack, no engine in the copy. From the registry browser: a
// two-platform tag put into the open registry (through its API) is copied to the htpasswd registry;
// logged out, the job fails with the registry's refusal and offers "Log in to <registry>"; once
// logged in, "Try again" copies it, the job says what it copied, and the auth registry has the tag
// with the same digest (the test HEADs both), the index whole. From an image row named after the
// open registry: its tag copied within that registry under another path, the layers mounted. And
// "Copy all tags…" with one of two tags unticked copies only the other.
import { expect, test } from '@playwright/test';
import { headDigest, pushSyntheticImage, pushTwoPlatformIndex, type RegistryTarget } from '../support/registry-fixtures';
import { dockerCliSync, loadStackEnv } from '../support/stack';
import { cleanupEdits, makeImage } from './edit-support';
import { dropBridgeLogin, openRegistries, REG_RUN, rowMenuItem } from './registries-support';
import { bridgeUrl, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const stack = loadStackEnv();
const OPEN: RegistryTarget = { host: stack.registry };
const AUTH: RegistryTarget = { host: stack.authRegistry, auth: { username: stack.user, password: stack.password } };
const REPO = `stevedore-copy/e2e-${REG_RUN}`;
const TAG = '1';
/** A local image named after the open registry, and where the row menu's copy puts it (same registry). */
const ROW_REPO = `stevedore-copy/e2e-${REG_RUN}-row`;
const ROW_COPY = `stevedore-copy/e2e-${REG_RUN}-row-copy`;
/** A repository of two tags, copied from the browser's "Copy all tags…" with one of them unticked. */
const MANY_REPO = `stevedore-copy/e2e-${REG_RUN}-many`;
const MANY_COPY = `stevedore-copy/e2e-${REG_RUN}-many-copy`;

test.beforeAll(() => dropBridgeLogin(AUTH.host));
test.afterAll(async () => {
  dropBridgeLogin(AUTH.host);
  for (const side of [OPEN, AUTH]) await deleteTag(side, REPO);
  for (const repository of [ROW_REPO, ROW_COPY]) await deleteTag(OPEN, repository);
  for (const repository of [MANY_REPO, MANY_COPY]) for (const tag of ['a', 'b']) await deleteTag(OPEN, repository, tag);
  cleanupEdits();
});

/** Removes the tag's manifest (an index: HEAD with every manifest type, then DELETE by digest). */
async function deleteTag(side: RegistryTarget, repository: string, tag = TAG): Promise<void> {
  const digest = await headDigest(side, repository, tag);
  if (!digest) return;
  const auth: Record<string, string> = side.auth
    ? { Authorization: `Basic ${Buffer.from(`${side.auth.username}:${side.auth.password}`).toString('base64')}` }
    : {};
  const res = await fetch(`http://${side.host}/v2/${repository}/manifests/${digest}`, { method: 'DELETE', headers: auth });
  if (res.status !== 202 && res.status !== 404) throw new Error(`delete ${side.host}/${repository}:${tag}: ${res.status}`);
}

test('copy a tag from the browser to the auth registry: refused until logged in, then there with the same digest', async ({
  page,
}, testInfo) => {
  const { index } = await pushTwoPlatformIndex(OPEN, REPO, TAG);
  expect(await headDigest(AUTH, REPO, TAG)).toBeUndefined();

  // The open registry's repository, opened by name (its catalog comes a page at a time).
  await page.goto(bridgeUrl());
  await openRegistries(page, 'Browse');
  const pick = page.getByRole('search', { name: 'Pick a registry' });
  await pick.getByRole('combobox', { name: 'Registry' }).fill(OPEN.host);
  await pick.getByRole('button', { name: 'Browse' }).click();
  const open = page.getByRole('form', { name: 'Open a repository by name' });
  await open.getByRole('textbox', { name: 'Repository' }).fill(REPO);
  await open.getByRole('button', { name: 'Open', exact: true }).click();
  const row = page
    .getByRole('table', { name: `Tags of ${REPO}` })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: TAG, exact: true }) });
  await row.getByRole('button', { name: `Copy ${OPEN.host}/${REPO}:${TAG} to a registry` }).click();

  const dialog = page.getByRole('dialog', { name: 'Copy to registry' });
  const from = dialog.getByRole('definition');
  await expect(from.filter({ hasText: REPO })).toBeVisible();
  const target = dialog.getByRole('combobox', { name: 'Target registry' });
  await expect(target).toBeFocused();
  await target.fill(AUTH.host);
  await expect(dialog.getByRole('textbox', { name: 'Target repository' })).toHaveValue(REPO);
  await expect(dialog.getByText('skopeo copy', { exact: false })).toHaveText(
    `skopeo copy --all --src-tls-verify=false --dest-tls-verify=false docker://${OPEN.host}/${REPO}:${TAG} docker://${AUTH.host}/${REPO}:${TAG}`,
  );
  await page.screenshot({ path: testInfo.outputPath('copy-dialog.png') });
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();

  // Logged out: the auth registry refuses, in its words, and the row offers the login.
  const title = `Copy ${OPEN.host}/${REPO} ${TAG} to ${AUTH.host}/${REPO}`;
  const failed = dialog.getByRole('listitem', { name: title });
  await expect(failed.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await failed.getByRole('button', { name: `Log in to ${AUTH.host}` }).click();
  const login = page.getByRole('dialog', { name: `Log in to ${AUTH.host}` });
  await login.getByRole('textbox', { name: 'User name' }).fill(stack.user);
  await login.getByLabel('Password or access token').fill(stack.password);
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(login.getByText('Login Succeeded', { exact: true })).toBeVisible();
  await login.getByText('Close', { exact: true }).click();
  await expect(login).toHaveCount(0);

  // The same copy again, now logged in: it goes through.
  await dialog.getByRole('button', { name: 'Try again' }).click();
  const job = dialog.getByRole('listitem', { name: title });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(job).toContainText(/1 tag copied, \d+ blobs? uploaded, \d+ skipped, \d+ mounted/);
  await expect(job).toContainText(`${AUTH.host}/${REPO}:${TAG} ${index.digest}`);
  await page.screenshot({ path: testInfo.outputPath('copy-done.png') });

  // The auth registry has the tag, by the same digest as the open one: the index, both platforms kept.
  expect(await headDigest(AUTH, REPO, TAG)).toBe(index.digest);
  expect(await headDigest(OPEN, REPO, TAG)).toBe(index.digest);
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toHaveCount(0);
});

test('an image row named after a registry copies its tag there under another path: the layers are mounted, not sent', async ({ page }) => {
  const image = `${OPEN.host}/${ROW_REPO}:${TAG}`;
  makeImage(image);
  const push = dockerCliSync(['push', image], { timeoutMs: 60_000 });
  expect(push.code, push.stderr).toBe(0);
  const digest = await headDigest(OPEN, ROW_REPO, TAG);
  expect(digest).toMatch(/^sha256:/);

  await rowMenuItem(page, image, 'Copy to registry…');
  const dialog = page.getByRole('dialog', { name: 'Copy to registry' });
  const fact = (term: string) => dialog.getByRole('term').filter({ hasText: term }).locator('+ dd');
  await expect(fact('Registry')).toHaveText(OPEN.host);
  await expect(fact('Repository')).toHaveText(ROW_REPO);
  await expect(fact('Tags')).toHaveText(TAG);
  await dialog.getByRole('combobox', { name: 'Target registry' }).fill(OPEN.host);
  const repository = dialog.getByRole('textbox', { name: 'Target repository' });
  await expect(repository).toHaveValue(ROW_REPO);
  // The same place is no copy: said beside the field.
  await expect(dialog.getByText('That is where the tags already are')).toBeVisible();
  await repository.fill(ROW_COPY);
  await expect(dialog.getByText('That is where the tags already are')).toHaveCount(0);
  await repository.press('Enter');

  const job = dialog.getByRole('listitem', { name: `Copy ${OPEN.host}/${ROW_REPO} ${TAG} to ${OPEN.host}/${ROW_COPY}` });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  // One registry on both sides: every layer is mounted across repositories.
  await expect(job).toContainText(/1 tag copied, \d+ blobs? uploaded, \d+ skipped, [1-9]\d* mounted/);
  expect(await headDigest(OPEN, ROW_COPY, TAG)).toBe(digest);
});

test('"Copy all tags…" lists the repository\'s tags ticked; the ones left ticked are copied, no other', async ({ page }) => {
  const a = await pushSyntheticImage(OPEN, MANY_REPO, 'a', { architecture: 'amd64', files: { 'a.txt': 'a\n' } });
  await pushSyntheticImage(OPEN, MANY_REPO, 'b', { architecture: 'amd64', files: { 'b.txt': 'b\n' } });

  await page.goto(bridgeUrl());
  await openRegistries(page, 'Browse');
  const pick = page.getByRole('search', { name: 'Pick a registry' });
  await pick.getByRole('combobox', { name: 'Registry' }).fill(OPEN.host);
  await pick.getByRole('button', { name: 'Browse' }).click();
  const open = page.getByRole('form', { name: 'Open a repository by name' });
  await open.getByRole('textbox', { name: 'Repository' }).fill(MANY_REPO);
  await open.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('table', { name: `Tags of ${MANY_REPO}` }).getByRole('rowheader')).toHaveCount(2);
  await page.getByRole('button', { name: `Copy every tag of ${MANY_REPO} to a registry` }).click();

  const dialog = page.getByRole('dialog', { name: 'Copy to registry' });
  const chooser = dialog.getByRole('group', { name: 'Tags to copy' });
  await expect(chooser.getByRole('checkbox', { name: 'a' })).toBeChecked();
  await chooser.getByRole('checkbox', { name: 'b' }).uncheck();
  await dialog.getByRole('combobox', { name: 'Target registry' }).fill(OPEN.host);
  await dialog.getByRole('textbox', { name: 'Target repository' }).fill(MANY_COPY);
  // One Copy as line, for the one tag left.
  await expect(dialog.getByText('skopeo copy', { exact: false })).toHaveText(
    `skopeo copy --all --src-tls-verify=false --dest-tls-verify=false docker://${OPEN.host}/${MANY_REPO}:a docker://${OPEN.host}/${MANY_COPY}:a`,
  );
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();

  const job = dialog.getByRole('listitem', { name: `Copy ${OPEN.host}/${MANY_REPO} a to ${OPEN.host}/${MANY_COPY}` });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(job).toContainText('1 tag copied');
  expect(await headDigest(OPEN, MANY_COPY, 'a')).toBe(a.digest);
  expect(await headDigest(OPEN, MANY_COPY, 'b')).toBeUndefined();
});
