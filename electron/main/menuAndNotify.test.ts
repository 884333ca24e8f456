import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, WALL_MENU_ID, wallDisplayMenuId, type MenuActions } from './menuTemplate.js';
import { createNotifyPolicy } from './notifyPolicy.js';

const displays = [
  { id: 10, label: '', bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
  { id: 20, label: '会议室投影', bounds: { x: 1920, y: 0, width: 3840, height: 2160 } },
];
const actions = (): MenuActions => ({
  openWall: vi.fn(),
  closeWall: vi.fn(),
  chooseWallDisplay: vi.fn(),
  syncNow: vi.fn(),
  about: vi.fn(),
});
const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('application menu', () => {
  it('is in Chinese, with a 会议大屏 menu', () => {
    const t = buildMenuTemplate({ displays, primaryDisplayId: 10, wallDisplayId: undefined, wallOpen: false, devTools: false }, actions());
    expect(t.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '会议大屏', '帮助']);
    const labels = t.flatMap((m) => sub(m).map((i) => i.label)).filter((l): l is string => typeof l === 'string');
    for (const l of labels) expect(l, l).toMatch(/[\u4e00-\u9fff]/);
    expect(t.find((m) => m.id === WALL_MENU_ID)?.label).toBe('会议大屏');
  });

  it('lists the displays as radio items, checking the effective wall display', () => {
    const a = actions();
    const t = buildMenuTemplate({ displays, primaryDisplayId: 10, wallDisplayId: undefined, wallOpen: false, devTools: false }, a);
    const wall = sub(t.find((m) => m.id === WALL_MENU_ID));
    const items = wall.filter((i) => i.type === 'radio');
    expect(items.map((i) => i.id)).toEqual([wallDisplayMenuId(10), wallDisplayMenuId(20)]);
    expect(items.map((i) => i.checked)).toEqual([false, true]);
    expect(items[1]?.label).toBe('屏幕 2（会议室投影，3840×2160）');
    click(items[0]);
    expect(a.chooseWallDisplay).toHaveBeenCalledWith(10);
  });

  it('opens or closes the wall window depending on its state', () => {
    const a = actions();
    const closed = sub(
      buildMenuTemplate({ displays, primaryDisplayId: 10, wallDisplayId: 10, wallOpen: false, devTools: false }, a).find(
        (m) => m.id === WALL_MENU_ID,
      ),
    );
    expect(closed[0]?.label).toBe('打开会议大屏');
    click(closed[0]);
    expect(a.openWall).toHaveBeenCalledOnce();
    const open = sub(
      buildMenuTemplate({ displays, primaryDisplayId: 10, wallDisplayId: 10, wallOpen: true, devTools: false }, a).find(
        (m) => m.id === WALL_MENU_ID,
      ),
    );
    expect(open[0]?.label).toBe('关闭会议大屏');
    click(open[0]);
    expect(a.closeWall).toHaveBeenCalledOnce();
  });

  it('offers developer tools only outside packaged builds', () => {
    const roles = (devTools: boolean) =>
      buildMenuTemplate({ displays, primaryDisplayId: 10, wallDisplayId: undefined, wallOpen: false, devTools }, actions()).flatMap((m) =>
        sub(m).map((i) => i.role),
      );
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});

describe('desktop notifications', () => {
  const urgent = { kind: 'urgent_case', caseId: 'c1', title: '紧急：燃气泄漏', body: '幸福社区 3 号网格' };

  it('notifies a new urgent case once', () => {
    const policy = createNotifyPolicy();
    expect(policy(urgent)).toEqual({ caseId: 'c1', title: '紧急：燃气泄漏', body: '幸福社区 3 号网格' });
    expect(policy(urgent)).toBeNull();
    expect(policy({ ...urgent, caseId: 'c2' })).not.toBeNull();
  });

  it('ignores rejected commands and malformed pushes', () => {
    const policy = createNotifyPolicy();
    expect(policy({ ...urgent, kind: 'rejected_command' })).toBeNull();
    expect(policy({ kind: 'urgent_case' })).toBeNull();
    expect(policy('urgent')).toBeNull();
  });

  it('forgets the oldest cases beyond its memory', () => {
    const policy = createNotifyPolicy(2);
    policy({ ...urgent, caseId: 'a' });
    policy({ ...urgent, caseId: 'b' });
    policy({ ...urgent, caseId: 'c' });
    expect(policy({ ...urgent, caseId: 'a' })).not.toBeNull();
    expect(policy({ ...urgent, caseId: 'c' })).toBeNull();
  });
});
