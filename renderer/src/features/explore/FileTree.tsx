// Owns the selected layer's files as an ARIA tree, virtualized (50,000 entries paint as fast as the
// 30 rows in view): arrows, Home/End, PageUp/PageDown and Enter as tree-model.ts rules them; each
// change shows its mark as a symbol and a word beside the colour. Emits the paint mark the explore
// bench ends on, one frame after the rows for newly arrived entries are committed.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry, FileMark } from '../../../../shared/explore';
import { PAINTED_MARK } from './explore-slice';
import { ancestorsOf, buildTree, changedOnly, modeString, nameOf, nodeOf, treeKey, visibleRows, type FileTree as Tree } from './tree-model';
import { useApp, useAppStore } from '../../store/use-app';
import { useSize } from './use-size';

const ROW_HEIGHT = 26;
const INDENT = 16;

const MARK_SYMBOL: Record<FileMark, string> = { added: '+', modified: '~', removed: '−' };

export function MarkBadge({ mark }: { mark: FileMark | undefined }) {
  const { t } = useTranslation();
  if (!mark) return <span className="explore-mark" aria-hidden="true" />;
  return (
    <span className={`explore-mark mark-${mark}`} title={t(`explore.mark.${mark}`)}>
      <span aria-hidden="true">{MARK_SYMBOL[mark]}</span>
      <span className="visually-hidden">{t(`explore.mark.${mark}`)}</span>
    </span>
  );
}

interface RowProps {
  tree: Tree;
  node: number;
  index: number;
  top: number;
  open: boolean;
  cursor: boolean;
  id: string;
  size: (n: number) => string;
  onToggle: (path: string) => void;
  onPick: (index: number) => void;
  onActivate: (entry: FileEntry) => void;
}

const TreeRow = memo(function TreeRow({ tree, node, index, top, open, cursor, id, size, onToggle, onPick, onActivate }: RowProps) {
  const { t } = useTranslation();
  const n = tree.nodes[node]!;
  const e = n.entry;
  const folder = n.children.length > 0;
  // Only the rows drawn exist in the page: their place among their siblings is said, as a tree's must.
  const siblings = n.parent < 0 ? tree.roots : tree.nodes[n.parent]!.children;
  return (
    <div
      role="treeitem"
      id={id}
      aria-level={n.depth + 1}
      aria-setsize={siblings.length}
      aria-posinset={siblings.indexOf(node) + 1}
      aria-expanded={folder ? open : undefined}
      aria-selected={cursor}
      className={`explore-row${cursor ? ' cursor' : ''}${e.mark ? ` row-${e.mark}` : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onPick(index)}
      onDoubleClick={() => (folder ? onToggle(e.path) : onActivate(e))}
    >
      <span className="explore-name" style={{ paddingInlineStart: n.depth * INDENT }}>
        <span
          className={`explore-twisty${folder ? '' : ' leaf'}`}
          aria-hidden="true"
          onClick={(ev) => {
            ev.stopPropagation();
            if (folder) onToggle(e.path);
            onPick(index);
          }}
        >
          {folder ? (open ? '▾' : '▸') : ''}
        </span>
        <MarkBadge mark={e.mark} />
        <span className="explore-file-name mono">
          {nameOf(n)}
          {e.kind === 'dir' ? '/' : ''}
        </span>
        {e.opaque && <span className="explore-opaque">{t('explore.tree.opaque')}</span>}
        {e.linkTarget !== undefined && (
          <span className="explore-link mono">
            {e.kind === 'symlink' ? ' -> ' : ` ${t('explore.tree.hardlink')} `}
            {e.linkTarget}
          </span>
        )}
      </span>
      <span className="explore-size">{e.kind === 'file' ? size(e.size) : ''}</span>
      <span className="explore-mode mono">{n.implied ? '' : modeString(e)}</span>
      <span className="explore-owner mono">{n.implied ? '' : `${e.uid}:${e.gid}`}</span>
    </div>
  );
});

/** Memoized: the toolbar's re-render when the cursor moves must not rebuild the rows. */
export const FileTree = memo(function FileTree({
  entries,
  label,
  onCursor,
}: {
  entries: FileEntry[];
  label: string;
  onCursor: (entry: FileEntry | null) => void;
}) {
  const { t } = useTranslation();
  const store = useAppStore();
  const onlyChanges = useApp((s) => s.explore.onlyChanges && s.explore.layer !== 'merged');
  const reveal = useApp((s) => s.explore.reveal);
  const size = useSize();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [cursor, setCursor] = useState(0);

  const tree = useMemo(() => buildTree(entries), [entries]);
  const keep = useMemo(() => (onlyChanges ? changedOnly(tree) : null), [tree, onlyChanges]);
  const rows = useMemo(() => visibleRows(tree, expanded, keep), [tree, expanded, keep]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    useFlushSync: false,
  });

  // One frame after the rows of newly arrived entries are committed: what the bench calls painted.
  useEffect(() => {
    const id = requestAnimationFrame(() => performance.mark(PAINTED_MARK));
    return () => cancelAnimationFrame(id);
  }, [entries]);

  useEffect(() => setCursor(0), [entries]);

  // A search result: open the folders above it, put the cursor on it and scroll it into view.
  useEffect(() => {
    const target = reveal ? nodeOf(tree, reveal.path) : undefined;
    if (!reveal || target === undefined) return;
    const next = new Set(expanded);
    for (const a of ancestorsOf(reveal.path)) next.add(a);
    setExpanded(next);
    const at = visibleRows(tree, next, keep).indexOf(target);
    if (at >= 0) {
      setCursor(at);
      requestAnimationFrame(() => virtualizer.scrollToIndex(at, { align: 'center' }));
      scrollRef.current?.focus();
    }
  }, [reveal, tree]); // eslint-disable-line react-hooks/exhaustive-deps -- only when asked, or the tree changes under the request

  const at = Math.min(cursor, rows.length - 1);
  const current = at >= 0 ? tree.nodes[rows[at]!]!.entry : null;
  useEffect(() => onCursor(current), [current, onCursor]);

  // Stable, so the memoized rows re-render only when their own props change.
  const toggle = useCallback(
    (path: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(path)) next.delete(path);
        else next.add(path);
        return next;
      }),
    [],
  );
  const activate = useCallback(
    (entry: FileEntry) => {
      if (entry.kind === 'file' && entry.mark !== 'removed') void store.getState().explore.viewFile(entry.path);
    },
    [store],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 260) / ROW_HEIGHT) - 1);
    const action = treeKey(tree, rows, at, e.key, expanded, page);
    if (action.kind === 'none') return;
    e.preventDefault();
    if (action.kind === 'move') {
      setCursor(action.row);
      virtualizer.scrollToIndex(action.row);
    } else if (action.kind === 'expand' || action.kind === 'collapse') toggle(action.path);
    else activate(tree.nodes[action.node]!.entry);
  };

  const rowId = (i: number) => `explore-row-${i}`;
  if (rows.length === 0)
    return <p className="explore-empty muted">{onlyChanges ? t('explore.tree.noChanges') : t('explore.tree.empty')}</p>;
  return (
    <div className="explore-tree-frame">
      <div className="explore-tree-head" aria-hidden="true">
        <span>{t('explore.tree.name')}</span>
        <span>{t('explore.tree.size')}</span>
        <span>{t('explore.tree.mode')}</span>
        <span>{t('explore.tree.owner')}</span>
      </div>
      <div
        ref={scrollRef}
        className="explore-tree"
        role="tree"
        aria-label={label}
        tabIndex={0}
        aria-activedescendant={at >= 0 ? rowId(at) : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const node = rows[v.index]!;
            return (
              <TreeRow
                key={node}
                tree={tree}
                node={node}
                index={v.index}
                top={v.start}
                open={expanded.has(tree.nodes[node]!.entry.path)}
                cursor={v.index === at}
                id={rowId(v.index)}
                size={size}
                onToggle={toggle}
                onPick={setCursor}
                onActivate={activate}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});
