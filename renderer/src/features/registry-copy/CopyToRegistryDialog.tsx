// Owns the "Copy to registry" dialog: what is copied (registry, repository, tags), where to (a
// registry of the list or any host:port typed, the same repository path by default), an optional
// platform, and the `skopeo copy` lines doing the same (shared/registry-copy.ts); then the job in
// place, with its byte progress, Cancel, the registry's words when it fails (a refusal for want of
// credentials offers "Log in to…", JobRow's) and "Try again" with the same request.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../../shared/contract';
import { skopeoCopyCommands } from '../../../../shared/registry-copy';
import {
  COMMON_PLATFORMS,
  copyRequest,
  initialDraft,
  narrowSource,
  tagsOfCopy,
  type CopyDraft,
  type CopyFieldErrors,
  type CopySource,
} from './registry-copy-model';
import type { RegistryCopyDialog } from './registry-copy-slice';
import { isActive } from '../jobs/job-model';
import { JobRow } from '../jobs/JobRow';
import { RegistryName } from '../registries/RegistriesParts';
import { useApp, useAppStore } from '../../store/use-app';
import { closeDialogOf, EditModal } from '../../ui/EditModal';
import { DockerCommand } from '../../ui/DockerCommand';
import { CloseDialogButton, ShowInJobsButton } from '../../ui/JobDialogButtons';
import './registry-copy.css';

/** Registry, repository and the tags the copy reads. */
function SourceFacts({ source, knownTags }: { source: CopySource; knownTags?: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <dl className="kv compact copy-source" aria-label={t('registryCopy.from')}>
      <dt>{t('registryCopy.registry')}</dt>
      <dd>
        <RegistryName host={source.host} />
      </dd>
      <dt>{t('registryCopy.repository')}</dt>
      <dd className="mono">{source.repository}</dd>
      <dt>{t('registryCopy.tags')}</dt>
      <dd className="mono copy-tags">
        {source.tags
          ? source.tags.join(', ')
          : knownTags
            ? t('registryCopy.allTags', { count: knownTags.length })
            : t('registryCopy.allTagsUnknown')}
      </dd>
    </dl>
  );
}

/** A whole repository's tags, each ticked to be copied (all at first), with one button to tick or untick them all. */
function TagChooser({
  tags,
  chosen,
  onChange,
  error,
}: {
  tags: readonly string[];
  chosen: ReadonlySet<string>;
  onChange: (chosen: Set<string>) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const all = tags.every((tag) => chosen.has(tag));
  const errorId = useId();
  return (
    <fieldset className="copy-tag-chooser" aria-describedby={error ? errorId : undefined}>
      <legend>{t('registryCopy.chooseTags')}</legend>
      <button type="button" className="button small subtle" onClick={() => onChange(new Set(all ? [] : tags))}>
        {all ? t('registryCopy.selectNone') : t('registryCopy.selectAll')}
      </button>
      <ul className="copy-tag-list">
        {tags.map((tag) => (
          <li key={tag}>
            <label className="mono">
              <input
                type="checkbox"
                checked={chosen.has(tag)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(tag);
                  else next.delete(tag);
                  onChange(next);
                }}
              />{' '}
              {tag}
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** One labelled text field with its list of suggestions, its hint and its mistake. */
function Field({
  label,
  value,
  onChange,
  suggestions,
  placeholder,
  hint,
  error,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  suggestions?: readonly string[];
  placeholder?: string;
  hint?: string;
  error?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const listId = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="text-input mono"
        value={value}
        list={suggestions && suggestions.length > 0 ? listId : undefined}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        data-autofocus={autoFocus || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {suggestions && suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** After Start: the job in place (progress, Cancel, its result or the registry's words and "Log in to…"). */
function Started({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="job-list pull-dialog-job" aria-label={t('registryCopy.progress')}>
      <JobRow jobId={jobId} />
    </ul>
  );
}

/** Where a started copy stands, and "Try again" with the same request once it failed. */
function StartedFooter({ jobId, onRetried }: { jobId: string; onRetried: (jobId: string) => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const state = useApp((s) => s.jobs.byId[jobId]?.state ?? 'queued');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    setError(null);
    const result = await store.getState().registryCopy.retry(jobId);
    setBusy(false);
    if (result.ok) onRetried(result.value.jobId);
    else setError(result.error.message);
  };
  return (
    <>
      <p className="notice" role="status">
        {error ?? (isActive({ state }) ? t('registryCopy.continues') : '')}
      </p>
      {state === 'failed' && (
        <button type="button" className="button" disabled={busy} onClick={() => void retry()}>
          {t('registryCopy.retry')}
        </button>
      )}
      <ShowInJobsButton label={t('registryCopy.showJobs')} />
      <CloseDialogButton label={t('registryCopy.done')} focusOnMount />
    </>
  );
}

export function CopyToRegistryDialog({ dialog, onClose }: { dialog: RegistryCopyDialog; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const { source, knownTags } = dialog;
  const [draft, setDraft] = useState<CopyDraft>(() => initialDraft(source, store.getState().registryCopy.lastTargetHost));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  // A string, so the list's other changes (login state) do not re-render the dialog.
  const hosts = useApp((s) => s.registries.entries.map((e) => e.host).join('\n'));
  const listStatus = useApp((s) => s.registries.status);
  useEffect(() => {
    // Opened from an image row, the registries list may not have been asked for yet.
    if (listStatus === 'idle') void store.getState().registries.load();
  }, [listStatus, store]);

  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(knownTags ?? []));
  // A whole repository's copy, narrowed to the tags ticked (null: none is).
  const narrowed = narrowSource(source, knownTags, chosen);
  const built = copyRequest(narrowed ?? source, draft);
  const checked: ReturnType<typeof copyRequest> = narrowed
    ? built
    : { ok: false, errors: { ...(built.ok ? {} : built.errors), tags: 'tags' } satisfies CopyFieldErrors };
  // A mistake is said once the field has something in it (the tags: always), or after a Start.
  const errorOf = (field: keyof CopyFieldErrors) => {
    if (checked.ok) return undefined;
    const e = checked.errors[field];
    if (!e || (!tried && field !== 'tags' && draft[field].trim() === '')) return undefined;
    return t(`registryCopy.invalid.${e}`);
  };
  const set = (p: Partial<CopyDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setError(null);
  };
  const tags = tagsOfCopy(narrowed ?? source, knownTags);
  const lines = checked.ok && tags.length > 0 ? skopeoCopyCommands(checked.request, tags) : [];

  const submit = async () => {
    setTried(true);
    if (!checked.ok || busy) return;
    setBusy(true);
    setError(null);
    const result = await store.getState().registryCopy.start(checked.request);
    setBusy(false);
    if (result.ok) setJobId(result.value.jobId);
    else setError(result.error);
  };

  if (jobId !== null) {
    return (
      <EditModal
        title={t('registryCopy.title')}
        className="copy-dialog"
        onClose={onClose}
        footer={<StartedFooter jobId={jobId} onRetried={setJobId} />}
      >
        <SourceFacts source={narrowed ?? source} knownTags={knownTags} />
        <Started jobId={jobId} />
      </EditModal>
    );
  }

  const footer = (
    <>
      <p className="notice" role="status">
        {busy ? t('registryCopy.starting') : ''}
      </p>
      <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
        {t('registryCopy.cancel')}
      </button>
      <button type="submit" className="button primary" disabled={busy || (tried && !checked.ok)}>
        {t('registryCopy.start')}
      </button>
    </>
  );

  return (
    <EditModal
      title={t('registryCopy.title')}
      className="copy-dialog"
      onClose={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      footer={footer}
    >
      <SourceFacts source={narrowed ?? source} knownTags={knownTags} />
      {!source.tags && knownTags && knownTags.length > 1 && (
        <TagChooser tags={knownTags} chosen={chosen} onChange={setChosen} error={errorOf('tags')} />
      )}
      <fieldset className="copy-target">
        <legend>{t('registryCopy.to')}</legend>
        <Field
          label={t('registryCopy.targetRegistry')}
          value={draft.targetHost}
          onChange={(targetHost) => set({ targetHost })}
          suggestions={hosts.split('\n').filter((h) => h !== '')}
          placeholder={t('registryCopy.targetPlaceholder')}
          hint={t('registryCopy.targetHint')}
          error={errorOf('targetHost')}
          autoFocus
        />
        <Field
          label={t('registryCopy.targetRepository')}
          value={draft.targetRepository}
          onChange={(targetRepository) => set({ targetRepository })}
          error={errorOf('targetRepository')}
        />
        <Field
          label={t('registryCopy.platform')}
          value={draft.platform}
          onChange={(platform) => set({ platform })}
          suggestions={COMMON_PLATFORMS}
          placeholder={t('registryCopy.platformPlaceholder')}
          hint={t('registryCopy.platformHint')}
          error={errorOf('platform')}
        />
      </fieldset>
      {lines.length > 0 && (
        <div className="copy-as-lines">
          <DockerCommand command={lines.join('\n')} label={t('registryCopy.copyAs')} />
        </div>
      )}
      {/* Refused before any job started (the request, say): core's words as given. */}
      {error && (
        <p role="alert" className="inline-error mono">
          {error.message}
        </p>
      )}
      <p className="hint">{t('registryCopy.hint')}</p>
    </EditModal>
  );
}
