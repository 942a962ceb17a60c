// The Disk view in Chromium through the bridge, on the real engine: the figures of our own images
// equal what core's layer graph says (read here through the same core, apart from the page), the
// treemap is reached and walked with the keyboard and names its tiles, and the selection summary
// follows the filter, the checkboxes and the treemap. Our images: `stevedore-disk/e2e-<run>-*`
// (random layers, so no one else's image shares them), removed at the end.
import { expect, test, type Page } from '@playwright/test';
import type { DiskReport } from '../../shared/contract';
import { humanSizeWithPrecision } from '../../shared/docker-units';
import { selectionBytes } from '../../shared/disk';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import {
  cleanup,
  cli,
  cliCommit,
  containerName,
  createdContainer,
  importImage,
  removeContainer,
  rootfsTar,
  RUN,
  TEST_LABEL,
} from '../support/edit-fixtures';
import { loadStackEnv } from '../support/stack';
import { openImages, requireEngineOrSkip } from './support';

/** What the English UI prints for a size: the CLI's own text, 3 significant digits. */
const size = (bytes: number) => humanSizeWithPrecision(bytes, 3);
const repo = (what: string) => `stevedore-disk/e2e-${RUN}-${what}`;

let ids: { base: string; left: string; right: string; solo: string };

async function child(base: string, what: string, bytes: number): Promise<string> {
  const name = await createdContainer(`disk-${what}`, base);
  const r = await cli(['cp', '-', `${name}:/`], await rootfsTar({ bytes }));
  if (r.code !== 0) throw new Error(r.stderr);
  const id = await cliCommit(name, `${repo(what)}:1`);
  await removeContainer(containerName(`disk-${what}`));
  return id;
}

async function coreReport(): Promise<DiskReport> {
  const core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: loadStackEnv().dockerHost, source: 'env' } }) });
  try {
    const r = await core.handle('disk.report', {});
    if (!r.ok) throw new Error(r.error.message);
    const done = await core.jobs.wait((r.value as { jobId: string }).jobId);
    if (done.state !== 'succeeded') throw new Error(`disk job ${done.state}`);
    return done.result as DiskReport;
  } finally {
    core.dispose();
  }
}

async function openDisk(page: Page) {
  await openImages(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Disk' }).click();
  await expect(page.getByRole('heading', { name: 'Disk', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Images by unique bytes' })).toBeVisible();
  await page.getByLabel('Filter images').fill(`e2e-${RUN}`);
}

test.describe('Disk view', () => {
  test.beforeAll(async () => {
    if (process.env.STEVEDORE_E2E_SKIP) return;
    const base = await importImage(`${repo('base')}:1`, { bytes: 30_000 });
    ids = {
      base,
      left: await child(base, 'left', 11_000),
      right: await child(base, 'right', 13_000),
      solo: await importImage(`${repo('solo')}:1`, { bytes: 9_000 }),
    };
  });
  test.afterAll(async () => {
    await cleanup();
  });

  test('figures equal the core layer graph; the treemap is keyboard-reachable; the selection summary follows', async ({ page }) => {
    requireEngineOrSkip();
    const report = await coreReport();
    const mine = [ids.base, ids.left, ids.right, ids.solo];
    const img = (id: string) => report.images.find((i) => i.id === id)!;
    await openDisk(page);
    const table = page.getByRole('table', { name: 'Images by unique bytes' });
    await expect(table.getByRole('row')).toHaveCount(1 + 4);

    // Every row of ours: unique, shared and total as core counts them, in the CLI's units.
    for (const [what, id] of Object.entries(ids)) {
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${repo(what)}:1` }) });
      const i = img(id);
      await expect(row.getByRole('cell')).toHaveText(['', size(i.unique), size(i.shared), size(i.total), '0', id.slice(7, 19)]);
    }
    expect(img(ids.base).unique).toBe(0);
    expect(img(ids.left).shared).toBe(img(ids.base).total);

    // With nothing ticked, the summary is the filter's rows: all four go, nothing shared outside.
    const summary = page.getByTestId('disk-selection');
    const all = selectionBytes(report, mine);
    await expect(summary).toHaveText(
      `4 images shown — Removing these frees ${size(all.frees)}; ${size(all.shared)} shared with other images; total ${size(all.total)}`,
    );

    // One ticked row: its own layer goes, the base stays with the others.
    await page.getByRole('checkbox', { name: `Select ${repo('left')}:1` }).check();
    const left = selectionBytes(report, [ids.left]);
    await expect(summary).toHaveText(
      `1 selected image — Removing these frees ${size(left.frees)}; ${size(left.shared)} shared with other images; total ${size(left.total)}`,
    );
    expect(left.shared).toBeGreaterThan(0);

    // Sorting by a header says so to assistive technology.
    const uniqueHeader = table.getByRole('columnheader', { name: 'Unique' });
    await expect(uniqueHeader).toHaveAttribute('aria-sort', 'descending');
    await uniqueHeader.getByRole('button').click();
    await expect(uniqueHeader).toHaveAttribute('aria-sort', 'ascending');

    // The treemap: one tab stop, named tiles, arrows move between them, Space selects a tile's images.
    const map = page.getByRole('listbox', { name: 'Images by unique and shared bytes' });
    await expect(map.getByRole('option').first()).toBeVisible();
    await expect(map.getByRole('option', { name: `${repo('solo')}:1: ${size(img(ids.solo).unique)} only this image holds` })).toHaveCount(
      1,
    );
    await expect(
      map.getByRole('option', { name: new RegExp(`^Shared by 3 images \\(.*${repo('left')}:1.*\\): ${size(img(ids.base).total)}$`) }),
    ).toHaveCount(1);
    await page.getByLabel('Filter images').focus();
    // Tab order: filter, selection buttons, table controls..., then the treemap's one tab stop.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.locator(':focus').getAttribute('role')) === 'option') break;
    }
    const focusedName = async () => (await page.locator(':focus').getAttribute('aria-label')) ?? '';
    const first = await focusedName();
    expect(first).toMatch(/(only this image holds|^Shared by)/);
    const seen = new Set([first]);
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'End', 'Home']) {
      await page.keyboard.press(key);
      await expect(page.locator(':focus')).toHaveAttribute('role', 'option');
      seen.add(await focusedName());
    }
    expect(seen.size).toBeGreaterThan(1);
    // Home is the largest tile; select the solo image's tile from the keyboard.
    await map.getByRole('option', { name: new RegExp(`^${repo('solo')}:1:`) }).focus();
    await page.keyboard.press('Space');
    await expect(map.getByRole('option', { name: new RegExp(`^${repo('solo')}:1:`) })).toHaveAttribute('aria-selected', 'true');
    const two = selectionBytes(report, [ids.left, ids.solo]);
    await expect(summary).toHaveText(
      `2 selected images — Removing these frees ${size(two.frees)}; ${size(two.shared)} shared with other images; total ${size(two.total)}`,
    );
    await expect(page.getByRole('checkbox', { name: `Select ${repo('solo')}:1` })).toBeChecked();
  });

  test('remove from the Disk view: the dialog shows what was predicted and what the engine freed', async ({ page }) => {
    requireEngineOrSkip();
    const report = await coreReport();
    const solo = report.images.find((i) => i.id === ids.solo)!;
    await openDisk(page);
    await page.getByRole('checkbox', { name: `Select ${repo('solo')}:1` }).check();
    await page.getByRole('button', { name: 'Remove selected…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText(`docker rmi ${repo('solo')}:1`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    const line = dialog.getByTestId('freed-line');
    // The prediction is the plan's; the engine's measure comes when /system/df answers. Other users
    // of this engine may change images meanwhile, so the measured figure is shown, not compared here
    // (tests/integration/disk-truth.test.ts compares them on a quiet engine).
    await expect(line).toHaveText(new RegExp(`^Predicted: ${humanSizeWithPrecision(solo.unique, 4).replace('.', '\\.')} · Freed: \\S+$`));
    expect((await cli(['image', 'inspect', ids.solo])).code).not.toBe(0);
  });
  test('prune (filtered by this run label) shows the predicted space beside what the engine reclaimed', async ({ page }) => {
    requireEngineOrSkip();
    // Two dangling images of ours: only our label is ever pruned on this shared engine.
    await importImage(undefined, { bytes: 6_000 });
    await importImage(undefined, { bytes: 8_000 });
    await openImages(page);
    await page.getByRole('button', { name: 'Prune…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Prune images' });
    await dialog.getByRole('textbox', { name: 'Filters (--filter), one per line' }).fill(`label=${TEST_LABEL}=edit-${RUN}`);
    await expect(dialog.getByText(`docker image prune --filter label=${TEST_LABEL}=edit-${RUN} -f`)).toBeVisible();
    await expect(dialog.getByText('2 images will be deleted')).toBeVisible();
    await dialog.getByRole('button', { name: 'Prune', exact: true }).click();
    const text = await dialog.getByRole('region', { name: 'Result' }).locator('pre').innerText();
    const reclaimed = /Total reclaimed space: (\S+)/.exec(text)?.[1];
    expect(reclaimed).toBeTruthy();
    // Our two layers, nothing else matched: prediction and the engine's SpaceReclaimed agree.
    const line = dialog.getByTestId('freed-line');
    await expect(line).toHaveText(/^Predicted: (\S+) · Freed: (\S+)$/);
    const [, predicted, freed] = /^Predicted: (\S+) · Freed: (\S+)$/.exec(await line.innerText())!;
    expect(freed).toBe(predicted);
  });
});
