// Owns the context menu, built on react-aria-components (Menu, SubmenuTrigger, Popover): a role=menu
// opened at a point (the pointer, or a row's corner for the keyboard), placed inside the window
// (flipped and shifted), the first item focused, arrows / Home / End / type-ahead, a submenu that
// survives a diagonal pointer move to it, and the focus handed back when it closes. This file only
// maps our entries to the library's parts; the behaviour is the library's. Used by RowMenu.tsx.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Keyboard, Menu, MenuItem as AriaMenuItem, Popover, Separator, SubmenuTrigger } from 'react-aria-components';

export interface MenuItem {
  kind: 'item';
  id: string;
  label: string;
  icon?: ReactNode;
  /** Shown at the right (`Del`), and announced as the item's description. */
  shortcut?: { label: string; aria: string };
  danger?: boolean;
  disabled?: boolean;
  /** Runs once chosen; the menu closes and the focus goes back to where it was. */
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
  /** Where it opens, in window coordinates: its top-left corner, unless the window has no room there. */
  x: number;
  y: number;
  entries: MenuEntry[];
  onClose(): void;
}

/** The gap kept between a menu and the window's edges, as the hand-written menu kept. */
const EDGE = 4;

function Item({ item, choose }: { item: MenuItem; choose: (item: MenuItem) => void }) {
  return (
    <AriaMenuItem
      id={item.id}
      textValue={item.label}
      isDisabled={item.disabled}
      className={`row-menu-item${item.danger ? ' danger' : ''}`}
      onAction={() => choose(item)}
    >
      {item.icon}
      <span>{item.label}</span>
      {item.shortcut && <Keyboard className="menu-shortcut">{item.shortcut.label}</Keyboard>}
    </AriaMenuItem>
  );
}

function Entry({ entry, choose }: { entry: MenuEntry; choose: (item: MenuItem) => void }) {
  if (entry.kind === 'separator') return <Separator id={entry.id} className="row-menu-separator" />;
  if (entry.kind === 'item') return <Item item={entry} choose={choose} />;
  return (
    <SubmenuTrigger>
      <AriaMenuItem id={entry.id} textValue={entry.label} className="row-menu-item">
        {entry.icon}
        <span>{entry.label}</span>
        <span className="menu-chevron" aria-hidden="true">
          ›
        </span>
      </AriaMenuItem>
      {/* Beside its item, its first entry level with it; on the other side when this one has no room. */}
      <Popover className="row-menu-popover" placement="end top" offset={2} crossOffset={-5} containerPadding={EDGE}>
        <Menu className="row-menu submenu" shouldFocusWrap>
          {entry.items.map((item) => (
            <Item key={item.id} item={item} choose={choose} />
          ))}
        </Menu>
      </Popover>
    </SubmenuTrigger>
  );
}

export function ContextMenu({ label, x, y, entries, onClose }: ContextMenuProps) {
  // The library positions a popover against an element; a point is a zero-size rectangle there.
  const anchor = useRef<Element>(document.body);
  // Read while rendering, before the menu takes the focus: the element the focus goes back to.
  const [returnFocus] = useState(() => document.activeElement as HTMLElement | null);

  // The menu is the store's (open while it names a row), so choosing closes it there; a submenu's
  // Menu would only close its own, library-kept state. Closed at once, and the focus back where it
  // was, before acting, as the hand-written menu did: a dialog the action opens (showModal) then
  // remembers that element, not the menu's removed item, and gives the focus back to it.
  const choose = (item: MenuItem) => {
    flushSync(onClose);
    returnFocus?.focus();
    item.onSelect();
  };

  useEffect(() => {
    // Native menus go away when the window loses the focus or changes size; the library keeps its
    // popover open and follows its anchor, which is a point here.
    window.addEventListener('blur', onClose);
    window.addEventListener('resize', onClose);
    return () => {
      window.removeEventListener('blur', onClose);
      window.removeEventListener('resize', onClose);
    };
  }, [onClose]);

  return (
    <Popover
      isOpen
      onOpenChange={(open) => !open && onClose()}
      triggerRef={anchor}
      getTargetRect={() => new DOMRect(x, y, 0, 0)}
      placement="bottom start"
      offset={0}
      containerPadding={EDGE}
      className="row-menu-popover"
      aria-label={label}
    >
      <Menu aria-label={label} className="row-menu" autoFocus="first" shouldFocusWrap>
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} choose={choose} />
        ))}
      </Menu>
    </Popover>
  );
}
