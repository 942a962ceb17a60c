// The Electron shell: app lifecycle, the window, tray, menus, notifications and IPC wiring to the
// core. Thin by design: what the menus contain, what their items do, where the window goes, when
// to notify and every security decision are pure modules under shell/ and security.ts, tested in
// Node; this file only renders them with Electron's APIs.
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  screen,
  session,
  shell,
  Tray,
  type MenuItemConstructorOptions,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelName, ipcEventName, type UiCommand } from '../shared/contract';
import type { EngineQuestion } from './core/engine/engine-confirmation';
import { installLastResort } from './core/support/last-resort';
import { StevedoreCore } from './core/service';
import { IPC_GRANT_FILE_PATH } from './ipc-internal';
import { guardWebContents, isTrustedIpcEvent, mainWindowOptions, permissionHandlers } from './security';
import { buildAppMenu } from './shell/app-menu';
import { ENGINE_CONFIRM_BUTTON, engineConfirmDialog, engineConfirmWords } from './shell/engine-confirm-dialog';
import { findMenuItem, type MenuItemSpec, type ShellAction } from './shell/menu-spec';
import { jobNotification, JobTransitions } from './shell/notifications';
import { createShellActions } from './shell/shell-actions';
import { shellStrings } from './shell/shell-strings';
import { buildTrayMenu, trayToolTip } from './shell/tray-menu';
import { TrayStateTracker, trayMenuOnOpen } from './shell/tray-state';
import {
  DEFAULT_SIZING,
  placeWindow,
  readWindowState,
  writeWindowState,
  writeWindowStateSync,
  type WindowState,
} from './shell/window-state';
import { createTransferEdge } from './transfer-edge';

const core = new StevedoreCore({
  // A remote engine is used only once the person says yes in a native dialog: when chosen in
  // Settings, and before first use when settings.json names one at start (core/engine/engine-confirmation.ts).
  confirmEngine: (question) => askAboutEngine(question),
  // Tests only: loopback hosts to ask about as if remote (it can only add questions).
  confirmEngineHostsAnyway: (process.env.STEVEDORE_CONFIRM_ENGINE_HOSTS ?? '').split(',').filter(Boolean),
});
// One folder for Stevedore's settings and Chromium's profile (STEVEDORE_DATA_DIR in tests).
app.setPath('userData', core.dataDir);

let mainWindow: BrowserWindow | undefined;
let tray: Tray | undefined;
let quitting = false;
const appUrl = pathToFileURL(join(__dirname, '..', 'renderer', 'index.html')).toString();
const strings = () => shellStrings(core.settings.get().language, app.getLocale());

// Native save/open dialogs for images.save / images.load, modal to our window.
const transferEdge = createTransferEdge(
  core,
  {
    showSaveDialog: (o) => (mainWindow ? dialog.showSaveDialog(mainWindow, o) : dialog.showSaveDialog(o)),
    showOpenDialog: (o) => (mainWindow?.isVisible() ? dialog.showOpenDialog(mainWindow, o) : dialog.showOpenDialog(o)),
  },
  { defaultDirectory: () => app.getPath('downloads') },
);

/** The native question before a remote engine is used; true when the person chose to use it. */
async function askAboutEngine(question: EngineQuestion): Promise<boolean> {
  const options = engineConfirmDialog(question, engineConfirmWords(core.settings.get().language, app.getLocale()));
  const r = mainWindow?.isVisible() ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  return r.response === ENGINE_CONFIRM_BUTTON;
}

// ---- window ------------------------------------------------------------------------------------

function workAreas() {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

function currentWindowState(win: BrowserWindow): WindowState {
  return { bounds: win.isMaximized() ? win.getNormalBounds() : win.getBounds(), maximized: win.isMaximized() };
}

function createWindow(): BrowserWindow {
  const placement = placeWindow(readWindowState(core.dataDir), workAreas(), DEFAULT_SIZING);
  const win = new BrowserWindow({
    ...mainWindowOptions(join(__dirname, 'preload.cjs'), placement, DEFAULT_SIZING),
    ...(process.platform === 'linux' ? { icon: join(__dirname, 'icon.png') } : {}),
  });
  if (placement.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  let saveTimer: NodeJS.Timeout | undefined;
  const saveState = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void writeWindowState(core.dataDir, currentWindowState(win)).catch(() => undefined), 500);
  };
  win.on('resize', saveState);
  win.on('move', saveState);
  win.on('close', (event) => {
    clearTimeout(saveTimer);
    try {
      writeWindowStateSync(core.dataDir, currentWindowState(win));
    } catch {
      // A read-only data folder costs the remembered place, nothing else.
    }
    // Close-to-tray: the window hides and the app keeps running in the tray.
    if (!quitting && tray && core.settings.get().closeToTray) {
      event.preventDefault();
      win.hide();
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  void win.loadURL(appUrl);
  return win;
}

function showWindow(): BrowserWindow {
  mainWindow ??= createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
  return mainWindow;
}

function sendUi(command: UiCommand): void {
  const win = showWindow();
  const send = () => win.webContents.send(ipcEventName('ui.command'), command);
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

// ---- menus -------------------------------------------------------------------------------------

const runAction = createShellActions(
  {
    handle: (channel, request) => transferEdge.handle(channel, request),
    showWindow: () => void showWindow(),
    sendUi,
    confirm: async (q) => {
      const options = {
        type: 'warning' as const,
        message: q.message,
        detail: q.detail,
        buttons: [q.cancel, q.confirm],
        defaultId: 0,
        cancelId: 0,
      };
      const r = mainWindow?.isVisible() ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
      return r.response === 1;
    },
    showError: (message) => void dialog.showMessageBox({ type: 'error', message }),
    showInfo: (message) => void dialog.showMessageBox({ type: 'info', message }),
    openExternal: (url) => shell.openExternal(url),
    quit: () => app.quit(),
    readClipboardText: () => clipboard.readText(),
  },
  strings,
);

async function run(action: ShellAction): Promise<void> {
  await runAction(action);
  if (action.kind === 'deployRegistry' || action.kind === 'startRegistry' || action.kind === 'stopRegistry') {
    await tracker.refreshRegistry();
  }
}

function toElectron(items: readonly MenuItemSpec[]): MenuItemConstructorOptions[] {
  return items.map(({ action, submenu, ...rest }) => ({
    ...(rest as MenuItemConstructorOptions),
    ...(submenu ? { submenu: toElectron(submenu) } : {}),
    ...(action ? { click: () => void run(action) } : {}),
  }));
}

let trayTemplate: MenuItemSpec[] = [];
let appTemplate: MenuItemSpec[] = [];
let trayTimer: NodeJS.Timeout | undefined;
const tracker = new TrayStateTracker({ handle: (channel, request) => core.handle(channel, request) }, () => scheduleTrayRebuild());

/**
 * Windows and macOS tell us when the tray icon is clicked, before any menu shows, so there the
 * menu is built as it opens, with what the clipboard offers at that moment (and dropped with the
 * menu). Linux trays open a set menu on their own, with no event first: that menu never reads the
 * clipboard ("Pull image…" still reads it when chosen).
 */
const TRAY_MENU_ON_CLICK = process.platform === 'win32' || process.platform === 'darwin';

function rebuildTray(): void {
  trayTemplate = buildTrayMenu(tracker.state, strings());
  if (!tray) return;
  if (!TRAY_MENU_ON_CLICK) tray.setContextMenu(Menu.buildFromTemplate(toElectron(trayTemplate)));
  tray.setToolTip(trayToolTip(tracker.state, strings()));
}

function popUpTrayMenu(): void {
  tray?.popUpContextMenu(Menu.buildFromTemplate(toElectron(trayMenuOnOpen(tracker.state, () => clipboard.readText(), strings()))));
}

/** Job progress arrives ~10/s per job: the menu is rebuilt at most every 250 ms. */
function scheduleTrayRebuild(): void {
  if (trayTimer) return;
  trayTimer = setTimeout(() => {
    trayTimer = undefined;
    rebuildTray();
  }, 250);
}

function rebuildAppMenu(): void {
  appTemplate = buildAppMenu({ platform: process.platform, dev: !app.isPackaged }, strings());
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectron(appTemplate)));
}

function createTray(): void {
  const icon = nativeImage.createFromPath(join(__dirname, 'icon.png'));
  tray = new Tray(process.platform === 'linux' ? icon : icon.resize({ width: 16, height: 16 }));
  // Windows and most Linux trays: a click opens the window; the menu is on right-click. macOS: a
  // click opens the menu, as menu bar items do.
  tray.on('click', () => (process.platform === 'darwin' ? popUpTrayMenu() : void showWindow()));
  if (TRAY_MENU_ON_CLICK) tray.on('right-click', () => popUpTrayMenu());
  rebuildTray();
}

// ---- core wiring -------------------------------------------------------------------------------

function wireIpc(): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannelName(channel), async (event, request: unknown) => {
      const ours = mainWindow && !mainWindow.isDestroyed() ? { webContentsId: mainWindow.webContents.id, appUrl } : undefined;
      if (!isTrustedIpcEvent(event, ours)) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Untrusted sender' } };
      return transferEdge.handle(channel, request);
    });
  }
  // The preload's report of a dropped file's path (ipc-internal.ts), from our page only: the one
  // way besides the open dialog that images.load may be given a path.
  ipcMain.handle(IPC_GRANT_FILE_PATH, (event, path: unknown) => {
    const ours = mainWindow && !mainWindow.isDestroyed() ? { webContentsId: mainWindow.webContents.id, appUrl } : undefined;
    if (isTrustedIpcEvent(event, ours)) transferEdge.grantLoadPath(path);
  });
  for (const name of EVENT_NAMES) {
    core.events.on(name, (payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(ipcEventName(name), payload);
    });
  }
  const transitions = new JobTransitions();
  core.events.on('job.updated', (job) => {
    tracker.onJob(job);
    const settings = core.settings.get();
    const focused = Boolean(mainWindow && mainWindow.isVisible() && mainWindow.isFocused());
    const note = jobNotification(job, transitions.observe(job), { enabled: settings.notifications, windowFocused: focused }, strings());
    if (note && Notification.isSupported()) {
      const n = new Notification({ title: note.title, body: note.body });
      n.on('click', () => sendUi({ command: 'showJob', jobId: note.jobId }));
      n.show();
    }
  });
  core.events.on('engine.status', (status) => tracker.onEngine(status));
  core.events.on('images.changed', () => void tracker.refreshPrune());
  core.events.on('settings.changed', (settings) => {
    nativeTheme.themeSource = settings.theme;
    rebuildAppMenu();
    rebuildTray();
  });
}

/** STEVEDORE_E2E=1 only: lets the Electron suite read the built menus and invoke tray items. */
function exposeTestHook(): void {
  if (process.env.STEVEDORE_E2E !== '1') return;
  (globalThis as Record<string, unknown>).__stevedoreE2E = {
    trayMenu: () => trayTemplate,
    appMenu: () => appTemplate,
    trayState: () => tracker.state,
    async runTrayItem(id: string): Promise<void> {
      const item = findMenuItem(trayTemplate, id);
      if (!item?.action) throw new Error(`No tray item with an action has the id ${id}`);
      if (item.enabled === false) throw new Error(`The tray item ${id} is disabled`);
      await run(item.action);
    },
  };
}

// Whatever escapes every listener is logged, and the main process (the whole app) keeps running.
installLastResort();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => void showWindow());
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, appUrl, (url) => void shell.openExternal(url)));
  void app.whenReady().then(() => {
    const permissions = permissionHandlers();
    session.defaultSession.setPermissionRequestHandler(permissions.request);
    session.defaultSession.setPermissionCheckHandler(permissions.check);
    nativeTheme.themeSource = core.settings.get().theme;
    wireIpc();
    exposeTestHook();
    rebuildAppMenu();
    createTray();
    void core.start().then(() => tracker.refresh());
    mainWindow = createWindow();
    app.on('activate', () => void showWindow());
  });
  app.on('window-all-closed', () => {
    // With close-to-tray the window only hides; without it, closing the window ends the app
    // (except on macOS, where apps stay in the Dock).
    if (process.platform !== 'darwin' && !(tray && core.settings.get().closeToTray)) app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', () => {
    // A tray rebuild still scheduled (or one a late core answer schedules) must not reach the
    // destroyed Tray: Electron throws "Tray is destroyed" in the main process.
    clearTimeout(trayTimer);
    tray?.destroy();
    tray = undefined;
    core.dispose();
  });
}
