// Owns the Images view: `docker images` in a window (options, filters, grid, copy actions, counts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useAppStore } from '../../store/use-app';
import { CommandLine } from './CommandLine';
import { CopyAsDialog, type CopyAsRequest } from './CopyAsDialog';
import { EditActions } from '../edit/EditActions';
import { FilterBar } from './FilterBar';
import { CopyIcon, RefreshIcon } from '../../ui/icons';
import { ImageGrid } from './ImageGrid';
import { PullButton } from '../search-pull/PullDialog';
import { LoadButton, SaveButton } from '../transfer/TransferOverlays';
import { copyScopes, hasActiveFilters, selectedInView } from './image-view';

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
      {shown !== rows && <span>{t('images.shown', { shown, total: rows })}</span>}
      {selected > 0 && <span>{t('images.selected', { count: selected })}</span>}
    </div>
  );
}

/** The menu button of the current row: the same menu as a right-click on it. */
function RowActionsButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  const key = useApp((s) => s.images.cursor ?? (s.images.selection.size > 0 ? [...s.images.selection][0] : null));
  const menuOpen = useApp((s) => s.edit.menu !== null);
  return (
    <button
      type="button"
      className="button"
      aria-haspopup="menu"
      aria-expanded={menuOpen}
      aria-keyshortcuts="Shift+F10"
      disabled={!key}
      onClick={(e) => {
        if (!key) return;
        const rect = e.currentTarget.getBoundingClientRect();
        store.getState().edit.openMenu(key, rect.left, rect.bottom + 2);
      }}
    >
      <span>{t('shell.menu.actions')}</span>
    </button>
  );
}

/**
 * Its own component: `loading` flips twice per list, and the view around it (grid included) must
 * not re-render for that.
 */
function RefreshButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  const loading = useApp((s) => s.images.loading);
  return (
    <button type="button" className="button" aria-busy={loading} onClick={() => void store.getState().images.refresh()}>
      <RefreshIcon className={loading ? 'spin' : undefined} />
      <span>{t('toolbar.refresh')}</span>
    </button>
  );
}

/** "Copy IDs", whose tooltip says when it copies only the selected or shown rows (see CopyAsDialog). */
function CopyIdsButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  const scope = useApp((s) => copyScopes(s.images)[0]);
  const count = useApp((s) => (scope === 'selected' ? selectedInView(s.images).length : s.images.view.length));
  const title =
    scope === 'selected'
      ? t('copyScope.copyIdsSelected', { count })
      : scope === 'shown'
        ? t('copyScope.copyIdsShown', { count })
        : undefined;
  return (
    <button type="button" className="button" title={title} onClick={onClick}>
      <CopyIcon />
      <span>{t('toolbar.copyIds')}</span>
    </button>
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
        <div className="view-actions">
          <EditActions />
          <RowActionsButton />
          <SaveButton />
          <LoadButton />
          <PullButton />
          <RefreshButton />
          <CopyIdsButton onClick={() => open(true, true)} />
          <button type="button" className="button primary" aria-haspopup="dialog" onClick={() => open(false, false)}>
            <span>{t('toolbar.copyAs')}</span>
          </button>
        </div>
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
