// An image's details from the Images grid (row menu, double-click, keyboard): History with the CLI's
// own values (`<missing>` rows, --no-trunc, -H) and "Copy as..." byte for byte `docker history`;
// Inspect readable (platform, command, env, ports, labels, names, layers) and its raw JSON copied.
// The image comes from the loopback registry and is removed afterwards; the fixtures are only read.
import { expect, test, type Locator } from '@playwright/test';
import { ensureRegistryImage, removeLocal } from '../support/registry-images';
import { loadStackEnv } from '../support/stack';
import { bridgeUrl, docker, lines, openImages, requireEngineOrSkip, rowOf } from './support';
import { expectPageMatchesCliRun } from './relative-time';

requireEngineOrSkip();

const REG = loadStackEnv().registry;
const NAME = `${REG}/stevedore-fixture/pull-e2e`;
const REF = `${NAME}:1`;
const WEB = 'stevedore-fixture/web:1.0';

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await ensureRegistryImage({ ref: REF, layers: [6_000_000, 4_000_000, 2_000_000], label: 'org.stevedore.fixture=1' });
  await docker('pull', '-q', REF);
});
test.afterAll(async () => {
  await removeLocal(REF);
});

/** The history table's body, one tab-separated line per row. */
async function shownHistory(dialog: Locator): Promise<string[]> {
  const rows = dialog.getByRole('table', { name: `History of ${REF}` }).locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr: any) => Array.from(tr.querySelectorAll('td'), (td: any) => String(td.textContent ?? '')).join('\t')),
  );
}

const HISTORY_FORMAT = '{{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';

test("History from the row menu: the CLI's rows and values, --no-trunc, -H, and Copy as", async ({ page }) => {
  const grid = await openImages(page);
  const row = await rowOf(page, grid, NAME, '1');
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'History…' }).click();

  const dialog = page.getByRole('dialog', { name: `Details of ${REF}` });
  await expect(dialog.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByText(`docker history ${REF}`, { exact: true })).toBeVisible();
  const table = dialog.getByRole('table', { name: `History of ${REF}` });
  await expect(table.getByRole('columnheader')).toHaveText(['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT']);
  // Pulled layers have no local image: `<missing>`, as the CLI prints.
  await expect(table.getByRole('cell', { name: '<missing>', exact: true }).first()).toBeVisible();
  // CREATED reads "N seconds ago": the page's clock is pinned to the CLI run's instant (relative-time.ts).
  await expectPageMatchesCliRun(
    page,
    () => shownHistory(dialog),
    async () => lines(await docker('history', '--format', HISTORY_FORMAT, REF)),
  );

  await dialog.getByRole('switch', { name: "Don't truncate (--no-trunc)" }).check();
  await expect(dialog.getByText(`docker history --no-trunc ${REF}`, { exact: true })).toBeVisible();
  await expectPageMatchesCliRun(
    page,
    () => shownHistory(dialog),
    async () => lines(await docker('history', '--no-trunc', '--format', HISTORY_FORMAT, REF)),
  );

  await dialog.getByRole('switch', { name: 'Human-readable (-H)' }).uncheck();
  await expect(table.getByRole('columnheader', { name: 'CREATED AT' })).toBeVisible();
  const raw = '{{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
  expect(await shownHistory(dialog)).toEqual(lines(await docker('history', '--no-trunc', '-H=false', '--format', raw, REF)));

  // Copy as: the default table with the same toggles, then -q, byte for byte.
  await dialog.getByRole('button', { name: 'Copy as…' }).click();
  const copyAs = page.getByRole('dialog', { name: 'Copy as…' });
  const output = copyAs.getByRole('textbox', { name: 'Output' });
  await expect(copyAs.getByText(`docker history --no-trunc -H=false ${REF}`, { exact: true })).toBeVisible();
  await expect(output).toHaveValue(await docker('history', '--no-trunc', '-H=false', REF));
  await copyAs.getByRole('checkbox', { name: 'Only IDs (-q)' }).check();
  await expect(output).toHaveValue(await docker('history', '--no-trunc', '-q', REF));
  await copyAs.getByRole('checkbox', { name: 'Only IDs (-q)' }).uncheck();
  const template = copyAs.getByRole('textbox', { name: 'Template (--format)' });
  await template.fill('{{.Size}}: {{.CreatedBy}}');
  await template.press('Enter');
  await expect(output).toHaveValue(await docker('history', '--no-trunc', '-H=false', '--format', '{{.Size}}: {{.CreatedBy}}', REF));
  await page.keyboard.press('Escape');
  await expect(copyAs).toHaveCount(0);

  // Escape closes the details too, and the grid has the focus back.
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(grid).toBeFocused();
});

test('Inspect by double-click: the config readable, names, layers, and the raw JSON copied', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const grid = await openImages(page);
  const expected = JSON.parse(await docker('image', 'inspect', REF))[0];
  const row = await rowOf(page, grid, NAME, '1');
  await row.dblclick();
  const dialog = page.getByRole('dialog', { name: `Details of ${REF}` });
  await expect(dialog.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
  // Tabs follow the arrow keys.
  await dialog.getByRole('tab', { name: 'History' }).press('ArrowRight');
  await expect(dialog.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
  const panel = dialog.getByRole('tabpanel', { name: 'Inspect' });

  const image = panel.getByRole('region', { name: 'Image' });
  await expect(image.getByRole('definition').first()).toHaveText(expected.Id);
  await expect(image.getByText(`${expected.Os}/${expected.Architecture}`, { exact: true })).toBeVisible();
  const names = panel.getByRole('region', { name: 'Names' });
  await expect(names.getByRole('list', { name: 'RepoTags' }).getByRole('listitem')).toHaveText(expected.RepoTags);
  await expect(names.getByRole('list', { name: 'RepoDigests' }).getByRole('listitem')).toHaveText(expected.RepoDigests);
  expect(expected.RepoDigests[0]).toMatch(new RegExp(`^${NAME.replace(/[.]/g, '\\.')}@sha256:`));
  await expect(panel.getByRole('table', { name: 'Labels' }).getByRole('row', { name: 'org.stevedore.fixture 1' })).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Layers, bottom first' }).getByRole('listitem')).toHaveText(expected.RootFS.Layers);
  // FROM scratch and no CMD: nothing to run, said so.
  const config = panel.getByRole('region', { name: 'Configuration' });
  await expect(config.getByRole('definition').first()).toHaveText('none');

  // The raw JSON, and Copy gives what `docker image inspect` prints (as data).
  await expect(panel.getByRole('region', { name: 'Raw JSON' })).toContainText(`"Id": "${expected.Id}"`);
  await panel.getByRole('button', { name: 'Copy JSON' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied to the clipboard.');
  const copied = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>);
  expect(JSON.parse(copied)).toEqual(JSON.parse(await docker('image', 'inspect', REF)));
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  // A fixture with a command, env, a port and labels, opened from the keyboard (Shift+F10 menu).
  const web = await rowOf(page, grid, 'stevedore-fixture/web', '1.0');
  await web.click();
  await page.keyboard.press('Shift+F10');
  await page.getByRole('menu', { name: 'Image actions' }).getByRole('menuitem', { name: 'Inspect…' }).click();
  const webDialog = page.getByRole('dialog', { name: `Details of ${WEB}` });
  const webConfig = webDialog.getByRole('region', { name: 'Configuration' });
  const webExpected = JSON.parse(await docker('image', 'inspect', WEB))[0];
  await expect(webConfig.getByText(JSON.stringify(webExpected.Config.Cmd), { exact: true })).toBeVisible();
  await expect(webConfig.getByRole('list', { name: 'Exposed ports' }).getByRole('listitem')).toHaveText(
    Object.keys(webExpected.Config.ExposedPorts),
  );
  await expect(webConfig.getByRole('list', { name: 'Env' }).getByRole('listitem')).toHaveText(webExpected.Config.Env);
  await expect(webDialog.getByRole('table', { name: 'Labels' }).getByRole('row')).toHaveCount(
    1 + Object.keys(webExpected.Config.Labels).length,
  );
});

test('Details in Spanish', async ({ page }) => {
  await page.addInitScript(() => (globalThis as any).localStorage.setItem('stevedore.language', 'es'));
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: 'Imágenes' });
  await expect(grid).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filtrar filas' }).fill(NAME);
  const row = grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: NAME, exact: true }) });
  await row.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Acciones de la imagen' }).getByRole('menuitem', { name: 'Historial…' }).click();
  const dialog = page.getByRole('dialog', { name: `Detalles de ${REF}` });
  await expect(dialog.getByRole('switch', { name: 'Sin recortar (--no-trunc)' })).toBeVisible();
  await dialog.getByRole('tab', { name: 'Inspeccionar' }).click();
  await expect(dialog.getByRole('region', { name: 'Configuración' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copiar JSON' })).toBeVisible();
});
