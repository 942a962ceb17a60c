// The Jobs panel with scripted job snapshots, from a stand-in for Electron's preload (window.stevedore)
// instead of an engine, so every layer status, the speed and the end states can be shown on demand
// (a loopback pull is over before anyone could see them). Also: a progress tick changes only its own
// job's row, cancel asks core by job id, and the finished jobs stay while people move between views.
import { expect, test, type Page } from '@playwright/test';
import type { JobLayer, JobSnapshot } from '../../shared/contract';
import { bridgeUrl } from './support';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const calls: { channel: string; request: unknown }[] = [];
    const values: Record<string, unknown> = {
      'engine.status': {
        reachable: true,
        host: 'unix:///stand-in.sock',
        source: 'env',
        version: '28.0.0',
        apiVersion: '1.48',
        checkedAt: Date.now(),
      },
      'images.list': { rows: [], imageCount: 0 },
      'jobs.list': [],
      'jobs.cancel': { cancelled: true },
      'images.pull': { jobId: 'pull-retry' },
    };
    const w = globalThis as any;
    w.__calls = calls;
    w.__emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
    w.stevedore = {
      invoke: async (channel: string, request: unknown) => {
        calls.push({ channel, request });
        return { ok: true, value: values[channel] };
      },
      on: (event: string, l: (p: unknown) => void) => {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(l);
        return () => listeners.get(event)!.delete(l);
      },
      getPathForFile: () => '',
    };
  });
});

const MB = 1_000_000;
const STARTED = Date.now() - 5_000;

function snapshot(p: Partial<JobSnapshot> & Pick<JobSnapshot, 'id' | 'title'>): JobSnapshot {
  return { kind: 'pull', state: 'running', current: 0, total: 0, layers: [], messages: [], startedAt: STARTED, ...p };
}

const emit = (page: Page, job: JobSnapshot) => page.evaluate((j) => (globalThis as any).__emit('job.updated', j), job);

/** One layer in each status the engine sends during a pull. */
const everyStatus = (downloaded: number): JobLayer[] => [
  { id: 'a1a1a1a1a1a1', status: 'Waiting' },
  { id: 'b2b2b2b2b2b2', status: 'Pulling fs layer' },
  { id: 'c3c3c3c3c3c3', status: 'Downloading', current: downloaded, total: 5 * MB },
  { id: 'd4d4d4d4d4d4', status: 'Verifying Checksum', current: 2 * MB, total: 2 * MB },
  { id: 'e5e5e5e5e5e5', status: 'Download complete', current: 1 * MB, total: 1 * MB },
  { id: 'f6f6f6f6f6f6', status: 'Extracting', current: 1_500_000, total: 3 * MB },
  { id: 'a7a7a7a7a7a7', status: 'Pull complete', current: 4 * MB, total: 4 * MB },
  { id: 'b8b8b8b8b8b8', status: 'Already exists' },
];

test("a pull's layers in every status, bytes and speed; ticks touch only that row; cancel; errors; history", async ({ page }) => {
  await page.goto(bridgeUrl());
  await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
  await expect(page.getByText('No jobs yet.', { exact: false })).toBeVisible();

  // A finished job of another kind, already in the history.
  await emit(
    page,
    snapshot({
      id: 'save-1',
      kind: 'save',
      title: 'Save example.com/base:1',
      state: 'succeeded',
      current: 3 * MB,
      total: 3 * MB,
      endedAt: STARTED + 2_000,
    }),
  );
  const other = page.getByRole('listitem', { name: 'Save example.com/base:1' });
  await expect(other.getByText('Done', { exact: true })).toBeVisible();
  await page.evaluate(() => {
    const w = globalThis as any;
    const el = Array.from(w.document.querySelectorAll('li[aria-label]')).find(
      (e: any) => e.getAttribute('aria-label') === 'Save example.com/base:1',
    );
    w.__mutations = 0;
    new w.MutationObserver((records: unknown[]) => (w.__mutations += records.length)).observe(el, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });

  // The pull, ticking: 1 MB more every 200 ms.
  const title = 'Pull example.com/app:1';
  const total = 15 * MB;
  for (let i = 0; i <= 5; i++) {
    await emit(
      page,
      snapshot({
        id: 'pull-1',
        title,
        current: 7 * MB + i * MB,
        total,
        layers: everyStatus(i * 500_000),
        messages: ['1: Pulling from app'],
      }),
    );
    await page.waitForTimeout(200);
  }
  const job = page.getByRole('list', { name: 'Running now', exact: true }).getByRole('listitem', { name: title });
  await expect(job.getByText('Running', { exact: true })).toBeVisible();
  // Every job is also in the one list named Jobs (running and finished alike).
  await expect(page.getByRole('list', { name: 'Jobs' }).getByRole('listitem', { name: title })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Jobs' }).getByRole('listitem', { name: 'Save example.com/base:1' })).toBeVisible();
  const layers = job.getByRole('table', { name: 'Layers' });
  const status = (id: string) =>
    layers
      .getByRole('row', { name: new RegExp(`^${id} `) })
      .getByRole('cell')
      .nth(1);
  await expect(status('a1a1a1a1a1a1')).toHaveText('Waiting');
  await expect(status('b2b2b2b2b2b2')).toHaveText('Pulling fs layer');
  await expect(status('c3c3c3c3c3c3')).toHaveText('Downloading');
  await expect(layers.getByRole('row', { name: /^c3c3c3c3c3c3 / })).toContainText('2.5MB / 5MB');
  await expect(status('d4d4d4d4d4d4')).toHaveText('Verifying Checksum');
  await expect(status('e5e5e5e5e5e5')).toHaveText('Download complete');
  await expect(status('f6f6f6f6f6f6')).toHaveText('Extracting');
  await expect(layers.getByRole('row', { name: /^f6f6f6f6f6f6 / })).toContainText('1.5MB / 3MB');
  await expect(status('a7a7a7a7a7a7')).toHaveText('Pull complete');
  await expect(status('b8b8b8b8b8b8')).toHaveText('Already exists');
  await expect(job.getByRole('button', { name: '2 of 8 layers done' })).toBeVisible();
  await expect(layers.getByRole('progressbar', { name: 'Layer c3c3c3c3c3c3' })).toHaveAttribute('aria-valuenow', '50');

  // Overall bytes and a speed from successive snapshots (1 MB per ~200 ms: a few MB/s).
  const bar = job.getByRole('progressbar', { name: title });
  await expect(bar).toHaveAttribute('aria-valuenow', String(12 * MB));
  await expect(bar).toHaveAttribute('aria-valuemax', String(total));
  await expect(job.getByText('12MB of 15MB')).toBeVisible();
  const speed = await job.locator('.job-speed').innerText();
  const mbps = Number(/^([\d.]+)MB\/s$/.exec(speed)?.[1]);
  expect(mbps).toBeGreaterThan(1);
  expect(mbps).toBeLessThan(10);

  // None of those ticks touched the other job's row.
  expect(await page.evaluate(() => (globalThis as any).__mutations)).toBe(0);

  // Cancel asks core for this job; the end state and core's words come back as a snapshot.
  await job.getByRole('button', { name: `Cancel ${title}` }).click();
  await expect
    .poll(() => page.evaluate(() => (globalThis as any).__calls.filter((c: any) => c.channel === 'jobs.cancel').map((c: any) => c.request)))
    .toEqual([{ jobId: 'pull-1' }]);
  await emit(
    page,
    snapshot({
      id: 'pull-1',
      title,
      state: 'cancelled',
      current: 12 * MB,
      total,
      layers: everyStatus(2_500_000),
      error: { code: 'CANCELLED', message: 'Cancelled' },
      endedAt: Date.now(),
    }),
  );
  const finished = page.getByRole('list', { name: 'Finished', exact: true });
  const cancelled = finished.getByRole('listitem', { name: title });
  // The user's own cancel: said once (the badge), no error box; nothing looks as if it still ran.
  await expect(cancelled.getByText('Cancelled', { exact: true })).toHaveCount(1);
  await expect(cancelled.getByRole('note')).toHaveCount(0);
  await expect(cancelled.getByRole('button', { name: `Cancel ${title}` })).toHaveCount(0);
  // The layers that had not finished show as stopped (still bar, neutral word), the finished ones as before.
  const layerRows = cancelled.getByRole('table', { name: 'Layers' }).getByRole('row');
  await expect(layerRows.filter({ hasText: 'Stopped' })).toHaveCount(6);
  const stoppedDownload = layerRows.filter({ hasText: 'c3c3c3c3c3c3' });
  await expect(stoppedDownload).toContainText('Stopped');
  await expect(stoppedDownload).not.toContainText('Downloading');
  await expect(stoppedDownload).toContainText('2.5MB / 5MB');
  await expect(stoppedDownload).toHaveClass(/layer-stopped/);
  await expect(layerRows.filter({ hasText: 'a7a7a7a7a7a7' })).toContainText('Pull complete');
  await expect(layerRows.filter({ hasText: 'b8b8b8b8b8b8' })).toContainText('Already exists');

  // A failed pull shows the engine's words and offers Retry: the same reference, pulled again.
  await emit(
    page,
    snapshot({
      id: 'pull-2',
      title: 'Pull example.com/broken:1',
      state: 'failed',
      error: { code: 'NOT_FOUND', message: 'unknown blob' },
      endedAt: Date.now(),
    }),
  );
  const broken = finished.getByRole('listitem', { name: 'Pull example.com/broken:1' });
  await expect(broken.getByRole('note')).toHaveText('unknown blob');
  await expect(broken.getByRole('button', { name: /^Log in to/ })).toHaveCount(0);
  await broken.getByRole('button', { name: 'Retry pull of example.com/broken:1' }).click();
  await expect
    .poll(() => page.evaluate(() => (globalThis as any).__calls.filter((c: any) => c.channel === 'images.pull').map((c: any) => c.request)))
    .toEqual([{ reference: 'example.com/broken:1' }]);
  // A pull the registry refused for want of credentials offers the login to that registry, and Retry.
  await emit(
    page,
    snapshot({
      id: 'pull-4',
      title: 'Pull example.com/private:1',
      state: 'failed',
      error: {
        code: 'UNAUTHORIZED',
        message: 'Get "https://example.com/v2/private/manifests/1": no basic auth credentials',
        detail: { registry: 'example.com' },
      },
      endedAt: Date.now(),
    }),
  );
  const refused = finished.getByRole('listitem', { name: 'Pull example.com/private:1' });
  await expect(refused.getByRole('button', { name: 'Log in to example.com' })).toBeVisible();
  await expect(refused.getByRole('button', { name: 'Retry pull of example.com/private:1' })).toBeVisible();

  // The history stays while people move around; Clear finished empties it.
  await page.getByRole('navigation').getByRole('button', { name: 'Images', exact: true }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
  await expect(finished.getByRole('listitem')).toHaveCount(4);
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await expect(page.getByText('No jobs yet.', { exact: false })).toBeVisible();
});

test('layer statuses in Spanish', async ({ page }) => {
  await page.addInitScript(() => (globalThis as any).localStorage.setItem('stevedore.language', 'es'));
  await page.goto(bridgeUrl());
  await page.getByRole('navigation').getByRole('button', { name: 'Tareas', exact: true }).click();
  await emit(page, snapshot({ id: 'pull-es', title: 'Pull example.com/app:1', current: MB, total: 15 * MB, layers: everyStatus(MB) }));
  // Core's English title is rebuilt in the UI's language.
  const layers = page.getByRole('listitem', { name: 'Descargar example.com/app:1' }).getByRole('table', { name: 'Capas' });
  await expect(layers.getByRole('cell', { name: 'Descargando', exact: true })).toBeVisible();
  await expect(layers.getByRole('cell', { name: 'Extrayendo', exact: true })).toBeVisible();
  await expect(layers.getByRole('cell', { name: 'Ya existe', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancelar Descargar example.com/app:1' })).toBeVisible();
});
