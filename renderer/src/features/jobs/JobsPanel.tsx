// Owns the Jobs view: every long operation's title, state, progress and a way to cancel it.
// It subscribes to the jobs slice only, so progress ticks re-render nothing else.
import { useTranslation } from 'react-i18next';
import { useApp } from '../../store/use-app';
import { JobList } from './JobRow';

export function JobsPanel() {
  const { t } = useTranslation();
  const error = useApp((s) => s.jobs.error);
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
      <JobList />
    </section>
  );
}
