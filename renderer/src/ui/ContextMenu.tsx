// Owns the context menu as native menus behave: role=menu with menuitems, placed inside the window,
// the first item focused, arrows / Home / End / a letter to move, Enter or Space to choose,
// ArrowRight into a submenu and ArrowLeft / Escape back out, Escape or Tab or a click elsewhere to
// close, and the focus handed back to where it was. Used for the image rows (RowMenu.tsx).
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  kind: 'item';
  id: string;
  label: string;
  icon?: ReactNode;
  /** Shown at the right (`Del`), and announced as aria-keyshortcuts. */
  shortcut?: { label: string; aria: string };
  danger?: boolean;
  disabled?: boolean;
  /** Runs after the menu closed and the focus went back. */
  onSelect(): void;
}
export interface MenuSubmenu {
  kind: 'submenu';
  id: string;
  label: string;
  icon?: ReactNode;
  items: MenuItem[];
}
export type MenuEntry = MenuItem | MenuSubmenu | { kind: 'separator'; id: string };

export interface ContextMenuProps {
  label: string;
  x: number;
  y: number;
  entries: MenuEntry[];
  /** `refocus`: the focus goes back to the element focused before the menu (Escape, a choice). */
  onClose(refocus: boolean): void;
}

// A submenu's own item sits in a presentational wrapper, next to its submenu.
const ITEM_SELECTOR = ':scope > [role="menuitem"]:not([aria-disabled="true"]), :scope > [role="none"] > [role="menuitem"]';

function itemsOf(menu: HTMLElement | null): HTMLElement[] {
  return [...(menu?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? [])];
}

/** Arrow keys, Home / End and first-letter type-ahead inside one menu element; true when handled. */
function moveFocus(menu: HTMLElement | null, key: string): boolean {
  const items = itemsOf(menu);
  if (items.length === 0) return false;
  const at = items.indexOf(document.activeElement as HTMLElement);
  let next: HTMLElement | undefined;
  if (key === 'ArrowDown') next = items[(at + 1) % items.length];
  else if (key === 'ArrowUp') next = items[(at - 1 + items.length) % items.length];
  else if (key === 'Home') next = items[0];
  else if (key === 'End') next = items[items.length - 1];
  else if (key.length === 1 && /\S/.test(key)) {
    const k = key.toLowerCase();
    const order = [...items.slice(at + 1), ...items.slice(0, at + 1)];
    next = order.find((el) => el.textContent?.trim().toLowerCase().startsWith(k));
  }
  if (!next) return false;
  next.focus();
  return true;
}

function Entry({ entry, choose, openSub, subOpen }: { entry: MenuEntry; choose: (item: MenuItem) => void; openSub: (id: string | null) => void; subOpen: string | null }) {
  if (entry.kind === 'separator') return <div role="separator" className="row-menu-separator" />;
  if (entry.kind === 'item') {
    return (
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className={`row-menu-item${entry.danger ? ' danger' : ''}`}
        aria-disabled={entry.disabled || undefined}
        aria-keyshortcuts={entry.shortcut?.aria}
        data-menu-id={entry.id}
        onClick={() => !entry.disabled && choose(entry)}
        onPointerEnter={() => openSub(null)}
      >
        {entry.icon}
        <span>{entry.label}</span>
        {entry.shortcut && <kbd className="menu-shortcut">{entry.shortcut.label}</kbd>}
      </button>
    );
  }
  const open = subOpen === entry.id;
  return (
    <div role="none" className="row-menu-sub">
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className="row-menu-item"
        aria-haspopup="menu"
        aria-expanded={open}
        data-menu-id={entry.id}
        onClick={() => openSub(open ? null : entry.id)}
        onPointerEnter={() => openSub(entry.id)}
      >
        {entry.icon}
        <span>{entry.label}</span>
        <span className="menu-chevron" aria-hidden="true">
          ›
        </span>
      </button>
      {open && (
        <div role="menu" aria-label={entry.label} className="row-menu submenu" data-submenu={entry.id}>
          {entry.items.map((item) => (
            <Entry key={item.id} entry={item} choose={choose} openSub={() => undefined} subOpen={null} />
          ))}
        </div>
      )}
    </div>
  );
}

export function ContextMenu({ label, x, y, entries, onClose }: ContextMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const [subOpen, setSubOpen] = useState<string | null>(null);
  const focusSub = useRef(false);

  useLayoutEffect(() => {
    const active = document.activeElement as HTMLElement | null;
    // StrictMode runs this twice: keep the element focused before the menu, not the menu's own item.
    if (!ref.current?.contains(active)) returnFocus.current = active;
    const el = ref.current;
    const w = el?.offsetWidth ?? 200;
    const h = el?.offsetHeight ?? 80;
    // Kept inside the window, as native menus are.
    setPos({ left: Math.max(4, Math.min(x, innerWidth - w - 4)), top: Math.max(4, Math.min(y, innerHeight - h - 4)) });
    setSubOpen(null);
  }, [x, y]);

  useLayoutEffect(() => {
    // Focusable only once placed (it is hidden while measured).
    if (pos && !ref.current?.contains(document.activeElement)) itemsOf(ref.current)[0]?.focus();
  }, [pos]);

  useLayoutEffect(() => {
    const sub = subOpen ? ref.current?.querySelector<HTMLElement>(`[data-submenu="${subOpen}"]`) : null;
    if (!sub) return;
    // Beside its item, but inside the window: to the left when the right has no room, and
    // moved up by what would fall below the bottom.
    const r = sub.getBoundingClientRect();
    if (r.right > innerWidth - 4) sub.classList.add('open-left');
    const below = r.bottom - (innerHeight - 4);
    if (below > 0) sub.style.top = `${-5 - Math.min(below, r.top - 4)}px`;
    if (!focusSub.current) return;
    focusSub.current = false;
    itemsOf(sub)[0]?.focus();
  }, [subOpen]);

  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    const onBlur = () => onClose(false);
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const close = (refocus: boolean) => {
    onClose(refocus);
    if (refocus) returnFocus.current?.focus();
  };

  const choose = (item: MenuItem) => {
    close(true);
    item.onSelect();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const active = document.activeElement as HTMLElement | null;
    const inSub = active?.parentElement?.dataset.submenu;
    const menuEl = inSub ? active!.parentElement : ref.current;
    if (moveFocus(menuEl, e.key)) {
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case 'ArrowRight':
        if (!inSub && active?.getAttribute('aria-haspopup') === 'menu') {
          focusSub.current = true;
          setSubOpen(active.dataset.menuId ?? null);
          if (subOpen === active.dataset.menuId) itemsOf(active.nextElementSibling as HTMLElement)[0]?.focus();
        }
        break;
      case 'ArrowLeft':
        if (inSub) {
          setSubOpen(null);
          ref.current?.querySelector<HTMLElement>(`[data-menu-id="${inSub}"]`)?.focus();
        }
        break;
      case 'Escape':
        if (inSub) {
          setSubOpen(null);
          ref.current?.querySelector<HTMLElement>(`[data-menu-id="${inSub}"]`)?.focus();
        } else close(true);
        break;
      case 'Enter':
      case ' ':
        // The button's own click does the rest (opens the submenu, or chooses).
        if (active?.getAttribute('aria-haspopup') === 'menu') focusSub.current = true;
        return;
      case 'Tab':
        close(true);
        break;
      default:
        return;
    }
    // Keys used here are not shortcuts of the window as well.
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="row-menu"
      style={pos ? { left: pos.left, top: pos.top } : { left: x, top: y, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
    >
      {entries.map((entry) => (
        <Entry
          key={entry.id}
          entry={entry}
          choose={choose}
          subOpen={subOpen}
          openSub={setSubOpen}
        />
      ))}
    </div>
  );
}
