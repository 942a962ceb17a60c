// Owns the Jobs view: every long operation's title, state, progress and a way to cancel it.
// It subscribes to the jobs slice only, so progress ticks re-render nothing else.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobSnapshot } from '../../../shared/contract';
import { bytesText } from '../format';
import { isActiveJob } from '../store/jobs-slice';
import { useApp, useAppStore } from '../store/use-app';

const JobItem = memo(function JobItem({ job }: { job: JobSnapshot }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const active = isActiveJob(job);
  const known = job.total > 0;
  const percent = known ? Math.min(100, (job.current / job.total) * 100) : job.state === 'succeeded' ? 100 : 0;
  const lastMessage = job.messages[job.messages.length - 1];
  return (
    <li className={`job job-${job.state}`} aria-label={job.title}>
      <div className="job-head">
        <span className="job-title">{job.title}</span>
        <span className={`badge state-${job.state}`}>{t(`jobs.state.${job.state}`)}</span>
        {active && (
          <button
            type="button"
            className="button subtle small"
            aria-label={t('jobs.cancelJob', { title: job.title })}
            onClick={() => void store.getState().jobs.cancel(job.id)}
          >
            {t('jobs.cancel')}
          </button>
        )}
      </div>
      <div
        role="progressbar"
        aria-label={job.title}
        aria-valuemin={0}
        aria-valuemax={known ? job.total : undefined}
        aria-valuenow={known ? job.current : undefined}
        aria-valuetext={known ? t('jobs.progress', { current: bytesText(job.current), total: bytesText(job.total) }) : undefined}
        className={`progress${job.state === 'running' && !known ? ' indeterminate' : ''}`}
      >
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      {(known || (lastMessage && !job.error)) && (
        <div className="job-meta">
          {known && <span>{t('jobs.progress', { current: bytesText(job.current), total: bytesText(job.total) })}</span>}
          {lastMessage && !job.error && <span className="mono job-message">{lastMessage}</span>}
        </div>
      )}
      {job.error && (
        <p className="inline-error mono" role="note">
          {job.error.message}
        </p>
      )}
      {job.layers.length > 0 && (
        <details className="job-layers">
          <summary>{t('jobs.layers', { count: job.layers.length })}</summary>
          <ul>
            {job.layers.map((l) => (
              <li key={l.id} className="mono">
                <span>{l.id}</span> <span>{l.status}</span>
                {l.total ? <span> {`${bytesText(l.current ?? 0)}/${bytesText(l.total)}`}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
});

export function JobsPanel() {
  const { t } = useTranslation();
  const byId = useApp((s) => s.jobs.byId);
  const error = useApp((s) => s.jobs.error);
  const jobs = useMemo(() => Object.values(byId).sort((a, b) => b.startedAt - a.startedAt), [byId]);
  return (
    <section className="view jobs-view" aria-labelledby="jobs-title">
      <header className="view-header">
        <h1 id="jobs-title">{t('jobs.title')}</h1>
      </header>
      {error && (
        <div role="alert" className="inline-error">
          {error.message}
        </div>
      )}
      {jobs.length === 0 ? (
        <p className="empty-state">{t('jobs.empty')}</p>
      ) : (
        <ul className="job-list" aria-label={t('jobs.list')}>
          {jobs.map((j) => (
            <JobItem key={j.id} job={j} />
          ))}
        </ul>
      )}
    </section>
  );
}
