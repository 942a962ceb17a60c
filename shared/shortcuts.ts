// Owns the keyboard shortcuts: the one map the application menu (accelerator hints), the
// renderer (key handling, in Electron and in the browser alike) and the README table read.
// Pure: no Node, no DOM.
import type { UiCommandName } from './shell';

export type ShortcutPlatform = 'darwin' | 'win32' | 'linux' | (string & {});

export interface Shortcut {
  /** Stable id, also the i18n suffix of its label (`labelKey`). */
  id: string;
  /** Electron accelerator syntax (`CmdOrCtrl+F`, `Delete`, `F5`). */
  accelerator: string;
  /** The ui.command the renderer carries out. */
  command: UiCommandName;
  /** i18n key of what the shortcut does (renderer: `shortcuts.<id>`). */
  labelKey: string;
  /** What it does, in English (menus without i18n, the README table). */
  description: string;
  /** Only on these platforms (absent: everywhere). */
  platforms?: readonly ShortcutPlatform[];
  /**
   * Whether it fires while the focus is in a text field. Off for keys that edit text there
   * (Delete must delete a character, not an image).
   */
  inTextFields: boolean;
  /** Not shown in menus (an alternative key for the same command). */
  alternative?: boolean;
}

const s = (
  id: string,
  accelerator: string,
  command: UiCommandName,
  description: string,
  extra: Partial<Pick<Shortcut, 'platforms' | 'inTextFields' | 'alternative'>> = {},
): Shortcut => ({ id, accelerator, command, labelKey: `shortcuts.${id}`, description, inTextFields: true, ...extra });

export const SHORTCUTS: readonly Shortcut[] = Object.freeze([
  s('filter', 'CmdOrCtrl+F', 'focusFilter', 'Filter the images list'),
  s('load', 'CmdOrCtrl+O', 'load', 'Load images from tar archives'),
  s('save', 'CmdOrCtrl+S', 'save', 'Save the selected images to a tar archive'),
  s('pull', 'CmdOrCtrl+P', 'pull', 'Pull an image'),
  s('remove', 'Delete', 'remove', 'Remove the selected images (asks first)', { inTextFields: false }),
  // The Mac keyboard's "delete" key is Backspace; Finder's "Move to Trash" is Cmd+Backspace.
  s('removeMac', 'Cmd+Backspace', 'remove', 'Remove the selected images (asks first)', {
    platforms: ['darwin'],
    inTextFields: false,
    alternative: true,
  }),
  s('refresh', 'F5', 'refresh', 'Refresh the list', { inTextFields: false }),
  s('refreshAlt', 'CmdOrCtrl+R', 'refresh', 'Refresh the list', { alternative: true }),
  s('settings', 'CmdOrCtrl+,', 'settings', 'Open the settings'),
]);

export function shortcutsFor(platform: ShortcutPlatform): Shortcut[] {
  return SHORTCUTS.filter((sc) => !sc.platforms || sc.platforms.includes(platform));
}

/** The first (menu) shortcut of a command on a platform. */
export function primaryShortcut(command: UiCommandName, platform: ShortcutPlatform): Shortcut | undefined {
  return shortcutsFor(platform).find((sc) => sc.command === command && !sc.alternative);
}

interface ParsedAccelerator {
  key: string;
  cmdOrCtrl: boolean;
  cmd: boolean;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
}

function parseAccelerator(accelerator: string): ParsedAccelerator {
  // `CmdOrCtrl+,`: split on '+' but keep a trailing '+' key.
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    key,
    cmdOrCtrl: mods.has('cmdorctrl') || mods.has('commandorcontrol'),
    cmd: mods.has('cmd') || mods.has('command') || mods.has('super') || mods.has('meta'),
    ctrl: mods.has('ctrl') || mods.has('control'),
    shift: mods.has('shift'),
    alt: mods.has('alt') || mods.has('option'),
  };
}

/** What the matcher needs of a KeyboardEvent (so Node tests can build one). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The focus is in a text field (input, textarea, contenteditable). */
  inTextField?: boolean;
}

function sameKey(eventKey: string, acceleratorKey: string): boolean {
  if (eventKey.length === 1 && acceleratorKey.length === 1) return eventKey.toLowerCase() === acceleratorKey.toLowerCase();
  return eventKey === acceleratorKey;
}

/** Whether a key press is this accelerator on this platform (CmdOrCtrl: Cmd on macOS, Ctrl elsewhere). */
export function matchesAccelerator(event: KeyLike, accelerator: string, platform: ShortcutPlatform): boolean {
  const a = parseAccelerator(accelerator);
  const mac = platform === 'darwin';
  const wantMeta = a.cmd || (a.cmdOrCtrl && mac);
  const wantCtrl = a.ctrl || (a.cmdOrCtrl && !mac);
  return (
    sameKey(event.key, a.key) &&
    event.metaKey === wantMeta &&
    event.ctrlKey === wantCtrl &&
    event.shiftKey === a.shift &&
    event.altKey === a.alt
  );
}

/** The shortcut a key press triggers, if any. */
export function matchShortcut(event: KeyLike, platform: ShortcutPlatform): Shortcut | undefined {
  return shortcutsFor(platform).find(
    (sc) => (sc.inTextFields || !event.inTextField) && matchesAccelerator(event, sc.accelerator, platform),
  );
}

/** How a person reads an accelerator on a platform: `Ctrl+F` / `⌘F`, `F5`, `Delete`. */
export function displayAccelerator(accelerator: string, platform: ShortcutPlatform): string {
  const a = parseAccelerator(accelerator);
  const mac = platform === 'darwin';
  const key = a.key === 'Backspace' && mac ? '⌫' : a.key;
  if (mac) {
    return `${a.ctrl ? '⌃' : ''}${a.alt ? '⌥' : ''}${a.shift ? '⇧' : ''}${a.cmd || a.cmdOrCtrl ? '⌘' : ''}${key}`;
  }
  return [a.ctrl || a.cmdOrCtrl ? 'Ctrl' : '', a.alt ? 'Alt' : '', a.shift ? 'Shift' : '', a.cmd ? 'Super' : '', key]
    .filter(Boolean)
    .join('+');
}

/** The README's shortcuts table (a unit test keeps the README equal to this). */
export function shortcutsMarkdownTable(): string {
  const rows = SHORTCUTS.filter((sc) => !sc.platforms).map(
    (sc) => `| ${displayAccelerator(sc.accelerator, 'linux')} | ${displayAccelerator(sc.accelerator, 'darwin')} | ${sc.description} |`,
  );
  const macOnly = SHORTCUTS.filter((sc) => sc.platforms?.includes('darwin') && sc.platforms.length === 1).map(
    (sc) => `| | ${displayAccelerator(sc.accelerator, 'darwin')} | ${sc.description} |`,
  );
  return ['| Windows / Linux | macOS | What it does |', '|---|---|---|', ...rows, ...macOnly].join('\n');
}
