// Owns the image row's context menu (right-click, the Actions button, the Menu key or Shift+F10):
// pull again, push, push to the local registry, tag, save, history, inspect, remove, and copying
// the ID, the name or the docker command of an action. Save and Remove act on the whole selection
// when the row is part of it, as file managers do.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { ImageRow } from '../../../../shared/contract';
import {
  historyCommand,
  inspectCommand,
  pullCommand,
  pushCommand,
  rmiCommand,
  saveCommand,
  tagCommand,
} from '../../../../shared/docker-command';
import { shortcutHint } from '../shell/keyboard';
import { removeNames, rowReference } from './edit-model';
import { sourceOfRow } from '../registry-copy/registry-copy-model';
import type { AppStore } from '../../store/types';
import { useApp, useAppStore } from '../../store/use-app';
import { copyText } from '../../ui/clipboard';
import { ContextMenu, type MenuEntry, type MenuItem } from '../../ui/ContextMenu';
import { TagIcon, TrashIcon } from '../../ui/edit-icons';
import { HistoryIcon, InspectIcon, LineageIcon, PullIcon } from '../../ui/feature-icons';
import { CopyIcon, DiffIcon, ExploreIcon, RegistryIcon, TerminalIcon } from '../../ui/icons';
import { PushIcon } from '../../ui/RegistriesIcons';
import { SaveIcon } from '../../ui/transfer-icons';

/** Whether the row has a name a registry knows (a `<none>` row has only its ID). */
const hasName = (row: ImageRow) => row.repository !== '<none>';

/** The rows an action on `key` means: the selection when the row is in it, else the row alone. */
function rowsFor(store: AppStore, key: string): ImageRow[] {
  const { images } = store.getState();
  const keys = images.selection.has(key) ? images.selection : new Set([key]);
  return images.view.filter((r) => keys.has(r.key));
}

type CommandId = 'pull' | 'push' | 'tag' | 'save' | 'history' | 'inspect' | 'rmi';

/**
 * Every item has an icon, the same for an action and for its docker command in the submenu, so the
 * eye finds an action by its picture in either place (the copy items share the copy icon).
 */
const ICONS: Record<CommandId | 'pushLocal' | 'copy' | 'command', () => ReactNode> = {
  pull: () => <PullIcon />,
  push: () => <PushIcon />,
  pushLocal: () => <RegistryIcon />,
  tag: () => <TagIcon />,
  save: () => <SaveIcon />,
  history: () => <HistoryIcon />,
  inspect: () => <InspectIcon />,
  rmi: () => <TrashIcon />,
  copy: () => <CopyIcon />,
  command: () => <TerminalIcon />,
};
const icon = (id: keyof typeof ICONS) => ICONS[id]();

/** The docker commands a row's actions are equivalent to, as offered by "Copy as docker command". */
export function rowCommands(row: ImageRow, selected: readonly ImageRow[]): { id: CommandId; command: string }[] {
  const ref = rowReference(row);
  const names = removeNames(selected);
  const out: { id: CommandId; command: string }[] = [];
  if (hasName(row)) out.push({ id: 'pull', command: pullCommand(ref) }, { id: 'push', command: pushCommand(ref) });
  out.push(
    { id: 'tag', command: tagCommand(ref, '') },
    { id: 'save', command: saveCommand(names) },
    { id: 'history', command: historyCommand(ref) },
    { id: 'inspect', command: inspectCommand(ref) },
    { id: 'rmi', command: rmiCommand(names) },
  );
  return out;
}

export function RowMenu() {
  const { t } = useTranslation();
  const store = useAppStore();
  const menu = useApp((s) => s.edit.menu);
  const row = useApp((s) => (s.edit.menu ? s.images.view.find((r) => r.key === s.edit.menu!.key) : undefined));
  const count = useApp((s) => (s.edit.menu && s.images.selection.has(s.edit.menu.key) ? s.images.selection.size : 1));
  const onClose = useCallback(() => store.getState().edit.closeMenu(), [store]);

  if (!menu || !row) return null;

  const s = () => store.getState();
  const ref = rowReference(row);
  const selected = rowsFor(store, menu.key);
  // A tagged name can be copied registry to registry (a Hub name such as `nginx` reads as docker.io's library/nginx).
  const copySource = sourceOfRow(row);
  const copy = (what: string, text: string) => {
    void copyText(text, document.body).then(
      () => s().edit.notify('shell.notice.copied', { what }),
      (err: unknown) => s().edit.notify('shell.notice.copyFailed', { message: err instanceof Error ? err.message : String(err) }),
    );
  };
  const item = (id: string, label: string, onSelect: () => void, extra: Partial<MenuItem> = {}): MenuItem => ({
    kind: 'item',
    id,
    label,
    onSelect,
    ...extra,
  });

  const entries: MenuEntry[] = [
    item('pull', t('shell.menu.pullAgain'), () => s().pull.openDialog(ref), { icon: icon('pull'), disabled: !hasName(row) }),
    item('push', t('shell.menu.push'), () => s().registries.openPush(ref), { icon: icon('push'), disabled: !hasName(row) }),
    item('pushLocal', t('shell.menu.pushLocal'), () => void s().registries.pushToLocal(ref), { icon: icon('pushLocal') }),
    item('copyToRegistry', t('registryCopy.menu'), () => copySource && s().registryCopy.open(copySource), {
      icon: icon('pushLocal'),
      disabled: !copySource,
    }),
    item('tag', t('edit.menu.tag'), () => s().edit.openTag(menu.key), { icon: icon('tag') }),
    item(
      'save',
      count > 1 ? t('shell.menu.saveSelected', { count }) : t('shell.menu.save'),
      () => s().transfer.saveSelection(selected.map((r) => r.key)),
      { icon: icon('save'), shortcut: shortcutHint('save') },
    ),
    { kind: 'separator', id: 'sep-detail' },
    item('history', t('details.menu.history'), () => s().detail.openRow(menu.key, 'history'), { icon: icon('history') }),
    item('inspect', t('details.menu.inspect'), () => s().detail.openRow(menu.key, 'inspect'), { icon: icon('inspect') }),
    item('explore', t('explore.menu.explore'), () => void s().explore.open({ kind: 'image', image: row.id }, ref), {
      icon: <ExploreIcon />,
    }),
    item('lineage', t('details.menu.lineage'), () => s().detail.openRow(menu.key, 'lineage'), { icon: <LineageIcon /> }),
    item('compare', t('diff.menu.compare'), () => s().diff.openCompare(ref), { icon: <DiffIcon /> }),
    { kind: 'separator', id: 'sep-copy' },
    item('copyId', t('shell.menu.copyId'), () => copy(t('shell.menu.what.id'), row.id), { icon: icon('copy') }),
    item('copyName', t('shell.menu.copyName'), () => copy(t('shell.menu.what.name'), ref), { icon: icon('copy'), disabled: !hasName(row) }),
    {
      kind: 'submenu',
      id: 'copyCommand',
      label: t('shell.menu.copyCommand'),
      icon: icon('command'),
      items: rowCommands(row, selected).map(({ id, command }) =>
        item(`command-${id}`, command, () => copy(t('shell.menu.what.command'), command), { icon: icon(id) }),
      ),
    },
    { kind: 'separator', id: 'sep-remove' },
    item(
      'remove',
      count > 1 ? t('edit.menu.removeSelected', { count }) : t('edit.menu.remove'),
      () => s().edit.openRemove(selected.map((r) => r.key)),
      { icon: icon('rmi'), danger: true, shortcut: shortcutHint('remove') },
    ),
  ];

  return <ContextMenu label={t('edit.menu.label')} x={menu.x} y={menu.y} entries={entries} onClose={onClose} />;
}
