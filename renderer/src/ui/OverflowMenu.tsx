// Owns the "More" button of a toolbar that has less room than actions: a button that opens a
// role=menu of the actions the toolbar hides, built on react-aria-components (MenuTrigger, Menu,
// Popover) as the context menu is, in the same look. The library keeps the menu's keyboard and
// placement; this file maps our entries to its parts and hands the focus back before acting.
import { useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Button, Keyboard, Menu, MenuItem as AriaMenuItem, MenuTrigger, Popover, Separator } from 'react-aria-components';
import type { MenuItem } from './ContextMenu';
import { base, type IconProps } from './icons';

export type OverflowEntry = MenuItem | { kind: 'separator'; id: string };

export const MoreIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="5" cy="12" r="1.2" fill="currentColor" />
    <circle cx="12" cy="12" r="1.2" fill="currentColor" />
    <circle cx="19" cy="12" r="1.2" fill="currentColor" />
  </svg>
);

export interface OverflowMenuProps {
  /** The menu's name, and the button's (it begins with the button's visible text). */
  label: string;
  /** The button's visible text ("More"). */
  text: string;
  entries: OverflowEntry[];
  className?: string;
  icon?: ReactNode;
}

export function OverflowMenu({ label, text, entries, className, icon = <MoreIcon /> }: OverflowMenuProps) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // Closed at once and the focus back on the button before acting, as the context menu does: a
  // dialog the action opens (showModal) then remembers the button, not the menu's removed item,
  // and a menu the action opens (the row menu) returns there when it closes.
  const choose = (item: MenuItem) => {
    flushSync(() => setOpen(false));
    trigger.current?.focus();
    item.onSelect();
  };
  return (
    <MenuTrigger isOpen={open} onOpenChange={setOpen}>
      <Button ref={trigger} className={`button${className ? ` ${className}` : ''}`} aria-label={label}>
        {icon}
        <span>{text}</span>
      </Button>
      <Popover className="row-menu-popover" placement="bottom end" offset={4} containerPadding={4}>
        <Menu className="row-menu" aria-label={label} shouldFocusWrap>
          {entries.map((entry) =>
            entry.kind === 'separator' ? (
              <Separator key={entry.id} id={entry.id} className="row-menu-separator" />
            ) : (
              <AriaMenuItem
                key={entry.id}
                id={entry.id}
                textValue={entry.label}
                isDisabled={entry.disabled}
                className={`row-menu-item${entry.danger ? ' danger' : ''}`}
                onAction={() => choose(entry)}
              >
                {entry.icon}
                <span>{entry.label}</span>
                {entry.shortcut && <Keyboard className="menu-shortcut">{entry.shortcut.label}</Keyboard>}
              </AriaMenuItem>
            ),
          )}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
