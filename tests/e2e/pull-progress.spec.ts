// Pull through the real engine from the loopback registry: from a search result (the index lists a
// registry name) and from the Pull field; INVALID_REFERENCE under the field; the job's per-layer rows
// to completion in the Jobs panel (Pull complete, Already exists), bytes, digest and status; the image
// appearing in the list by itself; the finished job kept while navigating. Everything pulled is removed.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ensureRegistryImage, type Manifest, removeLocal } from '../support/registry-images';
import { searchDataset, startSearchIndex, type SearchIndex } from '../support/search-index';
import { loadStackEnv } from '../support/stack';
import { bridgeUrl, docker, openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const REG = loadStackEnv().registry;
const NAME = `${REG}/stevedore-fixture/pull-e2e`;
const REF = `${NAME}:1`;
const DERIVED_NAME = `${REG}/stevedore-fixture/pull-e2e-derived`;
const DERIVED = `${DERIVED_NAME}:1`;
const LABEL = 'org.stevedore.fixture=1';

let index: SearchIndex;
let manifest: Manifest;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  manifest = await ensureRegistryImage({ ref: REF, layers: [6_000_000, 4_000_000, 2_000_000], label: LABEL });
  await ensureRegistryImage({ ref: DERIVED, layers: [1_000_000], from: REF, label: LABEL });
  await removeLocal(DERIVED, REF);
  index = await startSearchIndex([
    ...searchDataset(),
    {
      name: NAME,
      description: 'stevedore pull fixture: three layers of random data',
      star_count: 12,
      is_official: false,
      is_automated: false,
    },
  ]);
});

test.afterAll(async () => {
  await index?.close();
  await removeLocal(DERIVED, REF);
});

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });
const jobItem = (scope: Page | Locator, ref: string) => scope.getByRole('listitem', { name: `Pull ${ref}`, exact: true });

/** Waits for a pull job to finish and checks what it reports. */
async function expectPulled(job: Locator, ref: string, layers: { complete: number; existing: number }): Promise<void> {
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  const table = job.getByRole('table', { name: 'Layers' });
  await expect(table.getByRole('row', { name: /Pull complete/ })).toHaveCount(layers.complete);
  await expect(table.getByRole('row', { name: /Already exists/ })).toHaveCount(layers.existing);
  const n = layers.complete + layers.existing;
  await expect(job.getByRole('button', { name: `${n} of ${n} layers done` })).toHaveAttribute('aria-expanded', 'true');
  // The overall bar is full, in bytes.
  const bar = job.getByRole('progressbar', { name: `Pull ${ref}` });
  const max = await bar.getAttribute('aria-valuemax');
  if (layers.complete > 0) {
    expect(Number(max)).toBeGreaterThan(0);
    await expect(bar).toHaveAttribute('aria-valuenow', max!);
  }
  // The final lines docker pull prints.
  await expect(job.getByRole('definition').filter({ hasText: new RegExp(`^${ref.replace(/[.]/g, '\\.')}$`) })).toBeVisible();
  await expect(job.getByRole('definition').filter({ hasText: `Downloaded newer image for ${ref}` })).toBeVisible();
}

test('search, pull a result, watch its layers to completion in Jobs, see it in the list', async ({ page }) => {
  const grid = await openImages(page);
  await expect(grid.getByRole('row', { name: new RegExp(`^${NAME.replace(/[.]/g, '\\.')} `) })).toHaveCount(0);

  await nav(page, 'Search').click();
  const field = page.getByRole('searchbox', { name: 'Term' });
  await field.fill(index.term('pull-e2e'));
  await field.press('Enter');
  const results = page.getByRole('table', { name: 'Search results' });
  await expect(results.getByRole('rowheader', { name: NAME })).toBeVisible();

  // Pull from the result: the dialog starts with its name; a tag is typed after it.
  await results.getByRole('button', { name: `Pull ${NAME}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull image' });
  const reference = dialog.getByRole('textbox', { name: 'Image reference' });
  await expect(reference).toHaveValue(NAME);
  await expect(reference).toBeFocused();
  await page.keyboard.type(':1');
  await expect(dialog.getByText(`docker pull ${REF}`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();

  // The job's progress shows in place; then in the Jobs panel.
  await expect(jobItem(dialog, REF)).toBeVisible();
  await dialog.getByRole('button', { name: 'Show in Jobs' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  const job = jobItem(page, REF);
  await expectPulled(job, REF, { complete: 3, existing: 0 });
  // Bytes as the CLI's progress prints them: all of the compressed layers.
  const bytes = await job.locator('.job-bytes').innerText();
  expect(bytes).toMatch(/^(\d+(\.\d+)?MB) of \1$/);
  await expect(job.getByRole('definition').filter({ hasText: manifest.digest })).toBeVisible();
  // The CLI's lines, as `docker pull` prints them.
  await job.getByText(/^Output \(\d+ lines\)$/).click();
  await expect(job.getByText(`Digest: ${manifest.digest}`, { exact: false })).toBeVisible();

  // The image is in the list by itself (images.changed), without a refresh.
  await nav(page, 'Images').click();
  await expect(grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: NAME, exact: true }) })).toHaveCount(1);

  // The finished job is still in Jobs after moving around, and leads to the image's details.
  await nav(page, 'Jobs').click();
  const finished = page.getByRole('list', { name: 'Finished', exact: true }).getByRole('listitem', { name: `Pull ${REF}` });
  await expect(finished).toBeVisible();
  await finished.getByRole('button', { name: `Inspect ${REF}` }).click();
  const details = page.getByRole('dialog', { name: `Details of ${REF}` });
  await expect(details.getByRole('tab', { name: 'Inspect' })).toHaveAttribute('aria-selected', 'true');
  await expect(details.getByRole('list', { name: 'RepoDigests' })).toHaveText(`${NAME}@${manifest.digest}`);
  await details.getByRole('tab', { name: 'History' }).click();
  await expect(details.getByRole('table', { name: `History of ${REF}` }).locator('tbody tr')).toHaveCount(4);
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
});

test('the Pull field: INVALID_REFERENCE under it; a derived image reuses the layers it has', async ({ page }) => {
  await openImages(page);
  // Reachable from the Images toolbar.
  await page.getByRole('button', { name: 'Pull image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull image' });
  const reference = dialog.getByRole('textbox', { name: 'Image reference' });
  await reference.fill(`${REG}/Stevedore-Fixture/Bad`);
  await reference.press('Enter');
  await expect(reference).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveText('invalid reference format: repository name must be lowercase');
  await expect(reference).toHaveAccessibleDescription(/invalid reference format: repository name must be lowercase/);
  // Typing clears the complaint.
  await reference.fill(`${REG}/stevedore-fixture/pull-e2e:1@sha256:nope`);
  await expect(reference).not.toHaveAttribute('aria-invalid', 'true');
  await reference.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText(/^invalid reference format/);

  // The base first (if the first test did not leave it), then the derived image on top of it.
  await removeLocal(DERIVED);
  if ((await docker('images', '-q', REF)).trim() === '') await docker('pull', '-q', REF);
  await reference.fill(DERIVED);
  await reference.press('Enter');
  const job = jobItem(dialog, DERIVED);
  await expect(job).toBeVisible();
  await expectPulled(job, DERIVED, { complete: 1, existing: 3 });
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('grid', { name: 'Images' }).getByRole('gridcell', { name: DERIVED_NAME, exact: true })).toBeVisible();
});

test('Pull in Spanish: the dialog and the layer statuses', async ({ page }) => {
  await removeLocal(DERIVED);
  await page.addInitScript(() => (globalThis as any).localStorage.setItem('stevedore.language', 'es'));
  await page.goto(bridgeUrl());
  await page.getByRole('button', { name: 'Descargar imagen…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Descargar imagen' });
  const reference = dialog.getByRole('textbox', { name: 'Referencia de la imagen' });
  await reference.fill(DERIVED);
  await dialog.getByRole('button', { name: 'Descargar', exact: true }).click();
  // Job titles read in the UI's language.
  const job = dialog.getByRole('listitem', { name: `Descargar ${DERIVED}`, exact: true });
  await expect(job.getByText('Terminada', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(job.getByRole('table', { name: 'Capas' }).getByRole('row', { name: /Ya existe/ })).toHaveCount(3);
  await expect(job.getByRole('table', { name: 'Capas' }).getByRole('row', { name: /Capa lista/ })).toHaveCount(1);
  await dialog.getByRole('button', { name: 'Ver en Tareas' }).click();
  await expect(page.getByRole('heading', { name: 'Tareas', level: 1 })).toBeVisible();
  await expect(
    page
      .getByRole('list', { name: 'Terminadas', exact: true })
      .getByRole('listitem', { name: `Descargar ${DERIVED}` })
      .first(),
  ).toBeVisible();
});
