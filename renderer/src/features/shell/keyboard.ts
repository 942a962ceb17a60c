// Owns the window's keyboard shortcuts in the page (Electron and a plain browser alike): a key press
// is matched against the one shortcut map (shared/shortcuts.ts) and carried out by the ui slice,
// exactly as the same command from the application menu or the tray would be.
import { clipboardReferenceOffer } from '../../../../shared/clipboard-reference';
import type { UiCommandName } from '../../../../shared/shell';
import {
  displayAccelerator,
  matchShortcut,
  primaryShortcut,
  type KeyLike,
  type Shortcut,
  type ShortcutPlatform,
} from '../../../../shared/shortcuts';
import type { AppStore } from '../../store/types';

/** The platform for CmdOrCtrl: Cmd on macOS, Ctrl elsewhere. */
export function currentPlatform(nav: Pick<Navigator, 'platform' | 'userAgent'> = navigator): ShortcutPlatform {
  const p = `${(nav as { userAgentData?: { platform?: string } }).userAgentData?.platform ?? ''} ${nav.platform} ${nav.userAgent}`;
  if (/mac/i.test(p)) return 'darwin';
  if (/win/i.test(p)) return 'win32';
  return 'linux';
}

/** A command's key as a menu or a tooltip shows it (`Ctrl+S`, `⌘S`), and as aria-keyshortcuts names it. */
export function shortcutHint(command: UiCommandName, platform = currentPlatform()): { label: string; aria: string } | undefined {
  const sc = primaryShortcut(command, platform);
  if (!sc) return undefined;
  return {
    label: displayAccelerator(sc.accelerator, platform),
    aria: sc.accelerator.replace('CmdOrCtrl', platform === 'darwin' ? 'Meta' : 'Control').replace('Cmd', 'Meta'),
  };
}

const TEXT_INPUT_TYPES = new Set([
  '',
  'text',
  'search',
  'url',
  'tel',
  'email',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** Whether keys typed here edit text (so Delete deletes a character, not an image). */
export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(el.type.toLowerCase());
  return el instanceof HTMLElement && el.isContentEditable;
}

/** What the clipboard offers to "Pull": the tray's rule (shared/clipboard-reference.ts). */
export const clipboardReference = (text: string): string | undefined => clipboardReferenceOffer(text);

/** The clipboard's reference, only where reading needs no prompt (granted) and within a moment. */
async function referenceFromClipboard(): Promise<string | undefined> {
  try {
    const state = await navigator.permissions?.query({ name: 'clipboard-read' as PermissionName });
    if (state?.state !== 'granted' || !navigator.clipboard?.readText) return undefined;
    const text = await Promise.race([navigator.clipboard.readText(), new Promise<string>((r) => setTimeout(() => r(''), 300))]);
    return clipboardReference(text);
  } catch {
    // Not allowed or not supported: the dialog simply starts empty.
    return undefined;
  }
}

/** Keys whose default is editing text: never taken from a text field. */
const EDITING_KEYS = new Set(['Delete', 'Backspace']);

export function eventKey(e: KeyboardEvent): KeyLike {
  return {
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    shiftKey: e.shiftKey,
    altKey: e.altKey,
    inTextField: isTextField(e.target as Element),
  };
}

/** Carries out one shortcut through the store. */
export function runShortcut(store: AppStore, shortcut: Shortcut): void {
  const { ui } = store.getState();
  if (shortcut.command === 'pull') {
    void referenceFromClipboard().then((reference) => ui.run({ command: 'pull', reference }));
    return;
  }
  ui.run({ command: shortcut.command });
}

/**
 * Listens on the document, after the views' own handlers (the grid's Delete, a menu's arrows):
 * a key they used (defaultPrevented) is not a shortcut again. Returns the way to stop listening.
 */
export function installShortcuts(store: AppStore, platform: ShortcutPlatform = currentPlatform()): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing || e.repeat) return;
    const key = eventKey(e);
    const shortcut = matchShortcut(key, platform);
    if (!shortcut) {
      // A shortcut withheld in a text field (F5) still must not reload the page under the person.
      const withheld = key.inTextField ? matchShortcut({ ...key, inTextField: false }, platform) : undefined;
      if (withheld && !EDITING_KEYS.has(e.key)) e.preventDefault();
      return;
    }
    // The browser's own Save page / Print / Open file / Find / Reload are never what is meant here.
    e.preventDefault();
    // A modal dialog has the window: shortcuts wait until it is closed.
    if (document.querySelector('dialog[open]')) return;
    runShortcut(store, shortcut);
  };
  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}
