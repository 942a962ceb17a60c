// Owns the Explorer view (issue #17): an image's layers and files, read by core without loading or
// extracting anything. Opened from a row's menu, the details dialog, or an archive (open dialog or
// drop, then Explore… in the preview); or here with "Explore an archive…". One session at a time,
// kept while other views show and closed when another subject opens or the page goes away.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry } from '../../../../shared/explore';
import { useApp, useAppStore } from '../../store/use-app';
import { ExploreHeader } from './ExploreHeader';
import { FileTree } from './FileTree';
import { FileViewer } from './FileViewer';
import { LayerList } from './LayerList';
import { SearchPanel } from './SearchPanel';
import { WastedPanel } from './WastedPanel';
import { useSize } from './use-size';
import './explore.css';

function Progress() {
  const { t } = useTranslation();
  const store = useAppStore();
  const { current, total } = useApp((s) => s.explore.progress);
  const status = useApp((s) => s.explore.status);
  const size = useSize();
  const percent = total > 0 ? Math.min(100, Math.round((current / total) * 100)) : undefined;
  return (
    <div className="explore-progress">
      <p role="status">
        {status === 'opening'
          ? t('explore.progress.starting')
          : t('explore.progress.indexing', { read: size(current), size: total > 0 ? size(total) : '?' })}
      </p>
      <div
        className="explore-bar"
        role="progressbar"
        aria-label={t('explore.progress.label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div style={{ width: `${percent ?? 0}%` }} />
      </div>
      <button type="button" className="button" disabled={status !== 'indexing'} onClick={() => void store.getState().explore.cancel()}>
        {t('explore.progress.cancel')}
      </button>
    </div>
  );
}

function Files() {
  const { t } = useTranslation();
  const store = useAppStore();
  const entries = useApp((s) => s.explore.entries);
  const layer = useApp((s) => s.explore.layer);
  const onlyChanges = useApp((s) => s.explore.onlyChanges);
  const [cursor, setCursor] = useState<FileEntry | null>(null);
  const label = layer === 'merged' ? t('explore.layers.merged') : t('explore.layers.layer', { n: layer + 1 });
  const readable = cursor && cursor.mark !== 'removed';
  return (
    <section className="explore-files" aria-labelledby="explore-files-title">
      <div className="explore-files-bar">
        <h2 id="explore-files-title">{t('explore.tree.title', { layer: label })}</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={onlyChanges && layer !== 'merged'}
            disabled={layer === 'merged'}
            onChange={(e) => store.getState().explore.setOnlyChanges(e.target.checked)}
          />
          {t('explore.tree.onlyChanges')}
        </label>
        <span className="explore-legend" aria-hidden="true">
          <span className="mark-added">+ {t('explore.mark.added')}</span>
          <span className="mark-modified">~ {t('explore.mark.modified')}</span>
          <span className="mark-removed">− {t('explore.mark.removed')}</span>
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="button"
          disabled={!readable || cursor.kind !== 'file'}
          onClick={() => cursor && void store.getState().explore.viewFile(cursor.path)}
        >
          {t('explore.tree.view')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!readable || (cursor.kind !== 'file' && cursor.kind !== 'dir')}
          onClick={() => cursor && void store.getState().explore.saveOut(cursor)}
        >
          {cursor?.kind === 'dir' ? t('explore.tree.saveFolder') : t('explore.tree.saveFile')}
        </button>
      </div>
      {entries?.status === 'loading' && <p className="muted">{t('explore.tree.loading')}</p>}
      {entries?.status === 'error' && (
        <p className="inline-error" role="alert">
          {entries.error?.message}
        </p>
      )}
      {entries?.status === 'ready' && (
        <FileTree entries={entries.entries} label={t('explore.tree.label', { layer: label })} onCursor={setCursor} />
      )}
    </section>
  );
}

function Idle() {
  const { t } = useTranslation();
  const store = useAppStore();
  const error = useApp((s) => s.explore.error);
  const status = useApp((s) => s.explore.status);
  const subject = useApp((s) => s.explore.subject);
  return (
    <div className="explore-idle">
      {status === 'error' && error && (
        <div className="explore-error" role="alert">
          <p>{subject ? t('explore.error.subject', { label: subject.label }) : t('explore.error.generic')}</p>
          <p className="mono">{error.message}</p>
        </div>
      )}
      <p className="muted">{t('explore.idle.hint')}</p>
      <div className="explore-idle-actions">
        <button type="button" className="button primary" onClick={() => void store.getState().explore.pickArchive()}>
          {t('explore.idle.pickArchive')}
        </button>
        {status === 'error' && subject?.source.kind === 'image' && (
          <button type="button" className="button" onClick={() => void store.getState().explore.open(subject.source, subject.label)}>
            {t('explore.error.retry')}
          </button>
        )}
      </div>
    </div>
  );
}

export function ExploreView() {
  const { t } = useTranslation();
  const store = useAppStore();
  const status = useApp((s) => s.explore.status);
  const summary = useApp((s) => s.explore.summary);
  const subject = useApp((s) => s.explore.subject);

  // The page going away ends the session; switching views keeps it to come back to.
  useEffect(() => {
    const end = () => void store.getState().explore.close();
    window.addEventListener('pagehide', end);
    return () => window.removeEventListener('pagehide', end);
  }, [store]);

  return (
    <section className="view explore-view" aria-labelledby="explore-title">
      <header className="view-header">
        <h1 id="explore-title">
          {t('nav.explore')}
          {subject && <span className="explore-title-subject mono">{subject.label}</span>}
        </h1>
      </header>
      {(status === 'idle' || status === 'error') && <Idle />}
      {(status === 'opening' || status === 'indexing') && <Progress />}
      {status === 'ready' && summary && (
        <>
          <ExploreHeader summary={summary} />
          <div className="explore-body">
            <LayerList summary={summary} />
            <Files />
            <aside className="explore-side">
              <FileViewer />
              <SearchPanel />
              <WastedPanel wasted={summary.wasted} />
            </aside>
          </div>
        </>
      )}
    </section>
  );
}
