// The page half of `npm run bench:list`: the built renderer in Chromium (list-cdp.ts) through the
// loopback bridge, on the same engine. Paint: a tag is added to (then removed from) the engine,
// whose events make the page list again; once the page has received a list with the change (seen
// by a listener on its WebSocket, not inferred from a mark), the span from the answer's arrival
// ('stevedore:images-data', images-slice.ts) to the rows painted ('stevedore:images-painted',
// ImageGrid.tsx) is read from the page's marks. A mark a later change stops emitting fails the
// bench after a bounded wait, naming it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BenchFailure, prove } from './bench-kit';
import type { CdpBrowser, CdpPage } from './list-cdp';
import { PACKED_IMAGE_LIST } from '../../shared/image-list-packing';

const ROOT = resolve(import.meta.dirname, '../..');
/** Marks the paint span starts and ends at (read by this bench only). */
export const DATA_MARK = 'stevedore:images-data';
export const PAINT_MARK = 'stevedore:images-painted';
/** A list with the change must reach the page within this (engine event, pacing, a 20,000-row list). */
const CHANGE_WAIT_MS = 60_000;
/** Once the page has the changed rows, its marks must follow within this. */
const MARK_WAIT_MS = 15_000;
/** The first list of a fresh page (20,000 rows on a loaded machine). */
const GRID_WAIT_MS = 120_000;

/** Newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The built renderer the bench serves: STEVEDORE_RENDERER_DIR as it is, else dist/renderer, built
 * (npm run build:renderer) when missing or older than its sources (renderer/, shared/), as the
 * browser tests do: never a 404, never yesterday's grid measured as today's.
 */
export function rendererDir(): string {
  const asked = process.env.STEVEDORE_RENDERER_DIR;
  if (asked) {
    prove(existsSync(join(asked, 'index.html')), `STEVEDORE_RENDERER_DIR=${asked} holds no index.html: point it at a built renderer`);
    return resolve(asked);
  }
  const dir = join(ROOT, 'dist/renderer');
  const index = join(dir, 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return dir;
  console.log(`dist/renderer is ${existsSync(index) ? 'older than its sources' : 'missing'}: building it (npm run build:renderer)…`);
  try {
    execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    throw new BenchFailure('building the renderer failed: run npm run build and read its errors');
  }
  prove(existsSync(index), 'npm run build:renderer wrote no dist/renderer/index.html');
  return dir;
}

/**
 * Runs before the page's own scripts: a listener on every WebSocket the page opens notes when an
 * images.list answer arrives that holds (or, `present: false`, no longer holds) the text the bench
 * waits for. Registered before the transport's own handler, so its look at the answer is done
 * before the data mark is set. A string: the page has no DOM types here, and tsx would give a
 * function helpers the page lacks.
 */
const WATCH_ANSWERS = `(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const want = window.__benchWant;
        if (!want || window.__benchSeen || typeof e.data !== 'string') return;
        if (!e.data.startsWith('{"type":"result"')) return;
        let has;
        if (e.data.includes('"rows":[')) has = e.data.includes(want.text);
        else if (e.data.includes(${JSON.stringify(`"packed":"${PACKED_IMAGE_LIST}"`)})) {
          // The bridge's packed list (shared/image-list-packing.ts) has no row keys: rebuild |repository|tag|.
          const v = JSON.parse(e.data).result.value;
          has = false;
          for (let i = 0; i < v.cells.length && !has; i += 3) has = '|' + v.names[v.cells[i]] + '|' + v.cells[i + 1] + '|' === want.text;
        } else return;
        if (has === want.present) window.__benchSeen = performance.now();
      });
    }
  };
})()`;

export interface GridPage {
  page: CdpPage;
  close(): Promise<void>;
}

const PAGE_STATE = `(() => {
  const g = document.querySelector('[role="grid"]');
  const alert = document.querySelector('[role="alert"]')?.textContent ?? '';
  return 'grid=' + (g ? 'rows ' + (Number(g.getAttribute('aria-rowcount')) - 1) : 'absent') + ' alert="' + alert.slice(0, 200) + '"';
})()`;
const GRID_ROWS = `Number(document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount') ?? 0) - 1`;

/** What the page shows, for a failure message. */
export async function pageState(grid: GridPage): Promise<string> {
  const state = await grid.page.evaluate<string>(PAGE_STATE).catch((err: unknown) => `page not readable (${String(err)})`);
  const errors = grid.page.errors;
  return `${state}${errors.length ? `; page errors: ${errors.slice(0, 5).join(' | ')}` : ''}`;
}

/** The rows the grid says it holds (aria-rowcount minus the header). */
export const gridRows = (page: CdpPage): Promise<number> => page.evaluate<number>(GRID_ROWS);

/** A fresh page on the bridge, waited on until its grid lists at least `atLeast` rows. */
export async function openGrid(browser: CdpBrowser, url: string, atLeast: number): Promise<GridPage> {
  const page = await browser.open(url, WATCH_ANSWERS);
  const grid: GridPage = { page, close: () => page.close() };
  const deadline = Date.now() + GRID_WAIT_MS;
  while ((await gridRows(page).catch(() => -1)) < atLeast) {
    if (Date.now() > deadline)
      throw new BenchFailure(
        `the Images grid never showed ${atLeast} rows within ${GRID_WAIT_MS / 1000} s of opening ${new URL(url).origin} (is ${rendererDir()} a built renderer?): ${await pageState(grid)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
  return grid;
}

/**
 * Reads the paint span of the list the page just received: the last data mark and the first
 * painted mark after it. A string run in the page (tsx would give a function helpers the page lacks).
 */
const READ_MARKS = `(() => {
  const data = performance.getEntriesByName(${JSON.stringify(DATA_MARK)}).at(-1);
  if (!data) return { data: false, painted: false };
  const painted = performance.getEntriesByName(${JSON.stringify(PAINT_MARK)}).find((m) => m.startTime >= data.startTime);
  return { data: true, painted: !!painted, ms: painted ? painted.startTime - data.startTime : 0 };
})()`;

const CLEAR_MARKS = `(() => { performance.clearMarks(${JSON.stringify(DATA_MARK)}); performance.clearMarks(${JSON.stringify(PAINT_MARK)}); })()`;

/** What the page's answer listener waits for: `text` in a list answer (or, `present: false`, not). */
export interface AnswerWanted {
  text: string;
  present: boolean;
}

async function untilTrue(what: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await what()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One paint sample: `change()` alters the engine's data; the page must receive a list that shows
 * the change (`wanted`), then the marks must say when that data arrived and when its rows painted.
 */
export async function paintSample(grid: GridPage, change: () => Promise<void>, wanted: AnswerWanted, what: string): Promise<number> {
  const { page } = grid;
  await page.evaluate(`(() => { ${CLEAR_MARKS}; window.__benchSeen = undefined; window.__benchWant = ${JSON.stringify(wanted)}; })()`);
  await change();
  if (!(await untilTrue(() => page.evaluate<boolean>('window.__benchSeen !== undefined'), CHANGE_WAIT_MS)))
    throw new BenchFailure(
      `the page received no list ${what} within ${CHANGE_WAIT_MS / 1000} s of the change on the engine (images.changed events not delivered?): ${await pageState(grid)}`,
    );
  let marks = { data: false, painted: false, ms: 0 };
  const painted = await untilTrue(async () => {
    marks = await page.evaluate<typeof marks>(READ_MARKS);
    return marks.painted;
  }, MARK_WAIT_MS);
  if (painted) return marks.ms;
  const missing = marks.data
    ? `the mark '${PAINT_MARK}' (renderer/src/features/images/ImageGrid.tsx)`
    : `the mark '${DATA_MARK}' (renderer/src/features/images/images-slice.ts)`;
  throw new BenchFailure(
    `the page received a list ${what} but ${missing} never came within ${MARK_WAIT_MS / 1000} s: the paint span cannot be measured; ${await pageState(grid)}`,
  );
}
