// The page half of `npm run bench:startup`: a fresh browser context per round opens the bridge's
// page and times, inside the page, navigation start to the first painted grid rows. Rows are found
// by their ARIA roles (a grid row past the header with a cell), not by a mark the grid could stop
// emitting: a missing paint fails the round loudly after a bounded wait. Chromium is driven over
// raw DevTools (list-cdp.ts), not Playwright: Playwright's Network domain copies every WebSocket
// frame into a DevTools event, the 2.4 MB first list included, on the very threads being timed.
import { BenchFailure } from './bench-kit';
import type { CdpBrowser, CdpPage } from './list-cdp';

/** How long one fresh page may take to paint its first rows before the bench gives up. */
export const FIRST_ROWS_WAIT_MS = 30_000;

export interface PageRound {
  /** Navigation start to the frame after the first grid rows were in the DOM. */
  firstRowsMs: number;
  /** Rows the grid says it holds (aria-rowcount minus the header). */
  gridRows: number;
  /** The page's own marks (stevedore:*) and script timings, for the "where the time goes" line. */
  marks: Record<string, number>;
}

/** What the page logs once its first rows painted. */
const FIRST_ROWS_MESSAGE = 'stevedore-bench:first-rows';

/**
 * Runs before any script of the page (injected over DevTools, so the page's CSP does not apply
 * to it): watches the DOM for the first data row, then waits for the next frame to be
 * produced (requestAnimationFrame, then a task), records that time and says so on the console. The
 * bench only listens: polling from Node (Runtime.evaluate) would run the bench's own evaluations in
 * the page while it starts, on the very thread being measured. A string, not a function: tsx's
 * transform would give a function helpers that do not exist in the page.
 */
const WATCH_FIRST_ROWS = `(() => {
  const selector = '[role="grid"] [role="row"]:not([aria-rowindex="1"]) [role="gridcell"]';
  let seen = false;
  const observer = new MutationObserver(() => {
    if (seen || !document.querySelector(selector)) return;
    seen = true;
    observer.disconnect();
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.__benchFirstRows = performance.now();
        console.debug('${FIRST_ROWS_MESSAGE}');
      }, 0),
    );
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** What the page shows when no rows came: for the failure message. */
const PAGE_STATE = `(() => {
  const grid = document.querySelector('[role="grid"]');
  const alert = document.querySelector('[role="alert"]')?.textContent ?? '';
  const status = document.querySelector('[role="status"]')?.textContent ?? '';
  return 'grid=' + (grid ? 'present' : 'absent') + ' alert="' + alert.slice(0, 200) + '" status="' + status.slice(0, 200) + '"';
})()`;

/** The round's figures, read in the page once the rows painted. */
const ROUND_FIGURES = `(() => {
  const grid = document.querySelector('[role="grid"]');
  const marks = {};
  for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('stevedore:') && !(m.name in marks)) marks[m.name] = m.startTime;
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) {
    marks['nav:responseEnd'] = nav.responseEnd;
    marks['nav:domInteractive'] = nav.domInteractive;
  }
  const scripts = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js') && r.responseEnd <= (window.__benchFirstRows ?? Infinity));
  if (scripts.length) marks['scripts:lastResponseEnd'] = Math.max(...scripts.map((r) => r.responseEnd));
  return { firstRowsMs: window.__benchFirstRows ?? NaN, gridRows: Number(grid?.getAttribute('aria-rowcount') ?? 1) - 1, marks };
})()`;

async function pageState(page: CdpPage): Promise<string> {
  const state = await page.evaluate<string>(PAGE_STATE).catch((err: unknown) => `page not readable (${String(err)})`);
  return `${state}${page.errors.length ? `; page errors: ${page.errors.slice(0, 5).join(' | ')}` : ''}`;
}

/** One round: a new browser context (no cache, no storage), the page opened, first rows timed; traced when `tracePath` is given. */
export async function firstRowsRound(browser: CdpBrowser, url: string, tracePath?: string): Promise<PageRound> {
  let signal!: () => void;
  const signalled = new Promise<void>((resolve) => (signal = resolve));
  // DevTools' Performance panel opens this file: where the main thread's time went, task by task.
  if (tracePath) await browser.startTracing();
  const page = await browser.open(url, WATCH_FIRST_ROWS, {
    onConsole: (type, text) => {
      if (type === 'debug' && text === FIRST_ROWS_MESSAGE) signal();
    },
  });
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const painted = await Promise.race([
      signalled.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), FIRST_ROWS_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!painted)
      throw new BenchFailure(
        `the first rows never painted within ${FIRST_ROWS_WAIT_MS / 1000} s of opening ${new URL(url).origin}: ${await pageState(page)}`,
      );
    if (tracePath) await browser.stopTracing(tracePath);
    return await page.evaluate<PageRound>(ROUND_FIGURES);
  } finally {
    await page.close();
  }
}
