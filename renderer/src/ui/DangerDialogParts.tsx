// Owns what Remove and Prune share: the footer that confirms a plan that cannot be undone (Cancel
// takes the first focus, the danger button submits) and then, done, says how it went and closes;
// and the alert that names what failed (the plan, or the whole removal) with core's message.
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract';
import { closeDialogOf } from './EditModal';
import { CloseDialogButton } from './JobDialogButtons';

export function DangerFooter({
  done,
  status,
  confirm,
  confirmDisabled,
}: {
  done: boolean;
  status: string;
  confirm: string;
  confirmDisabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="notice" role="status">
        {status}
      </p>
      {done ? (
        <CloseDialogButton label={t('edit.close')} focusOnMount />
      ) : (
        <>
          <button type="button" className="button" data-autofocus onClick={(e) => closeDialogOf(e.currentTarget)}>
            {t('edit.cancel')}
          </button>
          <button type="submit" className="button danger" disabled={confirmDisabled}>
            {confirm}
          </button>
        </>
      )}
    </>
  );
}

export function ErrorAlert({ title, error }: { title: string; error: ContractError }) {
  return (
    <div role="alert" className="inline-error">
      <strong>{title}</strong>
      <span className="mono">{error.message}</span>
    </div>
  );
}
