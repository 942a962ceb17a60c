// Owns the Images view's editing buttons: Tag and Remove act on the selection, Prune and Commit on the engine.
import { useTranslation } from 'react-i18next';
import { useApp, useAppStore } from '../../store/use-app';
import { BroomIcon, CommitIcon, TagIcon, TrashIcon } from '../../ui/edit-icons';
import { PushIcon } from '../../ui/RegistriesIcons';
import { rowReferenceByKey } from '../registries/registries-model';

export function EditActions() {
  const { t } = useTranslation();
  const store = useAppStore();
  const selected = useApp((s) => s.images.selection.size);
  const edit = () => store.getState().edit;
  return (
    <div className="edit-actions" role="group" aria-label={t('edit.actions')}>
      <button type="button" className="button" aria-haspopup="dialog" disabled={selected !== 1} onClick={() => edit().openTag()}>
        <TagIcon />
        <span>{t('edit.tag.button')}</span>
      </button>
      <button
        type="button"
        className="button"
        aria-haspopup="dialog"
        aria-keyshortcuts="Delete"
        disabled={selected === 0}
        onClick={() => edit().openRemove()}
      >
        <TrashIcon />
        <span>{t('edit.remove.button')}</span>
      </button>
      {/* toolbar-more: on a narrow window these three are items of the Images toolbar's More menu. */}
      <button
        type="button"
        className="button toolbar-more"
        aria-haspopup="dialog"
        disabled={selected !== 1}
        onClick={() => {
          const s = store.getState();
          const reference = rowReferenceByKey(s.images, [...s.images.selection][0] ?? '');
          if (reference) s.registries.openPush(reference);
        }}
      >
        <PushIcon />
        <span>{t('registries.push.button')}</span>
      </button>
      <button type="button" className="button toolbar-more" aria-haspopup="dialog" onClick={() => edit().openPrune()}>
        <BroomIcon />
        <span>{t('edit.prune.button')}</span>
      </button>
      <button type="button" className="button toolbar-more" aria-haspopup="dialog" onClick={() => edit().openCommit()}>
        <CommitIcon />
        <span>{t('edit.commit.button')}</span>
      </button>
    </div>
  );
}
