/**
 * Electron main process: security settings, app:// protocol, the IPC bridge to the core (which runs in a
 * utilityProcess), desktop notifications, the wall display window and the Chinese menu. Bundled by
 * build/build-electron.mjs to dist/electron/main.cjs (CommonJS, so `__dirname` is that folder).
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, Notification, screen, session } from 'electron';
import type { ApiStreamName } from '../../shared/api.js';
import { streamChannel } from '../../shared/ipc.js';
import { createCoreProcess } from './coreProcess.js';
import { APP_ID, PRODUCT_NAME, USER_DATA_DIR_NAME } from './identity.js';
import { registerIpc } from './ipc.js';
import { buildMenuTemplate } from './menuTemplate.js';
import { createNotifyPolicy } from './notifyPolicy.js';
import { shellPaths } from './paths.js';
import { registerAppScheme, serveAppProtocol } from './protocol.js';
import { isPermissionAllowed } from './securityPolicy.js';
import { loadSettings, resolveRelayUrl, saveSettings, type ShellSettings } from './settings.js';
import { isBlockedRequestUrl } from './webPreferences.js';
import { createMainWindow, hardenWebContents, WallWindow, type WindowDeps } from './windows.js';

registerAppScheme();
app.setName(PRODUCT_NAME);
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
// An explicit ASCII folder keeps the same data between dev runs and installs; GRID_USER_DATA_DIR gives
// tests a fresh profile per run. Must precede the single-instance lock, which is per user-data folder.
app.setPath(
  'userData',
  process.env.GRID_USER_DATA_DIR ? path.resolve(process.env.GRID_USER_DATA_DIR) : path.join(app.getPath('appData'), USER_DATA_DIR_NAME),
);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  startShell();
}

function startShell(): void {
  const paths = shellPaths(__dirname);
  const userData = app.getPath('userData');
  let settings: ShellSettings = loadSettings(userData);
  const deps: WindowDeps = { preloadPath: paths.preload, iconPath: paths.icon, devTools: !app.isPackaged };
  const ownContents = new Set<number>();
  let mainWindow: BrowserWindow | null = null;

  const core = createCoreProcess({
    modulePath: paths.coreHost,
    init: { dataDir: path.join(userData, 'core'), relayUrl: resolveRelayUrl(process.argv, process.env, settings) },
  });

  const track = (win: BrowserWindow): BrowserWindow => {
    const id = win.webContents.id;
    ownContents.add(id);
    win.on('closed', () => ownContents.delete(id));
    return win;
  };

  const wall = new WallWindow(deps, { onCreated: (win) => void track(win), onChange: () => rebuildMenu() });

  const focusMain = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  function updateSettings(patch: Partial<ShellSettings>): void {
    settings = { ...settings, ...patch };
    try {
      saveSettings(userData, settings);
    } catch (err) {
      console.error('[settings] could not save', err);
    }
  }

  function rebuildMenu(): void {
    const template = buildMenuTemplate(
      {
        displays: screen.getAllDisplays(),
        primaryDisplayId: screen.getPrimaryDisplay().id,
        wallDisplayId: settings.wallDisplayId,
        wallOpen: wall.isOpen(),
        devTools: deps.devTools,
      },
      {
        openWall: () => wall.open(settings.wallDisplayId),
        closeWall: () => wall.close(),
        chooseWallDisplay: (displayId) => {
          updateSettings({ wallDisplayId: displayId });
          if (wall.isOpen()) wall.moveTo(displayId);
          else wall.open(displayId);
          rebuildMenu();
        },
        syncNow: () => void core.client.call('sync.now', {}),
        about: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: '关于',
            message: PRODUCT_NAME,
            detail: `社区网格化服务管理中心 指挥工作台\n版本 ${app.getVersion()}\nElectron ${process.versions.electron}`,
          }),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  const notifyPolicy = createNotifyPolicy();
  // Electron drops the click handler of a garbage-collected Notification: hold each until it is closed.
  const shownNotices = new Set<Notification>();
  function forwardStream(stream: ApiStreamName, data: unknown): void {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && ownContents.has(win.webContents.id)) win.webContents.send(streamChannel(stream), data);
    }
    if (stream !== 'notify') return;
    const notice = notifyPolicy(data);
    if (!notice || !Notification.isSupported()) return;
    const n = new Notification({ title: notice.title, body: notice.body, icon: paths.icon, urgency: 'critical' });
    shownNotices.add(n);
    n.on('click', () => {
      shownNotices.delete(n);
      focusMain();
    });
    n.on('close', () => shownNotices.delete(n));
    n.show();
  }

  app.on('second-instance', focusMain);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  let coreStopped = false;
  app.on('will-quit', (event) => {
    if (coreStopped) return;
    event.preventDefault();
    void core.stop().finally(() => {
      coreStopped = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
      callback(isPermissionAllowed(permission, details.requestingUrl)),
    );
    ses.setPermissionCheckHandler((_wc, permission, origin, details) => isPermissionAllowed(permission, details.requestingUrl ?? origin));
    ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isBlockedRequestUrl(details.url) }));
    serveAppProtocol(ses, paths.rendererRoot);

    registerIpc({
      isOwnWebContents: (id) => ownContents.has(id),
      // Least privilege: the wall display window reads only, whoever is logged in on the workstation.
      contextFor: (id) =>
        wall.window?.webContents.id === id ? { roleCap: 'wall', connectionId: `ipc:${id}` } : { connectionId: `ipc:${id}` },
      call: (method, input, ctx) => core.client.call(method, input, ctx),
    });
    core.client.onStream(forwardStream);
    core.start();

    mainWindow = track(createMainWindow(deps));
    mainWindow.on('closed', () => {
      mainWindow = null;
      // The wall display is an extension of the workstation: closing the workstation ends the app.
      app.quit();
    });
    rebuildMenu();
    screen.on('display-added', () => rebuildMenu());
    screen.on('display-removed', () => rebuildMenu());
    screen.on('display-metrics-changed', () => rebuildMenu());
  });
}
