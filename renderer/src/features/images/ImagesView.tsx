// Owns the Images view: `docker images` in a window (options, filters, grid, copy actions, counts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../store/use-app';
import { CommandLine } from './CommandLine';
import { CopyAsDialog, type CopyAsRequest } from './CopyAsDialog';
import { FilterBar } from './FilterBar';
import { ImagesToolbar } from './ImagesToolbar';
import { ImageGrid } from './ImageGrid';
import { hasActiveFilters } from './image-view';

/** Loading, empty and error states drawn over the grid body. */
function GridMessage() {
  const { t } = useTranslation();
  const loaded = useApp((s) => s.images.loaded);
  const loading = useApp((s) => s.images.loading);
  const error = useApp((s) => s.images.error);
  const rowCount = useApp((s) => s.images.rows.length);
  const viewCount = useApp((s) => s.images.view.length);
  const filtered = useApp((s) => s.images.text.trim() !== '' || hasActiveFilters(s.images.filters));
  const engineDown = useApp((s) => s.engine.status?.reachable === false);
  if (error) {
    // The banner already explains an unreachable engine.
    if (error.code === 'ENGINE_UNREACHABLE' && engineDown) return null;
    return (
      <div className="grid-message">
        <div role="alert" className="inline-error">
          <strong>{t('images.listFailed')}</strong>
          <span className="mono">{error.message}</span>
        </div>
      </div>
    );
  }
  if (!loaded && loading) {
    return (
      <div className="grid-message" role="status">
        {t('images.loading')}
      </div>
    );
  }
  if (loaded && viewCount === 0) {
    return (
      <div className="grid-message" role="status">
        {rowCount > 0 || filtered ? t('images.noMatch') : t('images.empty')}
      </div>
    );
  }
  return null;
}

function Summary() {
  const { t } = useTranslation();
  const rows = useApp((s) => s.images.rows.length);
  const shown = useApp((s) => s.images.view.length);
  const imageCount = useApp((s) => s.images.imageCount);
  const selected = useApp((s) => s.images.selection.size);
  return (
    <div className="summary" role="status" aria-live="polite">
      <span>{t('images.rows', { count: rows })}</span>
      <span>{t('images.imagesCount', { count: imageCount })}</span>
      {shown !== rows && <span>{t('images.shown', { count: shown, total: rows })}</span>}
      {selected > 0 && <span>{t('images.selected', { count: selected })}</span>}
    </div>
  );
}

export function ImagesView() {
  const { t } = useTranslation();
  // While the engine is away the rows are the last ones seen: still readable, visibly stale.
  const stale = useApp((s) => s.engine.status?.reachable === false);
  const [copyAs, setCopyAs] = useState<CopyAsRequest | null>(null);
  const open = (quiet: boolean, autoCopy: boolean) => setCopyAs({ quiet, autoCopy, nonce: Date.now() });

  return (
    <section className="view images-view" aria-labelledby="images-title">
      <header className="view-header">
        <h1 id="images-title">{t('images.title')}</h1>
        <ImagesToolbar onCopyAs={open} />
      </header>
      <div className="toolbar" role="group" aria-label={t('toolbar.label')}>
        <FilterBar />
      </div>
      <div className={`grid-wrap${stale ? ' stale' : ''}`}>
        <ImageGrid />
        <GridMessage />
      </div>
      <div className="view-footer">
        <Summary />
        <div className="command" title={t('images.command')}>
          <span className="visually-hidden">{t('images.command')}: </span>
          <CommandLine />
        </div>
      </div>
      <CopyAsDialog request={copyAs} onClose={() => setCopyAs(null)} />
    </section>
  );
}
