// Owns the image details dialog: one image, three tabs (History, Inspect and Lineage), opened from the Images
// grid (row menu, double-click) or a finished pull. A native modal dialog, mounted while open.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DetailTab } from './detail-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { HistoryIcon, InspectIcon, LineageIcon } from '../../ui/feature-icons';
import { HistoryPanel } from './HistoryPanel';
import { CloseIcon, ExploreIcon, RefreshIcon } from '../../ui/icons';
import { InspectPanel } from './InspectPanel';
import { LineagePanel } from './LineagePanel';
import { TabList } from '../../ui/TabList';
import '../features.css';

const TABS: DetailTab[] = ['history', 'inspect', 'lineage'];

export function DetailDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const ref = useRef<HTMLDialogElement>(null);
  const label = useApp((s) => s.detail.open?.target.label ?? '');
  const tab = useApp((s) => s.detail.open?.tab ?? 'history');
  const loading = useApp((s) => [s.detail.history, s.detail.inspect, s.detail.lineage].some((l) => l.status === 'loading'));
  const titleId = useId();
  const baseId = useId();
  const tabId = (k: DetailTab) => `${baseId}-tab-${k}`;
  const panelId = (k: DetailTab) => `${baseId}-panel-${k}`;

  useEffect(() => {
    const d = ref.current;
    if (!d || d.open) return;
    d.showModal();
    document.getElementById(tabId(tab))?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, as the dialog opens

  return (
    <dialog ref={ref} className="dialog detail-dialog" aria-labelledby={titleId} onClose={(e) => e.target === e.currentTarget && onClose()}>
      <header className="dialog-header">
        <h2 id={titleId}>
          <span className="visually-hidden">{t('details.titlePrefix')} </span>
          <span className="mono">{label}</span>
        </h2>
        <div className="dialog-header-actions">
          <button
            type="button"
            className="button small"
            onClick={() => {
              const target = store.getState().detail.open?.target;
              ref.current?.close();
              if (target) void store.getState().explore.open({ kind: 'image', image: target.image }, target.label);
            }}
          >
            <ExploreIcon />
            <span>{t('explore.openFromDetail')}</span>
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('details.reload')}
            title={t('details.reload')}
            aria-busy={loading}
            onClick={() => void store.getState().detail.reload()}
          >
            <RefreshIcon className={loading ? 'spin' : undefined} />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('details.close')}
            title={t('details.close')}
            onClick={() => ref.current?.close()}
          >
            <CloseIcon />
          </button>
        </div>
      </header>
      <TabList
        label={t('details.tabs')}
        tabs={TABS}
        current={tab}
        onSelect={(k) => store.getState().detail.setTab(k)}
        tabId={tabId}
        panelId={panelId}
      >
        {(k) => (
          <>
            {k === 'history' ? <HistoryIcon /> : k === 'inspect' ? <InspectIcon /> : <LineageIcon />}
            <span>{t(`details.${k}`)}</span>
          </>
        )}
      </TabList>
      <div className="dialog-body detail-body" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        {tab === 'history' ? <HistoryPanel /> : tab === 'inspect' ? <InspectPanel /> : <LineagePanel />}
      </div>
    </dialog>
  );
}
