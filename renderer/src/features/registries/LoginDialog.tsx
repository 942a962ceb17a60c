// Owns "Log in" (`docker login`): registry, user name and password or token. Core checks them with
// the engine's /auth before storing anything, where the docker CLI would. The password lives in this
// form only (never in the store): it is cleared once the login succeeded, and goes with the dialog
// when it closes; after a failure (a registry out of reach, a wrong user name) it stays, selected,
// so trying again needs no retyping and typing replaces it. Also opened by the "Log in to <registry>" action a refused pull or push job offers
// (jobs/LoginAction.tsx): once logged in, it says "Login Succeeded" (the CLI's words) and offers that job again.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../../shared/contract';
import { loginCommand } from '../../../../shared/docker-command';
import { retryTargetOf } from '../jobs/job-outcome';
import { isHub, storeText } from './registries-model';
import { useApp, useAppStore } from '../../store/use-app';
import { closeDialogOf, EditModal } from '../../ui/EditModal';
import { CloseDialogButton, ShowInJobsButton } from '../../ui/JobDialogButtons';
import { JobRow } from '../jobs/JobRow';
import { RegistryError } from './RegistriesParts';

/** After a login that a failed job asked for: "Login Succeeded", then that pull or push again in one click. */
function LoginSucceeded({ host, retryJob, onClose }: { host: string; retryJob?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const failed = useApp((s) => (retryJob ? s.jobs.byId[retryJob] : undefined));
  const target = failed ? retryTargetOf(failed) : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const retry = async () => {
    if (!retryJob || busy) return;
    setBusy(true);
    setError(null);
    const result = await store.getState().jobs.retry(retryJob);
    setBusy(false);
    if (result.ok) setJobId(result.value.jobId);
    else setError(result.error);
  };
  const footer =
    jobId !== null ? (
      <>
        <ShowInJobsButton label={t('jobs.retry.showJobs')} />
        <CloseDialogButton label={t('registries.push.done')} focusOnMount />
      </>
    ) : (
      <>
        <p className="notice" role="status">
          {busy ? t('jobs.retry.starting') : ''}
        </p>
        <button
          type="button"
          className={target ? 'button' : 'button primary'}
          data-autofocus={target ? undefined : true}
          onClick={(e) => closeDialogOf(e.currentTarget)}
        >
          {t('edit.close')}
        </button>
        {target && (
          <button type="button" className="button primary" data-autofocus disabled={busy} onClick={() => void retry()}>
            {t(`jobs.retry.${target.kind}`, { ref: target.reference })}
          </button>
        )}
      </>
    );
  return (
    <EditModal
      title={isHub(host) ? t('registries.login.titleHub') : t('registries.login.title', { host })}
      className="login-dialog"
      onClose={onClose}
      busy={busy}
      footer={footer}
    >
      <p className="login-succeeded" role="status">
        {t('jobs.retry.loginSucceeded')}
      </p>
      {target && jobId === null && <p className="hint">{t(`jobs.retry.${target.kind}Hint`, { ref: target.reference })}</p>}
      {error && <RegistryError error={error} host={host} context={target?.kind === 'push' ? 'push' : 'login'} />}
      {jobId !== null && (
        <ul className="job-list pull-dialog-job" aria-label={t('jobs.retry.progress')}>
          <JobRow jobId={jobId} />
        </ul>
      )}
    </EditModal>
  );
}

export function LoginDialog({ host: initialHost, onClose }: { host: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  // The failed job whose "Log in to…" opened this, if one did.
  const retryJob = useApp((s) => (s.registries.dialog?.kind === 'login' ? s.registries.dialog.retryJob : undefined));
  const [succeeded, setSucceeded] = useState<string | null>(null);
  const [host, setHost] = useState(initialHost || 'docker.io');
  const entry = useApp((s) => s.registries.entries.find((e) => e.host === host.trim()));
  const [username, setUsername] = useState(entry?.username ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const hostId = useId();
  const userId = useId();
  const passwordId = useId();
  const errorId = useId();
  const fixedHost = initialHost !== '';
  const canSubmit = host.trim() !== '' && username.trim() !== '' && password !== '' && !busy;

  const submit = async () => {
    if (!canSubmit) return;
    setBusy(true);
    setError(null);
    const result = await store.getState().registries.login({ host, username, password });
    setBusy(false);
    if (result.ok) {
      // Stored where the CLI keeps it: this form has no more use for the secret.
      setPassword('');
      // With a failed job to offer again, the form gives way to "Login Succeeded" and the retry;
      // otherwise the dialog closes and a notice says it.
      if (retryJob) {
        setSucceeded(host.trim());
        return;
      }
      store.getState().edit.notify('jobs.retry.loginSucceededHost', { host: host.trim() });
      closeDialogOf(passwordRef.current);
      return;
    }
    setError(result.error);
    // Kept for another try (the network may be back, the user name fixed); selected, so a new one replaces it.
    passwordRef.current?.focus();
    passwordRef.current?.select();
  };

  if (succeeded !== null) return <LoginSucceeded host={succeeded} retryJob={retryJob} onClose={onClose} />;

  const footer = (
    <>
      <p className="notice" role="status">
        {busy ? t('registries.login.checking', { host: host.trim() }) : ''}
      </p>
      <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
        {t('registries.cancel')}
      </button>
      <button type="submit" className="button primary" disabled={!canSubmit}>
        {t('registries.login.submit')}
      </button>
    </>
  );

  return (
    <EditModal
      title={isHub(host.trim()) ? t('registries.login.titleHub') : t('registries.login.title', { host: host.trim() })}
      className="login-dialog"
      onClose={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      footer={footer}
    >
      <p className="scope">
        <code className="command-line">{loginCommand(host.trim(), { username: username.trim(), passwordStdin: true })}</code>
      </p>
      <div className="field">
        <label htmlFor={hostId}>{t('registries.login.registry')}</label>
        <input
          id={hostId}
          className="text-input mono"
          value={host}
          readOnly={fixedHost}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setHost(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={userId}>{t('registries.login.username')}</label>
        <input
          id={userId}
          className="text-input"
          value={username}
          data-autofocus={username === '' ? true : undefined}
          spellCheck={false}
          autoComplete="username"
          autoCapitalize="off"
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={passwordId}>{t('registries.login.password')}</label>
        <input
          id={passwordId}
          ref={passwordRef}
          type="password"
          className="text-input"
          value={password}
          data-autofocus={username !== '' ? true : undefined}
          autoComplete="off"
          aria-invalid={error?.code === 'UNAUTHORIZED' || undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {entry && entry.store.kind !== 'none' && <p className="hint">{t('registries.login.storedIn', { store: storeText(entry) })}</p>}
      {error && <RegistryError id={errorId} error={error} host={host.trim()} context="login" />}
    </EditModal>
  );
}
