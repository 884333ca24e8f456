/**
 * Checks of an admin's maintenance of departments (with their contacts) and users, shared by the relay (which
 * decides), the workstation core (fast refusal) and the Excel import preview: every problem is one Chinese
 * sentence, and a change with any problem is applied not at all.
 *
 * Departments and users are never deleted once something names them: they are deactivated (停用), so old
 * cases, rulings and log entries keep their names.
 */
import { z } from 'zod';
import type { Department, User } from './model.js';
import type { RefData } from './refData.js';

/** A password an admin sets: 8 to 64 characters with letters and digits. */
export const Password = z
  .string()
  .min(8, '密码至少 8 位')
  .max(64, '密码不能超过 64 位')
  .regex(/^[\x21-\x7e]+$/, '密码只能包含字母、数字和英文符号')
  .regex(/[A-Za-z]/, '密码须包含字母')
  .regex(/\d/, '密码须包含数字');

/** The cases a department check looks at (open ones: a department still handling may not disappear). */
export interface CaseRefs {
  code: string;
  leadDepartmentId?: string | undefined;
  coDepartmentIds?: readonly string[] | undefined;
}

/** Who names a department (for the refusal of its removal or deactivation), or null. */
function departmentUse(ref: Pick<RefData, 'catalog' | 'users' | 'precedents'>, id: string, openCases: readonly CaseRefs[]): string | null {
  const item = ref.catalog.find((i) => i.defaultDepartmentId === id);
  if (item) return `入格事项“${item.name}”`;
  const c = openCases.find((x) => x.leadDepartmentId === id || x.coDepartmentIds?.includes(id));
  if (c) return `办理中的事件 ${c.code}`;
  const u = ref.users.find((x) => x.unitId === id && x.active !== false);
  if (u) return `用户“${u.name}”`;
  return null;
}

/** Why a new department list may not replace the current one, or null. */
export function departmentsProblem(
  ref: Pick<RefData, 'departments' | 'catalog' | 'users' | 'precedents'> & { catalogVersions?: RefData['catalogVersions'] },
  next: readonly Department[],
  openCases: readonly CaseRefs[],
): string | null {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const d of next) {
    if (ids.has(d.id)) return `部门标识“${d.id}”重复。`;
    ids.add(d.id);
    if (names.has(d.name)) return `部门名称“${d.name}”重复。`;
    names.add(d.name);
    const mobiles = new Set<string>();
    for (const c of d.contacts ?? []) {
      if (mobiles.has(c.mobile)) return `部门“${d.name}”的联络员手机号 ${c.mobile} 重复。`;
      mobiles.add(c.mobile);
    }
  }
  const byId = new Map(next.map((d) => [d.id, d]));
  for (const old of ref.departments) {
    const now = byId.get(old.id);
    const removed = !now;
    const deactivated = now !== undefined && now.active === false && old.active !== false;
    if (!removed && !deactivated) continue;
    const use = departmentUse(ref, old.id, openCases);
    if (removed) {
      if (use) return `部门“${old.name}”仍被${use}引用，不能删除；如不再使用，请设为停用。`;
      // Old cases, rulings and earlier catalogue versions keep naming it: removal would lose the name.
      const named =
        ref.precedents.some((p) => p.departmentId === old.id) ||
        (ref.catalogVersions ?? []).some((v) => v.items.some((i) => i.defaultDepartmentId === old.id)) ||
        ref.users.some((u) => u.unitId === old.id);
      if (named) return `部门“${old.name}”在历史记录中被引用，不能删除；如不再使用，请设为停用。`;
    } else if (use) return `部门“${old.name}”仍被${use}引用，不能停用；请先调整后再停用。`;
  }
  return null;
}

/** Why a new user list may not replace the current one, or null. */
export function usersProblem(ref: Pick<RefData, 'users' | 'departments'>, next: readonly User[]): string | null {
  const ids = new Set<string>();
  const usernames = new Set<string>();
  const units = new Set(['centre', ...ref.departments.map((d) => d.id)]);
  for (const u of next) {
    if (ids.has(u.id)) return `用户标识“${u.id}”重复。`;
    ids.add(u.id);
    const key = u.username.toLowerCase();
    if (usernames.has(key)) return `用户名“${u.username}”已被使用。`;
    usernames.add(key);
    if (u.unitId !== undefined && !units.has(u.unitId)) return `用户“${u.name}”的所属单位“${u.unitId}”不存在。`;
  }
  const removed = ref.users.find((u) => !ids.has(u.id));
  if (removed) return `用户“${removed.name}”不能删除（操作记录仍署其名），请设为停用。`;
  if (!next.some((u) => u.role === 'admin' && u.active !== false)) return '至少要保留一名启用的管理员，否则无人能维护基础数据。';
  return null;
}

/** The user list with one user added or replaced (by id). */
export function withUser(users: readonly User[], user: User): User[] {
  return users.some((u) => u.id === user.id) ? users.map((u) => (u.id === user.id ? user : u)) : [...users, user];
}
