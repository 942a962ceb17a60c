// Commit a running container from the UI: picked from the container list, with a repository, tag,
// message and changes; the job is followed to the new ID, the image appears in the grid, and the
// engine keeps the message as the history comment. A bad change is refused on its own field.
import { expect, test } from '@playwright/test';
import { dockerCliSync } from '../support/stack';
import { openImages, requireEngineOrSkip } from './support';
import { BASE, cleanupEdits, cli, dialogNamed, imageId, makeContainer, repo, RUN, showOnly, trackImage } from './edit-support';

requireEngineOrSkip();

const CONTAINER = 'stevedore-e2e-commit';

test.beforeAll(() => {
  makeContainer(CONTAINER, BASE, true);
});
test.afterAll(() => cleanupEdits());

test('committing a running busybox container makes an image with the message as its history comment', async ({ page }) => {
  const name = repo('commit');
  const message = `committed from the e2e run ${RUN}`;
  const grid = await openImages(page);
  await page.getByRole('button', { name: 'Commit…' }).click();
  const dialog = dialogNamed(page, 'Commit a container');
  const picker = dialog.getByRole('radiogroup', { name: 'Container' });
  await picker.getByRole('radio', { name: CONTAINER }).check();
  await expect(picker.getByRole('row').filter({ hasText: CONTAINER })).toContainText(BASE);
  await expect(picker.getByRole('row').filter({ hasText: CONTAINER })).toContainText(/Up /);

  await dialog.getByRole('textbox', { name: 'Repository' }).fill(name);
  await dialog.getByRole('textbox', { name: 'Tag' }).fill('1');
  await dialog.getByRole('textbox', { name: 'Author' }).fill('Stevedore e2e <e2e@example.invalid>');
  await dialog.getByRole('textbox', { name: 'Message' }).fill(message);
  const changes = dialog.getByRole('textbox', { name: 'Changes (Dockerfile instructions, one per line)' });
  await expect(dialog.getByRole('checkbox', { name: 'Pause the container while committing' })).toBeChecked();

  // A change the engine does not apply on commit is refused before anything runs, on its field.
  await changes.fill('RUN echo nope');
  await dialog.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(changes).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('run is not a valid change command')).toBeVisible();

  await changes.fill(`ENV E2E_RUN=${RUN}\nLABEL org.stevedore.test=e2e-edit-${RUN}`);
  await expect(changes).not.toHaveAttribute('aria-invalid', 'true');
  await expect(
    dialog.getByText(new RegExp(`^docker commit --author .* --message .* --change 'ENV E2E_RUN=${RUN}' .* ${CONTAINER} ${name}:1$`)),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Commit', exact: true }).click();

  const result = dialog.getByRole('region', { name: 'New image' });
  await expect(result).toBeVisible({ timeout: 60_000 });
  const printed = (await result.locator('pre').innerText()).trim();
  expect(printed).toMatch(/^sha256:[0-9a-f]{64}$/);
  trackImage(printed);
  expect(imageId(`${name}:1`)).toBe(printed);
  await expect(result.getByText(`${name}:1`)).toBeVisible();

  // The grid lists it by itself.
  const rows = await showOnly(page, grid, name, 1);
  await expect(rows.getByRole('gridcell', { name: printed.slice(7, 19) })).toBeVisible();

  // The engine agrees: the message is the top layer's comment.
  const comments = cli('history', '--format', '{{.Comment}}', `${name}:1`).split('\n');
  expect(comments[0]).toBe(message);
  expect(cli('inspect', '--format', '{{.Author}}', `${name}:1`)).toBe('Stevedore e2e <e2e@example.invalid>');
  expect(cli('inspect', '--format', '{{json .Config.Env}}', `${name}:1`)).toContain(`E2E_RUN=${RUN}`);

  // The job is in the Jobs view, done.
  await dialog.getByRole('button', { name: 'Show in Jobs' }).click();
  const job = page.getByRole('list', { name: 'Jobs' }).getByRole('listitem', { name: `Commit ${CONTAINER} as ${name}:1` });
  await expect(job.getByText('Done')).toBeVisible();
  expect(dockerCliSync(['inspect', '--format', '{{.State.Running}}', CONTAINER]).stdout.trim()).toBe('true');

  // And the window's History of the new image shows the message as the top layer's comment.
  await page.getByRole('navigation').getByRole('button', { name: 'Images', exact: true }).click();
  const newRow = (await showOnly(page, grid, name, 1)).first();
  await newRow.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'History…' }).click();
  const details = page.getByRole('dialog', { name: `Details of ${name}:1` });
  const history = details.getByRole('table', { name: `History of ${name}:1` });
  await expect(history.locator('tbody tr').first().locator('td').last()).toHaveText(message);
});
