/** App windows (workstation, wall display) and the per-webContents navigation guards. */
import { BrowserWindow, screen, shell, type Display, type WebContents } from 'electron';
import { APP_INDEX_URL, WALL_URL } from './appProtocol.js';
import { pickWallDisplay } from './displays.js';
import { PRODUCT_NAME } from './identity.js';
import { isAllowedExternalUrl, isAllowedNavigation } from './securityPolicy.js';
import { secureWebPreferences } from './webPreferences.js';

/** Applied to every webContents the app ever creates (app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    console.warn(`[security] blocked navigation to ${url.slice(0, 200)}`);
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface WindowDeps {
  preloadPath: string;
  iconPath: string;
  devTools: boolean;
}

export function createMainWindow(deps: WindowDeps): BrowserWindow {
  const win = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1440,
    height: 900,
    minWidth: 1200,
    minHeight: 720,
    show: false,
    backgroundColor: '#f5f7fa',
    icon: deps.iconPath,
    webPreferences: secureWebPreferences(deps.preloadPath, deps.devTools),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL);
  return win;
}

/** The wall display (会议大屏) window: one at most, full screen on the chosen display. */
export class WallWindow {
  private win: BrowserWindow | null = null;

  constructor(
    private readonly deps: WindowDeps,
    private readonly hooks: { onCreated(win: BrowserWindow): void; onChange(): void },
  ) {}

  get window(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  isOpen(): boolean {
    return this.window !== null;
  }

  targetDisplay(savedId: number | undefined): Display | undefined {
    return pickWallDisplay(screen.getAllDisplays(), savedId, screen.getPrimaryDisplay().id);
  }

  open(savedId: number | undefined): BrowserWindow {
    const existing = this.window;
    if (existing) {
      this.moveTo(savedId);
      existing.focus();
      return existing;
    }
    const display = this.targetDisplay(savedId);
    const bounds = display?.bounds ?? { x: 0, y: 0, width: 1920, height: 1080 };
    const win = new BrowserWindow({
      title: `${PRODUCT_NAME} - 会议大屏`,
      ...bounds,
      show: false,
      frame: false,
      autoHideMenuBar: true,
      backgroundColor: '#0b1a33',
      icon: this.deps.iconPath,
      webPreferences: secureWebPreferences(this.deps.preloadPath, this.deps.devTools),
    });
    win.setMenuBarVisibility(false);
    win.once('ready-to-show', () => {
      // Position first, then full screen: Linux window managers full-screen on the window's current display.
      win.setBounds(bounds);
      win.setFullScreen(true);
      win.show();
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
      this.hooks.onChange();
    });
    this.win = win;
    this.hooks.onCreated(win);
    void win.loadURL(WALL_URL);
    this.hooks.onChange();
    return win;
  }

  moveTo(savedId: number | undefined): void {
    const win = this.window;
    const display = this.targetDisplay(savedId);
    if (!win || !display) return;
    win.setFullScreen(false);
    win.setBounds(display.bounds);
    win.setFullScreen(true);
  }

  close(): void {
    this.window?.close();
  }
}
