// Owns the quick filter's speed over many rows: the views made for the current rows and sort are
// kept by filter text, so a key typed forward filters only the rows the text before it left, and a
// key erased returns a view already made. With 20,000 rows every key filtered all of them and the
// page answered typing late (`npm run bench:list`, BENCH list-input).
import type { ImageRow } from '../../../../shared/contract';
import { computeView, textTerms, type SortState } from './image-view';

/** Views kept per rows and sort: a word typed and erased again, a key at a time. */
const KEPT_VIEWS = 24;

/**
 * A text narrows an earlier one when each earlier term is inside one of its terms: every row that
 * holds all its terms holds all the earlier ones, so its view is the earlier view filtered, in the
 * same order (filtering keeps the sorted order).
 */
function narrows(earlier: readonly string[], terms: readonly string[]): boolean {
  return earlier.every((e) => terms.some((t) => t.includes(e)));
}

export type ViewFor = (rows: ImageRow[], text: string, sort: SortState | null) => ImageRow[];

/** computeView, with the views of the same rows and sort reused; forgotten when either changes. */
export function createViewCache(): ViewFor {
  let rowsOf: ImageRow[] | undefined;
  let sortOf: SortState | null = null;
  /** Terms joined by one space -> the view; insertion order is the eviction order. */
  let views = new Map<string, { terms: string[]; view: ImageRow[] }>();

  return (rows, text, sort) => {
    if (rows !== rowsOf || sort !== sortOf) {
      rowsOf = rows;
      sortOf = sort;
      views = new Map();
    }
    const terms = textTerms(text);
    const key = terms.join(' ');
    const kept = views.get(key);
    if (kept) return kept.view;
    // The smallest view this text narrows, if any: fewer rows to filter.
    let base: ImageRow[] | undefined;
    for (const v of views.values()) if ((!base || v.view.length < base.length) && narrows(v.terms, terms)) base = v.view;
    const view = base ? computeView(base, text, null) : computeView(rows, text, sort);
    if (views.size >= KEPT_VIEWS) views.delete(views.keys().next().value!);
    views.set(key, { terms, view });
    return view;
  };
}
