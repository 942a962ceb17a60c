// Owns Commit (`docker commit [--author] [--message] [--change …] [--pause] container [repo[:tag]]`):
// a container picker from the engine's list, the options as fields, the reference checked as it is
// typed, then the commit job followed to the new image's ID. Refusals land on the field they are about.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommitResult, ContainerRow, ContractError, TagTargetValidation } from '../../../../shared/contract';
import { containerStatusText } from '../../i18n/container-status';
import { createdAgo } from '../../i18n/relative-time';
import { psImageText } from './container-image';
import { changeLines, commitCommand, commitErrorField, commitReference, isTagPart, shortId } from './edit-model';
import { jobTitle } from '../jobs/job-titles';
import { useApp, useAppStore } from '../../store/use-app';
import { closeDialogOf, EditModal } from '../../ui/EditModal';
import { DockerCommand } from '../../ui/DockerCommand';
import { CloseDialogButton, ShowInJobsButton } from '../../ui/JobDialogButtons';

type Field = 'container' | 'repository' | 'tag' | 'changes' | 'general';
interface FieldError {
  field: Field;
  message: string;
}

const VALIDATE_DEBOUNCE_MS = 150;

function ContainerPicker({
  containers,
  selected,
  onSelect,
  error,
  errorId,
}: {
  containers: ContainerRow[];
  selected: string;
  onSelect: (name: string) => void;
  error?: string;
  errorId: string;
}) {
  const { t, i18n } = useTranslation();
  const nowMs = useApp((s) => s.images.nowMs);
  const groupName = useId();
  if (containers.length === 0) return <p className="muted">{t('edit.commit.noContainers')}</p>;
  return (
    <div
      role="radiogroup"
      aria-label={t('edit.commit.containers')}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errorId : undefined}
      className="picker"
    >
      <table className="edit-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('edit.commit.pick')}</span>
            </th>
            <th scope="col">{t('edit.commit.colName')}</th>
            <th scope="col">{t('edit.commit.colImage')}</th>
            <th scope="col">{t('edit.commit.colStatus')}</th>
            <th scope="col">{t('edit.commit.colCreated')}</th>
          </tr>
        </thead>
        <tbody>
          {containers.map((c) => {
            const nameId = `${groupName}-${c.id.slice(0, 12)}`;
            return (
              <tr key={c.id} className={selected === c.name ? 'picked' : undefined} onClick={() => onSelect(c.name)}>
                <td>
                  <input
                    type="radio"
                    name={groupName}
                    value={c.name}
                    checked={selected === c.name}
                    aria-labelledby={nameId}
                    onChange={() => onSelect(c.name)}
                  />
                </td>
                <td id={nameId} className="mono nowrap" title={c.name}>
                  {c.name}
                </td>
                {/* As `docker ps -a` shows it; the engine's full value and the image ID on hover. */}
                <td className="mono ellipsis" title={c.image === c.imageId ? c.imageId : `${c.image}\n${c.imageId}`}>
                  {psImageText(c.image, c.imageId)}
                </td>
                <td className="nowrap" title={c.status}>
                  <span className={`dot dot-${c.state === 'running' ? 'reachable' : 'connecting'}`} aria-hidden="true" />{' '}
                  {containerStatusText(c.status, t, i18n.language)}
                </td>
                <td className="nowrap">{createdAgo(c.created, nowMs, i18n.resolvedLanguage ?? i18n.language)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function CommitDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const edit = () => store.getState().edit;
  const [containers, setContainers] = useState<ContainerRow[] | null>(null);
  const [listError, setListError] = useState<ContractError | null>(null);
  const [container, setContainer] = useState('');
  const [repository, setRepository] = useState('');
  const [tag, setTag] = useState('');
  const [author, setAuthor] = useState('');
  const [message, setMessage] = useState('');
  const [changesText, setChangesText] = useState('');
  const [pause, setPause] = useState(true);
  const [refCheck, setRefCheck] = useState<TagTargetValidation | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useApp((s) => (jobId ? s.jobs.byId[jobId] : undefined));
  const seq = useRef(0);
  const ids = {
    repository: useId(),
    tag: useId(),
    author: useId(),
    message: useId(),
    changes: useId(),
    changesHint: useId(),
    refHint: useId(),
    error: useId(),
  };

  const loadContainers = async () => {
    const r = await edit().listContainers();
    if (r.ok) {
      setContainers(r.value);
      setListError(null);
      // One running container is the obvious choice; more than one is the person's.
      const running = r.value.filter((c) => c.state === 'running');
      setContainer((current) => current || (running.length === 1 ? running[0].name : ''));
    } else {
      setListError(r.error);
    }
  };
  useEffect(() => {
    void loadContainers();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- the list once, as the dialog opens

  /** A setter that also clears the refusal shown on the fields it is about. */
  const typed = (fields: Field[], set: (v: string) => void) => (v: string) => {
    set(v);
    if (fieldError && fields.includes(fieldError.field)) setFieldError(null);
  };
  const reference = commitReference(repository, tag);
  const changes = changeLines(changesText);
  const form = {
    container,
    reference,
    author: author || undefined,
    message: message || undefined,
    changes,
    pause,
  };

  useEffect(() => {
    const mine = ++seq.current;
    if (!reference) {
      setRefCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      void edit()
        .validateTag({ target: reference })
        .then((r) => {
          if (mine === seq.current) setRefCheck(r.ok ? r.value : null);
        });
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [reference]); // eslint-disable-line react-hooks/exhaustive-deps -- checks each new reference, nothing else

  const refError = refCheck && refCheck.input === reference && !refCheck.valid ? refCheck.error : undefined;
  const refErrorField: Field = refError && isTagPart(refError.part) ? 'tag' : 'repository';
  const errorFor = (field: Field): string | undefined => {
    if (fieldError?.field === field) return fieldError.message;
    if (refError && refErrorField === field)
      return `${t(`edit.tag.parts.${refError.part}`, { value: refError.value })} ${refError.message}`;
    return undefined;
  };

  const submit = async () => {
    if (submitting || (job && job.state === 'running')) return;
    if (!container) {
      setFieldError({ field: 'container', message: t('edit.commit.pickFirst') });
      return;
    }
    setSubmitting(true);
    setFieldError(null);
    const r = await edit().commit(form);
    setSubmitting(false);
    if (r.ok) {
      setJobId(r.value.jobId);
      return;
    }
    const field = commitErrorField(r.error.detail) ?? (r.error.code === 'NOT_FOUND' ? 'container' : 'general');
    setFieldError({ field: field === 'reference' ? refErrorField : field, message: r.error.message });
  };

  // A job that fails after it started still says which field was wrong when it can.
  useEffect(() => {
    if (job?.state === 'failed' && job.error) {
      const field: Field = job.error.code === 'NOT_FOUND' ? 'container' : 'general';
      setFieldError({ field, message: job.error.message });
    }
  }, [job?.state]); // eslint-disable-line react-hooks/exhaustive-deps -- once per state the job enters

  const running = submitting || job?.state === 'running' || job?.state === 'queued';
  const done = job?.state === 'succeeded' ? (job.result as CommitResult | undefined) : undefined;

  const again = () => {
    setJobId(null);
    setFieldError(null);
    void loadContainers();
  };

  const footer = done ? (
    <>
      <p className="notice" role="status">
        {t('edit.commit.done')}
      </p>
      <ShowInJobsButton label={t('edit.commit.showJobs')} />
      <button type="button" className="button" onClick={again}>
        {t('edit.commit.again')}
      </button>
      <CloseDialogButton label={t('edit.close')} focusOnMount />
    </>
  ) : (
    <>
      <p className="notice" role="status">
        {running ? t('edit.commit.committing') : ''}
      </p>
      <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
        {t('edit.cancel')}
      </button>
      <button type="submit" className="button primary" disabled={running || !!refError}>
        {t('edit.commit.confirm')}
      </button>
    </>
  );

  const general = errorFor('general');
  const containerError = errorFor('container');

  return (
    <EditModal title={t('edit.commit.title')} className="commit-dialog" onClose={onClose} onSubmit={() => void submit()} footer={footer}>
      <DockerCommand command={commitCommand(form)} />
      {done ? (
        <section aria-label={t('edit.commit.result')} className="commit-result">
          <pre className="cli-output">{done.id}</pre>
          <dl className="edit-facts">
            <dt>{t('edit.commit.newId')}</dt>
            <dd>
              <code className="mono">{shortId(done.id)}</code>
            </dd>
            <dt>{t('edit.commit.reference')}</dt>
            <dd>
              {done.reference ? <code className="mono">{done.reference}</code> : <span className="muted">{t('edit.commit.dangling')}</span>}
            </dd>
          </dl>
        </section>
      ) : (
        <fieldset className="edit-fields" disabled={running}>
          <legend className="visually-hidden">{t('edit.options')}</legend>
          <div className="field">
            <div className="field-label-row">
              <span className="field-label">{t('edit.commit.containers')}</span>
              <button type="button" className="button small subtle" onClick={() => void loadContainers()}>
                {t('edit.commit.reload')}
              </button>
            </div>
            {listError && (
              <div role="alert" className="inline-error mono">
                {listError.message}
              </div>
            )}
            {containers === null && !listError ? (
              <p className="muted">{t('edit.commit.loading')}</p>
            ) : (
              containers && (
                <ContainerPicker
                  containers={containers}
                  selected={container}
                  onSelect={(name) => {
                    setContainer(name);
                    if (fieldError?.field === 'container') setFieldError(null);
                  }}
                  error={containerError}
                  errorId={`${ids.error}-container`}
                />
              )
            )}
            {containerError && (
              <p id={`${ids.error}-container`} className="field-error" role="alert">
                {containerError}
              </p>
            )}
          </div>
          <div className="field-row">
            <TextField
              id={ids.repository}
              label={t('edit.commit.repository')}
              value={repository}
              onChange={typed(['repository', 'tag'], setRepository)}
              placeholder={t('edit.commit.repositoryPlaceholder')}
              error={errorFor('repository')}
              describedBy={ids.refHint}
              grow
              autoFocusOnOpen
            />
            <TextField
              id={ids.tag}
              label={t('edit.commit.tag')}
              value={tag}
              onChange={typed(['repository', 'tag'], setTag)}
              placeholder="latest"
              error={errorFor('tag')}
              describedBy={ids.refHint}
            />
          </div>
          <p id={ids.refHint} className="hint">
            {t('edit.commit.referenceHint')}
          </p>
          <div className="field-row">
            <TextField
              id={ids.author}
              label={t('edit.commit.author')}
              value={author}
              onChange={setAuthor}
              placeholder={t('edit.commit.authorPlaceholder')}
              grow
              mono={false}
            />
          </div>
          <TextField id={ids.message} label={t('edit.commit.message')} value={message} onChange={setMessage} mono={false} />
          <div className="field">
            <label htmlFor={ids.changes}>{t('edit.commit.changes')}</label>
            <textarea
              id={ids.changes}
              className="text-input mono edit-textarea"
              rows={3}
              value={changesText}
              spellCheck={false}
              placeholder={'ENV DEBUG=1\nCMD ["/bin/sh"]'}
              aria-invalid={errorFor('changes') ? true : undefined}
              aria-describedby={`${ids.changesHint}${errorFor('changes') ? ` ${ids.error}-changes` : ''}`}
              onChange={(e) => {
                setChangesText(e.target.value);
                if (fieldError?.field === 'changes') setFieldError(null);
              }}
            />
            {errorFor('changes') && (
              <p id={`${ids.error}-changes`} className="field-error">
                {errorFor('changes')}
              </p>
            )}
            <p id={ids.changesHint} className="hint">
              {t('edit.commit.changesHint')}
            </p>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={pause} onChange={(e) => setPause(e.target.checked)} />
            <span>{t('edit.commit.pause')}</span>
          </label>
        </fieldset>
      )}
      {job && !done && (
        <div className="commit-job" aria-label={jobTitle(job, t)}>
          <div className={`progress${job.state === 'running' ? ' indeterminate' : ''}`} role="progressbar" aria-label={jobTitle(job, t)}>
            <div className="progress-bar" style={{ width: job.state === 'running' ? undefined : '100%' }} />
          </div>
          <span className={`badge state-${job.state}`}>{t(`jobs.state.${job.state}`)}</span>
        </div>
      )}
      {general && (
        <div role="alert" className="inline-error mono">
          {general}
        </div>
      )}
    </EditModal>
  );
}

function TextField({
  id,
  label,
  value,
  onChange,
  placeholder,
  error,
  describedBy,
  grow,
  mono = true,
  autoFocusOnOpen,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  error?: string;
  describedBy?: string;
  grow?: boolean;
  mono?: boolean;
  autoFocusOnOpen?: boolean;
}) {
  const errorId = `${id}-error`;
  return (
    <div className={`field${grow ? ' grow' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`text-input${mono ? ' mono' : ''}`}
        value={value}
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder}
        data-autofocus={autoFocusOnOpen || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
