import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../shared/shortcuts';
import { buildAppMenu } from '../../electron/shell/app-menu';
import { isAllowedExternalLink } from '../../electron/shell/external-links';
import { findMenuItem, flattenMenu } from '../../electron/shell/menu-spec';
import { shellStrings } from '../../electron/shell/shell-strings';

const en = shellStrings('en', 'en');
const linux = buildAppMenu({ platform: 'linux', dev: false }, en);
const mac = buildAppMenu({ platform: 'darwin', dev: false }, en);

describe('the application menu', () => {
  it('Windows and Linux: File, Edit, View, Window, Help; Settings and Quit in File', () => {
    expect(linux.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const file = findMenuItem(linux, 'file')!.submenu!;
    expect(file.map((i) => i.id ?? i.type)).toEqual(['load', 'save', 'separator', 'pull', 'separator', 'settings', 'separator', 'quit']);
    expect(findMenuItem(linux, 'quit')).toMatchObject({ role: 'quit', accelerator: 'CmdOrCtrl+Q' });
  });

  it('macOS: the app menu comes first with About, Settings, Hide and Quit; File has no Settings or Quit', () => {
    expect(mac.map((m) => m.label)).toEqual(['Stevedore', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appMenu = mac[0].submenu!;
    expect(appMenu.map((i) => i.role ?? i.id ?? i.type)).toEqual([
      'about',
      'separator',
      'settings',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    const file = findMenuItem(mac, 'file')!.submenu!;
    expect(file.some((i) => i.id === 'settings' || i.role === 'quit')).toBe(false);
    expect(findMenuItem(mac, 'window')!.submenu!.map((i) => i.role ?? i.type)).toEqual(['minimize', 'zoom', 'separator', 'front']);
    expect(findMenuItem(mac, 'help')!.role).toBe('help');
  });

  it('shortcut items show the accelerators of the shortcut map, as hints the page handles itself', () => {
    for (const menu of [linux, mac]) {
      for (const s of SHORTCUTS.filter((x) => !x.alternative)) {
        const items = flattenMenu(menu).filter((i) => i.action?.kind === 'ui' && i.action.command.command === s.command);
        expect(items.length, s.id).toBeGreaterThan(0);
        for (const i of items) expect(i).toMatchObject({ accelerator: s.accelerator, registerAccelerator: false });
      }
    }
    expect(findMenuItem(linux, 'filter')).toMatchObject({
      accelerator: 'CmdOrCtrl+F',
      action: { kind: 'ui', command: { command: 'focusFilter' } },
    });
    expect(findMenuItem(linux, 'remove')?.accelerator).toBe('Delete');
  });

  it('Edit keeps the standard text roles, so copy and paste work in every field', () => {
    const roles = findMenuItem(linux, 'edit')!
      .submenu!.map((i) => i.role)
      .filter(Boolean);
    expect(roles).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('View switches views; reload and developer tools only in development builds', () => {
    const views = flattenMenu(linux).filter((i) => i.action?.kind === 'ui' && i.action.command.command === 'showView');
    expect(views.map((i) => (i.action as { command: { view: string } }).command.view)).toEqual(['images', 'search', 'jobs', 'registries']);
    expect(flattenMenu(linux).some((i) => i.role === 'toggleDevTools' || i.role === 'reload' || i.role === 'forceReload')).toBe(false);
    const dev = buildAppMenu({ platform: 'linux', dev: true }, en);
    expect(flattenMenu(dev).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('Help links go only to allowed https sites', () => {
    const links = flattenMenu(linux).filter((i) => i.action?.kind === 'openExternal');
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(isAllowedExternalLink((l.action as { url: string }).url)).toBe(true);
  });

  it('is plain data and translated', () => {
    expect(JSON.parse(JSON.stringify(mac))).toEqual(mac);
    const es = buildAppMenu({ platform: 'win32', dev: false }, shellStrings('es', 'en'));
    expect(es.map((m) => m.label)).toEqual(['Archivo', 'Edición', 'Ver', 'Ventana', 'Ayuda']);
  });
});
