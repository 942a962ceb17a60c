// The page half of `npm run bench:explore`: the built renderer in Chromium (list-cdp.ts, DevTools
// protocol without Playwright's Network domain) through the loopback bridge (a process of its own,
// startup-bridge.ts), on the bench's engine. The image is opened as a person does (the quick
// filter narrows the grid to it, its row menu's "Explore layers and files"); once indexed, the
// page shows the merged view. A sample is the span from the merged entries' arrival in the store
// ('stevedore:explore-entries', explore-slice.ts) to the tree's rows painted
// ('stevedore:explore-tree-painted', FileTree.tsx); later samples switch to layer 0 and back, which
// asks core for the merged entries again. Proves each sample showed the whole merged view: the
// page's WebSocket received an explore.entries answer for it with the expected count of entries.
import { BenchFailure, median, prove, roundsPlan, SMOKE, steadyRounds } from './bench-kit';
import type { CdpBrowser, CdpPage } from './list-cdp';

export const ENTRIES_MARK = 'stevedore:explore-entries';
export const PAINTED_MARK = 'stevedore:explore-tree-painted';
/** The row menu item that opens the explorer (renderer/src/i18n/en/explore.json, menu.explore). */
const MENU_ITEM = 'Explore layers and files';
const GRID_WAIT_MS = 60_000;
/** Indexing a 1 GiB image in the page's core, on a loaded two-core machine. */
const INDEX_WAIT_MS = 300_000;
const PAINT_WAIT_MS = 30_000;

/**
 * Runs before the page's scripts: counts the entries of every explore.entries answer for the
 * merged view that reaches the page's WebSocket (registered before the transport's own handler,
 * so it is done before the entries mark is set; the span measured starts after it).
 */
const WATCH_ENTRIES = `(() => {
  const Native = window.WebSocket;
  window.__benchMerged = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string' || !e.data.includes('"layer":"merged"') || !e.data.includes('"entries":[')) return;
        try {
          const find = (v) => {
            if (!v || typeof v !== 'object') return undefined;
            if (v.layer === 'merged' && Array.isArray(v.entries)) return v.entries.length;
            for (const k of Object.keys(v)) { const n = find(v[k]); if (n !== undefined) return n; }
            return undefined;
          };
          const n = find(JSON.parse(e.data));
          if (n !== undefined) window.__benchMerged.push(n);
        } catch {}
      });
    }
  };
})()`;

const PAGE_STATE = `(() => {
  const alert = [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent).join(' | ');
  const status = document.querySelector('.explore-view [role="status"]')?.textContent ?? '';
  const tree = document.querySelector('[role="tree"]');
  return 'view=' + (document.querySelector('.explore-view') ? 'explorer' : 'other') + ' tree=' + (tree ? 'present' : 'absent') +
    ' status="' + status.slice(0, 120) + '" alert="' + alert.slice(0, 300) + '"';
})()`;

async function pageState(page: CdpPage): Promise<string> {
  const state = await page.evaluate<string>(PAGE_STATE).catch((err: unknown) => `page not readable (${String(err)})`);
  return `${state}${page.errors.length ? `; page errors: ${page.errors.slice(0, 5).join(' | ')}` : ''}`;
}

async function until<T>(what: () => Promise<T | undefined | false>, ms: number, failure: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new BenchFailure(await failure());
    await new Promise((r) => setTimeout(r, 50));
  }
}

const GRID_ROWS = `Number(document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount') ?? 0) - 1`;

/** The quick filter narrowed to `ref`, its row's menu opened (a contextmenu event, as a right-click sends), Explore chosen. */
async function openFromRow(page: CdpPage, ref: string): Promise<void> {
  await until(
    async () => (await page.evaluate<number>(GRID_ROWS).catch(() => -1)) > 0,
    GRID_WAIT_MS,
    async () => `the Images grid showed no rows within ${GRID_WAIT_MS / 1000} s: ${await pageState(page)}`,
  );
  const focused = await page.evaluate<boolean>(`(() => {
    const field = document.querySelector('input[type="search"][aria-label="Filter rows"]');
    field?.focus();
    return document.activeElement === field;
  })()`);
  prove(focused, 'the Images view has no quick filter (input[type=search] "Filter rows") to find the bench image with');
  for (const key of ref) await page.press(key);
  await until(
    async () => (await page.evaluate<number>(GRID_ROWS)) === 1,
    GRID_WAIT_MS,
    async () => `the quick filter "${ref}" did not narrow the grid to one row: ${await pageState(page)}`,
  );
  const opened = await page.evaluate<string>(`(() => {
    const row = document.querySelector('[role="grid"] [role="row"]:not([aria-rowindex="1"])');
    if (!row) return 'no row';
    const r = row.getBoundingClientRect();
    row.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left + 40, clientY: r.top + r.height / 2, button: 2 }));
    return 'ok';
  })()`);
  prove(opened === 'ok', `the grid's row for ${ref} is not in the page`);
  const chosen = await until(
    () =>
      page.evaluate<string | false>(`(() => {
        const items = [...document.querySelectorAll('[role="menu"] [role="menuitem"]')];
        if (items.length === 0) return false;
        const item = items.find((i) => i.textContent.trim().startsWith(${JSON.stringify(MENU_ITEM)}));
        if (!item) return 'missing: ' + items.map((i) => i.textContent.trim()).join(', ');
        item.click();
        return 'ok';
      })()`),
    10_000,
    async () => `the row menu of ${ref} did not open: ${await pageState(page)}`,
  );
  prove(chosen === 'ok', `the row menu has no "${MENU_ITEM}" item (${chosen})`);
}

/** Whether the entries mark came, and the span to the first painted mark after the last one (undefined until painted). */
const READ_SPAN = `(() => {
  const data = performance.getEntriesByName(${JSON.stringify(ENTRIES_MARK)}).at(-1);
  if (!data) return { entries: false };
  const painted = performance.getEntriesByName(${JSON.stringify(PAINTED_MARK)}).find((m) => m.startTime >= data.startTime);
  return { entries: true, ms: painted ? painted.startTime - data.startTime : undefined };
})()`;
const CLEAR = `(() => { performance.clearMarks(${JSON.stringify(ENTRIES_MARK)}); performance.clearMarks(${JSON.stringify(PAINTED_MARK)}); window.__benchMerged = []; })()`;
const select = (id: string) =>
  `(() => { const o = document.getElementById(${JSON.stringify(id)}); if (!o) return false; o.click(); return true; })()`;

/**
 * Waits for the entries mark (up to `entriesWaitMs`: the first one follows the whole indexing),
 * then for the painted mark after it; checks the merged answer held `merged` entries when given.
 * A mark a later change stops setting fails the bench, naming it.
 */
async function span(page: CdpPage, merged: number | undefined, what: string, entriesWaitMs = PAINT_WAIT_MS): Promise<number> {
  type Span = { entries: boolean; ms?: number };
  const read = () => page.evaluate<Span>(READ_SPAN);
  await until(
    async () => (await read()).entries,
    entriesWaitMs,
    async () =>
      `${what}: the mark '${ENTRIES_MARK}' (explore-slice.ts) never came within ${entriesWaitMs / 1000} s: ${await pageState(page)}`,
  );
  const ms = await until(
    async () => (await read()).ms,
    PAINT_WAIT_MS,
    async () =>
      `${what}: the entries arrived but the mark '${PAINTED_MARK}' (FileTree.tsx) never came within ${PAINT_WAIT_MS / 1000} s: ` +
      `the tree's paint cannot be measured; ${await pageState(page)}`,
  );
  if (merged !== undefined) {
    const got = await page.evaluate<number[]>('window.__benchMerged');
    prove(got.length > 0, `${what}: the page painted, but no explore.entries answer for the merged view reached it`);
    prove(got.at(-1) === merged, `${what}: the page received ${got.at(-1)} merged entries, the image has ${merged}`);
  }
  return ms;
}

export interface PaintFigures {
  /** Median of the samples switching back to the merged view (the one on opening in smoke mode). */
  ms: number;
  /** The first paint, on opening: the whole explorer view mounts with the tree. */
  openMs: number;
  spread: number;
  rounds: number;
}

/** Opens the explorer on `ref` in a fresh page and times the merged tree's paint until steady. */
export async function measureTreePaint(browser: CdpBrowser, url: string, ref: string, merged: number): Promise<PaintFigures> {
  const page = await browser.open(url, WATCH_ENTRIES);
  try {
    await openFromRow(page, ref);
    // The first sample: the merged view the explorer shows once the image is indexed.
    const first = await span(page, merged, `opening ${ref}`, INDEX_WAIT_MS);
    console.log(`tree paint on opening (${merged} merged entries): ${first.toFixed(1)} ms`);
    if (!SMOKE) {
      const result = await steadyRounds(
        roundsPlan(6, 18),
        async (i) => {
          await page.evaluate(CLEAR);
          prove(await page.evaluate<boolean>(select('explore-layer-0')), 'the layer list has no layer 0 (#explore-layer-0)');
          await span(page, undefined, 'switching to layer 0');
          await page.evaluate(CLEAR);
          prove(await page.evaluate<boolean>(select('explore-layer-merged')), 'the layer list has no merged view (#explore-layer-merged)');
          const ms = await span(page, merged, 'switching back to the merged view');
          console.log(`tree paint round ${i + 1}: ${ms.toFixed(1)} ms`);
          return ms;
        },
        (ms) => ms,
      );
      return { ms: median(result.used), openMs: first, spread: result.spread, rounds: result.all.length + 1 };
    }
    return { ms: first, openMs: first, spread: 1, rounds: 1 };
  } finally {
    await page.close();
  }
}
