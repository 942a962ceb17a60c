// The Pull dialog, informed by the registry: typing host/repo lists the repository's tags (latest
// first, then names descending with numbers as numbers), the filter narrows them, picking a tag shows
// its platforms (an index of linux/amd64 + linux/arm64 put through the registry API), the picker
// defaults to the engine's own, picking linux/arm64 puts `--platform linux/arm64` into the command the
// dialog is equivalent to, and the pull gets the arm64 image (`docker image inspect`). Everything
// pulled is removed; the repository is `stevedore-pull/e2e` (fixed: a rerun puts the same bytes).
import { expect, test } from '@playwright/test';
import { pushIndex, pushSyntheticImage, pushTwoPlatformIndex, putManifest, type RegistryTarget } from '../support/registry-fixtures';
import { loadStackEnv } from '../support/stack';
import { docker, openImages, requireEngineOrSkip } from './support';
import { dropBridgeLogin } from './registries-support';

requireEngineOrSkip();

const stack = loadStackEnv();
const REG = stack.registry;
const AUTH = stack.authRegistry;
const PRIVATE = 'stevedore-pull/e2e-private';
const target: RegistryTarget = { host: REG };
const REPO = 'stevedore-pull/e2e';
const NAME = `${REG}/${REPO}`;
const REF = `${NAME}:1.10`;
const TAGS = ['1.9', '1.10', '1.2', 'latest', 'edge'];
const ids = new Set<string>();

test.beforeAll(async () => {
  const amd64 = await pushSyntheticImage(target, REPO, undefined, { architecture: 'amd64', format: 'oci' });
  const arm64 = await pushSyntheticImage(target, REPO, undefined, { architecture: 'arm64', format: 'oci' });
  const index = await pushIndex(target, REPO, TAGS[0], [amd64, arm64], 'oci');
  const res = await fetch(`http://${REG}/v2/${REPO}/manifests/${index.digest}`, { headers: { Accept: index.mediaType } });
  const bytes = Buffer.from(await res.arrayBuffer());
  for (const tag of TAGS.slice(1)) await putManifest(target, REPO, tag, index.mediaType, bytes);
  await docker('rmi', REF).catch(() => undefined);
  await pushTwoPlatformIndex({ host: AUTH, auth: { username: stack.user, password: stack.password } }, PRIVATE, '1');
});

test.afterAll(async () => {
  await docker('rmi', REF).catch(() => undefined);
  for (const id of ids) await docker('rmi', id).catch(() => undefined);
  dropBridgeLogin(AUTH);
});

test('type host/repo, see its tags, pick one, see its platforms, pull linux/arm64', async ({ page }) => {
  await openImages(page);
  await page.getByRole('button', { name: 'Pull image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull image' });
  const field = dialog.getByRole('textbox', { name: 'Image reference' });
  await field.fill(NAME);

  // The registry's tags, in the dialog's order.
  const tags = dialog.getByRole('list', { name: `Tags of ${NAME}` });
  await expect(tags.getByRole('button')).toHaveText(['latest', 'edge', '1.10', '1.9', '1.2'], { timeout: 30_000 });
  await expect(dialog.getByText('5 tags in the registry')).toBeVisible();
  await dialog.getByRole('searchbox', { name: 'Filter tags' }).fill('1.');
  await expect(tags.getByRole('button')).toHaveText(['1.10', '1.9', '1.2']);

  // Picking a tag puts it in the field and shows the index's platforms, the engine's own first.
  await tags.getByRole('button', { name: '1.10', exact: true }).click();
  await expect(field).toHaveValue(REF);
  await expect(tags.getByRole('button', { name: '1.10', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const picker = dialog.getByRole('combobox', { name: 'Platform (--platform)' });
  await expect(picker).toBeVisible({ timeout: 30_000 });
  const engine = (await docker('version', '--format', '{{.Server.Os}}/{{.Server.Arch}}')).trim();
  await expect(picker.getByRole('option')).toHaveText([
    `${engine} (the engine's own)`,
    ...['linux/amd64', 'linux/arm64'].filter((p) => p !== engine),
  ]);
  await expect(dialog.getByText('This tag is an index of 2 platforms.')).toBeVisible();
  const command = dialog.locator('code.command-line');
  await expect(command).toHaveText(`docker pull ${REF}`);

  await picker.selectOption('linux/arm64');
  await expect(command).toHaveText(`docker pull --platform linux/arm64 ${REF}`);

  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  const job = dialog.getByRole('listitem', { name: `Pull ${REF}`, exact: true });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  const info = JSON.parse(await docker('image', 'inspect', REF)) as { Id: string; Architecture: string }[];
  ids.add(info[0].Id);
  expect(info[0].Architecture).toBe('arm64');
});

test('a registry that cannot be reached says so in the dialog', async ({ page }) => {
  await openImages(page);
  await page.getByRole('button', { name: 'Pull image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull image' });
  // Port 9 (discard) on loopback: nothing listens there.
  await dialog.getByRole('textbox', { name: 'Image reference' }).fill('127.0.0.1:9/stevedore-pull/none');
  await expect(dialog.getByRole('alert')).toContainText('Cannot reach 127.0.0.1:9', { timeout: 30_000 });
  await expect(dialog.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('a registry that asks for credentials says so and offers the login; once logged in, its tags are listed', async ({ page }) => {
  dropBridgeLogin(AUTH);
  await openImages(page);
  await page.getByRole('button', { name: 'Pull image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull image' });
  await dialog.getByRole('textbox', { name: 'Image reference' }).fill(`${AUTH}/${PRIVATE}`);
  await expect(dialog.getByRole('alert')).toContainText(`${AUTH} asks for credentials`, { timeout: 30_000 });

  await dialog.getByRole('button', { name: `Log in to ${AUTH}` }).click();
  const login = page.getByRole('dialog', { name: `Log in to ${AUTH}` });
  await login.getByRole('textbox', { name: 'User name' }).fill(stack.user);
  await login.getByLabel('Password or access token').fill(stack.password);
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  // The login dialog closes by itself, and the Pull dialog asks the registry again.
  await expect(login).toHaveCount(0);
  await expect(dialog.getByRole('list', { name: `Tags of ${AUTH}/${PRIVATE}` }).getByRole('button')).toHaveText(['1'], { timeout: 30_000 });
  await expect(dialog.getByRole('alert')).toHaveCount(0);
});
