// Owns Tag (`docker tag source target`): the target checked as it is typed (the faulty part named
// in the UI's language, the CLI's own message beside it), a warning when the tag would move away
// from another image, then the tag itself. Tagging adds a name; it never renames.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, TagTargetValidation } from '../../../shared/contract';
import { shortId, tagCommand } from '../store/edit-model';
import { useAppStore } from '../store/use-app';
import { closeDialogOf, EditModal } from './EditModal';

const VALIDATE_DEBOUNCE_MS = 120;

export function TagDialog({ source, onClose }: { source: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [target, setTarget] = useState('');
  const [validation, setValidation] = useState<TagTargetValidation | null>(null);
  const [checking, setChecking] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const seq = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const feedbackId = useId();
  const hintId = useId();

  useEffect(() => {
    const mine = ++seq.current;
    setError(null);
    if (target === '') {
      setValidation(null);
      setChecking(false);
      return;
    }
    setChecking(true);
    const timer = setTimeout(() => {
      void store
        .getState()
        .edit.validateTag({ target, source })
        .then((r) => {
          if (mine !== seq.current) return;
          setChecking(false);
          if (r.ok) setValidation(r.value);
          else setError(r.error);
        });
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [target, source]);

  const fresh = validation !== null && validation.input === target && !checking;
  const canTag = fresh && validation.valid && !validation.sourceError && !submitting;
  const invalid = (fresh && !validation.valid) || error?.code === 'INVALID_REFERENCE';

  const submit = async () => {
    if (!canTag) return;
    setSubmitting(true);
    const r = await store.getState().edit.tag({ source, target });
    setSubmitting(false);
    if (r.ok) {
      closeDialogOf(inputRef.current);
    } else {
      setError(r.error);
      inputRef.current?.focus();
    }
  };

  const footer = (
    <>
      <p className="notice" role="status">
        {submitting ? t('edit.tag.tagging') : checking ? t('edit.tag.checking') : ''}
      </p>
      <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
        {t('edit.cancel')}
      </button>
      <button type="submit" className="button primary" disabled={!canTag}>
        {t('edit.tag.confirm')}
      </button>
    </>
  );

  return (
    <EditModal title={t('edit.tag.title')} className="tag-dialog" onClose={onClose} onSubmit={() => void submit()} busy={submitting} footer={footer}>
      <p className="scope">
        <code className="command-line">{tagCommand(source, target)}</code>
      </p>
      <dl className="edit-facts">
        <dt>{t('edit.tag.source')}</dt>
        <dd>
          <code className="mono">{source}</code>
          {validation?.sourceImageId && <span className="muted mono">{shortId(validation.sourceImageId)}</span>}
        </dd>
      </dl>
      <div className="field">
        <label htmlFor={inputId}>{t('edit.tag.target')}</label>
        <input
          id={inputId}
          ref={inputRef}
          className="text-input mono"
          value={target}
          data-autofocus
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          placeholder={t('edit.tag.placeholder')}
          aria-invalid={invalid || undefined}
          aria-describedby={`${feedbackId} ${hintId}`}
          onChange={(e) => setTarget(e.target.value)}
        />
      </div>
      <div id={feedbackId} className="tag-feedback" aria-live="polite">
        {fresh && validation.error && (
          <div className="field-error">
            <p>{t(`edit.tag.parts.${validation.error.part}`, { value: validation.error.value })}</p>
            <p className="mono">{validation.error.message}</p>
          </div>
        )}
        {fresh && validation.sourceError && (
          <div className="field-error">
            <p className="mono">{validation.sourceError}</p>
          </div>
        )}
        {fresh && validation.valid && (
          <div className="tag-ok">
            <p>
              {t('edit.tag.willCreate')} <code className="mono">{validation.familiar}</code>
              {validation.normalized && validation.normalized !== validation.familiar && (
                <span className="muted mono"> ({validation.normalized})</span>
              )}
            </p>
            {validation.defaultTag && <p className="muted">{t('edit.tag.defaultTag')}</p>}
          </div>
        )}
        {fresh && validation.existing && !validation.existing.sameImage && (
          <div className="edit-warning" role="note">
            <p>{t('edit.tag.moves', { target: validation.familiar ?? target, id: shortId(validation.existing.imageId) })}</p>
          </div>
        )}
        {fresh && validation.existing?.sameImage && <p className="muted">{t('edit.tag.already')}</p>}
        {error && (
          <div role="alert" className="inline-error">
            <span className="mono">{error.message}</span>
          </div>
        )}
      </div>
      <p id={hintId} className="hint">
        {t('edit.tag.hint')}
      </p>
    </EditModal>
  );
}
