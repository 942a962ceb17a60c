// Owns the small pieces the registries dialogs and panels share: a registry's name as people know
// it, a registry error explained by its code (the registry's own words kept), a one-field form, a
// confirmation dialog on the editing dialogs' frame, and a button that copies a value (a digest).
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, Result } from '../../../../shared/contract';
import { isHub } from './registries-model';
import { copyText } from '../../ui/clipboard';
import { closeDialogOf, EditModal } from '../../ui/EditModal';
import { CopyIcon } from '../../ui/icons';

/** `Docker Hub (docker.io)` for Hub, the host[:port] otherwise. */
export function RegistryName({ host }: { host: string }) {
  const { t } = useTranslation();
  if (!isHub(host)) return <span className="mono">{host}</span>;
  return (
    <span>
      {t('registries.hub')} <span className="muted mono">({host})</span>
    </span>
  );
}

/**
 * What went wrong talking to a registry. UNAUTHORIZED keeps the registry's words under a plain
 * heading; REGISTRY_UNREACHABLE says the registry could not be reached at all (address, network).
 */
export function RegistryError({
  error,
  host,
  context,
  id,
}: {
  error: ContractError;
  host?: string;
  context: 'login' | 'push' | 'browse' | 'local' | 'list';
  id?: string;
}) {
  const { t } = useTranslation();
  const where = host ?? String(error.detail?.registry ?? '');
  let heading: string;
  if (error.code === 'UNAUTHORIZED')
    heading =
      context === 'login' ? t('registries.errors.loginRefused', { host: where }) : t('registries.errors.unauthorized', { host: where });
  else if (error.code === 'REGISTRY_UNREACHABLE') heading = t('registries.errors.unreachable', { host: where });
  else heading = t(`registries.errors.${context}`);
  return (
    <div id={id} role="alert" className="inline-error">
      <strong>{heading}</strong>
      <span className="mono">{error.message}</span>
      {error.code === 'REGISTRY_UNREACHABLE' && <span className="error-hint">{t('registries.errors.unreachableHint')}</span>}
    </div>
  );
}

/**
 * "Are you sure?" for the registries' destructive steps: the action runs inside, its error (in the
 * registry's or engine's words) stays in the dialog, and it closes on success.
 */
export function ConfirmDialog({
  title,
  confirm,
  danger,
  run,
  onClose,
  children,
  context,
}: {
  title: string;
  confirm: string;
  danger?: boolean;
  run: () => Promise<Result<unknown>>;
  onClose: () => void;
  children: ReactNode;
  context: 'browse' | 'local' | 'list';
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await run();
    setBusy(false);
    if (result.ok) closeDialogOf(statusRef.current);
    else setError(result.error);
  };
  const footer = (
    <>
      <p className="notice" role="status" ref={statusRef}>
        {busy ? t('registries.working') : ''}
      </p>
      <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
        {t('registries.cancel')}
      </button>
      <button type="submit" className={`button primary${danger ? ' danger' : ''}`} data-autofocus disabled={busy}>
        {confirm}
      </button>
    </>
  );
  return (
    <EditModal title={title} className="confirm-dialog" onClose={onClose} onSubmit={() => void submit()} busy={busy} footer={footer}>
      {children}
      {error && <RegistryError error={error} context={context} />}
    </EditModal>
  );
}

type ErrorContext = 'login' | 'push' | 'browse' | 'local' | 'list';

/**
 * One labelled text field and its button (add a registry, pick one, open a repository, push an
 * image). An answer that failed shows under it; `clearOnSuccess` empties the field after a success.
 */
export function FieldForm({
  formLabel,
  label,
  submitLabel,
  onSubmit,
  initial = '',
  placeholder,
  suggestions,
  role,
  primary,
  opensDialog,
  clearOnSuccess,
  context = 'list',
}: {
  formLabel: string;
  label: string;
  submitLabel: string;
  onSubmit: (value: string) => Promise<Result<unknown> | void> | void;
  initial?: string;
  placeholder?: string;
  /** Offered as the field's datalist. */
  suggestions?: readonly string[];
  role?: 'search';
  primary?: boolean;
  opensDialog?: boolean;
  clearOnSuccess?: boolean;
  context?: ErrorContext;
}) {
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const id = useId();
  const listId = useId();
  const submit = async () => {
    if (value.trim() === '' || busy) return;
    setBusy(true);
    const result = await onSubmit(value.trim());
    setBusy(false);
    setError(result && !result.ok ? result.error : null);
    if (result?.ok && clearOnSuccess) setValue('');
  };
  return (
    <form
      className="field-form"
      role={role}
      aria-label={formLabel}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field grow">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          className="text-input mono"
          value={value}
          list={suggestions ? listId : undefined}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
        />
        {suggestions && (
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        )}
      </div>
      <button
        type="submit"
        className={`button${primary ? ' primary' : ''}`}
        aria-haspopup={opensDialog ? 'dialog' : undefined}
        disabled={value.trim() === '' || busy}
      >
        {submitLabel}
      </button>
      {error && <RegistryError error={error} context={context} />}
    </form>
  );
}

/** An icon button that copies `value` whole (shown cut short beside it) and says so to screen readers. */
export function CopyValueButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLSpanElement>(null);
  const [notice, setNotice] = useState({ text: '', failed: false });
  const copy = async () => {
    try {
      await copyText(value, ref.current);
      setNotice({ text: t('registries.copied'), failed: false });
    } catch (err) {
      setNotice({ text: t('shell.command.copyFailed', { message: err instanceof Error ? err.message : String(err) }), failed: true });
    }
  };
  return (
    <span className="copy-value" ref={ref}>
      <button
        type="button"
        className="icon-button small"
        aria-label={label}
        title={label}
        onClick={() => void copy()}
        onBlur={() => setNotice({ text: '', failed: false })}
      >
        <CopyIcon width={14} height={14} />
      </button>
      {/* A failure stays in sight; "Copied" is only announced. */}
      <span aria-live="polite" className={notice.failed ? 'field-error' : 'visually-hidden'}>
        {notice.text}
      </span>
    </span>
  );
}
