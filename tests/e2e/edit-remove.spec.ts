// Remove from the Images view: a multi-selection, a confirmation that lists what goes, force for
// the image a container holds, the engine's records as `docker rmi` prints them, the grid updating
// by itself; and the running-container refusal explained with the container's name.
import { expect, test } from '@playwright/test';
import { openImages, requireEngineOrSkip } from './support';
import { cleanupEdits, containerName, dialogNamed, imageId, makeContainer, makeImage, repo, showOnly } from './edit-support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

test('removing three selected images with force lists the untags and deletes, and the grid follows', async ({ page }) => {
  const name = repo('rm');
  const refs = ['a', 'b', 'c'].map((t) => `${name}:${t}`);
  const ids = refs.map((r) => makeImage(r));
  // A stopped container holds :b, so the engine refuses it unless forced.
  const holder = containerName('rm-holder');
  makeContainer(holder, refs[1], false);

  const grid = await openImages(page);
  const rows = await showOnly(page, grid, name, 3);
  const rowTagged = (t: string) => rows.filter({ has: page.getByRole('gridcell', { name: t, exact: true }) });
  await rowTagged('a').click();
  await rowTagged('b').click({ modifiers: ['ControlOrMeta'] });
  await rowTagged('c').click({ modifiers: ['ControlOrMeta'] });
  await expect(grid.getByRole('row', { selected: true })).toHaveCount(3);

  await page.getByRole('button', { name: 'Remove…' }).click();
  const dialog = dialogNamed(page, 'Remove 3 images');
  await expect(dialog).toBeVisible();
  const plan = dialog.getByRole('region', { name: 'What will happen' });
  // Without force: :b is refused, and the container in the way is named.
  const planB = plan.getByRole('listitem', { name: refs[1] });
  await expect(planB.getByText('Refused')).toBeVisible();
  await expect(planB.getByText(`The stopped container ${holder} uses this image.`)).toBeVisible();
  // What goes: the name, then the image itself (its ID, shown short).
  await expect(plan.getByRole('listitem', { name: refs[0] }).getByTitle(ids[0])).toHaveText(ids[0].slice(7, 19));
  await expect(dialog.getByText('Irreversible').first()).toBeVisible();
  await expect(dialog.getByText(/A preview from the image and container lists/)).toBeVisible();
  // The equivalent command names the selection in the grid's order.
  const command = dialog.getByText(/^docker rmi /);
  expect((await command.innerText()).split(' ').slice(2).sort()).toEqual(refs);

  await dialog.getByRole('checkbox', { name: 'Force (-f)' }).check();
  await expect(command).toHaveText(/^docker rmi -f /);
  await expect(planB.getByText('Refused')).toHaveCount(0);
  await expect(plan.getByText('Deletes 3 images')).toBeVisible();

  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  const result = dialog.getByRole('region', { name: 'Result' });
  await expect(result).toBeVisible();
  for (const [i, ref] of refs.entries()) {
    const item = result.getByRole('listitem', { name: ref });
    await expect(item.getByText('Done')).toBeVisible();
    const printed = await item.locator('pre').first().innerText();
    const out = printed.split('\n');
    // As the CLI prints them: the name first, then the image and the layers it frees.
    expect(out[0]).toBe(`Untagged: ${ref}`);
    expect(out).toContain(`Deleted: ${ids[i]}`);
  }
  await expect(dialog.getByRole('status')).toHaveText('3 done, 0 failed (exit code 0).');

  // No reload, no refresh click: the engine's events re-list the grid.
  await expect(grid.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  for (const ref of refs) expect(imageId(ref)).toBeUndefined();
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toHaveCount(0);
});

test('an image a running container uses is refused by name, with the container named and what force would do', async ({ page }) => {
  const ref = `${repo('busy')}:1`;
  makeImage(ref);
  const runner = containerName('busy-runner');
  makeContainer(runner, ref, true);

  const grid = await openImages(page);
  const rows = await showOnly(page, grid, repo('busy'), 1);
  // The row menu from the keyboard, as Shift+F10 opens context menus.
  await rows.first().click();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Image actions' });
  await menu.getByRole('menuitem', { name: /Remove/ }).click();

  const dialog = dialogNamed(page, 'Remove 1 image');
  const item = dialog.getByRole('region', { name: 'What will happen' }).getByRole('listitem', { name: ref });
  await expect(item.getByText(`The running container ${runner} uses this image.`)).toBeVisible();
  await expect(item.getByText(`Force removes only this name: the image stays, untagged, because ${runner} still runs it.`)).toBeVisible();
  // Nothing would go without force: Remove waits for it and says why, rather than running a refusal.
  await expect(dialog.getByRole('button', { name: 'Remove', exact: true })).toBeDisabled();
  await expect(dialog.getByRole('status')).toHaveText('Nothing to remove: every name is refused.');
  // The image is untouched.
  expect(imageId(ref)).toBeDefined();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});
