// Owns the virtualized image table: an ARIA grid with sortable headers, multi-select and keyboard navigation.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageRow } from '../../../../shared/contract';
import { createdAgo } from '../../i18n/relative-time';
import type { SelectMode } from './images-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { handleGridContextMenu, handleGridEditKey } from '../edit/edit-grid';
import { handleGridDoubleClick } from '../detail/detail-grid';
import { cellText, columnsFor, gridTemplate, widthSamples, type Column } from './grid-columns';
import { SortIcon } from '../../ui/icons';
import { useNow } from '../../ui/use-now';
import { newerKey } from '../updates/updates-model';

export const ROW_HEIGHT = 32;
export const HEADER_HEIGHT = 34;

const rowDomId = (index: number) => `image-row-${index}`;

interface RowProps {
  row: ImageRow;
  index: number;
  top: number;
  columns: Column[];
  selected: boolean;
  isCursor: boolean;
  noTrunc: boolean;
  nowMs: number;
  /** The UI language: CREATED is the CLI's English in English, the same amount in words elsewhere. */
  language: string;
  /** Update detection's kept answer says the registry has a newer image for this tag: the mark's words (the grid asks nothing). */
  newerMark: string | null;
  onSelect: (key: string, mode: SelectMode) => void;
}

/**
 * A row re-renders when the clock moves only if its CREATED text changes: once a second the visible
 * rows compare one string each, and the few whose text moved on render again.
 */
const sameRowProps = (a: RowProps, b: RowProps): boolean => {
  for (const k of Object.keys(a) as (keyof RowProps)[]) {
    if (k !== 'nowMs' && a[k] !== b[k]) return false;
  }
  return a.nowMs === b.nowMs || createdAgo(a.row.created, a.nowMs, a.language) === createdAgo(b.row.created, b.nowMs, b.language);
};

const GridRow = memo(function GridRow({
  row,
  index,
  top,
  columns,
  selected,
  isCursor,
  noTrunc,
  nowMs,
  language,
  newerMark,
  onSelect,
}: RowProps) {
  const onClick = (e: MouseEvent) => {
    onSelect(row.key, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only');
  };
  return (
    <div
      role="row"
      id={rowDomId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${selected ? ' selected' : ''}${isCursor ? ' cursor' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      // Shift-click extends the selection; keep the browser from selecting text instead.
      onMouseDown={(e) => e.shiftKey && e.preventDefault()}
      onClick={onClick}
    >
      {columns.map((c, ci) => {
        const text = cellText(row, c, noTrunc, nowMs, language);
        const mark = newerMark !== null && c === 'tag';
        return (
          <div
            key={c}
            role="gridcell"
            aria-colindex={ci + 1}
            className={`cell cell-${c}${text === '<none>' ? ' none' : ''}${mark ? ' has-update' : ''}`}
            title={mark ? `${text} — ${newerMark}` : text}
            // The cell's name stays the tag (people and tests find rows by it); the mark's words describe it.
            aria-description={mark ? (newerMark ?? undefined) : undefined}
          >
            {text}
            {mark && (
              <span className="update-mark" data-testid="update-mark" aria-hidden="true">
                ↑
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}, sameRowProps);

/**
 * Off-screen copies of the header and of each column's widest texts, in the cells' own classes, so
 * the widths come from the fonts in use; measured after each change of the view, before painting.
 */
function useColumnWidths(columns: Column[], samples: Record<Column, string[]>, headers: Record<Column, string>) {
  const measureRef = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Partial<Record<Column, number>>>({});
  const key = JSON.stringify([columns, samples, headers]);
  useLayoutEffect(() => {
    const el = measureRef.current;
    if (!el) return;
    const next: Partial<Record<Column, number>> = {};
    for (const group of el.querySelectorAll<HTMLElement>('[data-column]')) {
      const c = group.dataset.column as Column;
      let w = 0;
      for (const child of group.querySelectorAll<HTMLElement>('[data-measure]')) w = Math.max(w, child.getBoundingClientRect().width);
      // A pixel of slack: sub-pixel text must not tip into an ellipsis.
      next[c] = Math.ceil(w) + 1;
    }
    setWidths((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, [key]);
  const measure = (
    <div ref={measureRef} className="grid-measure" aria-hidden="true">
      {columns.map((c) => (
        <div key={c} data-column={c}>
          <div className="header-row">
            <div className={`cell cell-${c}`}>
              <span className="sort-button" data-measure>
                <span>{headers[c]}</span>
                <SortIcon sortState="asc" />
              </span>
            </div>
          </div>
          {samples[c].map((text) => (
            <div key={text} className={`cell cell-${c}`} data-measure>
              {text}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
  return { widths, measure };
}

export function ImageGrid() {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const view = useApp((s) => s.images.view);
  const selection = useApp((s) => s.images.selection);
  const cursor = useApp((s) => s.images.cursor);
  const digests = useApp((s) => s.images.options.digests);
  const newer = useApp((s) => s.updates.newer);
  const noTrunc = useApp((s) => s.images.options.noTrunc);
  const listedAt = useApp((s) => s.images.nowMs);
  // One clock for the whole grid: CREATED reads as the CLI would print it now, not at the last list.
  const ticking = useNow(1000);
  const nowMs = Math.max(listedAt, ticking);
  const sort = useApp((s) => s.images.sort);

  const scrollRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    // End of the span started at 'stevedore:images-data': the frame after this commit is painted
    // when a task queued from requestAnimationFrame runs. Read only by the list benchmark.
    const raf = globalThis.requestAnimationFrame;
    if (!raf) return;
    performance.mark('stevedore:images-committed');
    raf(() => setTimeout(() => performance.mark('stevedore:images-painted'), 0));
  }, [view]);
  // Stable while the view is: the virtualizer rebuilds its 5,000 measurements when this changes.
  const getItemKey = useCallback((i: number) => view[i]?.key ?? i, [view]);
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: 6,
    // The sticky header sits inside the scroll element, above the rows.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    useFlushSync: false,
  });

  const columns = useMemo(() => columnsFor(digests), [digests]);
  const language = i18n.resolvedLanguage ?? i18n.language;
  const samples = useMemo(() => widthSamples(view, columns, noTrunc, language), [view, columns, noTrunc, language]);
  const headers = Object.fromEntries(columns.map((c) => [c, t(`images.columns.${c}`)])) as Record<Column, string>;
  const { widths, measure } = useColumnWidths(columns, samples, headers);
  const { template, minWidth } = gridTemplate(columns, widths);
  const cursorIndex = cursor ? view.findIndex((r) => r.key === cursor) : -1;

  const onSelect = useCallback((key: string, mode: SelectMode) => store.getState().images.select(key, mode), [store]);

  const moveTo = (index: number, extend: boolean) => {
    if (view.length === 0) return;
    const i = Math.max(0, Math.min(view.length - 1, index));
    store.getState().images.moveCursor(i, extend);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed in the header's sort buttons keep their own meaning.
    if ((e.target as HTMLElement).closest('[role="columnheader"]')) return;
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const at = cursorIndex;
    const extend = e.shiftKey;
    const images = store.getState().images;
    if (handleGridEditKey(e, store)) {
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        moveTo(at < 0 ? 0 : at + 1, extend);
        break;
      case 'ArrowUp':
        moveTo(at < 0 ? 0 : at - 1, extend);
        break;
      case 'Home':
        moveTo(0, extend);
        break;
      case 'End':
        moveTo(view.length - 1, extend);
        break;
      case 'PageDown':
        moveTo(at < 0 ? page : at + page, extend);
        break;
      case 'PageUp':
        moveTo(at < 0 ? 0 : at - page, extend);
        break;
      case ' ':
        if (at >= 0) images.select(view[at].key, 'toggle');
        break;
      case 'Enter':
        // The keyboard's double-click: the row's details.
        if (at < 0 || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
        store.getState().detail.openRow(view[at].key, 'history');
        break;
      case 'Escape':
        if (images.selection.size === 0) return;
        images.clearSelection();
        break;
      case 'a':
      case 'A':
        if (!(e.ctrlKey || e.metaKey)) return;
        images.selectAll();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const ariaSort = (c: Column) => (sort?.column === c ? (sort.direction === 'asc' ? 'ascending' : 'descending') : ('none' as const));

  const items = virtualizer.getVirtualItems();
  // Excludes scrollMargin already: the height of the rows alone.
  const totalHeight = virtualizer.getTotalSize();

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={t('images.grid')}
      aria-rowcount={view.length + 1}
      aria-colcount={columns.length}
      aria-multiselectable="true"
      // Only point at a row that exists: scrolled-away rows are not in the DOM.
      aria-activedescendant={items.some((i) => i.index === cursorIndex) ? rowDomId(cursorIndex) : undefined}
      tabIndex={0}
      className={`image-grid${noTrunc ? ' no-trunc' : ''}`}
      style={{ ['--grid-columns' as string]: template, ['--grid-min-width' as string]: minWidth }}
      onKeyDown={onKeyDown}
      // The pinned REPOSITORY column narrows while the grid is scrolled sideways (grid.css); an
      // attribute React does not own, so a re-render keeps it.
      onScroll={(e) => e.currentTarget.toggleAttribute('data-scrolled-x', e.currentTarget.scrollLeft > 0)}
      onContextMenu={(e) => handleGridContextMenu(e, store)}
      onDoubleClick={(e) => handleGridDoubleClick(e, store)}
    >
      {measure}
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row header-row">
          {columns.map((c, ci) => {
            const dir = sort?.column === c ? sort.direction : null;
            return (
              <div key={c} role="columnheader" aria-colindex={ci + 1} aria-sort={ariaSort(c)} className={`cell cell-${c}`}>
                <button type="button" className="sort-button" onClick={() => store.getState().images.toggleSort(c)}>
                  <span>{t(`images.columns.${c}`)}</span>
                  <SortIcon sortState={dir} />
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: Math.max(0, totalHeight) }}>
        {items.map((item) => {
          const row = view[item.index];
          if (!row) return null;
          return (
            <GridRow
              key={item.key}
              row={row}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              columns={columns}
              selected={selection.has(row.key)}
              isCursor={item.index === cursorIndex}
              noTrunc={noTrunc}
              nowMs={nowMs}
              language={language}
              newerMark={newer.has(newerKey(`${row.repository}:${row.tag}`, row.id)) ? t('updates.mark') : null}
              onSelect={onSelect}
            />
          );
        })}
      </div>
    </div>
  );
}
