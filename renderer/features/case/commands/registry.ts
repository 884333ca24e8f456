/**
 * Command type → its form (fields and starting values), one module per command group. A type without
 * an entry (e.g. sign) is a bare confirmation: no fields, no starting values. The command itself is
 * built and validated by commandForms.ts for every type alike.
 */
import type { CommandType } from '../../../../shared/commands.js';
import { accept, reject, ReasonFields, selfHandle } from './intake.js';
import { dispatch } from './dispatch.js';
import { decideExtension, decidePark, resume } from './decisions.js';
import { close, verify } from './close.js';
import { recordAccountability, replyUrge, urge } from './supervise.js';
import { bounce, reportResult, requestExtension, requestPark } from './department.js';
import { link, merge, unlink, unmerge } from './merge.js';
import { locate } from './locate.js';
import type { CommandFormSpec } from './types.js';

export const COMMAND_FORMS: Partial<Record<CommandType, CommandFormSpec>> = {
  accept,
  reject,
  selfHandle,
  dispatch,
  decideExtension,
  decidePark,
  resume,
  verify,
  close,
  urge,
  recordAccountability,
  replyUrge,
  bounce,
  reportResult,
  requestExtension,
  requestPark,
  merge,
  unmerge,
  link,
  unlink,
  locate,
  // 重新办理: the reason is required (why the closed case was not really fixed).
  reopen: { Fields: ReasonFields },
};

export type { CommandFieldsProps, CommandFormSpec } from './types.js';
