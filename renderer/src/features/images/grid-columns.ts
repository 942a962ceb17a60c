// Owns the Images grid's column tracks: each column as wide as its widest value (measured once per
// view, never per row), so `127.0.0.1:5001/…/digest-only` and full digests read whole; the grid
// scrolls sideways, header and body together, when the columns outgrow the window.
import type { ImageRow } from '../../../../shared/contract';
import type { SortColumn } from './image-view';
import { idText, sizeText } from '../../ui/format';
import { createdAgo, timeAgo } from '../../i18n/relative-time';

export type Column = SortColumn;

/** The CLI's column order: REPOSITORY TAG [DIGEST] IMAGE ID CREATED SIZE. */
export const columnsFor = (digests: boolean): Column[] =>
  digests ? ['repository', 'tag', 'digest', 'id', 'created', 'size'] : ['repository', 'tag', 'id', 'created', 'size'];

export function cellText(row: ImageRow, c: Column, noTrunc: boolean, nowMs: number, language = 'en'): string {
  switch (c) {
    case 'repository':
      return row.repository;
    case 'tag':
      return row.tag;
    case 'digest':
      return row.digest;
    case 'id':
      return idText(row.id, noTrunc);
    case 'created':
      return createdAgo(row.created, nowMs, language);
    case 'size':
      return sizeText(row.size, language);
  }
}

/**
 * Ages (seconds) whose CREATED texts are the widest of each unit go-units picks ("Less than a
 * second ago", "59 minutes ago", "hace 59 segundos" ...): CREATED ticks, so its width is that of
 * any time, not of the times shown now; in the UI's language, whose words may be shorter than the
 * CLI's English (a narrow window keeps that room for the other columns).
 */
const CREATED_AGES = [0, 59, 60, 59 * 60, 3600, 47 * 3600, 13 * 86400, 8 * 7 * 86400, 23 * 30 * 86400, 99 * 365 * 86400];

/** How many of a column's longest texts are measured: a proportional font may draw a shorter one wider. */
const SAMPLES_PER_COLUMN = 6;

/** The `n` longest strings (by length), longest first; one pass, whatever the number of rows. */
export function longestTexts(texts: Iterable<string>, n = SAMPLES_PER_COLUMN): string[] {
  const best: string[] = [];
  const seen = new Set<string>();
  for (const text of texts) offerText(best, seen, text, n);
  return best;
}

/** longestTexts' step: `text` joins `best` (kept longest first, distinct, at most n) if it is long enough. */
function offerText(best: string[], seen: Set<string>, text: string, n: number): void {
  if (best.length === n && text.length <= best[n - 1].length) return;
  if (seen.has(text)) return;
  let i = best.length;
  while (i > 0 && best[i - 1].length < text.length) i--;
  best.splice(i, 0, text);
  seen.add(text);
  if (best.length > n) seen.delete(best.pop()!);
}

/**
 * The longest values of a column that shows a row's field as it is (REPOSITORY, TAG, DIGEST). It
 * runs on every change of the view (each key typed in the quick filter, 20,000 rows) and before the
 * first rows paint, while the code is still cold: one plain loop over the rows, no text array, and a
 * value equal to the row before's (rows of one repository come together) is not looked at again.
 */
function longestField(view: readonly ImageRow[], field: 'repository' | 'tag' | 'digest', n = SAMPLES_PER_COLUMN): string[] {
  const best: string[] = [];
  const seen = new Set<string>();
  let previous: string | undefined;
  for (let i = 0; i < view.length; i++) {
    const text = view[i][field];
    if (text === previous) continue;
    previous = text;
    offerText(best, seen, text, n);
  }
  return best;
}

/** SIZE's texts: each distinct size formatted once, not once per row. */
function sizeTexts(view: readonly ImageRow[], language: string): string[] {
  const sizes = new Set<number>();
  for (let i = 0; i < view.length; i++) sizes.add(view[i].size);
  return Array.from(sizes, (size) => sizeText(size, language));
}

/** Per column, the texts whose measured width sets the column's width. */
export function widthSamples(
  view: readonly ImageRow[],
  columns: readonly Column[],
  noTrunc: boolean,
  language = 'en',
): Record<Column, string[]> {
  const out = {} as Record<Column, string[]>;
  for (const c of columns) {
    if (c === 'created') out[c] = CREATED_AGES.map((age) => timeAgo(age, language));
    // Every ID has the same length: one is enough.
    else if (c === 'id') out[c] = view.length ? [cellText(view[0], c, noTrunc, 0)] : [];
    else if (c === 'size') out[c] = longestTexts(sizeTexts(view, language));
    // The other columns show the row's own field (cellText), whatever noTrunc.
    else out[c] = longestField(view, c);
  }
  return out;
}

/**
 * The widest a column grows to its content; longer values are ellipsised, whole in their tooltip.
 * IDs and digests are bounded by their format and never capped.
 */
const MAX_PX: Partial<Record<Column, number>> = { repository: 640, tag: 320 };
/** Share of the spare width when the window is wider than the content (0: exactly its content). */
const SPARE_FR: Partial<Record<Column, number>> = { repository: 3, tag: 1 };

/**
 * Every row is its own CSS grid, so the tracks must not depend on a row's content: one template
 * from the measured widths keeps all rows and the header aligned; the sum is the rows' min-width.
 */
export function gridTemplate(columns: readonly Column[], widthPx: Partial<Record<Column, number>>): { template: string; minWidth: string } {
  let sum = 0;
  const tracks = columns.map((c) => {
    const w = Math.ceil(Math.min(widthPx[c] ?? 0, MAX_PX[c] ?? Infinity));
    sum += w;
    const fr = SPARE_FR[c];
    return fr ? `minmax(${w}px, ${fr}fr)` : `${w}px`;
  });
  return { template: tracks.join(' '), minWidth: `${sum}px` };
}
