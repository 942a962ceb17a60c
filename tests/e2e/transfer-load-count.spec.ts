// A finished load says what it did, layer by layer, at 1024x700, in English and in Spanish: a tar of
// our own 3-layer image (a busybox root imported here, then two commits, so no layer is shared with
// anything else on the engine) dropped on the window ends "3 of 3 layers" with every layer loaded;
// loaded again once its two lower layers are back (the engine skips those and reports only the top
// one), it still ends 3 of 3: two already there, one loaded; and with all three present, 3 of 3
// already there. Never "Done" beside "0 of 1 layer" with a layer stuck on "Loading layer".
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cleanup, cliCommit, imageIdOf, importImage, mustCli, NS, RUN, ranContainer, trackImage } from '../support/edit-fixtures';
import { bridgeUrl, dropFile, requireEngineOrSkip } from './support';

requireEngineOrSkip();

// Made in the worker that runs the tests (the file is also loaded to list them, where nothing would remove it).
let dir = '';

test.use({ viewport: { width: 1024, height: 700 } });

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stevedore-e2e-load-count-'));
});

test.afterAll(async () => {
  await cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const WORDS = {
  en: {
    grid: 'Images',
    dialog: 'Load image archives',
    load: 'Load',
    jobs: 'Jobs',
    job: (file: string) => `Load ${file}`,
    done: 'Done',
    layers: /^3 of 3 layers/,
    table: 'Layers',
    loaded: 'Loaded',
    present: 'Already exists',
  },
  es: {
    grid: 'Imágenes',
    dialog: 'Cargar archivos de imágenes',
    load: 'Cargar',
    jobs: 'Tareas',
    job: (file: string) => `Cargar ${file}`,
    done: 'Terminada',
    layers: /^3 de 3 capas/,
    table: 'Capas',
    loaded: 'Cargada',
    present: 'Ya existe',
  },
} as const;
type Words = (typeof WORDS)[keyof typeof WORDS];

/** Drops `tar` (copied under a name of its own, so each load is its own job row), loads it, and returns its finished job row. */
async function loadThroughUi(page: Page, w: Words, tar: string, as: string) {
  const file = join(dir, as);
  copyFileSync(tar, file);
  await page.getByRole('navigation').getByRole('button', { name: w.grid, exact: true }).click();
  await expect(page.getByRole('grid', { name: w.grid })).toBeVisible();
  await dropFile(page, file);
  const dialog = page.getByRole('dialog', { name: w.dialog });
  await dialog.getByRole('button', { name: w.load, exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('navigation').getByRole('button', { name: w.jobs, exact: true }).click();
  const job = page.getByRole('listitem', { name: w.job(as), exact: true });
  await expect(job.getByText(w.done, { exact: true })).toBeVisible({ timeout: 60_000 });
  return job;
}

/** The job's "n of m layers" button, unfolded, and its rows' statuses (the status cell's text), in order. */
async function layerStatuses(page: Page, w: Words, job: ReturnType<Page['getByRole']>): Promise<string[]> {
  const button = job.getByRole('button', { name: w.layers });
  await expect(button).toBeVisible();
  await expect(button).toBeInViewport();
  if ((await button.getAttribute('aria-expanded')) === 'false') await button.click();
  const rows = job.getByRole('table', { name: w.table }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  return rows.locator('td.layer-status').allInnerTexts();
}

for (const lang of ['en', 'es'] as const) {
  test(`a loaded 3-layer tar ends 3 of 3 layers, every one done, also when layers were already there (${lang})`, async ({ page }) => {
    test.setTimeout(180_000);
    const w = WORDS[lang];
    // Our own chain: base (an imported busybox root), mid and top one commit each above it.
    const name = `${NS}/load-count-${RUN}-${lang}`;
    const base = await importImage(`${name}:base`, { busybox: true });
    const mid = await cliCommit(await ranContainer(`lc-${lang}-mid`, base, ['sh', '-c', 'echo mid > /mid.txt']), `${name}:mid`);
    await cliCommit(await ranContainer(`lc-${lang}-top`, mid, ['sh', '-c', 'echo top > /top.txt']), `${name}:top`);
    const topTar = join(dir, `top-${lang}.tar`);
    const midTar = join(dir, `mid-${lang}.tar`);
    await mustCli(['save', '-o', topTar, `${name}:top`]);
    await mustCli(['save', '-o', midTar, `${name}:mid`]);
    const topId = await imageIdOf(`${name}:top`);
    await cleanup();
    expect(await imageIdOf(`${name}:top`)).toBeUndefined();
    expect(await imageIdOf(`${name}:mid`)).toBeUndefined();

    if (lang === 'es') {
      await page.addInitScript(() =>
        (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
          'stevedore.language',
          'es',
        ),
      );
    }
    await page.goto(bridgeUrl());

    // None of its layers here: all three loaded.
    const fresh = await loadThroughUi(page, w, topTar, `fresh-${RUN}-${lang}.tar`);
    expect(await imageIdOf(`${name}:top`)).toBe(topId);
    trackImage(topId!);
    expect(await layerStatuses(page, w, fresh)).toEqual([w.loaded, w.loaded, w.loaded]);

    // Base and mid back (docker load of mid's own tar), top gone: the engine loads only the top layer.
    await mustCli(['rmi', `${name}:top`]);
    await mustCli(['load', '-i', midTar]);
    trackImage((await imageIdOf(`${name}:mid`))!);
    const partly = await loadThroughUi(page, w, topTar, `partly-${RUN}-${lang}.tar`);
    expect(await layerStatuses(page, w, partly)).toEqual([w.present, w.present, w.loaded]);

    // All three here: the engine reports no layer at all, and the job still counts them.
    const again = await loadThroughUi(page, w, topTar, `again-${RUN}-${lang}.tar`);
    expect(await layerStatuses(page, w, again)).toEqual([w.present, w.present, w.present]);
  });
}
