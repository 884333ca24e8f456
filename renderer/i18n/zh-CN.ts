/**
 * Every text the renderer shows, in Simplified Chinese. Components import from here (or from a module of
 * zh-CN/) only; domain words follow domain.md (网格事件, 派遣, 回弹, 托底, 催办, 督办, 结案 …).
 *
 * zh-CN/common.ts     frame, login, connection, shortcuts, errors
 * zh-CN/case.ts       queue, clocks, case workbench, command forms
 * zh-CN/enums.ts      enum labels (from shared/engine/labels.ts)
 * zh-CN/supervision.ts  supervision board and urging notice
 * zh-CN/reference.ts  reference-data admin
 * zh-CN/map.ts      the maps (queue, workbench, statistics, wall, division preview)
 * zh-CN/division.ts the base grid page: division in force, history, import and filing
 * zh-CN/stats.ts, wall.ts, meeting.ts, assessment.ts  the feature screens (also re-exported by each
 *                     feature's strings.ts)
 */
import { caseText } from './zh-CN/case.js';
import { common } from './zh-CN/common.js';
import { enums } from './zh-CN/enums.js';
import { reference } from './zh-CN/reference.js';
import { supervision } from './zh-CN/supervision.js';
import { s as stats } from './zh-CN/stats.js';
import { w as wall } from './zh-CN/wall.js';
import { m as meeting } from './zh-CN/meeting.js';
import { a as assessment } from './zh-CN/assessment.js';
import { map } from './zh-CN/map.js';
import { division } from './zh-CN/division.js';
import { register } from './zh-CN/register.js';
import { refAdmin } from './zh-CN/refAdmin.js';
import { attachments } from './zh-CN/attachments.js';
import { sms } from './zh-CN/sms.js';

export const zhCN = {
  ...common,
  ...caseText,
  ...enums,
  ...supervision,
  ...reference,
  stats,
  wall,
  meeting,
  assessment,
  map,
  division,
  register,
  refAdmin,
  attachments,
  sms,
} as const;

export type Dict = typeof zhCN;
export const t = zhCN;

export { fmt } from './format.js';
