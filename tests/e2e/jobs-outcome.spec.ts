// What a finished job tells people, against the real engine and registries: a pull the htpasswd
// registry refuses offers "Log in to <host>", the login says "Login Succeeded" and retries the pull
// in one click; the Pull dialog stops saying "goes on in the background" once the job ended; a load's
// job card shows the lines `docker load` prints and its toast names what was loaded; a commit's card
// shows the new image ID and name; toasts stay above an open dialog. Everything made is removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { dockerCliSync, loadStackEnv } from '../support/stack';
import { BASE, cleanupEdits, cli, dialogNamed, imageId, makeContainer, makeImage, repo, RUN, showOnly, trackImage } from './edit-support';
import { dropBridgeLogin } from './registries-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const stack = loadStackEnv();
const HOST = stack.authRegistry;
const PRIVATE = `${HOST}/stevedore-e2e-jobsux-${RUN}/private:1`;
const CONTAINER = `stevedore-e2e-jobsux-${RUN}`;
const cliConfig = mkdtempSync(join(tmpdir(), 'stevedore-e2e-jobsux-'));

/**
 * The colour of a 1×1 PNG screenshot. With one pixel every PNG row filter predicts 0, so the
 * inflated row is its filter byte followed by the pixel's own bytes.
 */
function pixel(png: Buffer): number[] {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return [...inflateSync(Buffer.concat(idat)).subarray(1, 4)];
}

test.beforeAll(() => {
  // An image only the htpasswd registry has: pushed with a login kept in a throwaway CLI config.
  const login = dockerCliSync(['--config', cliConfig, 'login', HOST, '-u', stack.user, '--password-stdin'], { input: stack.password });
  if (login.code !== 0) throw new Error(`docker login ${HOST}: ${login.stderr}`);
  makeImage(PRIVATE);
  const pushed = dockerCliSync(['--config', cliConfig, 'push', PRIVATE], { timeoutMs: 120_000 });
  if (pushed.code !== 0) throw new Error(`docker push ${PRIVATE}: ${pushed.stderr}`);
  cleanupEdits();
  expect(imageId(PRIVATE)).toBeUndefined();
});

test.afterAll(() => {
  dockerCliSync(['rmi', PRIVATE]);
  dropBridgeLogin(HOST);
  cleanupEdits();
  rmSync(cliConfig, { recursive: true, force: true });
});

test('a pull refused for want of credentials offers the login, which says "Login Succeeded" and retries it', async ({ page }) => {
  await openImages(page);
  await page.getByRole('button', { name: 'Pull image…' }).click();
  const pull = dialogNamed(page, 'Pull image');
  await pull.getByRole('textbox', { name: 'Image reference' }).fill(PRIVATE);
  await pull.getByRole('button', { name: 'Pull', exact: true }).click();
  const failed = pull.getByRole('listitem', { name: `Pull ${PRIVATE}` });
  await expect(failed.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(failed.getByRole('note')).toContainText('no basic auth credentials');
  // It no longer goes on in the background: the footer does not say so.
  await expect(pull.getByText('The pull goes on in the background if you close this.')).toHaveCount(0);

  await failed.getByRole('button', { name: `Log in to ${HOST}` }).click();
  const login = dialogNamed(page, `Log in to ${HOST}`);
  await login.getByRole('textbox', { name: 'User name' }).fill(stack.user);
  await login.getByLabel('Password or access token').fill(stack.password);
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(login.getByText('Login Succeeded', { exact: true })).toBeVisible();

  await login.getByRole('button', { name: `Retry pull of ${PRIVATE}` }).click();
  const again = login.getByRole('listitem', { name: `Pull ${PRIVATE}` });
  await expect(again.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(imageId(PRIVATE)).toMatch(/^sha256:/);
  // The Pull dialog below followed the retry too.
  await login.getByText('Close', { exact: true }).click();
  await expect(login).toHaveCount(0);
  await expect(pull.getByRole('listitem', { name: `Pull ${PRIVATE}` }).getByText('Done', { exact: true })).toBeVisible();
  await expect(pull.getByText('The pull goes on in the background if you close this.')).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(stack.password);
});

test("a load's card shows what docker load prints and its toast names the images; a commit's card shows the new ID", async ({ page }) => {
  const name = repo('jobsux-load');
  const ref = `${name}:1`;
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-e2e-jobsux-load-'));
  try {
    makeImage(ref);
    const tar = join(dir, `loadme-${RUN}.tar`);
    cli('save', '-o', tar, ref);
    cli('rmi', ref);

    await openImages(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Load…' }).click();
    await (await chooser).setFiles(tar);
    const load = dialogNamed(page, 'Load image archives');
    await expect(load.getByText('Ready')).toBeVisible();
    await load.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(load).toHaveCount(0);

    const toasts = page.getByRole('region', { name: 'Notifications' });
    await expect(toasts.getByText(`Loaded ${ref}.`, { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(toasts.getByText(/Progress is in Jobs/)).toHaveCount(0);
    trackImage(imageId(ref)!);

    // A dialog opened now neither covers the toast nor dims it with its backdrop: the toast's
    // own background is drawn the same with the dialog open as without.
    const toast = toasts.getByRole('listitem').filter({ hasText: `Loaded ${ref}.` });
    const box = (await toast.boundingBox())!;
    const spot = { x: Math.round(box.x + 4), y: Math.round(box.y + 4), width: 1, height: 1 };
    const before = pixel(await page.screenshot({ clip: spot }));
    await page.getByRole('button', { name: 'Pull image…' }).click();
    const pull = dialogNamed(page, 'Pull image');
    await expect(pull).toBeVisible();
    await expect(toast).toBeVisible();
    expect(pixel(await page.screenshot({ clip: spot }))).toEqual(before);
    await pull.getByRole('button', { name: 'Cancel' }).click();
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await expect(toast).toHaveCount(0);

    await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
    const job = page.getByRole('listitem', { name: `Load loadme-${RUN}.tar`, exact: true });
    await expect(job.getByRole('list', { name: 'Loaded images' }).getByRole('listitem')).toHaveText([`Loaded image: ${ref}`]);
    await expect(job.getByRole('list', { name: 'Loaded images' })).toBeVisible();

    // Commit: the card shows the new image's ID (12 characters) and its name.
    makeContainer(CONTAINER, BASE, false);
    const committed = repo('jobsux-commit');
    await page.getByRole('navigation').getByRole('button', { name: 'Images', exact: true }).click();
    await page.getByRole('button', { name: 'Commit…' }).click();
    const commit = dialogNamed(page, 'Commit a container');
    await commit.getByRole('radiogroup', { name: 'Container' }).getByRole('radio', { name: CONTAINER }).check();
    await commit.getByRole('textbox', { name: 'Repository' }).fill(committed);
    await commit.getByRole('textbox', { name: 'Tag' }).fill('1');
    await commit.getByRole('button', { name: 'Commit', exact: true }).click();
    await expect(commit.getByRole('region', { name: 'New image' })).toBeVisible({ timeout: 60_000 });
    const id = imageId(`${committed}:1`)!;
    trackImage(id);
    await commit.getByRole('button', { name: 'Show in Jobs' }).click();
    const card = page.getByRole('list', { name: 'Jobs' }).getByRole('listitem', { name: `Commit ${CONTAINER} as ${committed}:1` });
    await expect(card.getByRole('definition').filter({ hasText: id.slice(7, 19) })).toHaveText(id.slice(7, 19));
    await expect(card.getByRole('definition').filter({ hasText: `${committed}:1` })).toBeVisible();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the download toast of a save ends with its job: "Downloaded …" replaces "Downloading …"', async ({ page }) => {
  const name = repo('jobsux-save');
  const ref = `${name}:1`;
  makeImage(ref);
  const grid = await openImages(page);
  const rows = await showOnly(page, grid, name, 1);
  await rows.first().click();
  await page.getByRole('main').getByRole('button', { name: 'Save…', exact: true }).click();
  const download = page.waitForEvent('download');
  await dialogNamed(page, `Save ${ref}`).getByRole('button', { name: 'Download' }).click();
  const toasts = page.getByRole('region', { name: 'Notifications' });
  // (A small archive is done at once: "Downloading …" may be gone before anyone looks.)
  expect(await (await download).failure()).toBeNull();
  await expect(toasts.getByText(`Downloaded the archive of ${ref}.`, { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(toasts.getByText(/^Downloading the archive of /)).toHaveCount(0);
});
