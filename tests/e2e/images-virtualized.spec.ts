// 5,000 rows stay smooth: only the rows near the viewport exist in the DOM, and scrolling is cheap.
// The rows come from a stand-in for Electron's preload (window.stevedore), not from an engine:
// this measures the renderer alone, and exercises the Electron transport path of the renderer.
import { expect, test } from '@playwright/test';
import { bridgeUrl } from './support';

const ROWS = 5000;

test.beforeEach(async ({ page }) => {
  await page.addInitScript((count: number) => {
    const hex = (n: number) => n.toString(16).padStart(12, '0').padEnd(64, '0');
    const rows = Array.from({ length: count }, (_, i) => ({
      key: `k${i}`,
      id: `sha256:${hex(i + 1)}`,
      repository: `example.com/team/service-${String(i).padStart(4, '0')}`,
      tag: `v${i % 7}.${i % 13}`,
      digest: '',
      created: 1_700_000_000 - i * 60,
      size: 1000 + i * 12345,
      virtualSize: 1000 + i * 12345,
      sharedSize: -1,
      containers: -1,
      labels: {},
      parentId: '',
      dangling: false,
    }));
    const values: Record<string, unknown> = {
      'engine.status': {
        reachable: true,
        host: 'unix:///stand-in.sock',
        source: 'env',
        version: '28.0.0',
        apiVersion: '1.48',
        checkedAt: Date.now(),
      },
      'images.list': { rows, imageCount: count },
      'jobs.list': [],
    };
    (globalThis as any).stevedore = {
      invoke: async (channel: string) => ({ ok: true, value: values[channel] }),
      on: () => () => undefined,
      getPathForFile: () => '',
    };
  }, ROWS);
});

test('a 5,000-row list keeps only the visible rows in the DOM while scrolling to the end', async ({ page }) => {
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: 'Images' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(ROWS + 1));
  const domRows = () => grid.locator('[role="row"][aria-rowindex]').count();
  expect(await domRows()).toBeLessThan(80);

  // Scroll from top to bottom in animation frames and time the frames.
  const frames: number[] = await grid.evaluate(async (el) => {
    const times: number[] = [];
    const raf = () => new Promise<number>((r) => (globalThis as any).requestAnimationFrame(r));
    let last = await raf();
    while (el.scrollTop + el.clientHeight < el.scrollHeight - 1) {
      el.scrollTop += 600;
      const now = await raf();
      times.push(now - last);
      last = now;
    }
    return times;
  });
  expect(frames.length).toBeGreaterThan(100);
  const sortedFrames = [...frames].sort((a, b) => a - b);
  const p95 = sortedFrames[Math.floor(sortedFrames.length * 0.95)];
  console.log(
    `[virtualized] ${frames.length} frames, median ${sortedFrames[Math.floor(frames.length / 2)].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
  );
  // Frame times are reported, never asserted: speed is measured by `npm run bench:list`.

  await expect(grid.getByRole('row', { name: /service-4999/ })).toBeVisible();
  await expect(grid.locator(`[role="row"][aria-rowindex="${ROWS + 1}"]`)).toBeVisible();
  expect(await domRows()).toBeLessThan(80);
});

test('keyboard navigation reaches the last of 5,000 rows and keeps it in view', async ({ page }) => {
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: 'Images' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(ROWS + 1));
  await grid.focus();
  await grid.press('End');
  const last = grid.locator(`[role="row"][aria-rowindex="${ROWS + 1}"]`);
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await grid.press('PageUp');
  await grid.press('Shift+Home');
  await expect(page.getByText(/^\d[\d,.]* selected$/)).toBeVisible();
  await grid.press('Control+a');
  await expect(page.getByText(`${ROWS} selected`)).toBeVisible();
});
