// Prune from the UI, only ever with a label filter that matches this run's own images (the engine
// is shared): the preview lists exactly the images that then go, keeps the one a container holds
// with the engine's reason, and the result is the CLI's text with the space the engine reclaimed.
import { expect, test } from '@playwright/test';
import { openImages, requireEngineOrSkip } from './support';
import { cleanupEdits, cli, containerName, dialogNamed, imageId, LABEL, makeContainer, makeImage, repo } from './edit-support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

test('the prune preview lists exactly what then goes, and the result says what the engine reclaimed', async ({ page }) => {
  const gone = [makeImage(), makeImage()];
  const held = makeImage();
  makeContainer(containerName('prune-holder'), held, false);
  const tagged = `${repo('prune')}:kept`;
  const taggedId = makeImage(tagged);

  await openImages(page);
  await page.getByRole('button', { name: 'Prune…' }).click();
  const dialog = dialogNamed(page, 'Prune images');
  const confirm = dialog.getByRole('button', { name: 'Prune', exact: true });
  await expect(dialog.getByText('WARNING! This will remove all dangling images.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Filters (--filter), one per line' }).fill(`label=${LABEL}`);
  // Never prune the shared engine unfiltered: the command shown (and run) carries our label.
  await expect(dialog.getByText(`docker image prune --filter label=${LABEL} -f`)).toBeVisible();

  const preview = dialog.getByRole('region', { name: 'Preview' });
  const table = preview.getByRole('table', { name: 'Images that will be deleted' });
  const idsIn = async () =>
    (await table.getByRole('row').evaluateAll((rows) => rows.map((r) => r.querySelector('td[title]')?.getAttribute('title')))).filter(
      (x): x is string => !!x,
    );

  // With -a the tagged image would go too.
  await dialog.getByRole('radio', { name: 'All images without a container (-a)' }).check();
  await expect(dialog.getByText('WARNING! This will remove all images without at least one container associated to them.')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(4);
  expect((await idsIn()).sort()).toEqual([...gone, taggedId].sort());

  await dialog.getByRole('radio', { name: 'Dangling images only' }).check();
  await expect(dialog.getByText(`docker image prune --filter label=${LABEL} -f`)).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(confirm).toBeEnabled();
  const previewed = (await idsIn()).sort();
  expect(previewed).toEqual([...gone].sort());
  await expect(preview.getByText('2 images will be deleted')).toBeVisible();
  await expect(preview.getByText(/^Space to reclaim: /)).toBeVisible();
  // The image a stopped container holds is kept, with the engine's reason.
  const kept = preview.getByRole('list', { name: 'Kept images' });
  await expect(kept.getByRole('listitem')).toHaveCount(1);
  await expect(kept).toContainText(held.slice(7, 19));
  await expect(kept).toContainText('image is being used by stopped container');

  const imagesBefore = new Set(cli('images', '-a', '-q', '--no-trunc').split('\n'));
  await confirm.click();
  const result = dialog.getByRole('region', { name: 'Result' });
  const text = await result.locator('pre').innerText();
  expect(text).toMatch(/^Deleted Images:\n/);
  expect(text).toMatch(/Total reclaimed space: \S+\n?$/);
  const deletedImages = text
    .split('\n')
    .filter((l) => l.startsWith('deleted: '))
    .map((l) => l.slice('deleted: '.length))
    .filter((id) => imagesBefore.has(id));
  expect(deletedImages.sort()).toEqual(previewed);
  await expect(dialog.getByRole('status')).toHaveText(/^Reclaimed \S+\.$/);
  await expect(result.getByText('The engine removed a different set')).toHaveCount(0);

  for (const id of gone) expect(imageId(id)).toBeUndefined();
  expect(imageId(held)).toBe(held);
  expect(imageId(tagged)).toBe(taggedId);
});
