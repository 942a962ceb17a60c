// Owns one job's row and the lists of active and finished jobs. A row subscribes to its own job
// (and its speed) by id, and each layer row is memoized on its values: a progress tick re-renders
// that job's row and the layers that changed, nothing else. The lists subscribe to id arrays that
// stay equal while only progress changes.
import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { JobLayer, JobSnapshot } from '../../../../shared/contract';
import { truncateId } from '../../../../shared/docker-units';
import { bytesText, clockText, speedText } from '../../ui/format';
import { engineLineText, engineStatusText } from '../../i18n/engine-status';
import {
  averageRate,
  etaSeconds,
  isActive,
  jobIds,
  LAYER_STATUS_KEYS,
  layerDone,
  layerFraction,
  layerTotal,
  pullResultOf,
} from './job-model';
import { commitResultOf, loadedLinesOf, retryTargetOf } from './job-outcome';
import { loginTargetOf } from '../registries/registries-model';
import { useApp, useAppStore } from '../../store/use-app';
import { HistoryIcon, InspectIcon } from '../../ui/feature-icons';
import { LoginAction } from './LoginAction';
import { PushResult } from './PushResult';
import { CopyResult } from '../registry-copy/CopyResult';
import '../features.css';
import { coreMessageText, jobTitle } from './job-titles';

/** Whether a job's layer table is open, kept across remounts (a row moves from Active to Finished). */
const layersOpen = new Map<string, boolean>();

/**
 * One layer. `stopped`: the job ended (failed or cancelled) before this layer's work did, so its
 * last status ("Downloading") is history: it shows as stopped, its bar still, with the bytes it got to.
 */
const LayerRow = memo(function LayerRow({ id, status, current, total, stopped }: JobLayer & { stopped: boolean }) {
  const { t, i18n } = useTranslation();
  const key = LAYER_STATUS_KEYS[status];
  const fraction = layerFraction({ status, current, total });
  const showBytes =
    (status === 'Downloading' || status === 'Extracting' || status === 'Pushing' || status === 'Loading layer') &&
    total !== undefined &&
    total > 0;
  return (
    <tr className={`layer layer-${stopped ? 'stopped' : (key ?? 'other')}`}>
      <td className="mono layer-id">{id}</td>
      <td className="layer-status" title={status}>
        {stopped ? t('jobs.layerStopped') : engineStatusText(status, t, i18n.resolvedLanguage ?? i18n.language)}
      </td>
      <td className="layer-progress">
        <span className="layer-progress-inner">
          {fraction !== null && (
            <span
              className="mini-progress"
              role="progressbar"
              aria-label={t('jobDetail.layerProgress', { id })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(fraction * 100)}
            >
              <span className="mini-progress-bar" style={{ width: `${fraction * 100}%` }} />
            </span>
          )}
          {showBytes && <span className="layer-bytes">{`${bytesText(current ?? 0)} / ${bytesText(total)}`}</span>}
          {!showBytes && total !== undefined && total > 0 && <span className="layer-bytes">{bytesText(total)}</span>}
        </span>
      </td>
    </tr>
  );
});

function LayerTable({
  jobId,
  layers,
  count,
  active,
  stopped,
}: {
  jobId: string;
  layers: JobLayer[];
  /** Layers the job goes through (a load counts its archive's before the engine reports each). */
  count: number;
  active: boolean;
  stopped: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(() => {
    // Open while it runs, and still open once it finished for whoever watched it run.
    const initial = layersOpen.get(jobId) ?? active;
    if (active) layersOpen.set(jobId, initial);
    return initial;
  });
  const bodyId = useId();
  const done = layers.filter(layerDone).length;
  return (
    <div className="job-layers">
      <button
        type="button"
        className="disclosure"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => {
          layersOpen.set(jobId, !open);
          setOpen(!open);
        }}
      >
        <span className="disclosure-mark" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {t('jobDetail.layers', { count, done })}
      </button>
      {open && (
        <table id={bodyId} className="layer-table">
          <caption className="visually-hidden">{t('jobDetail.layersCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('jobDetail.layerId')}</th>
              <th scope="col">{t('jobDetail.layerStatus')}</th>
              <th scope="col">{t('jobDetail.layerBytes')}</th>
            </tr>
          </thead>
          <tbody>
            {layers.map((l) => (
              <LayerRow key={l.id} id={l.id} status={l.status} current={l.current} total={l.total} stopped={stopped && !layerDone(l)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function PullResult({ job }: { job: JobSnapshot }) {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const result = pullResultOf(job);
  if (!result) return null;
  const open = (tab: 'history' | 'inspect') =>
    store.getState().detail.openImage({ image: result.id ?? result.reference, label: result.reference }, tab);
  return (
    <div className="job-result">
      <dl className="kv compact">
        <dt>{t('jobDetail.reference')}</dt>
        <dd className="mono">{result.reference}</dd>
        {result.digest && (
          <>
            <dt>{t('jobDetail.digest')}</dt>
            <dd className="mono">{result.digest}</dd>
          </>
        )}
        {result.status && (
          <>
            <dt>{t('jobDetail.status')}</dt>
            <dd className="mono">{engineStatusText(result.status, t, i18n.resolvedLanguage ?? i18n.language)}</dd>
          </>
        )}
        {result.id && (
          <>
            <dt>{t('jobDetail.imageId')}</dt>
            <dd className="mono" title={result.id}>
              {truncateId(result.id)}
            </dd>
          </>
        )}
      </dl>
      <div className="job-result-actions">
        <button
          type="button"
          className="button small"
          aria-haspopup="dialog"
          aria-label={t('jobDetail.historyOf', { ref: result.reference })}
          onClick={() => open('history')}
        >
          <HistoryIcon width={14} height={14} />
          <span>{t('jobDetail.history')}</span>
        </button>
        <button
          type="button"
          className="button small"
          aria-haspopup="dialog"
          aria-label={t('jobDetail.inspectOf', { ref: result.reference })}
          onClick={() => open('inspect')}
        >
          <InspectIcon width={14} height={14} />
          <span>{t('jobDetail.inspect')}</span>
        </button>
      </div>
    </div>
  );
}

/** A load's lines as `docker load` prints them (`Loaded image: x:y`), in view: they are its result. */
function LoadOutcome({ job }: { job: JobSnapshot }) {
  const { t, i18n } = useTranslation();
  const lines = loadedLinesOf(job);
  if (lines.length === 0) return null;
  return (
    <div className="job-result">
      <ul className="job-result-lines mono" aria-label={t('jobs.loadedList')}>
        {lines.map((l) => (
          <li key={l}>{engineStatusText(l, t, i18n.resolvedLanguage ?? i18n.language)}</li>
        ))}
      </ul>
    </div>
  );
}

/** A commit's new image: its ID (12 characters, the full one on hover) and the name it got, if any. */
function CommitOutcome({ job }: { job: JobSnapshot }) {
  const { t } = useTranslation();
  const result = commitResultOf(job);
  if (!result) return null;
  return (
    <div className="job-result">
      <dl className="kv compact">
        <dt>{t('jobDetail.imageId')}</dt>
        <dd className="mono" title={result.id}>
          {truncateId(result.id)}
        </dd>
        <dt>{t('jobDetail.reference')}</dt>
        <dd className="mono">{result.reference ?? '<none>:<none>'}</dd>
      </dl>
    </div>
  );
}

/** What a failed pull or push offers: "Log in to <host>" when the registry wanted credentials, and Retry. */
function FailedActions({ job, onRetried }: { job: JobSnapshot; onRetried?: (jobId: string) => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = retryTargetOf(job);
  if (!target && !loginTargetOf(job)) return null;
  const retry = async () => {
    setBusy(true);
    setError(null);
    const result = await store.getState().jobs.retry(job.id);
    setBusy(false);
    if (result.ok) onRetried?.(result.value.jobId);
    else setError(result.error.message);
  };
  return (
    <div className="job-result-actions">
      <LoginAction job={job} />
      {target && (
        <button
          type="button"
          className="button small"
          disabled={busy}
          aria-label={t(`jobs.retry.${target.kind}`, { ref: target.reference })}
          onClick={() => void retry()}
        >
          {t('jobs.retry.button')}
        </button>
      )}
      {error && (
        <span className="field-error mono" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function JobMeta({ job, active }: { job: JobSnapshot; active: boolean }) {
  const { t, i18n } = useTranslation();
  const rate = useApp((s) => s.jobs.rates[job.id]?.bytesPerSecond ?? null);
  const known = job.total > 0;
  const eta = active ? etaSeconds(job, rate) : null;
  const average = active ? null : averageRate(job);
  const started = new Date(job.startedAt).toLocaleTimeString(i18n.language);
  const seconds = job.endedAt !== undefined ? (job.endedAt - job.startedAt) / 1000 : null;
  return (
    <div className="job-meta">
      {known && <span className="job-bytes">{t('jobs.progress', { current: bytesText(job.current), total: bytesText(job.total) })}</span>}
      {active && rate !== null && <span className="job-speed">{speedText(rate)}</span>}
      {active && eta !== null && <span className="job-eta">{t('transfer.eta', { time: clockText(eta) })}</span>}
      {average !== null && <span className="job-speed">{t('jobDetail.average', { speed: speedText(average) })}</span>}
      <span className="job-when">{t('jobDetail.started', { time: started })}</span>
      {seconds !== null && <span className="job-when">{t('jobDetail.took', { seconds: seconds.toFixed(1) })}</span>}
    </div>
  );
}

/** `onRetried`: where a Retry's new job goes (a dialog follows it in place); the Jobs panel lists it anyway. */
export const JobRow = memo(function JobRow({ jobId, onRetried }: { jobId: string; onRetried?: (jobId: string) => void }) {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const job = useApp((s) => s.jobs.byId[jobId]);
  const [cancelling, setCancelling] = useState(false);
  if (!job) {
    return (
      <li className="job job-queued">
        <span className="muted">{t('jobDetail.starting')}</span>
      </li>
    );
  }
  const active = isActive(job);
  const known = job.total > 0;
  const percent = known ? Math.min(100, (job.current / job.total) * 100) : job.state === 'succeeded' ? 100 : 0;
  const lastMessage = job.messages[job.messages.length - 1];
  // In the UI's language, rebuilt from core's title where its shape is known (job-titles.ts).
  const title = jobTitle(job, t);
  const valueText = known
    ? t('jobs.progress', { current: bytesText(job.current), total: bytesText(job.total) })
    : t(`jobs.state.${job.state}`);
  return (
    <li className={`job job-${job.state}`} aria-label={title}>
      <div className="job-head">
        <span className="job-title">{title}</span>
        <span className={`badge state-${job.state}`}>{t(`jobs.state.${job.state}`)}</span>
        {active && (
          <button
            type="button"
            className="button subtle small"
            disabled={cancelling}
            aria-label={t('jobs.cancelJob', { title })}
            onClick={() => {
              setCancelling(true);
              void store
                .getState()
                .jobs.cancel(job.id)
                .finally(() => setCancelling(false));
            }}
          >
            {cancelling ? t('jobDetail.cancelling') : t('jobs.cancel')}
          </button>
        )}
      </div>
      <div
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={known ? job.total : undefined}
        aria-valuenow={known ? job.current : undefined}
        aria-valuetext={valueText}
        className={`progress${job.state === 'running' && !known ? ' indeterminate' : ''}`}
      >
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <JobMeta job={job} active={active} />
      {active && lastMessage && (
        <p className="mono job-message">{engineLineText(lastMessage, t, i18n.resolvedLanguage ?? i18n.language)}</p>
      )}
      {/* A cancel is the user's own doing: the badge says Cancelled, no error box repeats it. */}
      {job.error && job.state !== 'cancelled' && (
        <p className="inline-error mono" role="note">
          {coreMessageText(job.error, t)}
        </p>
      )}
      <PullResult job={job} />
      <PushResult job={job} />
      <LoadOutcome job={job} />
      <CommitOutcome job={job} />
      <CopyResult job={job} />
      <FailedActions job={job} onRetried={onRetried} />
      {layerTotal(job) > 0 && (
        <LayerTable
          jobId={job.id}
          layers={job.layers}
          count={layerTotal(job)}
          active={active}
          stopped={job.state === 'failed' || job.state === 'cancelled'}
        />
      )}
      {job.messages.length > 0 && (
        <details className="job-output">
          <summary>{t('jobDetail.output', { count: job.messages.length })}</summary>
          <pre className="mono">{job.messages.join('\n')}</pre>
        </details>
      )}
    </li>
  );
});

/** Active jobs first, then the finished ones (the history, kept while the window lives). */
export function JobList() {
  const { t } = useTranslation();
  const store = useAppStore();
  const active = useApp(useShallow((s) => jobIds(s.jobs.byId, 'active')));
  const finished = useApp(useShallow((s) => jobIds(s.jobs.byId, 'finished')));
  if (active.length === 0 && finished.length === 0) return <p className="empty-state">{t('jobs.empty')}</p>;
  return (
    <div className="jobs-scroll">
      {/* One list of every job (as the panel always had), in two groups: running, then the history. */}
      <ul className="job-groups" aria-label={t('jobs.list')}>
        <li className="job-group" aria-labelledby="jobs-active-title">
          <h2 id="jobs-active-title" className="group-title">
            {t('jobDetail.active', { count: active.length })}
          </h2>
          {active.length === 0 ? (
            <p className="muted group-empty">{t('jobDetail.noneActive')}</p>
          ) : (
            <ul className="job-list" aria-label={t('jobDetail.activeList')}>
              {active.map((id) => (
                <JobRow key={id} jobId={id} />
              ))}
            </ul>
          )}
        </li>
        {finished.length > 0 && (
          <li className="job-group" aria-labelledby="jobs-finished-title">
            <div className="group-head">
              <h2 id="jobs-finished-title" className="group-title">
                {t('jobDetail.finished', { count: finished.length })}
              </h2>
              <button type="button" className="button subtle small" onClick={() => store.getState().jobs.clearFinished()}>
                {t('jobDetail.clearFinished')}
              </button>
            </div>
            <ul className="job-list" aria-label={t('jobDetail.finishedList')}>
              {finished.map((id) => (
                <JobRow key={id} jobId={id} />
              ))}
            </ul>
          </li>
        )}
      </ul>
    </div>
  );
}
