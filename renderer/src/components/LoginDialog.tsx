// Owns "Log in" (`docker login`): registry, user name and password or token. Core checks them with
// the engine's /auth before storing anything, where the docker CLI would. The password lives in this
// form only while it is typed and sent: it is cleared the moment the request returns, whatever the
// answer. Also the "Log in to <registry>" action a push job offers when the registry refused it.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, JobSnapshot } from '../../../shared/contract';
import { loginCommand } from '../../../shared/docker-command';
import { isHub, loginTargetOf, storeText } from '../store/registries-model';
import { useApp, useAppStore } from '../store/use-app';
import { closeDialogOf, EditModal } from './EditModal';
import { RegistryError } from './RegistriesParts';

export function LoginDialog({ host: initialHost, onClose }: { host: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
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
    // Whatever the answer, the secret is gone from this form now.
    setPassword('');
    setBusy(false);
    if (result.ok) {
      closeDialogOf(passwordRef.current);
      return;
    }
    setError(result.error);
    passwordRef.current?.focus();
  };

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
      {entry && entry.store.kind !== 'none' && (
        <p className="hint">{t('registries.login.storedIn', { store: storeText(entry) })}</p>
      )}
      {error && <RegistryError id={errorId} error={error} host={host.trim()} context="login" />}
    </EditModal>
  );
}

/** "Log in to <registry>" on a job the registry refused for want of credentials. */
export function LoginAction({ job }: { job: Pick<JobSnapshot, 'state' | 'error'> }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const registry = loginTargetOf(job);
  if (!registry) return null;
  return (
    <button type="button" className="button small" aria-haspopup="dialog" onClick={() => store.getState().registries.openLogin(registry)}>
      {t('registries.login.to', { host: registry })}
    </button>
  );
}
