// Owns the Disk view (issue #17): what images take on the engine's disk, each layer counted once.
// Total, what prune and prune -a would free, the images by unique bytes (filter, sort, select), a
// treemap, and what removing the selection (or every image the filter shows) would free. The data
// comes from a core job started when the view opens and stopped when it goes: nothing here is on
// the Images list's path, and nothing waits for it before painting.
import { useEffect, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { pruneCommand } from '../../../../shared/docker-command';
import { selectionBytes, SYSTEM_DF_COMMAND, type DiskPruneFigure, type DiskReport } from '../../../../shared/disk';
import { DockerCommand } from '../../ui/DockerCommand';
import { RefreshIcon } from '../../ui/icons';
import { sizeText } from '../../ui/format';
import { useApp, useAppStore } from '../../store/use-app';
import { diskRows, filterRows, sortRows } from './disk-model';
import { DiskTable } from './DiskTable';
import { DiskTreemap } from './DiskTreemap';
import './disk.css';

function PruneFigure({ label, figure, all }: { label: string; figure: DiskPruneFigure; all: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="disk-figure">
      <dt>{label}</dt>
      <dd>
        <strong className="disk-figure-value">{sizeText(figure.bytes)}</strong>{' '}
        <span className="muted">{t('disk.figures.images', { count: figure.images })}</span>
        <DockerCommand command={pruneCommand({ all })} />
      </dd>
    </div>
  );
}

function Figures({ report }: { report: DiskReport }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('disk.figures.label')}>
      <dl className="disk-figures">
        <div className="disk-figure">
          <dt>{t('disk.figures.total')}</dt>
          <dd>
            <strong className="disk-figure-value" data-testid="disk-total">
              {sizeText(report.totalBytes)}
            </strong>
            <span className="hint">{t('disk.figures.totalHint')}</span>
          </dd>
        </div>
        <div className="disk-figure">
          <dt>{t('disk.figures.naive')}</dt>
          <dd>
            <strong className="disk-figure-value">{sizeText(report.naiveBytes)}</strong>
            <span className="hint">{t('disk.figures.naiveHint')}</span>
          </dd>
        </div>
        <PruneFigure label={t('disk.figures.prune')} figure={report.prune} all={false} />
        <PruneFigure label={t('disk.figures.pruneAll')} figure={report.pruneAll} all />
      </dl>
      {!report.sizesExact && <p className="hint">{t('disk.figures.approx')}</p>}
    </section>
  );
}

function SelectionSummary({ report, ids, selecting }: { report: DiskReport; ids: readonly string[]; selecting: boolean }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const sum = useMemo(() => selectionBytes(report, ids), [report, ids]);
  const imagesRows = useApp((s) => s.images.rows);
  const remove = () => {
    const wanted = new Set(ids);
    const keys = imagesRows.filter((r) => wanted.has(r.id)).map((r) => r.key);
    store.getState().edit.openRemove(keys);
  };
  return (
    <section className="disk-selection" aria-label={t('disk.selection.label')}>
      <p role="status" aria-live="polite" data-testid="disk-selection">
        <strong>{t(selecting ? 'disk.selection.selected' : 'disk.selection.shown', { count: sum.images })}</strong>
        {' — '}
        {t('disk.selection.summary', { frees: sizeText(sum.frees), shared: sizeText(sum.shared), total: sizeText(sum.total) })}
        {sum.keptByContainers > 0 && <> {t('disk.selection.kept', { size: sizeText(sum.keptByContainers) })}</>}
      </p>
      {selecting && (
        <div className="disk-selection-actions">
          <button type="button" className="button small danger" aria-haspopup="dialog" onClick={remove}>
            {t('disk.selection.remove')}
          </button>
          <button type="button" className="button small" onClick={() => store.getState().disk.setSelected([])}>
            {t('disk.selection.clear')}
          </button>
        </div>
      )}
    </section>
  );
}

function LoadState() {
  const { t } = useTranslation();
  const status = useApp((s) => s.disk.status);
  const progress = useApp((s) => s.disk.progress);
  const error = useApp((s) => s.disk.error);
  if (status === 'loading') {
    return (
      <p className="disk-state" role="status">
        {progress.total > 0 ? t('disk.loading', { count: progress.total, done: progress.done }) : t('disk.loadingStart')}
      </p>
    );
  }
  if (status === 'cancelled') return <p className="disk-state muted">{t('disk.cancelled')}</p>;
  if (status === 'error' && error) {
    return (
      <div role="alert" className="inline-error">
        <strong>{t('disk.failed')}</strong>
        <span className="mono">{error.message}</span>
      </div>
    );
  }
  return null;
}

export function DiskView() {
  const { t } = useTranslation();
  const store = useAppStore();
  const disk = () => store.getState().disk;
  const report = useApp((s) => s.disk.report);
  const status = useApp((s) => s.disk.status);
  const stale = useApp((s) => s.disk.stale);
  const query = useApp((s) => s.disk.query);
  const sort = useApp((s) => s.disk.sort);
  const selected = useApp((s) => s.disk.selected);
  const filterId = useId();

  // Read when the view opens and again when images change while it is open; stop reading when it goes.
  useEffect(() => {
    const { status: now, stale: changed } = disk();
    if (now === 'idle' || now === 'cancelled' || changed) void disk().load();
    return () => disk().cancel();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- on open and close only
  useEffect(() => {
    if (stale && disk().status !== 'loading') void disk().load();
  }, [stale]); // eslint-disable-line react-hooks/exhaustive-deps -- a change of images reads again

  const rows = useMemo(() => (report ? diskRows(report) : []), [report]);
  const shown = useMemo(() => sortRows(filterRows(rows, query), sort), [rows, query, sort]);
  const shownIds = useMemo(() => shown.map((r) => r.id), [shown]);
  const selectedIds = useMemo(() => [...selected], [selected]);
  const selecting = selected.size > 0;

  const selectTile = (ids: readonly string[]) => {
    const all = ids.every((id) => selected.has(id));
    const next = new Set(selected);
    for (const id of ids) {
      if (all) next.delete(id);
      else next.add(id);
    }
    disk().setSelected(next);
  };

  return (
    <section className="view disk-view" aria-labelledby="disk-title">
      <header className="view-header">
        <h1 id="disk-title">{t('nav.disk')}</h1>
        <div className="view-actions">
          {status === 'loading' ? (
            <button type="button" className="button" onClick={() => disk().cancel()}>
              {t('disk.cancel')}
            </button>
          ) : (
            <button type="button" className="button" onClick={() => void disk().load()}>
              <RefreshIcon />
              <span>{t('disk.refresh')}</span>
            </button>
          )}
        </div>
      </header>
      <div className="disk-scroll">
        <p className="muted">{t('disk.intro')}</p>
        <DockerCommand command={SYSTEM_DF_COMMAND} />
        <LoadState />
        {stale && status !== 'loading' && <p className="hint">{t('disk.stale')}</p>}
        {report && (
          <>
            <Figures report={report} />
            <div className="disk-filter">
              <label htmlFor={filterId}>{t('disk.filter')}</label>
              <input
                id={filterId}
                type="search"
                className="text-input"
                value={query}
                placeholder={t('disk.filterPlaceholder')}
                onChange={(e) => disk().setQuery(e.target.value)}
              />
            </div>
            <SelectionSummary report={report} ids={selecting ? selectedIds : shownIds} selecting={selecting} />
            <div className="disk-panels">
              <div className="disk-table-wrap">
                {shown.length === 0 ? (
                  <p className="muted">{rows.length === 0 ? t('disk.empty') : t('disk.noMatch')}</p>
                ) : (
                  <DiskTable
                    rows={shown}
                    sort={sort}
                    selected={selected}
                    onSort={(key) => disk().sortBy(key)}
                    onToggle={(id) => disk().toggle(id)}
                    onSelectAll={(on) => {
                      const next = new Set(selected);
                      for (const id of shownIds) {
                        if (on) next.add(id);
                        else next.delete(id);
                      }
                      disk().setSelected(next);
                    }}
                  />
                )}
              </div>
              <DiskTreemap report={report} imageIds={shownIds} selected={selected} onSelect={selectTile} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}
