// The Explorer's archive and save-out halves in Chromium through the bridge, on the real engine:
// a `docker save` tar dropped on the window is explored from the load preview's "Explore…"
// without loading it (the image is not in the engine before or after), and a file saved out of an
// image downloads with the very bytes `docker cp` copies out of a container of that image.
// Both go through the bridge's explore routes (bridge/explore-routes.ts: an upload read in place,
// a save-out download by one-time ticket) as the browser's file port uses them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cleanup, cli, imageIdOf, importImage, mustCli, RUN, TEST_LABEL, trackImage } from '../support/edit-fixtures';
import { dialogNamed, showOnly } from './edit-support';
import { dropFile, openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const BASE = `stevedore-explore-ui/base-archive:${RUN}`;
const IMG = `stevedore-explore-ui/archive:${RUN}`;
const BUILDER = `stevedore-explore-ui-${RUN}-archive-build`;
const CP = `stevedore-explore-ui-${RUN}-cp`;
const dir = mkdtempSync(join(tmpdir(), 'stevedore-e2e-explore-'));
let tar = '';
let savedId = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await importImage(BASE, { busybox: true, labels: { [TEST_LABEL]: `explore-ui-${RUN}` } });
  // A file with bytes of every value, so a text/binary or encoding slip shows in the comparison.
  const script = 'mkdir -p /opt/data && i=0; while [ $i -lt 256 ]; do printf "\\\\$(printf %o $i)"; i=$((i+1)); done > /opt/data/bytes.bin';
  await mustCli(['run', '--network', 'none', '--name', BUILDER, BASE, 'sh', '-c', script]);
  trackImage(await mustCli(['commit', BUILDER, IMG]));
  await cli(['rm', '-f', BUILDER]);
  // The archive of a copy that is then removed: exploring it must not bring it back.
  const archived = `stevedore-explore-ui/only-archive:${RUN}`;
  await mustCli(['tag', IMG, archived]);
  tar = join(dir, 'only-archive.tar');
  await mustCli(['save', '-o', tar, archived]);
  await mustCli(['rmi', archived]);
  savedId = (await imageIdOf(IMG))!;
});

test.afterAll(async () => {
  await cli(['rm', '-f', BUILDER, CP]);
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('a dropped tar is explored from the load preview without loading it', async ({ page }) => {
  const archived = `stevedore-explore-ui/only-archive:${RUN}`;
  await openImages(page);
  await dropFile(page, tar);
  const dialog = dialogNamed(page, 'Load image archives');
  await dialog.getByRole('button', { name: `Explore ${basename(tar)} without loading it` }).click();
  const layers = page.getByRole('listbox', { name: 'Layers' });
  await expect(layers.getByRole('option')).toHaveCount(3);
  await expect(page.getByText(/an archive \(docker save layout, compression: none\), not loaded/)).toBeVisible();
  await layers.getByRole('option', { name: /^Layer 2/ }).click();
  await expect(page.getByRole('tree', { name: 'Files of Layer 2' }).getByRole('treeitem', { name: /opt\// })).toContainText('added');
  // Nothing was loaded: the archive's tag names no image in the engine.
  expect(await imageIdOf(archived)).toBeUndefined();
});

test('a file saved out downloads the bytes docker cp copies out of a container', async ({ page }) => {
  const grid = await openImages(page);
  const rows = await showOnly(page, grid, IMG.split(':')[0]!, 1);
  await rows.first().click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Explore layers and files' }).click();
  await page.getByRole('searchbox', { name: 'Pattern (glob)' }).fill('bytes.bin');
  await page.getByRole('searchbox', { name: 'Pattern (glob)' }).press('Enter');
  await page.getByRole('list', { name: 'Matches' }).getByRole('button').click();
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save file…' }).click();
  const got = join(dir, 'downloaded.bin');
  await (await downloaded).saveAs(got);

  await mustCli(['create', '--network', 'none', '--name', CP, savedId, 'true']);
  await mustCli(['cp', `${CP}:/opt/data/bytes.bin`, join(dir, 'cp.bin')]);
  const expected = readFileSync(join(dir, 'cp.bin'));
  expect(expected.length).toBe(256);
  expect(readFileSync(got).equals(expected)).toBe(true);
});

test('a file that is not an archive is refused by name in the explorer, and nothing is opened', async ({ page }) => {
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'just some words, not a tar\n'.repeat(40));
  await openImages(page);
  await dropFile(page, notes);
  await dialogNamed(page, 'Load image archives').getByRole('button', { name: 'Explore notes.txt without loading it' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not explore notes.txt' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('notes.txt');
  await expect(page.getByRole('listbox', { name: 'Layers' })).toHaveCount(0);
});
