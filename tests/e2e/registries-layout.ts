// Geometry of the registries tables as a person sees them: where each column's header text starts
// and ends against its first row's content, and whether a view scrolls sideways.
import type { Locator } from '@playwright/test';

export interface Edges {
  left: number;
  right: number;
  width: number;
}

export interface ColumnEdges {
  /** The table's own left edge. */
  table: number;
  /** Per column: the header's content box and the first body row's (null where it has none). */
  columns: { head: Edges; cell: Edges | null }[];
}

/** The page-side shapes used here (the tests compile without the DOM library). */
interface PageNode {
  querySelectorAll(selector: string): ArrayLike<PageNode>;
  querySelector(selector: string): PageNode | null;
  children: ArrayLike<PageNode>;
  getBoundingClientRect(): Edges;
}
interface PageDocument {
  createRange(): { selectNodeContents(node: PageNode): void; getBoundingClientRect(): Edges };
}

/** The content boxes (text, badges, buttons: a Range over the cell) of the headers and the first row. */
export function columnEdges(table: Locator): Promise<ColumnEdges> {
  return table.evaluate((node) => {
    const el = node as unknown as PageNode;
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    const box = (cell: PageNode): Edges => {
      const range = doc.createRange();
      range.selectNodeContents(cell);
      const b = range.getBoundingClientRect();
      return { left: b.left, right: b.right, width: b.width };
    };
    const heads = Array.from(el.querySelectorAll('thead th'));
    const cells = Array.from(el.querySelector('tbody tr')?.children ?? []);
    return {
      table: el.getBoundingClientRect().left,
      columns: heads.map((h, i) => ({ head: box(h), cell: cells[i] ? box(cells[i]) : null })),
    };
  });
}

/** How far an element's content runs past its box sideways (0: it fits, nothing to scroll). */
export const sidewaysOverflow = (el: Locator): Promise<number> => el.evaluate((e) => e.scrollWidth - e.clientWidth);
