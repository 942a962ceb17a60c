// Dialogs read as the walk-through expected: in Spanish, relative times, container statuses,
// History headers, the prune warning and the filters are Spanish (the CLI's English stays in the
// commands); containers show their image as `docker ps -a` does; names, IDs, statuses and times
// never break mid-word; and Remove cannot be confirmed when every name is refused.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bridgeUrl, openImages, requireEngineOrSkip, toolbarAction } from './support';
import { cleanupEdits, containerName, dialogNamed, LABEL, makeContainer, makeImage, repo, showOnly } from './edit-support';

requireEngineOrSkip();

test.afterAll(() => cleanupEdits());

const inSpanish = (page: Page) =>
  page.addInitScript(() =>
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('stevedore.language', 'es'),
  );

/** How many lines an element's content is laid out on (distinct tops of its boxes). */
const lineCount = (cell: Locator) =>
  // Runs in the page; the test project has no DOM types.
  cell.evaluate((el: any) => {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    // Boxes on one line overlap vertically (a dot and its text differ in height, not in line).
    const rects = [...range.getClientRects()]
      .filter((r: { width: number }) => r.width > 0)
      .sort((a: { top: number }, b: { top: number }) => a.top - b.top);
    let lines = 0;
    let bottom = -Infinity;
    for (const r of rects) {
      if (r.top >= bottom - 1) lines++;
      bottom = Math.max(bottom, r.bottom);
    }
    return lines;
  });

const SPANISH_AGO = /^(ahora|hace \d+ segundos?|hace 1 minuto)$/;

test('Commit in Spanish: docker ps image, Spanish status and time, nothing broken mid-name', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const ref = `${repo('ps-image')}:1`;
  const id = makeImage(ref);
  // One created from the image ID (the engine then answers with the ID), one from the name.
  const byId = containerName('ps-by-id');
  const byName = containerName('ps-by-name');
  makeContainer(byId, id, false);
  makeContainer(byName, ref, false);

  await inSpanish(page);
  await page.goto(bridgeUrl());
  // The toolbar at 1024 px keeps Commit in its More menu.
  await toolbarAction(page, 'Commit…', 'Más acciones');
  const dialog = dialogNamed(page, 'Crear una imagen desde un contenedor (commit)');
  const picker = dialog.getByRole('radiogroup', { name: 'Contenedor' });
  const rowOf = (name: string) => picker.getByRole('row').filter({ has: page.getByRole('radio', { name }) });
  await expect(rowOf(byId)).toHaveCount(1);

  const cells = rowOf(byId).getByRole('cell');
  // Columns: pick, NOMBRE, IMAGEN, ESTADO, CREADO.
  await expect(cells.nth(2)).toHaveText(id.slice(7, 19));
  await expect(cells.nth(3)).toHaveText('Creado');
  await expect(cells.nth(4)).toHaveText(SPANISH_AGO);
  await expect(rowOf(byName).getByRole('cell').nth(2)).toHaveText(ref);
  for (const i of [1, 2, 3, 4]) expect(await lineCount(cells.nth(i)), `column ${i}`).toBe(1);
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(dialog).toHaveCount(0);
});

test('Prune in Spanish: the warning in Spanish, IDs and times on one line even when narrow', async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 800 });
  // A long name takes the table's width, as a digest reference did in the walk-through.
  const ids = [makeImage(), makeImage(`${repo('prune-a-name-long-enough-to-take-all-the-room-in-the-table')}:1`)];
  await inSpanish(page);
  await page.goto(bridgeUrl());
  await toolbarAction(page, 'Purgar…', 'Más acciones');
  const dialog = dialogNamed(page, 'Purgar imágenes');
  await expect(dialog.getByText('¡ATENCIÓN! Se eliminarán todas las imágenes huérfanas.')).toBeVisible();
  await expect(dialog.getByText('WARNING! This will remove all dangling images.')).toHaveCount(0);
  await dialog.getByRole('textbox', { name: 'Filtros (--filter), uno por línea' }).fill(`label=${LABEL}`);
  await dialog.getByRole('radio', { name: 'Todas las imágenes sin contenedor (-a)' }).check();
  await expect(
    dialog.getByText('¡ATENCIÓN! Se eliminarán todas las imágenes que no tengan al menos un contenedor asociado.'),
  ).toBeVisible();
  // The command keeps the CLI's words.
  await expect(dialog.getByText(`docker image prune -a --filter label=${LABEL} -f`)).toBeVisible();
  const table = dialog.getByRole('table', { name: 'Imágenes que se eliminarán' });
  for (const id of ids) {
    const idCell = table.getByTitle(id);
    await expect(idCell).toHaveText(id.slice(7, 19));
    expect(await lineCount(idCell)).toBe(1);
    const created = table
      .getByRole('row')
      .filter({ has: page.getByTitle(id) })
      .getByRole('cell')
      .nth(2);
    await expect(created).toHaveText(SPANISH_AGO);
    expect(await lineCount(created)).toBe(1);
  }
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(dialog).toHaveCount(0);
});

test('History and filters in Spanish: translated headers, a Spanish relative time, an unclipped placeholder', async ({ page }) => {
  const ref = `${repo('historia')}:1`;
  makeImage(ref);
  await inSpanish(page);
  await page.goto(bridgeUrl());
  // The reference filter's hint fits its field, however the filter row is laid out.
  const reference = page.getByRole('textbox', { name: 'Referencia' });
  for (const width of [1024, 1280, 1360, 1440, 1600]) {
    await page.setViewportSize({ width, height: 800 });
    // Runs in the page; the test project has no DOM types.
    const { text, room } = await reference.evaluate((input: any) => {
      const style = input.ownerDocument.defaultView.getComputedStyle(input);
      const ctx = input.ownerDocument.createElement('canvas').getContext('2d');
      ctx.font = style.font;
      return {
        text: ctx.measureText(input.placeholder).width,
        room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      };
    });
    expect(text, `placeholder at ${width} px wide`).toBeLessThanOrEqual(room);
  }
  await expect(page.getByRole('textbox', { name: 'Metadatos (label)' })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Filtrar filas' }).fill(repo('historia'));
  const row = page
    .getByRole('grid', { name: 'Imágenes' })
    .getByRole('row')
    .filter({ hasText: repo('historia') });
  await expect(row).toHaveCount(1);
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Acciones de la imagen' }).getByRole('menuitem', { name: 'Historial…' }).click();
  const dialog = page.getByRole('dialog', { name: `Detalles de ${ref}` });
  const table = dialog.getByRole('table');
  for (const header of ['IMAGEN', 'CREADA', 'CREADA POR', 'TAMAÑO', 'COMENTARIO']) {
    await expect(table.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  }
  // The newest layer was committed moments ago.
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText(SPANISH_AGO);
  await expect(dialog.getByText(`docker history ${ref}`)).toBeVisible();
});

test('Remove cannot be confirmed while every name is refused, and says why', async ({ page }) => {
  const ref = `${repo('rm-refused')}:1`;
  makeImage(ref);
  makeContainer(containerName('rm-refused-holder'), ref, false);
  const grid = await openImages(page);
  const rows = await showOnly(page, grid, repo('rm-refused'), 1);
  await rows.first().click();
  await page.getByRole('button', { name: 'Remove…' }).click();
  const dialog = dialogNamed(page, 'Remove 1 image');
  await expect(dialog.getByRole('region', { name: 'What will happen' }).getByText('Refused', { exact: true })).toBeVisible();
  const confirm = dialog.getByRole('button', { name: 'Remove', exact: true });
  await expect(confirm).toBeDisabled();
  await expect(dialog.getByRole('status')).toHaveText('Nothing to remove: every name is refused.');
  // Force changes the plan, and the button follows it.
  await dialog.getByRole('checkbox', { name: 'Force (-f)' }).check();
  await expect(confirm).toBeEnabled();
  await expect(dialog.getByRole('status')).toHaveText('');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});
