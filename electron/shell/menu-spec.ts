// Owns the data shape of the shell's menus (tray, application menu): Electron's
// MenuItemConstructorOptions without functions, so builders are pure and tests compare plain data.
// main.ts turns `action` into a click handler and the rest goes to Menu.buildFromTemplate as is.
import type { UiCommand } from '../../shared/shell';

/** What clicking an item does; main.ts runs it through shell-actions.ts. */
export type ShellAction =
  /** Show (and focus) the main window. */
  | { kind: 'open' }
  /** Show the window and ask it to carry out a command (pull dialog, show a job, settings...). */
  | { kind: 'ui'; command: UiCommand }
  /** Native open dialog, then one load job for the chosen archives. */
  | { kind: 'loadTars' }
  /** Push an image to the local registry (localRegistry.push). */
  | { kind: 'pushLocal'; image: string }
  | { kind: 'deployRegistry' }
  | { kind: 'startRegistry' }
  | { kind: 'stopRegistry' }
  /** Dangling images prune, after a confirmation that names what it frees. */
  | { kind: 'prune' }
  | { kind: 'reconnect' }
  /** An https link on the allow-list, in the person's browser. */
  | { kind: 'openExternal'; url: string }
  | { kind: 'quit' };

export interface MenuItemSpec {
  /** Stable id (the Electron suite invokes tray items by id). */
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  /** An Electron role (copy, paste, quit, about...): Electron supplies its behaviour. */
  role?: string;
  accelerator?: string;
  /**
   * false: the accelerator is only shown. The page handles the key itself (shared/shortcuts.ts),
   * so a key is handled once whether the window runs in Electron or in a browser.
   */
  registerAccelerator?: boolean;
  enabled?: boolean;
  checked?: boolean;
  toolTip?: string;
  submenu?: MenuItemSpec[];
  action?: ShellAction;
}

export const separator = (): MenuItemSpec => ({ type: 'separator' });

/** Every item with an id, depth first (tests and the Electron suite's hook look items up by id). */
export function flattenMenu(items: readonly MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => [item, ...flattenMenu(item.submenu ?? [])]);
}

export function findMenuItem(items: readonly MenuItemSpec[], id: string): MenuItemSpec | undefined {
  return flattenMenu(items).find((item) => item.id === id);
}
