import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UI_COMMANDS } from '../../shared/shell';
import {
  displayAccelerator,
  matchShortcut,
  primaryShortcut,
  SHORTCUTS,
  shortcutsFor,
  shortcutsMarkdownTable,
  type KeyLike,
} from '../../shared/shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('the shortcut map', () => {
  it("has the issue's shortcuts, each naming a ui.command the window knows", () => {
    const byAccelerator = Object.fromEntries(SHORTCUTS.filter((s) => !s.platforms).map((s) => [s.accelerator, s.command]));
    expect(byAccelerator).toEqual({
      'CmdOrCtrl+F': 'focusFilter',
      'CmdOrCtrl+O': 'load',
      'CmdOrCtrl+S': 'save',
      'CmdOrCtrl+P': 'pull',
      Delete: 'remove',
      F5: 'refresh',
      'CmdOrCtrl+R': 'refresh',
      'CmdOrCtrl+,': 'settings',
    });
    for (const s of SHORTCUTS) {
      expect(UI_COMMANDS).toContain(s.command);
      expect(s.labelKey).toBe(`shortcuts.${s.id}`);
    }
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
  });

  it('the menus show one shortcut per command; alternatives and the Mac delete key are extra', () => {
    expect(primaryShortcut('refresh', 'linux')?.accelerator).toBe('F5');
    expect(primaryShortcut('remove', 'darwin')?.accelerator).toBe('Delete');
    expect(shortcutsFor('linux').map((s) => s.id)).not.toContain('removeMac');
    expect(shortcutsFor('darwin').map((s) => s.id)).toContain('removeMac');
  });
});

describe('matching key presses', () => {
  it('CmdOrCtrl is Ctrl on Windows and Linux', () => {
    for (const platform of ['linux', 'win32']) {
      expect(matchShortcut(key('f', { ctrlKey: true }), platform)?.command).toBe('focusFilter');
      expect(matchShortcut(key('f', { metaKey: true }), platform)).toBeUndefined();
      expect(matchShortcut(key('o', { ctrlKey: true }), platform)?.command).toBe('load');
      expect(matchShortcut(key(',', { ctrlKey: true }), platform)?.command).toBe('settings');
    }
  });

  it('CmdOrCtrl is Cmd on macOS, and Ctrl alone does nothing there', () => {
    expect(matchShortcut(key('s', { metaKey: true }), 'darwin')?.command).toBe('save');
    expect(matchShortcut(key('s', { ctrlKey: true }), 'darwin')).toBeUndefined();
    expect(matchShortcut(key('Backspace', { metaKey: true }), 'darwin')?.command).toBe('remove');
    expect(matchShortcut(key('Backspace', { ctrlKey: true }), 'linux')).toBeUndefined();
  });

  it('letters match in either case (Caps Lock), extra modifiers do not match', () => {
    expect(matchShortcut(key('P', { ctrlKey: true }), 'linux')?.command).toBe('pull');
    expect(matchShortcut(key('p', { ctrlKey: true, shiftKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(key('p', { ctrlKey: true, altKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(key('p', { ctrlKey: true, metaKey: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(key('p'), 'linux')).toBeUndefined();
  });

  it('F5 and Ctrl/Cmd+R both refresh', () => {
    expect(matchShortcut(key('F5'), 'linux')?.command).toBe('refresh');
    expect(matchShortcut(key('r', { ctrlKey: true }), 'win32')?.command).toBe('refresh');
    expect(matchShortcut(key('r', { metaKey: true }), 'darwin')?.command).toBe('refresh');
  });

  it('Delete removes images, except while typing in a text field (where it deletes a character)', () => {
    expect(matchShortcut(key('Delete'), 'linux')?.command).toBe('remove');
    expect(matchShortcut(key('Delete', { inTextField: true }), 'linux')).toBeUndefined();
    expect(matchShortcut(key('F5', { inTextField: true }), 'linux')).toBeUndefined();
    // Ctrl+F from the filter field still focuses (selects) the filter.
    expect(matchShortcut(key('f', { ctrlKey: true, inTextField: true }), 'linux')?.command).toBe('focusFilter');
  });
});

describe('how shortcuts are written for people', () => {
  it("uses each platform's notation", () => {
    expect(displayAccelerator('CmdOrCtrl+F', 'linux')).toBe('Ctrl+F');
    expect(displayAccelerator('CmdOrCtrl+F', 'darwin')).toBe('⌘F');
    expect(displayAccelerator('CmdOrCtrl+,', 'win32')).toBe('Ctrl+,');
    expect(displayAccelerator('Cmd+Backspace', 'darwin')).toBe('⌘⌫');
    expect(displayAccelerator('F5', 'darwin')).toBe('F5');
  });

  it("the README's shortcuts table is the one generated from the map", () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(shortcutsMarkdownTable());
  });
});
