// Owns "Pull image": the reference field (checked by core: INVALID_REFERENCE's message shows under
// it), the registry's tags and the tag's platforms below it (PullRemote.tsx, loaded on demand), the
// `docker pull [--platform]` it is equivalent to, then the started job's live progress in place, with
// a way to the Jobs panel. The Pull button that opens it lives here too (Images and Search toolbars).
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../../shared/contract';
import { pullCommand } from '../../../../shared/docker-command';
import { isActive } from '../jobs/job-model';
import { useApp, useAppStore } from '../../store/use-app';
import { PullIcon } from '../../ui/feature-icons';
import { CloseIcon } from '../../ui/icons';
import { DockerCommand } from '../../ui/DockerCommand';
import { CloseDialogButton, ShowInJobsButton } from '../../ui/JobDialogButtons';
import { JobRow } from '../jobs/JobRow';
import '../features.css';

// The Images toolbar's Pull button lives in this module, so the registry half stays out of the first chunks.
const PullRemote = lazy(() => import('./PullRemote').then((m) => ({ default: m.PullRemote })));

export function PullButton({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation();
  const store = useAppStore();
  return (
    <button type="button" className="button" aria-haspopup="dialog" onClick={() => store.getState().pull.openDialog(initial)}>
      <PullIcon />
      <span>{t('pull.button')}</span>
    </button>
  );
}

export function PullDialog({ initial, onClose }: { initial: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const ref = useRef<HTMLDialogElement>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const [reference, setReferenceText] = useState(initial);
  // The platform picked for the tag shown (null: the engine's own); another reference starts over.
  const [platform, setPlatform] = useState<string | null>(null);
  const setReference = (text: string) => {
    setReferenceText(text);
    setPlatform(null);
  };
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const titleId = useId();
  const fieldId = useId();
  const hintId = useId();
  const errorId = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d || d.open) return;
    d.showModal();
    const f = fieldRef.current;
    if (f) {
      f.focus();
      // Cursor at the end, so a tag can be typed straight after a search result's name.
      f.setSelectionRange(f.value.length, f.value.length);
    }
  }, []);

  const submit = async () => {
    const value = reference.trim();
    if (value === '' || busy) return;
    setBusy(true);
    setError(null);
    setFieldError(null);
    const r = await store.getState().pull.start(value, platform ?? undefined);
    setBusy(false);
    if (r.ok) {
      setJobId(r.value.jobId);
      return;
    }
    if (r.error.code === 'INVALID_REFERENCE' || r.error.code === 'INVALID_ARGUMENT') {
      setFieldError(r.error.message);
      fieldRef.current?.focus();
    } else {
      setError(r.error);
    }
  };

  const again = () => {
    setJobId(null);
    setReference('');
    setTimeout(() => fieldRef.current?.focus(), 0);
  };

  const close = () => ref.current?.close();
  // A retry started elsewhere while this shows a job (the login dialog's "Retry pull"): follow it.
  const latest = useApp((s) => s.pull.started[s.pull.started.length - 1]);
  useEffect(() => {
    if (latest && jobId !== null && latest !== jobId) setJobId(latest);
  }, [latest]); // eslint-disable-line react-hooks/exhaustive-deps
  // "Goes on in the background" holds only while it does.
  const running = useApp((s) => (jobId ? isActive(s.jobs.byId[jobId] ?? { state: 'queued' }) : false));

  const command = pullCommand(reference.trim(), platform ? { platform } : {});

  return (
    <dialog ref={ref} className="dialog pull-dialog" aria-labelledby={titleId} onClose={(e) => e.target === e.currentTarget && onClose()}>
      <header className="dialog-header">
        <h2 id={titleId}>{t('pull.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('pull.close')} title={t('pull.close')} onClick={close}>
          <CloseIcon />
        </button>
      </header>
      {jobId === null ? (
        <form
          className="dialog-body"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="field">
            <label htmlFor={fieldId}>{t('pull.reference')}</label>
            <input
              id={fieldId}
              ref={fieldRef}
              className="text-input mono"
              value={reference}
              placeholder={t('pull.placeholder')}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${errorId} ${hintId}` : hintId}
              onChange={(e) => {
                setReference(e.target.value);
                if (fieldError) setFieldError(null);
              }}
            />
            {fieldError && (
              <p id={errorId} className="field-error mono" role="alert">
                {fieldError}
              </p>
            )}
          </div>
          <p id={hintId} className="hint">
            {t('pull.hint')}
          </p>
          <Suspense fallback={null}>
            <PullRemote
              reference={reference}
              onPick={(text) => {
                setReference(text);
                if (fieldError) setFieldError(null);
              }}
              platform={platform}
              onPlatform={setPlatform}
            />
          </Suspense>
          <DockerCommand label={t('pull.equivalent')} command={command} />
          {error && (
            <div role="alert" className="inline-error">
              <strong>{t('pull.failed')}</strong>
              <span className="mono">{error.message}</span>
            </div>
          )}
          <footer className="dialog-footer">
            <p className="notice" role="status">
              {busy ? t('pull.starting') : ''}
            </p>
            <button type="button" className="button" onClick={close}>
              {t('pull.cancel')}
            </button>
            <button type="submit" className="button primary" disabled={reference.trim() === '' || busy}>
              <PullIcon />
              <span>{t('pull.submit')}</span>
            </button>
          </footer>
        </form>
      ) : (
        <div className="dialog-body">
          <ul className="job-list pull-dialog-job" aria-label={t('pull.progress')}>
            <JobRow jobId={jobId} onRetried={setJobId} />
          </ul>
          <footer className="dialog-footer">
            <p className="notice">{running ? t('pull.continues') : ''}</p>
            <button type="button" className="button" onClick={again}>
              {t('pull.another')}
            </button>
            <ShowInJobsButton label={t('pull.showJobs')} />
            <CloseDialogButton label={t('pull.done')} />
          </footer>
        </div>
      )}
    </dialog>
  );
}
