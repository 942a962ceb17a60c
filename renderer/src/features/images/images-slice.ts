// Owns the Images view's state: the rows core listed, the CLI options and filters they were listed
// with, the client-side view (text filter + sort) and the selection.
import type { ContractError, ImageRow, RequestOf, ResponseOf, Result } from '../../../../shared/contract';
import { IMAGE_FORMAT_MAX_ROWS } from '../../../../shared/format-limits';
import { BRIDGE_MAX_FRAME_BYTES } from '../../../../shared/bridge-protocol';
import {
  buildFilterStrings,
  rowsInScope,
  type CopyScope,
  emptyFilters,
  nextSort,
  reuseRows,
  sameItems,
  type ImageFilters,
  type SortColumn,
  type SortState,
} from './image-view';
import { createViewCache } from './view-cache';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface ImageOptions {
  /** `-a` */
  all: boolean;
  /** `--digests` */
  digests: boolean;
  /** `--no-trunc` (display and copy only; no re-list needed). */
  noTrunc: boolean;
}

export type SelectMode = 'only' | 'toggle' | 'range';

export interface ImagesSlice {
  rows: ImageRow[];
  imageCount: number;
  /** What the grid shows: rows text-filtered and sorted. */
  view: ImageRow[];
  loading: boolean;
  /** The last list failed (rows are then empty). */
  error: ContractError | null;
  /** Has a list ever answered? */
  loaded: boolean;
  /** "now" for CREATED: the time of the last list, so relative times match what was listed. */
  nowMs: number;
  options: ImageOptions;
  filters: ImageFilters;
  text: string;
  sort: SortState | null;
  selection: ReadonlySet<string>;
  /** Where a shift-click range starts. */
  anchor: string | null;
  /** The keyboard cursor (row key). */
  cursor: string | null;

  /**
   * Lists now (or right after the list in flight, whose answer may predate the request).
   * Resolves once a list started after the call has answered.
   */
  refresh(): Promise<void>;
  /**
   * Core said images changed: lists again as soon as the pacing allows (relistGap after the last
   * list), one list for any number of calls meanwhile.
   */
  invalidate(): void;
  setOption<K extends keyof ImageOptions>(name: K, value: ImageOptions[K]): void;
  setFilters(patch: Partial<ImageFilters>): void;
  clearFilters(): void;
  setText(text: string): void;
  toggleSort(column: SortColumn): void;
  select(key: string, mode: SelectMode): void;
  selectAll(): void;
  clearSelection(): void;
  /** Moves the cursor; `extend` grows the selection from the anchor, otherwise selects only that row. */
  moveCursor(index: number, extend: boolean): void;
  /**
   * `docker images` with the current options and filters, rendered by core (quiet and/or --format);
   * with a `scope` other than 'all', only the rows shown or selected, in the grid's order.
   */
  format(opts: { quiet?: boolean; format?: string; scope?: CopyScope }): Promise<Result<ResponseOf<'images.format'>>>;
  /** Refreshes the clock used for CREATED without re-listing. */
  touchClock(): void;
  /** Lists with the view's -a and these `--filter` values, one row per tag, leaving the view alone (Copy as's `until` note). */
  listWith(filters: string[]): Promise<Result<ResponseOf<'images.list'>>>;
}

/** The shortest pause between the end of a list and an event-driven re-list. */
export const RELIST_MIN_GAP_MS = 300;
/** The longest: a list stays at most this stale (plus a list's duration) behind a change. */
export const RELIST_MAX_GAP_MS = 5_000;

/**
 * Pause after a list that took `lastMs` before change events may list again: twice its duration,
 * so a slow list (5,000 rows on a busy engine) takes at most a third of the time, never back to back.
 */
export const relistGap = (lastMs: number): number => Math.min(RELIST_MAX_GAP_MS, Math.max(RELIST_MIN_GAP_MS, 2 * lastMs));

/** A request naming rows must fit one bridge frame (the browser preview's transport). */
const MAX_REQUEST_BYTES = BRIDGE_MAX_FRAME_BYTES - 4096;

function listRequest(s: Pick<ImagesSlice, 'options' | 'filters'>): RequestOf<'images.list'> {
  return { all: s.options.all, digests: s.options.digests, filters: buildFilterStrings(s.filters) };
}

export const createImagesSlice: SliceCreator<'images'> = (set, get, deps) => {
  const patch = patcher(set, get, 'images');
  const images = () => get().images;
  const now = deps.now ?? Date.now;
  // Pacing of lists (wall clock, not deps.now, which tests freeze for CREATED).
  let inFlight = false;
  /** Another list is wanted once the one in flight (or the pause after it) is over. */
  let dirty = false;
  /** ...and someone asked for it explicitly: no pause. */
  let urgent = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastEnd = -Infinity;
  let lastMs = 0;
  /** refresh() callers waiting for the next list to answer. */
  let waiters: (() => void)[] = [];

  /** The new view, or the current array when it shows the same rows (the grid then skips rendering). */
  const viewFor = createViewCache();
  const withView = (rows: ImageRow[], text: string, sort: SortState | null) => {
    const view = viewFor(rows, text, sort);
    const current = images().view;
    return sameItems(view, current) ? current : view;
  };

  /** Lists once; false when the answer was dropped because the options changed meanwhile. */
  const listOnce = async (): Promise<boolean> => {
    const request = listRequest(images());
    const key = JSON.stringify(request);
    patch({ loading: true });
    const result = await deps.api.invoke('images.list', request);
    // The answer is in the renderer: the start of the span `npm run bench:list` times to painted rows.
    const arrived = globalThis.performance?.now?.();
    // Options changed while we waited: this answer is for a question nobody asks any more.
    if (JSON.stringify(listRequest(images())) !== key) return false;
    const s = images();
    if (result.ok) {
      // The same array only when every row is unchanged (never after an error: then rows were []).
      const rows = reuseRows(s.rows, result.value.rows);
      if (rows === s.rows) {
        // Nothing changed: no new view, no grid render; only the clock for CREATED moves on.
        patch({ loading: false, imageCount: result.value.imageCount, nowMs: now() });
        return true;
      }
      // Marked only for rows that changed (an unchanged list paints nothing), dated at the answer's
      // arrival so the diff above counts too. bench:list fails loudly, naming it, if it goes.
      if (arrived !== undefined) globalThis.performance?.mark?.('stevedore:images-data', { startTime: arrived });
      // Only when something points at rows (a set of 20,000 keys is time before the paint).
      const pointed = s.selection.size > 0 || s.anchor !== null || s.cursor !== null;
      const keys = pointed ? new Set(rows.map((r) => r.key)) : new Set<string>();
      const selection = pointed ? new Set([...s.selection].filter((k) => keys.has(k))) : s.selection;
      patch({
        rows,
        imageCount: result.value.imageCount,
        view: withView(rows, s.text, s.sort),
        loading: false,
        loaded: true,
        error: null,
        nowMs: now(),
        selection: selection.size === s.selection.size ? s.selection : selection,
        anchor: s.anchor && keys.has(s.anchor) ? s.anchor : null,
        cursor: s.cursor && keys.has(s.cursor) ? s.cursor : null,
      });
    } else {
      patch({
        rows: [],
        imageCount: 0,
        view: [],
        loading: false,
        loaded: true,
        error: result.error,
        selection: new Set(),
        anchor: null,
        cursor: null,
      });
    }
    return true;
  };

  const run = async () => {
    inFlight = true;
    dirty = false;
    urgent = false;
    let answered = waiters;
    waiters = [];
    const started = Date.now();
    try {
      if (!(await listOnce())) {
        // The answer was dropped: whoever waited for it waits for the list that replaces it, now.
        waiters = [...answered, ...waiters];
        answered = [];
        dirty = urgent = true;
      }
    } finally {
      lastEnd = Date.now();
      lastMs = lastEnd - started;
      inFlight = false;
      for (const done of answered) done();
      schedule();
    }
  };

  /** Starts the wanted list when nothing is in flight and the pause after the last one is over. */
  const schedule = () => {
    if (inFlight || !dirty) return;
    const wait = urgent ? 0 : lastEnd + relistGap(lastMs) - Date.now();
    if (wait <= 0) {
      clearTimeout(timer);
      timer = undefined;
      void run();
    } else if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        if (!inFlight && dirty) void run();
      }, wait);
    }
  };

  const keysOfView = () => images().view.map((r) => r.key);

  return {
    rows: [],
    imageCount: 0,
    view: [],
    loading: false,
    error: null,
    loaded: false,
    nowMs: now(),
    options: { all: false, digests: false, noTrunc: false },
    filters: emptyFilters,
    text: '',
    sort: null,
    selection: new Set(),
    anchor: null,
    cursor: null,

    refresh() {
      // One list at a time; requests arriving meanwhile collapse into one more list afterwards.
      const answered = new Promise<void>((resolve) => waiters.push(resolve));
      dirty = urgent = true;
      schedule();
      return answered;
    },

    invalidate() {
      dirty = true;
      schedule();
    },

    setOption(name, value) {
      const s = images();
      if (s.options[name] === value) return;
      patch({ options: { ...s.options, [name]: value } });
      if (name !== 'noTrunc') void images().refresh();
    },

    setFilters(p) {
      const s = images();
      const filters = { ...s.filters, ...p };
      const before = JSON.stringify(buildFilterStrings(s.filters));
      patch({ filters });
      if (JSON.stringify(buildFilterStrings(filters)) !== before) void images().refresh();
    },

    clearFilters() {
      images().setFilters(emptyFilters);
    },

    setText(text) {
      const s = images();
      patch({ text, view: withView(s.rows, text, s.sort) });
    },

    toggleSort(column) {
      const s = images();
      const sort = nextSort(s.sort, column);
      patch({ sort, view: withView(s.rows, s.text, sort) });
    },

    select(key, mode) {
      const s = images();
      if (mode === 'only') {
        patch({ selection: new Set([key]), anchor: key, cursor: key });
      } else if (mode === 'toggle') {
        const selection = new Set(s.selection);
        if (selection.has(key)) selection.delete(key);
        else selection.add(key);
        patch({ selection, anchor: key, cursor: key });
      } else {
        const keys = keysOfView();
        const to = keys.indexOf(key);
        const from = s.anchor ? keys.indexOf(s.anchor) : -1;
        if (from < 0 || to < 0) {
          patch({ selection: new Set([key]), anchor: key, cursor: key });
          return;
        }
        const [lo, hi] = from <= to ? [from, to] : [to, from];
        patch({ selection: new Set(keys.slice(lo, hi + 1)), cursor: key });
      }
    },

    selectAll() {
      patch({ selection: new Set(keysOfView()) });
    },

    clearSelection() {
      patch({ selection: new Set(), anchor: null });
    },

    moveCursor(index, extend) {
      const view = images().view;
      if (view.length === 0) return;
      const i = Math.max(0, Math.min(view.length - 1, index));
      const key = view[i].key;
      if (extend) images().select(key, 'range');
      else images().select(key, 'only');
    },

    async format({ quiet = false, format, scope = 'all' }) {
      const s = images();
      const only = rowsInScope(s, scope);
      // Nothing shown or selected: nothing to copy (core would print every row for no rows).
      if (only && only.length === 0) return { ok: true, value: { text: '' } };
      const request: RequestOf<'images.format'> = {
        ...listRequest(s),
        noTrunc: s.options.noTrunc,
        quiet,
        ...(format !== undefined && format !== '' ? { format } : {}),
        ...(only ? { rows: only.map((r) => r.key) } : {}),
      };
      if (only && (only.length > IMAGE_FORMAT_MAX_ROWS || new TextEncoder().encode(JSON.stringify(request)).length > MAX_REQUEST_BYTES)) {
        return {
          ok: false,
          error: {
            code: 'INVALID_ARGUMENT',
            message: `Too many rows to copy one by one (${only.length}): choose all rows, which copies exactly what docker images prints.`,
          },
        };
      }
      return deps.api.invoke('images.format', request);
    },

    touchClock() {
      patch({ nowMs: now() });
    },

    listWith(filters) {
      return deps.api.invoke('images.list', { all: images().options.all, digests: false, filters });
    },
  };
};
