// Owns the application menu for each platform's conventions: on macOS the app menu (About,
// Settings, Hide, Quit) comes first and Window is standard; elsewhere Settings and Quit live in
// File. Shortcut items carry the accelerators of shared/shortcuts.ts as hints only: the page
// handles those keys itself, so they work the same in Electron and in a browser.
import type { UiCommand, UiCommandName } from '../../shared/shell';
import { primaryShortcut, type ShortcutPlatform } from '../../shared/shortcuts';
import { EXTERNAL_LINKS } from './external-links';
import { separator, type MenuItemSpec } from './menu-spec';
import type { ShellStrings } from './shell-strings';

export interface AppMenuState {
  platform: ShortcutPlatform;
  /** Development build: adds Reload and the developer tools to View. */
  dev: boolean;
}

function commandItem(id: string, label: string, command: UiCommand, platform: ShortcutPlatform): MenuItemSpec {
  const shortcut = primaryShortcut(command.command as UiCommandName, platform);
  return {
    id,
    label,
    action: { kind: 'ui', command },
    ...(shortcut ? { accelerator: shortcut.accelerator, registerAccelerator: false } : {}),
  };
}

export function buildAppMenu(state: AppMenuState, t: ShellStrings): MenuItemSpec[] {
  const mac = state.platform === 'darwin';
  const p = state.platform;
  const settings = commandItem('settings', t.settings, { command: 'settings' }, p);

  const appMenu: MenuItemSpec = {
    id: 'app',
    label: t.appName,
    type: 'submenu',
    submenu: [
      { role: 'about' },
      separator(),
      settings,
      separator(),
      { role: 'services' },
      separator(),
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator(),
      { id: 'quit', role: 'quit' },
    ],
  };

  const file: MenuItemSpec = {
    id: 'file',
    label: t.file,
    type: 'submenu',
    submenu: [
      commandItem('load', t.loadTars, { command: 'load' }, p),
      commandItem('save', t.save, { command: 'save' }, p),
      separator(),
      commandItem('pull', t.pull, { command: 'pull' }, p),
      ...(mac ? [] : [separator(), settings, separator(), { id: 'quit', label: t.quit, role: 'quit', accelerator: 'CmdOrCtrl+Q' }]),
      ...(mac ? [separator(), { role: 'close' }] : []),
    ],
  };

  const edit: MenuItemSpec = {
    id: 'edit',
    label: t.edit,
    type: 'submenu',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator(),
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator(),
      commandItem('filter', t.filter, { command: 'focusFilter' }, p),
      commandItem('remove', t.remove, { command: 'remove' }, p),
    ],
  };

  const view: MenuItemSpec = {
    id: 'view',
    label: t.view,
    type: 'submenu',
    submenu: [
      commandItem('view-images', t.images, { command: 'showView', view: 'images' }, p),
      commandItem('view-search', t.search, { command: 'showView', view: 'search' }, p),
      commandItem('view-jobs', t.jobs, { command: 'showView', view: 'jobs' }, p),
      commandItem('view-registries', t.registries, { command: 'showView', view: 'registries' }, p),
      separator(),
      commandItem('refresh', t.refresh, { command: 'refresh' }, p),
      separator(),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator(),
      { role: 'togglefullscreen' },
      ...(state.dev ? [separator(), { role: 'forceReload' }, { role: 'toggleDevTools' }] : []),
    ],
  };

  const windowMenu: MenuItemSpec = {
    id: 'window',
    label: t.window,
    type: 'submenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator(), { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: MenuItemSpec = {
    id: 'help',
    label: t.help,
    type: 'submenu',
    // On macOS the role makes it the Help menu (with its search field).
    ...(mac ? { role: 'help' } : {}),
    submenu: [
      { id: 'help-docs', label: t.docs, action: { kind: 'openExternal', url: EXTERNAL_LINKS.dockerDocs } },
      { id: 'help-hub', label: t.hub, action: { kind: 'openExternal', url: EXTERNAL_LINKS.dockerHub } },
      ...(mac ? [] : [separator(), { role: 'about' }]),
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}
