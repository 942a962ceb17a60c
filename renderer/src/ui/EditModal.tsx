// Owns the frame shared by the editing dialogs: a native modal <dialog> (focus trap, Escape, inert
// page) opened on mount, with a titled header, a scrolling body and a fixed footer.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from './icons';

export interface EditModalProps {
  title: string;
  className?: string;
  /** Called once the dialog closed (Escape, the close button, or `close()`). */
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  /** Submitting the body's form (Enter in a field). */
  onSubmit?: () => void;
  /** While true, Escape does not close (an operation is in flight). */
  busy?: boolean;
}

export function EditModal({ title, className, onClose, children, footer, onSubmit, busy }: EditModalProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const d = ref.current;
    // StrictMode runs this twice; a modal that is already open stays as it is.
    if (!d || d.open) return;
    d.showModal();
    // showModal focuses the first focusable element (the close button); the dialog names a better one.
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog edit-dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      aria-busy={busy || undefined}
      onClose={onClose}
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('edit.close')}
          title={t('edit.close')}
          onClick={() => ref.current?.close()}
        >
          <CloseIcon />
        </button>
      </header>
      <form
        className="edit-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <div className="dialog-body edit-body">{children}</div>
        <footer className="dialog-footer edit-footer">{footer}</footer>
      </form>
    </dialog>
  );
}

/** Closes the nearest dialog the way the close button does (so `onClose` runs once). */
export function closeDialogOf(el: Element | null): void {
  el?.closest('dialog')?.close();
}
