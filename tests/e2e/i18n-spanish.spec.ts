// Issue #16, point 7 in the browser at 1024x700: the Spanish UI says what the engine reports in
// Spanish (layer statuses of a pull, a push and a load, a pull's and a load's result lines, the
// running job's last line) while the Output section keeps the CLI's English; one job line writes every
// number the Spanish way ("21,92 MB/s" beside "tardó 2,0 s"), the English one as the CLI does; labels
// that name a flag keep its case; and the Remove result agrees with its numbers ("1 hecha").
// The Jobs part runs on a stand-in for Electron's preload (scripted snapshots, as pull-jobs-standin
// does); labels and Remove run on the real engine through the bridge.
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { JobSnapshot } from '../../shared/contract';
import { bridgeUrl, requireEngineOrSkip } from './support';
import { cleanupEdits, dialogNamed, makeImage, repo } from './edit-support';

const inLanguage = (page: Page, language: 'es' | 'en') =>
  page.addInitScript((l) => (globalThis as any).localStorage.setItem('stevedore.language', l), language);

/** Scripted job snapshots instead of an engine: `window.stevedore` answers and emits what the test says. */
const standIn = (page: Page) =>
  page.addInitScript(() => {
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const values: Record<string, unknown> = {
      'engine.status': {
        reachable: true,
        host: 'unix:///stand-in.sock',
        source: 'env',
        version: '28.0.0',
        apiVersion: '1.48',
        checkedAt: 0,
      },
      'images.list': { rows: [], imageCount: 0 },
      'jobs.list': [],
    };
    const w = globalThis as any;
    w.__emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
    w.stevedore = {
      invoke: async (channel: string) => ({ ok: true, value: values[channel] }),
      on: (event: string, l: (p: unknown) => void) => {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(l);
        return () => listeners.get(event)!.delete(l);
      },
      getPathForFile: () => '',
    };
  });

const MB = 1_000_000;
const STARTED = Date.UTC(2025, 0, 1, 9, 0, 0);
const DIGEST = `sha256:${'d'.repeat(64)}`;
const ID = `sha256:${'e'.repeat(64)}`;

const snapshot = (p: Partial<JobSnapshot> & Pick<JobSnapshot, 'id' | 'title'>): JobSnapshot => ({
  kind: 'pull',
  state: 'running',
  current: 0,
  total: 0,
  layers: [],
  messages: [],
  startedAt: STARTED,
  ...p,
});

const emit = (page: Page, job: JobSnapshot) => page.evaluate((j) => (globalThis as any).__emit('job.updated', j), job);

/** A pull that moved 43,847,400 bytes in exactly 2 s: 21.92 MB/s on average, whatever the machine. */
const finishedPull = snapshot({
  id: 'pull-done',
  title: 'Pull example.com/app:1',
  state: 'succeeded',
  current: 43_847_400,
  total: 43_847_400,
  endedAt: STARTED + 2_000,
  layers: [{ id: 'a7a7a7a7a7a7', status: 'Pull complete', current: 43_847_400, total: 43_847_400 }],
  messages: ['a7a7a7a7a7a7: Pull complete', `Digest: ${DIGEST}`, 'Status: Downloaded newer image for example.com/app:1'],
  result: { reference: 'example.com/app:1', digest: DIGEST, status: 'Downloaded newer image for example.com/app:1', id: ID },
});

async function openJobs(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(bridgeUrl());
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

const statusCell = (layers: Locator, id: string) =>
  layers
    .getByRole('row', { name: new RegExp(`^${id} `) })
    .getByRole('cell')
    .nth(1);

test.describe('Jobs on a stand-in engine', () => {
  test.beforeEach(({ page }) => standIn(page));

  test('in Spanish: engine statuses in Spanish, the Output in English, one number style per line', async ({ page }) => {
    await inLanguage(page, 'es');
    await openJobs(page, 'Tareas');

    await emit(
      page,
      snapshot({
        id: 'pull-run',
        title: 'Pull example.com/base:2',
        current: 12 * MB,
        total: 15 * MB,
        layers: [
          { id: 'b2b2b2b2b2b2', status: 'Pulling fs layer' },
          { id: 'c3c3c3c3c3c3', status: 'Downloading', current: 2_500_000, total: 5 * MB },
          { id: 'd4d4d4d4d4d4', status: 'Verifying Checksum' },
          { id: 'e5e5e5e5e5e5', status: 'Retrying in 5 seconds', current: 0, total: 1 },
        ],
        messages: ['a1a1a1a1a1a1: Pull complete'],
      }),
    );
    const running = page.getByRole('listitem', { name: 'Descargar example.com/base:2' });
    const pullLayers = running.getByRole('table', { name: 'Capas' });
    await expect(statusCell(pullLayers, 'b2b2b2b2b2b2')).toHaveText('Preparando la capa');
    await expect(statusCell(pullLayers, 'c3c3c3c3c3c3')).toHaveText('Descargando');
    await expect(statusCell(pullLayers, 'd4d4d4d4d4d4')).toHaveText('Verificando la suma');
    await expect(statusCell(pullLayers, 'e5e5e5e5e5e5')).toHaveText('Reintentando en 5 segundos');
    // Bytes the Spanish way, the unit never parted from its number.
    await expect(pullLayers.getByRole('row', { name: /^c3c3c3c3c3c3 / })).toContainText('2,5\u00a0MB / 5\u00a0MB');
    await expect(running.locator('.job-bytes')).toHaveText('12\u00a0MB de 15\u00a0MB');
    // The running job's last CLI line, its layer ID kept.
    await expect(running.locator('.job-message')).toHaveText('a1a1a1a1a1a1: Capa lista');

    await emit(
      page,
      snapshot({
        id: 'push-run',
        kind: 'push',
        title: 'Push 127.0.0.1:5001/team/app:1',
        layers: [
          { id: 'a1a1a1a1a1a1', status: 'Preparing' },
          { id: 'b2b2b2b2b2b2', status: 'Waiting' },
          { id: 'c3c3c3c3c3c3', status: 'Pushing', current: MB, total: 4 * MB },
          { id: 'd4d4d4d4d4d4', status: 'Pushed' },
          { id: 'e5e5e5e5e5e5', status: 'Layer already exists' },
          { id: 'f6f6f6f6f6f6', status: 'Mounted from team/base' },
        ],
      }),
    );
    const pushLayers = page.getByRole('listitem', { name: 'Subir 127.0.0.1:5001/team/app:1' }).getByRole('table', { name: 'Capas' });
    const pushed: [string, string][] = [
      ['a1a1a1a1a1a1', 'Preparando'],
      ['b2b2b2b2b2b2', 'En espera'],
      ['c3c3c3c3c3c3', 'Subiendo'],
      ['d4d4d4d4d4d4', 'Subida'],
      ['e5e5e5e5e5e5', 'La capa ya existe'],
      ['f6f6f6f6f6f6', 'Montada desde team/base'],
    ];
    for (const [id, text] of pushed) await expect(statusCell(pushLayers, id)).toHaveText(text);

    await emit(
      page,
      snapshot({
        id: 'load-run',
        kind: 'load',
        title: 'Load app.tar',
        layers: [
          { id: 'a1a1a1a1a1a1', status: 'Loaded' },
          { id: 'b2b2b2b2b2b2', status: 'Loading layer', current: MB, total: 2 * MB },
        ],
      }),
    );
    const loadLayers = page.getByRole('listitem', { name: 'Cargar app.tar' }).getByRole('table', { name: 'Capas' });
    await expect(statusCell(loadLayers, 'a1a1a1a1a1a1')).toHaveText('Cargada');
    await expect(statusCell(loadLayers, 'b2b2b2b2b2b2')).toHaveText('Cargando la capa');
    await emit(
      page,
      snapshot({
        id: 'load-run',
        kind: 'load',
        title: 'Load app.tar',
        state: 'succeeded',
        endedAt: STARTED + 1_000,
        layers: [
          { id: 'a1a1a1a1a1a1', status: 'Loaded' },
          { id: 'b2b2b2b2b2b2', status: 'Loaded' },
        ],
        messages: ['Loaded image: ux/app:1'],
        result: { loaded: ['Loaded image: ux/app:1'] },
      }),
    );
    const loaded = page.getByRole('listitem', { name: 'Cargar app.tar' });
    await expect(loaded.getByRole('list', { name: 'Imágenes cargadas' })).toHaveText('Imagen cargada: ux/app:1');
    await loaded.getByText('Salida (1 línea)').click();
    await expect(loaded.locator('.job-output pre')).toHaveText('Loaded image: ux/app:1');

    await emit(page, finishedPull);
    const done = page.getByRole('listitem', { name: 'Descargar example.com/app:1' });
    // A job nobody watched run shows its layers on demand; the count agrees with its number.
    await done.getByRole('button', { name: '1 de 1 capa lista' }).click();
    await expect(statusCell(done.getByRole('table', { name: 'Capas' }), 'a7a7a7a7a7a7')).toHaveText('Capa lista');
    await expect(done.getByText('Descargada una imagen más reciente de example.com/app:1', { exact: true })).toBeVisible();
    // One style on the line: the speed and the duration both with a decimal comma, nothing Go-formatted.
    const meta = done.locator('.job-meta');
    await expect(meta.locator('.job-speed')).toHaveText('21,92\u00a0MB/s de media');
    await expect(meta).toContainText('tardó 2,0 s');
    expect(await meta.innerText()).not.toMatch(/\d\.\d/);
    // The Output section keeps the CLI's exact lines.
    await done.getByText('Salida (3 líneas)').click();
    await expect(done.locator('.job-output pre')).toHaveText(finishedPull.messages.join('\n'));
  });

  test("in English: the engine's words and the CLI's numbers", async ({ page }) => {
    await inLanguage(page, 'en');
    await openJobs(page, 'Jobs');
    await emit(page, finishedPull);
    const done = page.getByRole('listitem', { name: 'Pull example.com/app:1' });
    await done.getByRole('button', { name: '1 of 1 layer done' }).click();
    await expect(statusCell(done.getByRole('table', { name: 'Layers' }), 'a7a7a7a7a7a7')).toHaveText('Pull complete');
    await expect(done.getByText('Downloaded newer image for example.com/app:1', { exact: true })).toBeVisible();
    await expect(done.locator('.job-speed')).toHaveText('21.92MB/s on average');
    await expect(done.locator('.job-meta')).toContainText('took 2.0 s');
  });
});

test.describe('on the real engine', () => {
  requireEngineOrSkip();
  test.afterAll(() => cleanupEdits());

  /** What a label shows on screen (innerText applies CSS text-transform). */
  const shown = (label: Locator) => label.evaluate((el: any) => el.innerText as string);

  for (const [language, labelField, copyAs, template] of [
    ['es', 'Metadatos (label)', 'Copiar como…', 'Plantilla (--format)'],
    ['en', 'Label', 'Copy as…', 'Template (--format)'],
  ] as const) {
    test(`labels keep the case of the flags they name (${language})`, async ({ page }) => {
      await inLanguage(page, language);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(bridgeUrl());
      expect(await shown(page.locator('label', { hasText: labelField }))).toBe(labelField);
      await page.getByRole('button', { name: copyAs, exact: true }).first().click();
      const dialog = dialogNamed(page, copyAs);
      await expect(dialog.getByRole('textbox', { name: template })).toBeVisible();
      expect(await shown(dialog.locator('label', { hasText: template }))).toBe(template);
    });
  }

  test('Remove in Spanish: the result agrees with its numbers', async ({ page }) => {
    const ref = `${repo('plural')}:1`;
    makeImage(ref);
    await inLanguage(page, 'es');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(bridgeUrl());
    await page.getByRole('searchbox', { name: 'Filtrar filas' }).fill(repo('plural'));
    const row = page
      .getByRole('grid', { name: 'Imágenes' })
      .getByRole('row')
      .filter({ hasText: repo('plural') });
    await expect(row).toHaveCount(1);
    await row.click({ button: 'right' });
    await page.getByRole('menu', { name: 'Acciones de la imagen' }).getByRole('menuitem', { name: 'Eliminar…' }).click();
    const dialog = dialogNamed(page, 'Eliminar 1 imagen');
    await dialog.getByRole('button', { name: 'Eliminar', exact: true }).click();
    await expect(dialog.getByRole('status')).toHaveText('1 hecha, 0 fallidas (código de salida 0).');
  });
});
