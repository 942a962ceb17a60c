// Owns "Push" (`docker push name[:tag]`): the registry the name implies is shown before anything
// starts (Docker Hub only when the name really means Hub), a name Hub would refuse (no `user/`) is
// called out with an offer to tag it `user/image` and push that, a name no local image has (another
// registry or repository) is offered as `docker tag` + `docker push` in one step, then the job's
// progress in place. Also "Push to local registry": the `localhost:<port>/<name>:<tag>` it would tag
// is said first, then tag and push in one step.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, PushTarget } from '../../../../shared/contract';
import { pushCommand, tagAndPushCommand } from '../../../../shared/docker-command';
import { isHub } from './registries-model';
import type { RegistriesDialog } from './registries-slice';
import { isActive } from '../jobs/job-model';
import { useApp, useAppStore } from '../../store/use-app';
import { closeDialogOf, EditModal } from '../../ui/EditModal';
import { DockerCommand } from '../../ui/DockerCommand';
import { CloseDialogButton, ShowInJobsButton } from '../../ui/JobDialogButtons';
import { JobRow } from '../jobs/JobRow';
import { RegistryError, RegistryName } from './RegistriesParts';
import { useDebouncedAnswer } from '../../ui/use-debounced-answer';

const CHECK_DEBOUNCE_MS = 150;

/** Where a push stands once started: its job in place, with a way to the Jobs panel. */
function StartedFooter({ jobId }: { jobId?: string }) {
  const { t } = useTranslation();
  // "Goes on in the background" holds only while it does.
  const running = useApp((s) => (jobId ? isActive(s.jobs.byId[jobId] ?? { state: 'queued' }) : true));
  return (
    <>
      <p className="notice">{running ? t('registries.push.continues') : ''}</p>
      <ShowInJobsButton label={t('registries.push.showJobs')} />
      <CloseDialogButton label={t('registries.push.done')} />
    </>
  );
}

function JobInPlace({ jobId, onRetried }: { jobId: string; onRetried?: (jobId: string) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="job-list pull-dialog-job" aria-label={t('registries.push.progress')}>
      <JobRow jobId={jobId} onRetried={onRetried} />
    </ul>
  );
}

/** Registry, repository, tag and the login that would be used, as core resolved the name. */
function TargetFacts({ target }: { target: PushTarget }) {
  const { t } = useTranslation();
  return (
    <dl className="kv compact push-target" aria-label={t('registries.push.target')}>
      <dt>{t('registries.push.registry')}</dt>
      <dd>
        <RegistryName host={target.registry} />
      </dd>
      <dt>{t('registries.push.repository')}</dt>
      <dd className="mono">{target.repository}</dd>
      <dt>{t('registries.push.tag')}</dt>
      <dd className="mono">{target.tag}</dd>
      <dt>{t('registries.push.as')}</dt>
      <dd>
        {target.username ? (
          <span className="mono">{target.username}</span>
        ) : (
          <span className="muted">{t('registries.push.anonymous')}</span>
        )}
      </dd>
    </dl>
  );
}

/** Docker Hub refuses `myapp`: say so and offer `user/myapp` (tag, then push it). */
function NamespaceOffer({ target, source, onStarted }: { target: PushTarget; source: string; onStarted: (jobId: string) => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  // Hub files a bare name under its official `library/` namespace.
  const bare = target.repository.replace(/^library\//, '');
  const [name, setName] = useState(target.suggestion ?? (target.username ? `${target.username}/${bare}:${target.tag}` : ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const fieldId = useId();
  const valid = name.trim().includes('/') && !busy;
  const run = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    const result = await store.getState().registries.tagAndPush(source, name);
    setBusy(false);
    if (result.ok) onStarted(result.value.jobId);
    else setError(result.error);
  };
  return (
    <div className="edit-warning push-namespace" role="note" aria-label={t('registries.push.namespaceTitle')}>
      <p>
        <strong>{t('registries.push.namespaceTitle')}</strong>
      </p>
      <p>{t('registries.push.namespace', { repository: bare })}</p>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor={fieldId}>{t('registries.push.newName')}</label>
          <input
            id={fieldId}
            className="text-input mono"
            value={name}
            placeholder={t('registries.push.newNamePlaceholder', { repository: `${bare}:${target.tag}` })}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void run();
              }
            }}
          />
        </div>
        <button type="button" className="button" disabled={!valid} onClick={() => void run()}>
          {t('registries.push.tagAndPush', { name: name.trim() || '…' })}
        </button>
      </div>
      {error &&
        (error.detail?.needsNamespace ? (
          <p className="field-error">{t('registries.push.stillNeedsNamespace', { name: name.trim() })}</p>
        ) : (
          <RegistryError error={error} context="push" />
        ))}
    </div>
  );
}

/**
 * No local image has the name typed (another registry or repository than the image's): offer
 * `docker tag <source> <name>` then `docker push <name>` in one step, from the image the dialog
 * was opened for (or one given here). Core checks both names before anything is tagged.
 */
function RetagOffer({
  target,
  name,
  initialSource,
  onStarted,
}: {
  target: PushTarget;
  name: string;
  initialSource: string;
  onStarted: (jobId: string) => void;
}) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [source, setSource] = useState(initialSource);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const fieldId = useId();
  const from = source.trim();
  const valid = from !== '' && !busy;
  const run = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    const result = await store.getState().registries.tagAndPush(from, name);
    setBusy(false);
    if (result.ok) onStarted(result.value.jobId);
    else setError(result.error);
  };
  return (
    <div className="edit-warning push-retag" role="group" aria-label={t('registries.push.retagTitle')}>
      <p>{from ? t('registries.push.retag', { name, source: from }) : t('registries.push.retagNoSource', { name })}</p>
      <div className="field">
        <label htmlFor={fieldId}>{t('registries.push.source')}</label>
        <input
          id={fieldId}
          className="text-input mono"
          value={source}
          placeholder={t('registries.push.sourcePlaceholder')}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setSource(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void run();
            }
          }}
        />
      </div>
      <DockerCommand command={tagAndPushCommand(from, name)} />
      {error &&
        (error.code === 'INVALID_REFERENCE' || error.code === 'INVALID_ARGUMENT' || error.code === 'NOT_FOUND' ? (
          <p className="field-error mono">{error.message}</p>
        ) : (
          <RegistryError error={error} host={target.registry} context="push" />
        ))}
      <div className="row-actions">
        <button type="button" className="button primary" disabled={!valid} onClick={() => void run()}>
          {t('registries.push.tagAndPush', { name })}
        </button>
      </div>
    </div>
  );
}

export function PushDialog({ reference, onClose }: { reference: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [name, setName] = useState(reference);
  const check = useDebouncedAnswer(name, (text) => store.getState().registries.pushTarget(text), CHECK_DEBOUNCE_MS);
  const { checking, error: checkError } = check;
  const target = check.value;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const fieldId = useId();

  const fresh = !checking && target !== null;
  const canPush = fresh && target.exists && !target.needsNamespace && !busy;
  // A name no local image has, which a tag of another image can give (Docker Hub's `user/` rule aside).
  const retag = fresh && !target.exists && !target.needsNamespace;

  const submit = async () => {
    if (!canPush) return;
    setBusy(true);
    setError(null);
    const result = await store.getState().registries.push(target.reference);
    setBusy(false);
    if (result.ok) setJobId(result.value.jobId);
    else setError(result.error);
  };

  if (jobId !== null) {
    return (
      <EditModal title={t('registries.push.title')} className="push-dialog" onClose={onClose} footer={<StartedFooter jobId={jobId} />}>
        <JobInPlace jobId={jobId} onRetried={setJobId} />
      </EditModal>
    );
  }

  const footer = (
    <>
      <p className="notice" role="status">
        {busy ? t('registries.push.starting') : checking ? t('registries.push.checking') : ''}
      </p>
      <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
        {t('registries.cancel')}
      </button>
      {!(fresh && target.needsNamespace) && !retag && (
        <button type="submit" className="button primary" disabled={!canPush}>
          {fresh
            ? isHub(target.registry)
              ? t('registries.push.submitHub')
              : t('registries.push.submit', { host: target.registry })
            : t('registries.push.submitPlain')}
        </button>
      )}
    </>
  );

  return (
    <EditModal
      title={t('registries.push.title')}
      className="push-dialog"
      onClose={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      footer={footer}
    >
      <div className="field">
        <label htmlFor={fieldId}>{t('registries.push.image')}</label>
        <input
          id={fieldId}
          className="text-input mono"
          value={name}
          data-autofocus
          placeholder={t('registries.push.imagePlaceholder')}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={(fresh && !target.exists && !retag) || checkError !== null || undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
      </div>
      {fresh && (
        <>
          {!retag && <DockerCommand command={pushCommand(name.trim())} />}
          <TargetFacts target={target} />
          {retag && <RetagOffer target={target} name={name.trim()} initialSource={reference.trim()} onStarted={setJobId} />}
          {!target.exists && !retag && <p className="field-error">{t('registries.push.missing', { name: target.reference })}</p>}
          {target.exists && target.needsNamespace && <NamespaceOffer target={target} source={name.trim()} onStarted={setJobId} />}
        </>
      )}
      {checkError &&
        (checkError.code === 'INVALID_REFERENCE' || checkError.code === 'INVALID_ARGUMENT' ? (
          <p className="field-error mono">{checkError.message}</p>
        ) : (
          <RegistryError error={checkError} context="push" />
        ))}
      {error && <RegistryError error={error} host={target?.registry} context="push" />}
      <p className="hint">{t('registries.push.hint')}</p>
    </EditModal>
  );
}

/**
 * "Push to local registry": first the name it would tag (`localhost:<port>/<name>:<tag>`) and the
 * commands, until the person says yes; then how the one step went, the name it was pushed as, its job.
 */
export function LocalPushDialog({ dialog, onClose }: { dialog: Extract<RegistriesDialog, { kind: 'localPush' }>; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const asking = dialog.state === 'planning' || dialog.state === 'confirm';
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The dialog opens while core works the name out; its yes takes the focus once there is something to say yes to.
  useEffect(() => {
    if (dialog.state === 'confirm') confirmRef.current?.focus();
  }, [dialog.state]);
  const footer =
    dialog.state === 'started' ? (
      <StartedFooter jobId={dialog.jobId} />
    ) : asking ? (
      <>
        <p className="notice" role="status">
          {dialog.state === 'planning' ? t('registries.local.planning') : ''}
        </p>
        <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
          {t('registries.cancel')}
        </button>
        <button type="submit" ref={confirmRef} className="button primary" disabled={dialog.state !== 'confirm'}>
          {t('registries.local.confirmPush')}
        </button>
      </>
    ) : (
      <>
        <p className="notice" role="status">
          {dialog.state === 'starting' ? t('registries.push.starting') : ''}
        </p>
        {dialog.state === 'failed' && (
          <button
            type="button"
            className="button"
            onClick={(e) => {
              const s = store.getState();
              s.settings.setView('registries');
              s.registries.setTab('local');
              closeDialogOf(e.currentTarget);
            }}
          >
            {t('registries.local.open')}
          </button>
        )}
        <button type="button" className="button primary" data-autofocus onClick={(e) => closeDialogOf(e.currentTarget)}>
          {t('registries.push.done')}
        </button>
      </>
    );
  return (
    <EditModal
      title={t('registries.local.pushTitle')}
      className="push-dialog"
      onClose={onClose}
      onSubmit={asking ? () => void store.getState().registries.confirmLocalPush() : undefined}
      footer={footer}
      busy={dialog.state === 'starting'}
    >
      {dialog.state === 'confirm' && dialog.reference && (
        <p>{t('registries.local.willTag', { image: dialog.image, reference: dialog.reference })}</p>
      )}
      <dl className="kv compact">
        <dt>{t('registries.push.image')}</dt>
        <dd className="mono">{dialog.image}</dd>
        {dialog.reference && (
          <>
            <dt>{asking ? t('registries.local.newTag') : t('registries.local.pushedAs')}</dt>
            <dd className="mono">{dialog.reference}</dd>
          </>
        )}
      </dl>
      {dialog.reference && (
        <DockerCommand command={asking ? tagAndPushCommand(dialog.image, dialog.reference) : pushCommand(dialog.reference)} />
      )}
      {dialog.error && <RegistryError error={dialog.error} context="local" />}
      {dialog.jobId && <JobInPlace jobId={dialog.jobId} />}
    </EditModal>
  );
}
