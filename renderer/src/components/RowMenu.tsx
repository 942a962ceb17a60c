// Owns the image row's context menu (right-click, the Menu key or Shift+F10): Tag and Remove for
// the row, or Remove for the whole selection when the row is part of it.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useAppStore } from '../store/use-app';
import { TagIcon, TrashIcon } from './edit-icons';
import { HistoryIcon, InspectIcon } from './feature-icons';

export function RowMenu() {
  const { t } = useTranslation();
  const store = useAppStore();
  const menu = useApp((s) => s.edit.menu);
  const count = useApp((s) => (s.edit.menu && s.images.selection.has(s.edit.menu.key) ? s.images.selection.size : 1));
  const ref = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    if (!menu) {
      setPos(null);
      return;
    }
    const active = document.activeElement as HTMLElement | null;
    // StrictMode runs this twice: keep the element focused before the menu, not the menu's own item.
    if (!ref.current?.contains(active)) returnFocus.current = active;
    const el = ref.current;
    const w = el?.offsetWidth ?? 200;
    const h = el?.offsetHeight ?? 80;
    // Kept inside the window, as native menus are.
    setPos({ left: Math.max(4, Math.min(menu.x, innerWidth - w - 4)), top: Math.max(4, Math.min(menu.y, innerHeight - h - 4)) });
  }, [menu]);

  useLayoutEffect(() => {
    // Focusable only once placed (it is hidden while measured).
    if (pos && !ref.current?.contains(document.activeElement)) ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [pos]);

  useEffect(() => {
    if (!menu) return;
    const onPointer = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) store.getState().edit.closeMenu();
    };
    const onBlur = () => store.getState().edit.closeMenu();
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [menu, store]);

  if (!menu) return null;

  const close = (refocus: boolean) => {
    store.getState().edit.closeMenu();
    if (refocus) returnFocus.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    switch (e.key) {
      case 'ArrowDown':
        items[(at + 1) % items.length]?.focus();
        break;
      case 'ArrowUp':
        items[(at - 1 + items.length) % items.length]?.focus();
        break;
      case 'Home':
        items[0]?.focus();
        break;
      case 'End':
        items[items.length - 1]?.focus();
        break;
      case 'Escape':
      case 'Tab':
        close(true);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const edit = store.getState().edit;
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={t('edit.menu.label')}
      className="row-menu"
      style={pos ? { left: pos.left, top: pos.top } : { left: menu.x, top: menu.y, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
    >
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className="row-menu-item"
        onClick={() => {
          returnFocus.current?.focus();
          edit.openTag(menu.key);
        }}
      >
        <TagIcon />
        <span>{t('edit.menu.tag')}</span>
      </button>
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className="row-menu-item danger"
        aria-keyshortcuts="Delete"
        onClick={() => {
          returnFocus.current?.focus();
          const images = store.getState().images;
          edit.openRemove(images.selection.has(menu.key) ? [...images.selection] : [menu.key]);
        }}
      >
        <TrashIcon />
        <span>{count > 1 ? t('edit.menu.removeSelected', { count }) : t('edit.menu.remove')}</span>
        <kbd className="menu-shortcut">Del</kbd>
      </button>
      <div role="separator" className="row-menu-separator" />
      {(['history', 'inspect'] as const).map((tab) => (
        <button
          key={tab}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="row-menu-item"
          onClick={() => {
            returnFocus.current?.focus();
            store.getState().edit.closeMenu();
            store.getState().detail.openRow(menu.key, tab);
          }}
        >
          {tab === 'history' ? <HistoryIcon /> : <InspectIcon />}
          <span>{t(`details.menu.${tab}`)}</span>
        </button>
      ))}
    </div>
  );
}
