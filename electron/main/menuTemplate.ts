/**
 * The Chinese application menu as a plain template (type-only Electron import), so its structure and the
 * wall-display choices are tested under Node. menu.ts turns it into a Menu.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { displayLabel, pickWallDisplay, type DisplayInfo } from './displays.js';

export interface MenuActions {
  openWall(): void;
  closeWall(): void;
  chooseWallDisplay(displayId: number): void;
  syncNow(): void;
  about(): void;
}

export interface MenuState {
  displays: readonly DisplayInfo[];
  primaryDisplayId: number;
  wallDisplayId: number | undefined;
  wallOpen: boolean;
  /** Developer tools only outside a packaged build. */
  devTools: boolean;
}

export const WALL_MENU_ID = 'wall';
export const wallDisplayMenuId = (displayId: number) => `wall-display-${displayId}`;

export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const effectiveWall = pickWallDisplay(state.displays, state.wallDisplayId, state.primaryDisplayId);
  const displayItems: MenuItemConstructorOptions[] = state.displays.map((d, i) => ({
    id: wallDisplayMenuId(d.id),
    label: displayLabel(d, i, state.primaryDisplayId),
    type: 'radio',
    checked: effectiveWall?.id === d.id,
    click: () => actions.chooseWallDisplay(d.id),
  }));

  const view: MenuItemConstructorOptions[] = [
    { label: '重新加载', role: 'reload' },
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ];
  if (state.devTools) view.push({ type: 'separator' }, { label: '开发者工具', role: 'toggleDevTools' });

  return [
    {
      label: '文件',
      submenu: [
        { label: '立即同步', accelerator: 'F5', click: () => actions.syncNow() },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    {
      id: WALL_MENU_ID,
      label: '会议大屏',
      submenu: [
        state.wallOpen
          ? { label: '关闭会议大屏', accelerator: 'CmdOrCtrl+Shift+M', click: () => actions.closeWall() }
          : { label: '打开会议大屏', accelerator: 'CmdOrCtrl+Shift+M', click: () => actions.openWall() },
        { type: 'separator' },
        { label: '选择显示屏', enabled: false },
        ...(displayItems.length > 0 ? displayItems : [{ label: '（未检测到显示屏）', enabled: false }]),
      ],
    },
    {
      label: '帮助',
      submenu: [{ label: '关于', click: () => actions.about() }],
    },
  ];
}
