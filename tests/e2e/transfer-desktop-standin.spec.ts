// Save and load as the desktop app runs them, in Chromium with a stand-in for Electron's preload
// (window.stevedore): the native dialogs and the path channels answer from a script, the way the
// Electron edge would, so the renderer's desktop path is exercised for real — a dropped File
// becomes a path through getPathForFile, the preview and the load go by path, and nothing is
// uploaded over HTTP. Also the time left of a running save in Jobs.
import { expect, test, type Page } from '@playwright/test';
import type { JobSnapshot, TarPreview } from '../../shared/contract';
import { dialogNamed } from './edit-support';
import { bridgeUrl } from './support';

const IMG = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

const PREVIEW: TarPreview = {
  name: 'web.tar',
  compression: 'gzip',
  size: 5_000_000,
  tags: ['web:1', 'web:2'],
  images: [IMG],
  layers: 3,
  moves: [{ tag: 'web:2', fromId: OTHER, toId: IMG }],
  present: [],
};

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ({ preview, img }) => {
      const listeners = new Map<string, Set<(p: unknown) => void>>();
      const calls: { channel: string; request: any }[] = [];
      const row = {
        key: `${img}|web|1`,
        id: img,
        repository: 'web',
        tag: '1',
        digest: '<none>',
        created: Math.floor(Date.now() / 1000) - 60,
        size: 5_000_000,
        virtualSize: 5_000_000,
        sharedSize: -1,
        containers: -1,
        labels: {},
        parentId: '',
        dangling: false,
      };
      const w = globalThis as any;
      w.__calls = calls;
      w.__saveChoice = { path: '/home/me/web_1.tar' };
      w.__emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
      const answer = (channel: string, request: any): unknown => {
        switch (channel) {
          case 'engine.status':
            return {
              reachable: true,
              host: 'unix:///stand-in.sock',
              source: 'env',
              version: '28.0.0',
              apiVersion: '1.48',
              checkedAt: Date.now(),
            };
          case 'images.list':
            return { rows: [row], imageCount: 1 };
          case 'jobs.list':
            return [];
          case 'dialogs.openTars':
            return { paths: ['/home/me/web.tar'] };
          case 'dialogs.saveTar':
            return w.__saveChoice;
          case 'images.loadPreview':
            return { ...preview, name: request.path.split('/').pop() };
          case 'images.load':
            return { jobId: 'load-1' };
          case 'images.save':
            return { jobId: 'save-1' };
          default:
            return undefined;
        }
      };
      w.stevedore = {
        invoke: async (channel: string, request: unknown) => {
          calls.push({ channel, request });
          return { ok: true, value: answer(channel, request) };
        },
        on: (event: string, l: (p: unknown) => void) => {
          if (!listeners.has(event)) listeners.set(event, new Set());
          listeners.get(event)!.add(l);
          return () => listeners.get(event)!.delete(l);
        },
        // Electron's webUtils.getPathForFile: a file from a folder has a path, one made in memory has none.
        getPathForFile: (file: File) => (file.name.endsWith('.tar') ? `/home/me/${file.name}` : ''),
      };
    },
    { preview: PREVIEW, img: IMG },
  );
});

const callsTo = (page: Page, channel: string) =>
  page.evaluate((c) => (globalThis as any).__calls.filter((x: any) => x.channel === c).map((x: any) => x.request), channel);

function watchTransferRoutes(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/transfer/')) seen.push(r.url());
  });
  return seen;
}

async function drop(page: Page, names: string[]): Promise<void> {
  const dt = await page.evaluateHandle((ns) => {
    const d = new (globalThis as any).DataTransfer();
    for (const n of ns) d.items.add(new File(['x'], n));
    return d;
  }, names);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
}

test('a dropped archive is previewed and loaded by its local path, never uploaded', async ({ page }) => {
  const http = watchTransferRoutes(page);
  await page.goto(bridgeUrl());
  await expect(page.getByRole('grid', { name: 'Images' })).toBeVisible();

  await drop(page, ['web.tar', 'clip.png']);
  const dialog = dialogNamed(page, 'Load image archives');
  const item = dialog.getByRole('listitem', { name: 'web.tar' });
  await expect(item.getByText('Ready')).toBeVisible();
  await expect(item.getByText('tar, gzip-compressed')).toBeVisible();
  await expect(item.getByText('5MB')).toBeVisible();
  await expect(item.getByRole('list', { name: 'Tags in web.tar' }).getByRole('listitem')).toHaveText(['web:1', 'web:2']);
  await expect(item.getByRole('list', { name: 'Local tags web.tar moves' })).toHaveText(
    'web:2 moves from image bbbbbbbbbbbb to aaaaaaaaaaaa',
  );
  // A file with no path on disk is refused by name.
  await expect(dialog.getByRole('listitem', { name: 'clip.png' }).getByRole('alert')).toHaveText(
    'clip.png has no local file to read: drop a file from a folder',
  );
  expect(await callsTo(page, 'images.loadPreview')).toEqual([{ path: '/home/me/web.tar' }]);

  await dialog.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  expect(await callsTo(page, 'images.load')).toEqual([{ paths: ['/home/me/web.tar'] }]);
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Loading web.tar. Progress is in Jobs.');
  expect(http).toEqual([]);
});

test('Load… opens the native dialog; Save… asks the native save dialog, then saves to the chosen file', async ({ page }) => {
  const http = watchTransferRoutes(page);
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: 'Images' });
  await expect(grid.getByRole('row', { name: /^web 1 / })).toBeVisible();

  await page.getByRole('main').getByRole('button', { name: 'Load…', exact: true }).click();
  const load = dialogNamed(page, 'Load image archives');
  await expect(load.getByRole('listitem', { name: 'web.tar' }).getByText('Ready')).toBeVisible();
  await load.getByRole('button', { name: 'Cancel' }).click();
  await expect(load).toHaveCount(0);
  expect(await callsTo(page, 'images.load')).toEqual([]);

  await grid.getByRole('row', { name: /^web 1 / }).click();
  await page.getByRole('main').getByRole('button', { name: 'Save…', exact: true }).click();
  const save = dialogNamed(page, 'Save web:1');
  await expect(save.getByText('Next, choose where to save: .tar, or .tar.gz to compress it.', { exact: false })).toBeVisible();

  // Cancelled in the native dialog: nothing is saved and ours stays open.
  await page.evaluate(() => ((globalThis as any).__saveChoice = { canceled: true }));
  await save.getByRole('button', { name: 'Choose file…' }).click();
  await expect.poll(() => callsTo(page, 'dialogs.saveTar')).toEqual([{ refs: ['web:1'] }]);
  await expect(save).toBeVisible();
  expect(await callsTo(page, 'images.save')).toEqual([]);

  await page.evaluate(() => ((globalThis as any).__saveChoice = { path: '/home/me/web_1.tar.gz' }));
  await save.getByRole('button', { name: 'Choose file…' }).click();
  await expect(save).toHaveCount(0);
  expect(await callsTo(page, 'images.save')).toEqual([{ refs: ['web:1'], path: '/home/me/web_1.tar.gz' }]);
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Saving web:1 to web_1.tar.gz. Progress is in Jobs.');
  expect(http).toEqual([]);
});

test('a running save shows its bytes, speed and time left in Jobs', async ({ page }) => {
  await page.goto(bridgeUrl());
  await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
  const job = (current: number): JobSnapshot => ({
    id: 'save-1',
    kind: 'save',
    title: 'Save web:1 to web_1.tar',
    state: 'running',
    current,
    total: 100_000_000,
    layers: [],
    messages: [],
    startedAt: Date.now() - 2_000,
  });
  const emit = (j: JobSnapshot) => page.evaluate((x) => (globalThis as any).__emit('job.updated', x), j);
  await emit(job(10_000_000));
  await page.waitForTimeout(500);
  await emit(job(20_000_000));
  const row = page.getByRole('listitem', { name: 'Save web:1 to web_1.tar', exact: true });
  await expect(row.getByText('20MB of 100MB')).toBeVisible();
  await expect(row.getByText(/^\d+(\.\d+)?MB\/s$/)).toBeVisible();
  // 80 MB to go at the measured speed, as a clock reads (how many seconds depends on this machine's pace).
  await expect(row.getByText(/^\d+:\d\d left$/)).toBeVisible();
  await emit({ ...job(100_000_000), state: 'succeeded', endedAt: Date.now() });
  await expect(row.getByText(/left$/)).toHaveCount(0);
});
