// Item 5 of `npm run bench:list`: with every row in the grid (20,000 tags), keys typed into the
// quick filter and wheel turns over the grid, each timed in the page as the LOAD test does
// (tests/e2e-reliability/load.spec.ts): from the event's timestamp to the next animation frame,
// which waits for whatever the event made the page do. The bench proves the work happened (the
// filter narrowed the grid and emptied again; the grid scrolled and drew rows far down).
import { BenchFailure, prove } from './bench-kit';
import { gridRows, pageState, type GridPage } from './list-page';

/** Pause between inputs: a fast typist, a quick wheel. */
const PAUSE_MS = 50;
const SETTLE_MS = 30_000;
const pause = () => new Promise((r) => setTimeout(r, PAUSE_MS));

export interface InputFigures {
  p95: number;
  typingP95: number;
  scrollP95: number;
  events: number;
}

const PROBE = `(() => {
  window.__benchInput = [];
  for (const type of ['keydown', 'wheel']) {
    document.addEventListener(type, (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => window.__benchInput.push([type, performance.now() - t0]));
    }, { capture: true, passive: true });
  }
})()`;

export const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) throw new BenchFailure('no input was timed');
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function waitRows(grid: GridPage, ok: (n: number) => boolean, what: string): Promise<number> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const n = await gridRows(grid.page);
    if (ok(n)) return n;
    if (Date.now() > deadline) throw new BenchFailure(`${what} within ${SETTLE_MS / 1000} s: ${await pageState(grid)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Types `text` into the quick filter key by key, then erases it, `passes` times; then turns the
 * wheel `wheels` times down and a third as many up. `rows`: what the grid shows unfiltered.
 */
export async function inputLatency(grid: GridPage, text: string, opts: { passes: number; wheels: number }): Promise<InputFigures> {
  const { page } = grid;
  const rows = await gridRows(page);
  await page.evaluate(PROBE);
  // The quick filter, focused as a click would: keys then go to it.
  const focused = await page.evaluate<boolean>(`(() => {
    const field = document.querySelector('input[type="search"][aria-label="Filter rows"]');
    field?.focus();
    return document.activeElement === field && !!field;
  })()`);
  prove(focused, () => `the quick filter (a search field named "Filter rows") is not on the page: ${grid.page.errors.join(' | ')}`);
  for (let pass = 0; pass < opts.passes; pass++) {
    for (const ch of text) {
      await page.press(ch);
      await pause();
    }
    await waitRows(grid, (n) => n >= 1 && n < rows, `the quick filter "${text}" never narrowed the ${rows} rows`);
    for (let i = 0; i < text.length; i++) {
      await page.press('Backspace');
      await pause();
    }
    await waitRows(grid, (n) => n >= rows, `the grid never showed its ${rows} rows again after the quick filter was erased`);
  }

  const box = await page.evaluate<{ x: number; y: number } | null>(`(() => {
    const r = document.querySelector('[role="grid"]')?.getBoundingClientRect();
    return r && r.height > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
  })()`);
  prove(box, 'the Images grid has no box to scroll');
  const turn = async (dy: number, times: number) => {
    for (let i = 0; i < times; i++) {
      await page.wheel(box.x, box.y, dy);
      await pause();
    }
  };
  await turn(960, opts.wheels);
  const drawn = await page.evaluate<{ top: number; last: number }>(`(() => {
    const g = document.querySelector('[role="grid"]');
    const indexes = [...g.querySelectorAll('[role="row"][aria-rowindex]')].map((r) => Number(r.getAttribute('aria-rowindex')));
    return { top: g.scrollTop, last: Math.max(...indexes) };
  })()`);
  // 960 px a turn of 32 px rows: the grid must have moved and drawn rows well below the first screen.
  prove(
    drawn.top > 0 && drawn.last > 60,
    () => `the grid did not scroll under the wheel (scrollTop ${drawn.top}, last row drawn ${drawn.last})`,
  );
  await turn(-960, Math.ceil(opts.wheels / 3));
  // The last frames: let every timed input reach its animation frame.
  await new Promise((r) => setTimeout(r, 200));

  const samples = await page.evaluate<[string, number][]>('window.__benchInput');
  const typing = samples.filter(([t]) => t === 'keydown').map(([, v]) => v);
  const scroll = samples.filter(([t]) => t === 'wheel').map(([, v]) => v);
  prove(typing.length > 0 && scroll.length > 0, `the page timed ${typing.length} keys and ${scroll.length} wheel turns`);
  const spread = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(0)}, p95 ${percentile(xs, 95).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} ms`;
  console.log(
    `input latency over ${rows} rows: ${typing.length} keys (${spread(typing)}), ${scroll.length} wheel turns (${spread(scroll)})`,
  );
  return {
    p95: percentile([...typing, ...scroll], 95),
    typingP95: percentile(typing, 95),
    scrollP95: percentile(scroll, 95),
    events: samples.length,
  };
}
