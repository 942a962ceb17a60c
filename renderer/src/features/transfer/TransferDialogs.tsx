// Owns the Save and Load dialogs. Save names what goes into the archive and whether each name
// keeps its tag (by tag yes, by ID no, as `docker save`); Load previews every archive before
// anything is sent (tags it carries, local tags it moves, images already here) and names the file
// of every error. Progress is a job, shown in the Jobs panel.
import { useTranslation } from 'react-i18next';
import type { TarPreview } from '../../../../shared/contract';
import { bytesText } from '../../ui/format';
import { shortId } from '../edit/edit-model';
import type { LoadItem } from './transfer-slice';
import { loadCommand, saveCommand } from '../../../../shared/docker-command';
import { keepsTag, summarizePreview } from './transfer-model';
import { useApp, useAppStore } from '../../store/use-app';
import { DockerCommand } from '../../ui/DockerCommand';
import { closeDialogOf, EditModal } from '../../ui/EditModal';
import { CloseIcon } from '../../ui/icons';
import './transfer.css';
import { useTopLayer } from '../../ui/use-top-layer';

export function SaveDialog() {
  const { t } = useTranslation();
  const store = useAppStore();
  const save = useApp((s) => s.transfer.save);
  const mode = useApp((s) => s.transfer.mode);
  if (!save) return null;
  const transfer = () => store.getState().transfer;
  const untagged = save.refs.filter((r) => !keepsTag(r)).length;
  return (
    <EditModal
      key={save.nonce}
      title={
        save.refs.length === 1 ? t('transfer.save.titleOne', { ref: save.refs[0] }) : t('transfer.save.title', { count: save.refs.length })
      }
      className="transfer-dialog"
      onClose={() => transfer().closeSave()}
      onSubmit={() => void transfer().confirmSave()}
      busy={save.busy}
      footer={
        <>
          <p className="notice" role="status">
            {save.busy ? t('transfer.save.choosing') : ''}
          </p>
          <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
            {t('edit.cancel')}
          </button>
          <button type="submit" className="button primary" data-autofocus disabled={save.busy}>
            {mode === 'browser' ? t('transfer.save.download') : t('transfer.save.confirm')}
          </button>
        </>
      }
    >
      <DockerCommand command={saveCommand(save.refs)} />
      <ul className="edit-list" aria-label={t('transfer.save.images')}>
        {save.refs.map((ref) => (
          <li key={ref} className="edit-item" aria-label={ref}>
            <div className="edit-item-head">
              <code className="mono">{ref}</code>
              <span className={`badge ${keepsTag(ref) ? 'badge-ok' : ''}`}>
                {keepsTag(ref) ? t('transfer.save.keepsTag') : t('transfer.save.noTag')}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <p className="hint edit-note">{t('transfer.save.tagsNote')}</p>
      {untagged > 0 && (
        <div className="edit-warning" role="note">
          <p>{t('transfer.save.untaggedWarning', { count: untagged })}</p>
        </div>
      )}
      <p className="hint edit-note">{mode === 'browser' ? t('transfer.save.browserNote') : t('transfer.save.desktopNote')}</p>
      {save.error && (
        <p className="inline-error mono" role="alert">
          {save.error.message}
        </p>
      )}
    </EditModal>
  );
}

function PreviewFacts({ preview }: { preview: TarPreview }) {
  const { t } = useTranslation();
  const summary = summarizePreview(preview);
  return (
    <dl className="edit-facts">
      <dt>{t('transfer.load.compression')}</dt>
      <dd>{t(`transfer.load.kind.${preview.compression}`)}</dd>
      {preview.size > 0 && (
        <>
          <dt>{t('transfer.load.size')}</dt>
          <dd>{bytesText(preview.size)}</dd>
        </>
      )}
      <dt>{t('transfer.load.imagesLabel')}</dt>
      <dd>
        {t('transfer.load.images', { count: preview.images.length })}, {t('transfer.load.layers', { count: preview.layers })}
        {summary.present > 0 && <span className="muted">{t('transfer.load.present', { count: summary.present })}</span>}
      </dd>
      <dt>{t('transfer.load.tags')}</dt>
      <dd>
        {summary.untagged ? (
          <span className="muted">{t('transfer.load.noTags')}</span>
        ) : (
          <ul className="transfer-tags" aria-label={t('transfer.load.tagsOf', { name: preview.name })}>
            {preview.tags.map((tag) => (
              <li key={tag} className="mono">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </dd>
      {summary.moved.length > 0 && (
        <>
          <dt>{t('transfer.load.moves')}</dt>
          <dd>
            <ul className="transfer-moves" aria-label={t('transfer.load.movesOf', { name: preview.name })}>
              {summary.moved.map((m) => (
                <li key={m.tag}>{t('transfer.load.move', { tag: m.tag, from: shortId(m.fromId), to: shortId(m.toId) })}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {preview.refused && preview.refused.length > 0 && (
        <>
          <dt>{t('transfer.load.refused')}</dt>
          <dd>
            {/* Names from someone else's archive: shown as text, with the engine's reason, never looked up. */}
            <ul className="transfer-refused" aria-label={t('transfer.load.refusedOf', { name: preview.name })}>
              {preview.refused.map((r) => (
                <li key={r.tag}>
                  <code className="mono">{JSON.stringify(r.tag)}</code>: {r.reason}
                </li>
              ))}
            </ul>
            <p className="field-error">{t('transfer.load.refusedNote')}</p>
          </dd>
        </>
      )}
    </dl>
  );
}

function LoadItemView({ item }: { item: LoadItem }) {
  const { t } = useTranslation();
  const store = useAppStore();
  // Read in place by the explorer, never loaded: offered for any archive that is a file.
  const explorable = item.state !== 'reading' && (item.source.path !== undefined || item.source.file !== undefined);
  const badge =
    item.state === 'reading' ? (
      <span className="badge">{t('transfer.load.reading')}</span>
    ) : item.state === 'ready' ? (
      <span className="badge badge-ok">{t('transfer.load.ready')}</span>
    ) : (
      <span className="badge badge-danger">{t('transfer.load.failed')}</span>
    );
  return (
    <li
      className={`edit-item${item.state === 'failed' ? ' refused' : ''}`}
      aria-label={item.source.name}
      aria-busy={item.state === 'reading' || undefined}
    >
      <div className="edit-item-head">
        <code className="mono">{item.source.name}</code>
        {badge}
        {explorable && (
          <button
            type="button"
            className="button small"
            aria-label={t('explore.openFromArchiveLabel', { name: item.source.name })}
            onClick={() => {
              store.getState().transfer.closeLoad();
              void store.getState().explore.openArchive(item.source);
            }}
          >
            {t('explore.openFromArchive')}
          </button>
        )}
      </div>
      {item.preview && <PreviewFacts preview={item.preview} />}
      {item.error && (
        <p className="inline-error mono" role="alert">
          {item.error.message.includes(item.source.name)
            ? item.error.message
            : t('transfer.load.errorOf', { name: item.source.name, message: item.error.message })}
        </p>
      )}
    </li>
  );
}

export function LoadDialog() {
  const { t } = useTranslation();
  const store = useAppStore();
  const load = useApp((s) => s.transfer.load);
  if (!load) return null;
  const transfer = () => store.getState().transfer;
  const ready = load.items.filter((i) => i.state === 'ready');
  const reading = load.items.some((i) => i.state === 'reading');
  return (
    <EditModal
      key={load.nonce}
      title={t('transfer.load.title')}
      className="transfer-dialog"
      onClose={() => transfer().closeLoad()}
      onSubmit={() => void transfer().confirmLoad()}
      busy={load.busy}
      footer={
        <>
          <p className="notice" role="status">
            {reading ? t('transfer.load.readingAll') : load.busy ? t('transfer.load.starting') : ''}
          </p>
          <button type="button" className="button" onClick={(e) => closeDialogOf(e.currentTarget)}>
            {t('edit.cancel')}
          </button>
          <button type="submit" className="button primary" data-autofocus disabled={ready.length === 0 || reading || load.busy}>
            {ready.length > 1 ? t('transfer.load.confirmMany', { count: ready.length }) : t('transfer.load.confirm')}
          </button>
        </>
      }
    >
      {ready.length > 0 && <DockerCommand command={ready.map((i) => loadCommand(i.source.name)).join(' && ')} />}
      <ul className="edit-list" aria-label={t('transfer.load.archives')}>
        {load.items.map((item) => (
          <LoadItemView key={item.id} item={item} />
        ))}
      </ul>
      {load.error && (
        <p className="inline-error mono" role="alert">
          {load.error.message}
        </p>
      )}
    </EditModal>
  );
}

/** Loads that failed after their dialog closed (browser uploads run on in the background). */
export function TransferAlerts() {
  const { t } = useTranslation();
  const store = useAppStore();
  const alerts = useApp((s) => s.transfer.alerts);
  const region = useTopLayer();
  if (alerts.length === 0) return null;
  return (
    // Above open dialogs, like the other notifications (use-top-layer.ts).
    <section ref={region} popover="manual" className="toasts transfer-alerts" aria-label={t('transfer.alerts')}>
      <ul>
        {alerts.map((a) => (
          <li key={a.id} className="toast" role="alert">
            <p className="mono">{a.message}</p>
            <button
              type="button"
              className="icon-button toast-close"
              aria-label={t('edit.close')}
              onClick={() => store.getState().transfer.dismissAlert(a.id)}
            >
              <CloseIcon />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
