// Owns the footer buttons of a dialog whose job goes on after it closes (Pull, Push, Commit):
// "Show in Jobs" (closes the dialog and opens the Jobs panel) and the primary button that closes it.
import { useAppStore } from '../store/use-app';
import { closeDialogOf } from './EditModal';

export function ShowInJobsButton({ label }: { label: string }) {
  const store = useAppStore();
  return (
    <button
      type="button"
      className="button"
      onClick={(e) => {
        store.getState().settings.setView('jobs');
        closeDialogOf(e.currentTarget);
      }}
    >
      {label}
    </button>
  );
}

/**
 * Closes the dialog. `focusOnMount`: take the focus when it appears (a footer that replaces another
 * after the job ends); otherwise it is the dialog's first focus when it opens (data-autofocus).
 */
export function CloseDialogButton({ label, focusOnMount = false }: { label: string; focusOnMount?: boolean }) {
  return (
    <button
      type="button"
      className="button primary"
      {...(focusOnMount ? { autoFocus: true } : { 'data-autofocus': true })}
      onClick={(e) => closeDialogOf(e.currentTarget)}
    >
      {label}
    </button>
  );
}
