// The Electron shell: app lifecycle, the window, IPC wiring to the core. Thin by design:
// everything the app does lives in core/ and runs under plain Node.
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelName, ipcEventName } from '../shared/channels';
import { StevedoreCore } from './core/service';
import { isNavigationAllowed, isPermissionAllowed, isTrustedSender, secureWebPreferences } from './security';
import { createTransferEdge } from './transfer-edge';

const core = new StevedoreCore();
let mainWindow: BrowserWindow | undefined;
// Native save/open dialogs for images.save / images.load, modal to our window.
const transferEdge = createTransferEdge(
  core,
  {
    showSaveDialog: (o) => (mainWindow ? dialog.showSaveDialog(mainWindow, o) : dialog.showSaveDialog(o)),
    showOpenDialog: (o) => (mainWindow ? dialog.showOpenDialog(mainWindow, o) : dialog.showOpenDialog(o)),
  },
  { defaultDirectory: () => app.getPath('downloads') },
);
const appUrl = pathToFileURL(join(__dirname, '..', 'renderer', 'index.html')).toString();

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    title: 'Stevedore',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, appUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Only https links leave the app, and only in the user's browser.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(appUrl);
  return win;
}

function wireIpc(): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannelName(channel), async (event, request: unknown) => {
      const frame = event.senderFrame;
      const trusted =
        mainWindow !== undefined &&
        frame !== null &&
        isTrustedSender(
          { isMainFrame: frame.parent === null, frameUrl: frame.url, webContentsId: event.sender.id },
          { webContentsId: mainWindow.webContents.id, appUrl },
        );
      if (!trusted) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Untrusted sender' } };
      return transferEdge.handle(channel, request);
    });
  }
  for (const name of EVENT_NAMES) {
    core.events.on(name, (payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(ipcEventName(name), payload);
    });
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
      callback(isPermissionAllowed(permission)),
    );
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
    wireIpc();
    void core.start();
    mainWindow = createWindow();
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
    app.on('activate', () => {
      if (!mainWindow) mainWindow = createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => core.dispose());
}
