// Owns the Images view's toolbar: every action as a button on a wide window; on a narrow one
// (layout.css's container query on the view header) only the frequent ones (Tag, Remove, Pull,
// Copy as) stay buttons and the rest are items of the "More" menu, so the toolbar keeps to one
// line and the grid keeps its rows. Both forms call the same store actions.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useAppStore } from '../../store/use-app';
import { EditActions } from '../edit/EditActions';
import { base, CopyIcon, RefreshIcon, type IconProps } from '../../ui/icons';
import { BroomIcon, CommitIcon } from '../../ui/edit-icons';
import { PushIcon } from '../../ui/RegistriesIcons';
import { LoadIcon, SaveIcon } from '../../ui/transfer-icons';
import { OverflowMenu, type OverflowEntry } from '../../ui/OverflowMenu';
import { PullButton } from '../search-pull/PullDialog';
import { LoadButton, SaveButton } from '../transfer/TransferOverlays';
import { rowReferenceByKey } from '../registries/registries-model';
import { shortcutHint } from '../shell/keyboard';
import { copyScopes, selectedInView } from './image-view';

/** A row with its menu: the row menu's item in the More menu. */
const RowMenuIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <path d="M7 10h7M7 14h4" />
  </svg>
);

/** The row the Actions button opens the row menu for: the cursor's, else the first selected. */
const useMenuRow = () =>
  useApp((s) => s.images.cursor ?? (s.images.selection.size > 0 ? (s.images.selection.values().next().value ?? null) : null));

/** The menu button of the current row: the same menu as a right-click on it. */
function RowActionsButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  const key = useMenuRow();
  const menuOpen = useApp((s) => s.edit.menu !== null);
  return (
    <button
      type="button"
      className="button"
      aria-haspopup="menu"
      aria-expanded={menuOpen}
      aria-keyshortcuts="Shift+F10"
      disabled={!key}
      onClick={(e) => {
        if (!key) return;
        const rect = e.currentTarget.getBoundingClientRect();
        store.getState().edit.openMenu(key, rect.left, rect.bottom + 2);
      }}
    >
      <span>{t('shell.menu.actions')}</span>
    </button>
  );
}

/**
 * Its own component: `loading` flips twice per list, and the view around it (grid included) must
 * not re-render for that.
 */
function RefreshButton() {
  const { t } = useTranslation();
  const store = useAppStore();
  const loading = useApp((s) => s.images.loading);
  return (
    <button type="button" className="button" aria-busy={loading} onClick={() => void store.getState().images.refresh()}>
      <RefreshIcon className={loading ? 'spin' : undefined} />
      <span>{t('toolbar.refresh')}</span>
    </button>
  );
}

/** "Copy IDs", whose tooltip says when it copies only the selected or shown rows (see CopyAsDialog). */
function CopyIdsButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  const scope = useApp((s) => copyScopes(s.images)[0]);
  const count = useApp((s) => (scope === 'selected' ? selectedInView(s.images).length : s.images.view.length));
  const title =
    scope === 'selected'
      ? t('copyScope.copyIdsSelected', { count })
      : scope === 'shown'
        ? t('copyScope.copyIdsShown', { count })
        : undefined;
  return (
    <button type="button" className="button" title={title} onClick={onClick}>
      <CopyIcon />
      <span>{t('toolbar.copyIds')}</span>
    </button>
  );
}

/** The hidden buttons' actions, in the buttons' order, as items of the "More" menu. */
function MoreMenu({ onCopyIds }: { onCopyIds: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const selected = useApp((s) => s.images.selection.size);
  const menuRow = useMenuRow();
  const anchor = useRef<HTMLSpanElement>(null);
  const s = () => store.getState();
  const entries: OverflowEntry[] = [
    {
      kind: 'item',
      id: 'push',
      label: t('registries.push.button'),
      icon: <PushIcon />,
      disabled: selected !== 1,
      onSelect: () => {
        const reference = rowReferenceByKey(s().images, s().images.selection.values().next().value ?? '');
        if (reference) s().registries.openPush(reference);
      },
    },
    { kind: 'item', id: 'prune', label: t('edit.prune.button'), icon: <BroomIcon />, onSelect: () => s().edit.openPrune() },
    { kind: 'item', id: 'commit', label: t('edit.commit.button'), icon: <CommitIcon />, onSelect: () => s().edit.openCommit() },
    { kind: 'separator', id: 'sep-row' },
    {
      kind: 'item',
      id: 'rowActions',
      label: t('toolbar.rowActions'),
      icon: <RowMenuIcon />,
      disabled: !menuRow,
      onSelect: () => {
        // Opened where the menu was: under the More button, which has the focus back by now.
        const rect = anchor.current?.getBoundingClientRect();
        if (menuRow && rect) s().edit.openMenu(menuRow, rect.left, rect.bottom + 2);
      },
    },
    {
      kind: 'item',
      id: 'save',
      label: t('transfer.save.button'),
      icon: <SaveIcon />,
      disabled: selected === 0,
      shortcut: shortcutHint('save'),
      onSelect: () => s().transfer.saveSelection(),
    },
    {
      kind: 'item',
      id: 'load',
      label: t('transfer.load.button'),
      icon: <LoadIcon />,
      shortcut: shortcutHint('load'),
      onSelect: () => void s().transfer.openLoad(),
    },
    { kind: 'separator', id: 'sep-list' },
    {
      kind: 'item',
      id: 'refresh',
      label: t('toolbar.refresh'),
      icon: <RefreshIcon />,
      shortcut: shortcutHint('refresh'),
      onSelect: () => void s().images.refresh(),
    },
    { kind: 'item', id: 'copyIds', label: t('toolbar.copyIds'), icon: <CopyIcon />, onSelect: onCopyIds },
  ];
  return (
    <span ref={anchor} className="toolbar-overflow">
      <OverflowMenu label={t('toolbar.more')} text={t('toolbar.moreButton')} entries={entries} />
    </span>
  );
}

/**
 * The toolbar's actions. `toolbar-more` marks what leaves for the More menu on a narrow window
 * (EditActions marks its own Push, Prune and Commit); `toolbar-overflow` shows only then.
 */
export function ImagesToolbar({ onCopyAs }: { onCopyAs: (quiet: boolean, autoCopy: boolean) => void }) {
  const { t } = useTranslation();
  const copyIds = () => onCopyAs(true, true);
  return (
    <div className="view-actions">
      <EditActions />
      <span className="toolbar-more">
        <RowActionsButton />
        <SaveButton />
        <LoadButton />
      </span>
      <PullButton />
      <span className="toolbar-more">
        <RefreshButton />
        <CopyIdsButton onClick={copyIds} />
      </span>
      <button type="button" className="button primary" aria-haspopup="dialog" onClick={() => onCopyAs(false, false)}>
        <span>{t('toolbar.copyAs')}</span>
      </button>
      <MoreMenu onCopyIds={copyIds} />
    </div>
  );
}
