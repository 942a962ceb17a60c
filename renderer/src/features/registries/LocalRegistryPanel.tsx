// Owns the local registry panel: `docker run -d -p 127.0.0.1:5000:5000 --restart=always --name
// registry registry:2` in one click (port, container name, data volume, image, host networking; this
// computer only unless "Share on my network" is chosen, which says who can then push and delete and
// takes a user and password, and offers a login once deployed), its state
// (running, restarting with why, stopped, absent; the address), start, stop, remove (the data volume
// stays, and how to delete it is shown), and "Push to local registry" for any image. Deploy is a
// job: its progress shows here and in Jobs; the form is hidden meanwhile, and what was typed in it
// is kept by the panel, so a failed deploy can be corrected and tried again.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, LocalRegistryStatus } from '../../../../shared/contract';
import {
  DEFAULT_LOCAL_IMAGE,
  DEFAULT_LOCAL_PORT,
  DEFAULT_LOCAL_VOLUME,
  deployCommand,
  deployOptions,
  type DeployDraft,
  type DeployFieldErrors,
  isContainerName,
} from './registries-model';
import { useApp, useAppStore } from '../../store/use-app';
import { DockerCommand } from '../../ui/DockerCommand';
import { JobRow } from '../jobs/JobRow';
import { ConfirmDialog, FieldForm, RegistryError } from './RegistriesParts';

function ContainerField() {
  const { t } = useTranslation();
  const store = useAppStore();
  const current = useApp((s) => s.registries.local.containerName);
  const [draft, setDraft] = useState(current);
  useEffect(() => setDraft(current), [current]);
  const id = useId();
  const apply = () => {
    if (isContainerName(draft.trim())) store.getState().registries.setLocalContainer(draft);
    else setDraft(current);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{t('registries.local.container')}</label>
      <input
        id={id}
        className="text-input mono"
        value={draft}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          }
        }}
      />
    </div>
  );
}

function StatusFacts({ status }: { status: LocalRegistryStatus }) {
  const { t } = useTranslation();
  return (
    <dl className="kv local-status" aria-label={t('registries.local.status')}>
      <dt>{t('registries.local.state')}</dt>
      <dd>
        <span className={`badge local-${status.state}`}>{t(`registries.local.states.${status.state}`)}</span>
      </dd>
      {status.address && (
        <>
          <dt>{t('registries.local.address')}</dt>
          <dd className="mono">{status.address}</dd>
        </>
      )}
      <dt>{t('registries.local.image')}</dt>
      <dd>
        <span className="mono">{status.image}</span>{' '}
        {!status.imagePresent && <span className="muted">{t('registries.local.imageMissing')}</span>}
      </dd>
      {status.state !== 'absent' && (
        <>
          <dt>{t('registries.local.network')}</dt>
          <dd>{status.hostNetwork ? t('registries.local.hostNetwork') : t('registries.local.published', { port: status.port })}</dd>
          <dt>{t('registries.local.reach')}</dt>
          <dd>
            {!status.shared
              ? t('registries.local.localOnly', { port: status.port })
              : status.auth
                ? t('registries.local.sharedWithUser', { port: status.port, user: status.username ?? '?' })
                : t('registries.local.sharedOpen', { port: status.port })}
          </dd>
        </>
      )}
      {status.volume && (
        <>
          <dt>{t('registries.local.volume')}</dt>
          <dd className="mono">{status.volume}</dd>
        </>
      )}
    </dl>
  );
}

/** --restart=always runs a registry that exits at once again and again: say so, and where to read why. */
function RestartingHint({ status }: { status: LocalRegistryStatus }) {
  const { t } = useTranslation();
  const name = status.containerName;
  return (
    <div className="field-error local-restarting" role="alert">
      <p>
        {status.exitCode === undefined
          ? t('registries.local.restartingHint', { name })
          : t('registries.local.restartingHintCode', { name, code: status.exitCode })}
      </p>
      {status.lastError && <p className="mono">{status.lastError}</p>}
    </div>
  );
}

/** Shared without a password (deployed before Stevedore asked, or by hand): say what that means. */
function OpenToNetwork({ status }: { status: LocalRegistryStatus }) {
  const { t } = useTranslation();
  return (
    <p className="field-error" role="alert">
      {t('registries.local.openWarning', { port: status.port })}
    </p>
  );
}

/** A shared registry asks for its user and password on every push: offer the one login that makes them work. */
function LoginOffer({ status }: { status: LocalRegistryStatus }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const host = status.address ?? `localhost:${status.port}`;
  const loggedIn = useApp((s) => s.registries.entries.some((e) => e.host === host && e.loggedIn));
  if (loggedIn) return null;
  return (
    <div className="hint" role="status">
      <p>{t('registries.local.loginOffer', { user: status.username ?? '' })}</p>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => store.getState().registries.openLogin(host)}>
        {t('registries.login.to', { host })}
      </button>
    </div>
  );
}

/** After remove: the data volume stayed; how to delete it too. */
function KeptVolume({ volume }: { volume: string }) {
  const { t } = useTranslation();
  return (
    <div className="hint" role="status">
      <p>{t('registries.local.removedKept', { volume })}</p>
      <p className="scope">
        <code className="command-line">{`docker volume rm ${volume}`}</code>
      </p>
    </div>
  );
}

/** What the deploy form holds besides the container name (that one is the panel's field). */
type DeployFields = Omit<DeployDraft, 'containerName'>;

/**
 * The form's start: the options the status carries (a remembered registry's), else the defaults.
 * Sharing starts off unless the remembered registry was shared; a password is never prefilled.
 */
const fieldsOf = (status: LocalRegistryStatus | null): DeployFields => ({
  port: String(status?.port ?? DEFAULT_LOCAL_PORT),
  volume: status?.volume ?? DEFAULT_LOCAL_VOLUME,
  hostNetwork: status?.hostNetwork ?? false,
  image: status?.image ?? DEFAULT_LOCAL_IMAGE,
  shared: status?.remembered ? status.shared : false,
  username: status?.username ?? '',
  password: '',
});

function DeployForm({
  status,
  fields,
  onChange,
}: {
  status: LocalRegistryStatus | null;
  /** What the user typed (null: untouched); kept by the panel, which outlives this form. */
  fields: DeployFields | null;
  onChange: (fields: DeployFields) => void;
}) {
  const { t } = useTranslation();
  const store = useAppStore();
  const containerName = useApp((s) => s.registries.local.containerName);
  const draft: DeployDraft = { ...(fields ?? fieldsOf(status)), containerName };
  const [errors, setErrors] = useState<DeployFieldErrors>({});
  const [error, setError] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { port: useId(), volume: useId(), image: useId(), username: useId(), password: useId(), share: useId() };
  const change = (p: Partial<DeployFields>) => {
    const { containerName: _name, ...next } = { ...draft, ...p };
    onChange(next);
    setErrors({});
  };
  const submit = async () => {
    const checked = deployOptions(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    // The password goes to core once, with this request, and is not kept here (nor given back).
    change({ password: '' });
    setBusy(true);
    setError(null);
    const result = await store.getState().registries.deployLocal(checked.options);
    setBusy(false);
    if (!result.ok) setError(result.error);
  };
  const field = (
    key: 'port' | 'volume' | 'image' | 'username' | 'password',
    id: string,
    label: string,
    extra: Record<string, unknown> = {},
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="text-input mono"
        value={draft[key] ?? ''}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={errors[key] ? true : undefined}
        onChange={(e) => change({ [key]: e.target.value })}
        {...extra}
      />
      {errors[key] && <p className="field-error">{t(`registries.local.invalid.${errors[key]}`)}</p>}
    </div>
  );
  return (
    <form
      className="local-deploy"
      aria-label={t('registries.local.deployForm')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field-row">
        {field('port', ids.port, t('registries.local.port'), { inputMode: 'numeric', className: 'text-input mono small-number' })}
        {field('volume', ids.volume, t('registries.local.volumeName'), {
          placeholder: t('registries.local.noVolume'),
          className: 'text-input mono volume-input',
        })}
      </div>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          className="switch-input"
          checked={draft.hostNetwork}
          onChange={(e) => change({ hostNetwork: e.target.checked })}
        />
        <span>{t('registries.local.useHostNetwork')}</span>
      </label>
      {field('image', ids.image, t('registries.local.image'), { placeholder: DEFAULT_LOCAL_IMAGE, className: 'text-input mono' })}
      <div className="local-share">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            className="switch-input"
            aria-describedby={ids.share}
            checked={draft.shared ?? false}
            onChange={(e) => change({ shared: e.target.checked })}
          />
          <span>{t('registries.local.share')}</span>
        </label>
        <p id={ids.share} className={draft.shared ? 'field-error' : 'hint'}>
          {draft.shared ? t('registries.local.shareWarning') : t('registries.local.shareOff')}
        </p>
        {draft.shared && (
          <div className="field-row">
            {field('username', ids.username, t('registries.local.username'), { autoComplete: 'off' })}
            {field('password', ids.password, t('registries.local.password'), {
              type: 'password',
              autoComplete: 'new-password',
              className: 'text-input',
            })}
          </div>
        )}
      </div>
      <DockerCommand command={deployCommand(draft, status?.authFile)} />
      <p className="hint">{t('registries.local.deployHint')}</p>
      {errors.containerName && <p className="field-error">{t('registries.local.invalid.name')}</p>}
      {error && <RegistryError error={error} context="local" />}
      <div>
        <button type="submit" className="button primary" disabled={busy}>
          {t('registries.local.deploy')}
        </button>
      </div>
    </form>
  );
}

function LocalPush() {
  const { t } = useTranslation();
  const store = useAppStore();
  return (
    <FieldForm
      formLabel={t('registries.local.pushTitle')}
      label={t('registries.local.pushImage')}
      placeholder={t('registries.push.imagePlaceholder')}
      submitLabel={t('registries.local.push')}
      opensDialog
      onSubmit={(image) => void store.getState().registries.pushToLocal(image)}
    />
  );
}

export function LocalRegistryPanel() {
  const { t } = useTranslation();
  const store = useAppStore();
  const local = useApp((s) => s.registries.local);
  const [confirmRemove, setConfirmRemove] = useState(false);
  // The deploy form's input lives here: the form is unmounted while its deploy runs, and a failed
  // deploy must give back what was typed, not the defaults. Another container starts afresh.
  const [deployFields, setDeployFields] = useState<DeployFields | null>(null);
  const r = () => store.getState().registries;
  const containerName = local.containerName;
  useEffect(() => setDeployFields(null), [containerName]);
  // Kept only to correct a failed deploy: once one is deployed, the next form starts from its
  // status (sharing off unless remembered so), not from what was typed for this one.
  const deployed = local.status !== null && local.status.state !== 'absent';
  useEffect(() => {
    if (deployed) setDeployFields(null);
  }, [deployed]);

  useEffect(() => {
    void store.getState().registries.loadLocal();
  }, [store, containerName]);

  const status = local.status;
  const deploying = useApp((s) => {
    const id = s.registries.local.deployJob;
    const job = id ? s.jobs.byId[id] : undefined;
    return !!job && (job.state === 'queued' || job.state === 'running');
  });

  return (
    <div className="local-registry" aria-busy={local.loading || local.busy !== null}>
      <ContainerField />
      {local.error && <RegistryError error={local.error} context="local" />}
      {status && <StatusFacts status={status} />}
      {status?.state === 'restarting' && <RestartingHint status={status} />}
      {status && status.state !== 'absent' && status.shared && !status.auth && <OpenToNetwork status={status} />}
      {status?.state === 'running' && status.shared && status.auth && <LoginOffer status={status} />}
      {status?.keptVolume && <KeptVolume volume={status.keptVolume} />}
      {status && status.state !== 'absent' && (
        <div className="row-actions" role="group" aria-label={t('registries.local.actions')}>
          {status.state === 'running' || status.state === 'restarting' ? (
            <button type="button" className="button" disabled={local.busy !== null} onClick={() => void r().stopLocal()}>
              {local.busy === 'stop' ? t('registries.local.stopping') : t('registries.local.stop')}
            </button>
          ) : (
            <button type="button" className="button" disabled={local.busy !== null} onClick={() => void r().startLocal()}>
              {local.busy === 'start' ? t('registries.local.starting') : t('registries.local.start')}
            </button>
          )}
          <button
            type="button"
            className="button danger"
            aria-haspopup="dialog"
            disabled={local.busy !== null}
            onClick={() => setConfirmRemove(true)}
          >
            {t('registries.local.remove')}
          </button>
          {status.address && status.state !== 'restarting' && (
            <button type="button" className="button" onClick={() => void r().browse(status.address!)}>
              {t('registries.local.browse')}
            </button>
          )}
        </div>
      )}
      {status?.state === 'absent' && status.remembered && (
        <div className="row-actions" role="group" aria-label={t('registries.local.actions')}>
          <p className="hint">{t('registries.local.goneOutside', { name: containerName })}</p>
          <button type="button" className="button" disabled={local.busy !== null} onClick={() => void r().removeLocal()}>
            {t('registries.local.forget')}
          </button>
        </div>
      )}
      {status?.state === 'absent' && !deploying && (
        <DeployForm key={containerName} status={status} fields={deployFields} onChange={setDeployFields} />
      )}
      {local.deployJob && (
        <ul className="job-list" aria-label={t('registries.local.deployProgress')}>
          <JobRow jobId={local.deployJob} />
        </ul>
      )}
      {status?.state === 'running' && <LocalPush />}
      {confirmRemove && (
        <ConfirmDialog
          title={t('registries.local.removeTitle', { name: containerName })}
          confirm={t('registries.local.removeConfirm')}
          danger
          context="local"
          run={() => r().removeLocal()}
          onClose={() => setConfirmRemove(false)}
        >
          <p>{t('registries.local.removeText', { name: containerName })}</p>
          {status?.volume && <p>{t('registries.local.volumeKept', { volume: status.volume })}</p>}
          <p className="scope">
            <code className="command-line">{`docker rm -f ${containerName}`}</code>
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
