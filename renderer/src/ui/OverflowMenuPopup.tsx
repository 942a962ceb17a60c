// Owns the menu of a toolbar's "More" button (OverflowMenu.tsx owns the button and loads this chunk
// on demand): a role=menu in a popover placed under the button, built on react-aria-components
// (Popover, Menu) as the context menu is, in the same look. The library keeps the menu's keyboard
// and placement; this file maps our entries to its parts and hands the focus back before acting.
import type { RefObject } from 'react';
import { flushSync } from 'react-dom';
import { Keyboard, Menu, MenuItem as AriaMenuItem, Popover, Separator } from 'react-aria-components';
import type { MenuItem } from './ContextMenu';

export type OverflowEntry = MenuItem | { kind: 'separator'; id: string };

export interface OverflowMenuPopupProps {
  /** The More button: the popover is placed under it, and a press on it is not a press outside. */
  triggerRef: RefObject<HTMLButtonElement | null>;
  label: string;
  entries: OverflowEntry[];
  /** The item that takes the focus as it opens. */
  focus: 'first' | 'last';
  onClose(): void;
}

export function OverflowMenuPopup({ triggerRef, label, entries, focus, onClose }: OverflowMenuPopupProps) {
  // Closed at once and the focus back on the button before acting: a dialog the action opens
  // (showModal) then remembers the button, not the menu's removed item, and a menu the action
  // opens (the row menu) returns there when it closes.
  const choose = (item: MenuItem) => {
    flushSync(() => onClose());
    triggerRef.current?.focus();
    item.onSelect();
  };
  return (
    <Popover
      triggerRef={triggerRef}
      isOpen
      onOpenChange={(isOpen) => {
        if (!isOpen) onClose();
      }}
      // The button toggles the menu itself: pressing it is no press outside.
      shouldCloseOnInteractOutside={(element) => !triggerRef.current?.contains(element)}
      className="row-menu-popover"
      placement="bottom end"
      offset={4}
      containerPadding={4}
    >
      <Menu className="row-menu" aria-label={label} shouldFocusWrap autoFocus={focus} onClose={onClose}>
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
  );
}
