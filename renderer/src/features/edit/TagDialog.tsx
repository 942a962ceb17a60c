// Owns Tag (`docker tag source target`): the target checked as it is typed (the faulty part named
// in the UI's language, the CLI's own message beside it), a warning when the tag would move away
// from another image, then the tag itself. Tagging adds a name; it never renames.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, TagTargetValidation } from '../../../../shared/contract';
import { shortId, tagCommand } from './edit-model';
import { useAppStore } from '../../store/use-app';
import { closeDialogOf, EditModal } from '../../ui/EditModal';
import { DockerCommand } from '../../ui/DockerCommand';
import { useDebouncedAnswer } from '../../ui/use-debounced-answer';

const VALIDATE_DEBOUNCE_MS = 120;

export function TagDialog({ source, onClose }: { source: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const [target, setTarget] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ContractError | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const feedbackId = useId();
  const hintId = useId();

  // Only the empty field asks nothing: white space is checked, so the dialog can say why it is no tag.
  const check = useDebouncedAnswer<TagTargetValidation>(
    target,
    (text) => store.getState().edit.validateTag({ target: text, source }),
    VALIDATE_DEBOUNCE_MS,
    (text) => text === '',
  );
  const { value: validation, checking } = check;
  // A failed tag or check is shown until the target changes.
  useEffect(() => setSubmitError(null), [target]);
  const error = submitError ?? (checking ? null : check.error);

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
      setSubmitError(r.error);
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
    <EditModal
      title={t('edit.tag.title')}
      className="tag-dialog"
      onClose={onClose}
      onSubmit={() => void submit()}
      busy={submitting}
      footer={footer}
    >
      <DockerCommand command={tagCommand(source, target)} />
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
