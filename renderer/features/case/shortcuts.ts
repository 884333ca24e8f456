/**
 * The workbench's letter keys: a 受理, d 派遣, u 催办督办, v 核查, c 结案. A key whose action is not possible
 * now says why (the role may not, or the case's status does not allow it) instead of doing nothing.
 */
import type { CommandType } from '../../../shared/commands.js';
import { ROLE_COMMANDS } from '../../../shared/engine/permissions.js';
import type { ActorRole, CaseStatus } from '../../../shared/model.js';
import { t, fmt } from '../../i18n/zh-CN.js';

export const COMMAND_KEYS: Readonly<Record<string, CommandType>> = { a: 'accept', d: 'dispatch', u: 'urge', v: 'verify', c: 'close' };

export type KeyAction = { open: CommandType } | { refuse: string } | null;

export function keyAction(key: string, allowed: readonly CommandType[], role: ActorRole | undefined, status: CaseStatus): KeyAction {
  const type = COMMAND_KEYS[key];
  if (!type) return null;
  if (allowed.includes(type)) return { open: type };
  const action = t.enums.commands[type];
  if (!role || !ROLE_COMMANDS[role].includes(type))
    return { refuse: fmt(t.shortcuts.roleCannot, { action, role: role ? t.enums.actorRoles[role] : t.app.dash }) };
  return { refuse: fmt(t.shortcuts.stateCannot, { action, status: t.enums.statuses[status] }) };
}
