// Owns the notifications corner: undo offers left by untags (re-tag while the image still exists,
// ask before taking back a tag that moved, say which digests cannot come back) and short notices.
import { memo, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { shortId } from './edit-model';
import type { Notice, UndoOffer } from './edit-slice';
import { useApp, useAppStore } from '../../store/use-app';
import { CloseIcon } from '../../ui/icons';
import { UndoIcon } from '../../ui/edit-icons';
import { useTopLayer } from '../../ui/use-top-layer';

const DONE_TOAST_MS = 8_000;
const NOTICE_MS = 8_000;

const list = (xs: readonly string[]) => xs.join(', ');

/** One offer's text and buttons; used in a toast and in the Remove dialog's result list. */
export const UndoOfferView = memo(function UndoOfferView({ offerId, compact }: { offerId: string; compact?: boolean }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const offer = useApp((s) => s.edit.undo.find((o) => o.id === offerId));
  if (!offer) return null;
  const edit = () => store.getState().edit;
  return (
    <div className={`undo-offer undo-${offer.state}`}>
      <div className="undo-text">
        <UndoText offer={offer} />
      </div>
      <div className="undo-actions">
        {(offer.state === 'ready' || offer.state === 'failed') && (
          <button type="button" className="button small" onClick={() => void edit().undoUntag(offer.id)}>
            <UndoIcon />
            <span>{offer.state === 'failed' ? t('edit.undo.retry') : t('edit.undo.undo')}</span>
          </button>
        )}
        {offer.state === 'busy' && <span className="muted">{t('edit.undo.busy')}</span>}
        {offer.state === 'moved' && (
          <>
            <button type="button" className="button small" onClick={() => void edit().undoUntag(offer.id, true)}>
              {t('edit.undo.takeBack')}
            </button>
            {!compact && (
              <button type="button" className="button small subtle" onClick={() => edit().dismissUndo(offer.id)}>
                {t('edit.undo.leave')}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
});

function UndoText({ offer }: { offer: UndoOffer }) {
  const { t } = useTranslation();
  const lost =
    offer.lostDigests.length > 0 ? <p className="undo-note">{t('edit.undo.lostDigests', { refs: list(offer.lostDigests) })}</p> : null;
  const skipped = offer.skipped.map((s) => (
    <p key={s.reference} className="undo-note">
      {t('edit.undo.skipped', { ref: s.reference, message: s.message })}
    </p>
  ));
  switch (offer.state) {
    case 'ready':
    case 'busy':
      return (
        <>
          <p>{t('edit.undo.untagged', { refs: list(offer.references) })}</p>
          {lost}
        </>
      );
    case 'moved':
      return (
        <>
          {offer.restored.length > 0 && <p>{t('edit.undo.restored', { refs: list(offer.restored) })}</p>}
          {offer.moved.map((m) => (
            <p key={m.reference}>{t('edit.undo.moved', { ref: m.reference, id: m.imageId ? shortId(m.imageId) : '?' })}</p>
          ))}
          {offer.error && <p className="undo-error">{offer.error}</p>}
        </>
      );
    case 'done':
      return (
        <>
          <p>{offer.restored.length > 0 ? t('edit.undo.restored', { refs: list(offer.restored) }) : t('edit.undo.nothingRestored')}</p>
          {skipped}
          {lost}
        </>
      );
    case 'gone':
      return <p>{t('edit.undo.gone', { id: shortId(offer.imageId) })}</p>;
    case 'failed':
      return (
        <>
          <p>{t('edit.undo.failed', { refs: list(offer.references) })}</p>
          {offer.error && <p className="undo-error mono">{offer.error}</p>}
        </>
      );
  }
}

function UndoToastItem({ offer }: { offer: UndoOffer }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const done = offer.state === 'done';
  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => store.getState().edit.dismissUndo(offer.id), DONE_TOAST_MS);
    return () => clearTimeout(timer);
  }, [done, offer.id, store]);
  return (
    <li className="toast" aria-label={t('edit.undo.toast', { name: offer.name })}>
      <UndoOfferView offerId={offer.id} />
      <button
        type="button"
        className="icon-button toast-close"
        aria-label={t('edit.dismiss')}
        title={t('edit.dismiss')}
        onClick={() => store.getState().edit.dismissUndo(offer.id)}
      >
        <CloseIcon />
      </button>
    </li>
  );
}

function NoticeToast({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const store = useAppStore();
  useEffect(() => {
    const timer = setTimeout(() => store.getState().edit.dismissNotice(notice.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice.id, store]);
  return (
    <li className="toast notice-toast">
      {/* Other features' notices name their own i18n key in full (`shell.notice.copied`). */}
      <p>{t(notice.key.includes('.') ? notice.key : `edit.notice.${notice.key}`, notice.values)}</p>
      <button
        type="button"
        className="icon-button toast-close"
        aria-label={t('edit.dismiss')}
        title={t('edit.dismiss')}
        onClick={() => store.getState().edit.dismissNotice(notice.id)}
      >
        <CloseIcon />
      </button>
    </li>
  );
}

export function UndoToasts() {
  const { t } = useTranslation();
  const store = useAppStore();
  const offers = useApp((s) => s.edit.undo);
  const notices = useApp((s) => s.edit.notices);
  const rows = useApp((s) => s.images.rows);
  const region = useTopLayer();
  // An offer lasts while its image exists: after every re-list, ask about the ones not listed.
  useEffect(() => {
    void store.getState().edit.verifyUndo();
  }, [rows, store]);
  return (
    // A manual popover: in the top layer, so an open dialog never covers the notifications.
    <section ref={region} popover="manual" className="toasts" aria-label={t('edit.notifications')} aria-live="polite">
      {(offers.length > 0 || notices.length > 0) && (
        <ul>
          {offers.map((o) => (
            <UndoToastItem key={o.id} offer={o} />
          ))}
          {notices.map((n) => (
            <NoticeToast key={n.id} notice={n} />
          ))}
        </ul>
      )}
    </section>
  );
}
