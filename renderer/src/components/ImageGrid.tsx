// Owns the virtualized image table: an ARIA grid with sortable headers, multi-select and keyboard navigation.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageRow } from '../../../shared/contract';
import { createdText, idText, sizeText } from '../format';
import type { SortColumn } from '../store/image-view';
import type { SelectMode } from '../store/images-slice';
import { useApp, useAppStore } from '../store/use-app';
import { handleGridContextMenu, handleGridEditKey } from './edit-grid';
import { handleGridDoubleClick } from './detail-grid';
import { SortIcon } from './icons';

export const ROW_HEIGHT = 32;
export const HEADER_HEIGHT = 34;

type Column = SortColumn;

/** The CLI's column order: REPOSITORY TAG [DIGEST] IMAGE ID CREATED SIZE. */
const columnsFor = (digests: boolean): Column[] =>
  digests ? ['repository', 'tag', 'digest', 'id', 'created', 'size'] : ['repository', 'tag', 'id', 'created', 'size'];

/** Minimum width (rem) and share of the spare width (fr; 0 = fixed) of each column. */
const trackFor = (c: Column, noTrunc: boolean): [number, number] => {
  switch (c) {
    case 'repository':
      return [14, 3];
    case 'tag':
      return [6, 1];
    case 'digest':
      return [14, 3];
    case 'id':
      // 12 hex characters, or the whole `sha256:` + 64 hex with --no-trunc.
      return noTrunc ? [37, 0] : [9, 0];
    case 'created':
      return [10, 0];
    case 'size':
      return [6, 0];
  }
};

/**
 * Every row is its own CSS grid, so the tracks must not depend on a row's content: fixed minimums
 * plus fr shares of one common width keep all rows (and the header) aligned.
 */
function gridTemplate(columns: Column[], noTrunc: boolean): { template: string; minWidth: string } {
  const tracks = columns.map((c) => trackFor(c, noTrunc));
  const template = tracks.map(([min, fr]) => (fr ? `minmax(${min}rem, ${fr}fr)` : `${min}rem`)).join(' ');
  return { template, minWidth: `${tracks.reduce((sum, [min]) => sum + min, 0)}rem` };
}

const rowDomId = (index: number) => `image-row-${index}`;

function cellText(row: ImageRow, c: Column, noTrunc: boolean, nowMs: number): string {
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
      return createdText(row.created, nowMs);
    case 'size':
      return sizeText(row.size);
  }
}

interface RowProps {
  row: ImageRow;
  index: number;
  top: number;
  columns: Column[];
  selected: boolean;
  isCursor: boolean;
  noTrunc: boolean;
  nowMs: number;
  onSelect: (key: string, mode: SelectMode) => void;
}

const GridRow = memo(function GridRow({ row, index, top, columns, selected, isCursor, noTrunc, nowMs, onSelect }: RowProps) {
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
        const text = cellText(row, c, noTrunc, nowMs);
        return (
          <div
            key={c}
            role="gridcell"
            aria-colindex={ci + 1}
            className={`cell cell-${c}${text === '<none>' ? ' none' : ''}`}
            title={text}
          >
            {text}
          </div>
        );
      })}
    </div>
  );
});

export function ImageGrid() {
  const { t } = useTranslation();
  const store = useAppStore();
  const view = useApp((s) => s.images.view);
  const selection = useApp((s) => s.images.selection);
  const cursor = useApp((s) => s.images.cursor);
  const digests = useApp((s) => s.images.options.digests);
  const noTrunc = useApp((s) => s.images.options.noTrunc);
  const nowMs = useApp((s) => s.images.nowMs);
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
  const { template, minWidth } = gridTemplate(columns, noTrunc);
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

  const ariaSort = (c: Column) =>
    sort?.column === c ? (sort.direction === 'asc' ? 'ascending' : 'descending') : ('none' as const);

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
      onContextMenu={(e) => handleGridContextMenu(e, store)}
      onDoubleClick={(e) => handleGridDoubleClick(e, store)}
    >
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
              onSelect={onSelect}
            />
          );
        })}
      </div>
    </div>
  );
}
