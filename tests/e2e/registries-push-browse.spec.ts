// Push and browse against the open loopback registry: an image row's "Push…" names the registry the
// name implies and the job ends with its digest; the browser then lists the repository and the tag
// with that digest; deleting the tag is confirmed by tag and digest and the tag is gone. A name with
// no registry host or user is called out as Docker Hub needing user/image, and no job starts.
import { expect, test } from '@playwright/test';
import { loadStackEnv } from '../support/stack';
import { cleanupEdits, makeImage } from './edit-support';
import { nav, openRegistries, regName, rowMenuItem } from './registries-support';
import { grantClipboard, readClipboard } from './shell-support';
import { requireEngineOrSkip } from './support';

requireEngineOrSkip();

const HOST = loadStackEnv().registry;
const REPO = `${regName('push')}/app`;
const IMAGE = `${HOST}/${REPO}:1`;
const HUB_NAME = regName('hub');

test.afterAll(() => cleanupEdits());

test('push an image row to the loopback registry, browse it to its digest, delete the tag', async ({ page }) => {
  makeImage(IMAGE);
  await rowMenuItem(page, IMAGE, 'Push…');
  const push = page.getByRole('dialog', { name: 'Push image' });
  await expect(push.getByRole('textbox', { name: 'Image', exact: true })).toHaveValue(IMAGE);
  await expect(push.getByText(`docker push ${IMAGE}`)).toBeVisible();
  await grantClipboard(page);
  await push.getByRole('button', { name: 'Copy command' }).click();
  expect(await readClipboard(page)).toBe(`docker push ${IMAGE}`);
  // The registry the name implies, never "Docker Hub".
  await expect(push.getByRole('button', { name: /Docker Hub/ })).toHaveCount(0);
  await push.getByRole('button', { name: `Push to ${HOST}` }).click();

  const job = push.getByRole('listitem', { name: `Push ${IMAGE}` });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  // Every layer ends pushed (or already there, or mounted), and the count says so.
  const layersButton = job.getByRole('button', { name: /^(\d+) of \1 layers? done$/ });
  await expect(layersButton).toBeVisible();
  // A push that ends before its row first renders shows its layers folded: unfold them.
  if ((await layersButton.getAttribute('aria-expanded')) === 'false') await layersButton.click();
  await expect(job.getByRole('table', { name: 'Layers' }).getByRole('row', { name: /Pushed|Layer already exists|Mounted from/ }).first()).toBeVisible();
  const digest = (await job.getByRole('definition').filter({ hasText: /^sha256:[a-f0-9]{64}$/ }).innerText()).trim();
  await push.getByRole('button', { name: 'Show in Jobs' }).click();
  await expect(page.getByRole('list', { name: 'Finished', exact: true }).getByRole('listitem', { name: `Push ${IMAGE}` })).toBeVisible();

  // Browse the registry: the repository is in its catalog, the tag shows that digest.
  await openRegistries(page, 'Browse');
  const pick = page.getByRole('search', { name: 'Pick a registry' });
  await pick.getByRole('combobox', { name: 'Registry' }).fill(HOST);
  await pick.getByRole('button', { name: 'Browse' }).click();
  const repos = page.getByRole('navigation', { name: 'Repositories' });
  const repoButton = repos.getByRole('button', { name: REPO, exact: true });
  // The catalog comes a page at a time.
  for (let i = 0; i < 20 && !(await repoButton.isVisible()); i++) {
    const more = repos.getByRole('button', { name: 'More' });
    if (!(await more.isVisible())) break;
    await more.click();
  }
  await repoButton.click();
  const tags = page.getByRole('table', { name: `Tags of ${REPO}` });
  const tagRow = tags.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '1', exact: true }) });
  await expect(tagRow.getByRole('cell', { name: digest })).toBeVisible();

  // Delete the tag: the confirmation names the tag and the digest.
  await tagRow.getByRole('button', { name: 'Delete tag 1' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete tag 1?' });
  await expect(confirm.getByRole('definition').filter({ hasText: digest })).toBeVisible();
  await expect(confirm).toContainText(`${REPO}:1`);
  await confirm.getByRole('button', { name: 'Delete tag', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(tagRow).toHaveCount(0);
});

test('a name without registry host or user is Docker Hub needing user/image: said before pushing, no job', async ({ page }) => {
  const name = `${HUB_NAME}:1`;
  makeImage(name);
  await rowMenuItem(page, name, 'Push…');
  const push = page.getByRole('dialog', { name: 'Push image' });
  const note = push.getByRole('note', { name: 'Docker Hub requires user/image' });
  await expect(note).toBeVisible();
  await expect(push.getByRole('term').filter({ hasText: 'Registry' }).locator('+ dd')).toHaveText('Docker Hub (docker.io)');
  // No plain push is offered, only "Tag as <user>/... and push" once a user is given.
  await expect(push.getByRole('button', { name: /^Push to/ })).toHaveCount(0);
  const offer = note.getByRole('button', { name: /^Tag as .* and push$/ });
  await expect(offer).toBeDisabled();
  await note.getByRole('textbox', { name: 'Name to tag and push' }).fill(`someone/${HUB_NAME}:1`);
  await expect(note.getByRole('button', { name: `Tag as someone/${HUB_NAME}:1 and push` })).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(push).toHaveCount(0);

  // Nothing was started.
  await nav(page, 'Jobs').click();
  await expect(page.getByRole('listitem').filter({ hasText: HUB_NAME })).toHaveCount(0);
});
