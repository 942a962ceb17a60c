// Owns the Disk view's picture: a treemap (d3-hierarchy's layout, disk-model.ts) of the images by
// the bytes only each holds, and of the layers groups of images share. For the keyboard and screen
// readers it is a listbox: one option per tile, named with its images and size, the arrow keys move
// to the tile that sits that way, Space or Enter selects the tile's images in the table.
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiskReport } from '../../../../shared/disk';
import { sizeText } from '../../ui/format';
import { neighbourTile, treemapTiles, type Tile, type TileKey } from './disk-treemap';

const KEYS = new Set<string>(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);
/** Names listed in a shared tile's label before "…": enough to recognise the group. */
const NAMES_SHOWN = 4;

function tileLabel(tile: Tile, t: ReturnType<typeof useTranslation>['t']): string {
  const size = sizeText(tile.bytes);
  if (tile.kind === 'unique') return t('disk.treemap.unique', { name: tile.names[0], size });
  const names = tile.names.slice(0, NAMES_SHOWN).join(', ') + (tile.names.length > NAMES_SHOWN ? ', …' : '');
  return t('disk.treemap.shared', { count: tile.names.length, names, size });
}

export function DiskTreemap({
  report,
  imageIds,
  selected,
  onSelect,
}: {
  report: DiskReport;
  imageIds: readonly string[];
  selected: ReadonlySet<string>;
  /** Selects these images, or unselects them when all already are. */
  onSelect: (ids: readonly string[]) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [area, setArea] = useState({ width: 0, height: 0 });
  const [active, setActive] = useState(0);
  const tileRefs = useRef<(HTMLDivElement | null)[]>([]);
  const hintId = useId();

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setArea({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const tiles = useMemo(() => treemapTiles(report, imageIds, area.width, area.height), [report, imageIds, area.width, area.height]);
  const current = Math.min(active, Math.max(0, tiles.length - 1));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (KEYS.has(e.key)) {
      e.preventDefault();
      const next = neighbourTile(tiles, current, e.key as TileKey);
      if (next < 0) return;
      setActive(next);
      tileRefs.current[next]?.focus();
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      const tile = tiles[current];
      if (tile) onSelect(tile.imageIds);
    }
  };

  return (
    <div className="disk-treemap-wrap">
      <div className="disk-legend" aria-hidden="true">
        <span className="disk-swatch disk-swatch-unique" /> {t('disk.treemap.legendUnique')}
        <span className="disk-swatch disk-swatch-shared" /> {t('disk.treemap.legendShared')}
      </div>
      <p id={hintId} className="hint">
        {t('disk.treemap.hint')}
      </p>
      <div
        ref={box}
        className="disk-treemap"
        role="listbox"
        aria-label={t('disk.treemap.label')}
        aria-multiselectable="true"
        aria-describedby={hintId}
        onKeyDown={onKeyDown}
      >
        {tiles.length === 0 && area.width > 0 && <p className="muted disk-treemap-empty">{t('disk.treemap.empty')}</p>}
        {tiles.map((tile, i) => {
          const isSelected = tile.imageIds.every((id) => selected.has(id));
          const label = tileLabel(tile, t);
          const width = tile.x1 - tile.x0;
          const height = tile.y1 - tile.y0;
          return (
            <div
              key={tile.key}
              ref={(el) => {
                tileRefs.current[i] = el;
              }}
              role="option"
              tabIndex={i === current ? 0 : -1}
              aria-selected={isSelected}
              aria-label={label}
              title={label}
              className={`disk-tile disk-tile-${tile.kind}${isSelected ? ' selected' : ''}`}
              style={{ left: tile.x0, top: tile.y0, width, height }}
              onClick={() => {
                setActive(i);
                onSelect(tile.imageIds);
              }}
              onFocus={() => setActive(i)}
            >
              {/* Text only where it fits; the name is always in the option's label. */}
              {width > 70 && height > 34 && (
                <span className="disk-tile-text" aria-hidden="true">
                  <span className="disk-tile-name">{tile.kind === 'unique' ? tile.names[0] : tile.names.join(', ')}</span>
                  <span className="disk-tile-size">{sizeText(tile.bytes)}</span>
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
