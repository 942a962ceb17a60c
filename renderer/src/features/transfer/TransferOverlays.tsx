// Owns what save and load lay over the window: the drop zone (an overlay while files are dragged
// anywhere over the window; dropping them opens the load preview), the Save and Load dialogs and
// the alerts of loads that failed in the background. Also the Save… and Load… buttons.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dragHasFiles } from './transfer-model';
import { useApp, useAppStore } from '../../store/use-app';
import { LoadDialog, SaveDialog, TransferAlerts } from './TransferDialogs';
import { LoadIcon, SaveIcon } from '../../ui/transfer-icons';
import './transfer.css';

/**
 * Watches drags on the window. dragenter/dragleave fire for every element crossed, so the overlay
 * counts them and hides when the count returns to zero (or on drop, or when the drag ends).
 */
function DropZone() {
  const { t } = useTranslation();
  const store = useAppStore();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const reset = () => {
      depth = 0;
      setDragging(false);
    };
    const onEnter = (e: DragEvent) => {
      if (!dragHasFiles(e.dataTransfer?.types)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!dragHasFiles(e.dataTransfer?.types)) return;
      // Without this the drop never fires and the browser opens the file instead.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!dragHasFiles(e.dataTransfer?.types)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!dragHasFiles(e.dataTransfer?.types)) return;
      e.preventDefault();
      reset();
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length > 0) store.getState().transfer.dropFiles(files);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragend', reset);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragend', reset);
    };
  }, [store]);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" role="status" aria-live="assertive">
      <div className="drop-overlay-card">
        <LoadIcon width={40} height={40} />
        <p className="drop-overlay-title">{t('transfer.drop.title')}</p>
        <p className="muted">{t('transfer.drop.hint')}</p>
      </div>
    </div>
  );
}

export function TransferOverlays() {
  return (
    <>
      <DropZone />
      <SaveDialog />
      <LoadDialog />
      <TransferAlerts />
    </>
  );
}

/** Save… for the selected rows (the Images view's toolbar). */
export function SaveButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  const selected = useApp((s) => s.images.selection.size);
  return (
    <button
      type="button"
      className="button"
      aria-haspopup="dialog"
      aria-keyshortcuts="Control+S"
      disabled={selected === 0}
      onClick={() => store.getState().transfer.saveSelection()}
    >
      <SaveIcon />
      <span>{t('transfer.save.button')}</span>
    </button>
  );
}

/** Load… : pick archives, preview them, load. */
export function LoadButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  return (
    <button
      type="button"
      className="button"
      aria-haspopup="dialog"
      aria-keyshortcuts="Control+O"
      onClick={() => void store.getState().transfer.openLoad()}
    >
      <LoadIcon />
      <span>{t('transfer.load.button')}</span>
    </button>
  );
}
