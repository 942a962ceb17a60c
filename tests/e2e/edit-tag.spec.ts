// Tag from a row: the new name is checked as it is typed (the faulty part explained, the CLI's own
// message beside it), a tag that would move from another image is called out, and the new row
// appears by itself. Also in Spanish.
import { expect, test } from '@playwright/test';
import { bridgeUrl, openImages, requireEngineOrSkip } from './support';
import { BASE, cleanupEdits, dialogNamed, imageId, repo, showOnly, tag, trackTag } from './edit-support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

test('tagging a row checks the name as it is typed and adds a row for the new tag', async ({ page }) => {
  const name = repo('tag');
  const source = `${name}:src`;
  tag(BASE, source);
  // Another image already carries :other, so tagging it would move it.
  tag('stevedore-fixture/tiny:1', `${name}:other`);
  const sourceId = imageId(source)!;

  const grid = await openImages(page);
  const rows = await showOnly(page, grid, name, 2);
  await rows.filter({ has: page.getByRole('gridcell', { name: 'src', exact: true }) }).click();
  await page.getByRole('button', { name: 'Tag…' }).click();

  const dialog = dialogNamed(page, 'Tag image');
  const field = dialog.getByRole('textbox', { name: 'New tag' });
  await expect(field).toBeFocused();
  const confirm = dialog.getByRole('button', { name: 'Tag', exact: true });

  await field.fill(`${name}:Bad`.replace('stevedore-fixture', 'Stevedore-Fixture'));
  await expect(dialog.getByText(/^Repository names must be lowercase/)).toBeVisible();
  await expect(dialog.getByText(/invalid reference format: repository name must be lowercase/)).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(confirm).toBeDisabled();

  await field.fill(`${name}:-nope`);
  await expect(dialog.getByText('The tag "-nope" is not valid: letters, digits, _, . and -, not starting with . or -.')).toBeVisible();
  await expect(confirm).toBeDisabled();

  await field.fill(`${name}:other`);
  await expect(dialog.getByRole('note')).toContainText(`${name}:other names another image now`);
  await expect(confirm).toBeEnabled();

  await field.fill(`${name}:new`);
  await expect(dialog.getByText('Will add')).toBeVisible();
  await expect(dialog.getByRole('note')).toHaveCount(0);
  await expect(dialog.getByText(`docker tag ${source} ${name}:new`)).toBeVisible();
  await confirm.click();
  await expect(dialog).toHaveCount(0);
  trackTag(`${name}:new`);

  // The new row, for the same image; the source keeps its name (tagging adds, never renames).
  await expect(rows).toHaveCount(3);
  const added = rows.filter({ has: page.getByRole('gridcell', { name: 'new', exact: true }) });
  await expect(added.getByRole('gridcell', { name: sourceId.slice(7, 19) })).toBeVisible();
  expect(imageId(`${name}:new`)).toBe(sourceId);
  expect(imageId(source)).toBe(sourceId);
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Tagged ${source} as ${name}:new.`);
});

test('the tag dialog speaks Spanish, with the CLI message kept as the CLI prints it', async ({ page }) => {
  // The language setting as the Settings menu stores it, in place before the app starts.
  await page.addInitScript(() =>
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('stevedore.language', 'es'),
  );
  const name = repo('etiqueta');
  tag(BASE, `${name}:1`);
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: 'Imágenes' });
  await page.getByRole('searchbox', { name: 'Filtrar filas' }).fill(name);
  const row = grid.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Acciones de la imagen' }).getByRole('menuitem', { name: 'Etiquetar…' }).click();
  const dialog = dialogNamed(page, 'Etiquetar imagen');
  await dialog.getByRole('textbox', { name: 'Nueva etiqueta' }).fill('Mayusculas/x');
  await expect(dialog.getByText(/^Los nombres de repositorio van en minúsculas/)).toBeVisible();
  await expect(dialog.getByText(/repository name must be lowercase/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Etiquetar', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(dialog).toHaveCount(0);
});
