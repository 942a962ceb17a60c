// Owns the Updates view (issue #19): for each local tag that came from a registry, whether that
// registry has a newer image under the tag, can't tell (and why) or is up to date, with the age of
// each answer; "Check now", "Pull newer" per row and "Pull all newer", and the running containers
// still on an old image. Loaded on demand (AppLazy.tsx); the answers are core's, read when the view
// opens, so nothing here is on the images list's path.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagUpdate } from '../../../../shared/registry-updates';
import { timeAgo } from '../../i18n/relative-time';
import { RefreshIcon } from '../../ui/icons';
import { useNow } from '../../ui/use-now';
import { useApp, useAppStore } from '../../store/use-app';
import {
  ageSeconds,
  newerReferences,
  reasonKey,
  sortUpdates,
  staleContainers,
  STATUS_SYMBOL,
  statusKey,
  updateCounts,
} from './updates-model';
import './updates.css';

/** The CLI's "Less than a second ago" reads mid-sentence here ("checked less than a second ago"). */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function StatusCell({ update }: { update: TagUpdate }) {
  const { t } = useTranslation();
  return (
    <span className={`update-status update-${update.status}`}>
      <span className="update-symbol" aria-hidden="true">
        {STATUS_SYMBOL[update.status]}
      </span>{' '}
      {t(statusKey(update.status))}
    </span>
  );
}

function Detail({ update }: { update: TagUpdate }) {
  const { t } = useTranslation();
  return (
    <>
      {update.reason && <span className="update-reason">{t(reasonKey(update.reason))}</span>}
      {update.message && update.status === 'unknown' && (
        <span className="update-message mono" title={update.message}>
          {update.message}
        </span>
      )}
      {update.platform && <span className="muted">{t('updates.platform', { platform: update.platform })}</span>}
      {update.containers.length > 0 && (
        <span className="update-containers">{t('updates.containers.count', { count: update.containers.length })}</span>
      )}
    </>
  );
}

function Row({ update, nowMs, language }: { update: TagUpdate; nowMs: number; language: string }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const pulling = useApp((s) => Object.values(s.updates.pulls).includes(update.reference));
  const rechecking = useApp((s) => s.updates.rechecking.has(update.reference));
  return (
    <tr data-status={update.status}>
      <th scope="row" className="mono update-tag">
        {update.reference}
      </th>
      <td>
        <StatusCell update={update} />
      </td>
      <td>
        <div className="update-detail">
          <Detail update={update} />
        </div>
      </td>
      <td className="muted update-age">
        {t('updates.checkedAgo', { ago: lowerFirst(timeAgo(ageSeconds(update.checkedAt, nowMs), language)) })}
      </td>
      <td>
        {rechecking ? (
          <span className="muted">{t('updates.rechecking')}</span>
        ) : pulling ? (
          <span className="muted">{t('updates.pulling')}</span>
        ) : (
          update.status === 'newer' && (
            <button
              type="button"
              className="button small"
              aria-label={t('updates.pullNewerOf', { reference: update.reference })}
              onClick={() => void store.getState().updates.pullNewer(update.reference)}
            >
              {t('updates.pullNewer')}
            </button>
          )
        )}
      </td>
    </tr>
  );
}

function StaleContainers({ results }: { results: readonly TagUpdate[] }) {
  const { t } = useTranslation();
  const containers = useMemo(() => staleContainers(results), [results]);
  if (containers.length === 0) return null;
  return (
    <section className="update-stale" aria-labelledby="updates-containers-title">
      <h2 id="updates-containers-title">{t('updates.containers.title')}</h2>
      <p className="hint">{t('updates.containers.hint')}</p>
      <ul>
        {containers.map((c) => (
          <li key={c.id}>{t('updates.containers.item', { name: c.name || c.id.slice(0, 12), references: c.references.join(', ') })}</li>
        ))}
      </ul>
    </section>
  );
}

export function UpdatesView() {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const updates = () => store.getState().updates;
  const status = useApp((s) => s.updates.status);
  const error = useApp((s) => s.updates.error);
  const byRef = useApp((s) => s.updates.byRef);
  const nowMs = useNow(15_000);
  const language = i18n.resolvedLanguage ?? i18n.language;

  // The kept answers when the view opens (core checks only when none were kept yet).
  useEffect(() => {
    if (updates().status === 'idle') void updates().load();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- on open only

  const results = useMemo(() => sortUpdates(Object.values(byRef)), [byRef]);
  const counts = useMemo(() => updateCounts(results), [results]);
  const newer = useMemo(() => newerReferences(results), [results]);
  const busy = status === 'checking' || status === 'loading';

  return (
    <section className="view updates-view" aria-labelledby="updates-title">
      <header className="view-header">
        <h1 id="updates-title">{t('updates.title')}</h1>
        <div className="view-actions">
          <button type="button" className="button" disabled={newer.length === 0} onClick={() => void updates().pullAllNewer()}>
            {t('updates.pullAllNewer')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void updates().check()}>
            <RefreshIcon />
            <span>{t('updates.check')}</span>
          </button>
        </div>
      </header>
      <div className="updates-scroll">
        <p className="muted">{t('updates.intro')}</p>
        {busy && (
          <p role="status" className="updates-state">
            {t(status === 'checking' ? 'updates.checking' : 'updates.loading')}
          </p>
        )}
        {error && (
          <div role="alert" className="inline-error">
            {t('updates.error', { message: error.message })}
          </div>
        )}
        {results.length > 0 && <p data-testid="updates-summary">{t('updates.summary', counts)}</p>}
        {status === 'ready' && results.length === 0 && <p className="muted">{t('updates.empty')}</p>}
        {results.length > 0 && (
          <table className="updates-table">
            <caption className="visually-hidden">{t('updates.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('updates.columns.tag')}</th>
                <th scope="col">{t('updates.columns.status')}</th>
                <th scope="col">{t('updates.columns.detail')}</th>
                <th scope="col">{t('updates.columns.checked')}</th>
                <th scope="col">{t('updates.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <Row key={r.reference} update={r} nowMs={nowMs} language={language} />
              ))}
            </tbody>
          </table>
        )}
        <StaleContainers results={results} />
      </div>
    </section>
  );
}
