/**
 * Small reference data and helpers for engine tests (not the demo dataset): 2 communities, a few grids,
 * 4 departments, catalogue items with limits, the default calendar. Times are street-local (UTC+8).
 */
import { defaultCalendarConfig } from '../calendar/index.js';
import type { Command } from '../commands.js';
import type { GridEvent } from '../gridEvent.js';
import type { Actor } from '../model.js';
import type { RefData } from '../refData.js';
import { decide } from '../engine/decide.js';
import { evolve } from '../engine/evolve.js';
import type { Decision, Rejection } from '../engine/types.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** Epoch ms of a street-local (UTC+8) wall-clock time. */
export const local = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h - 8, mi);

/** Thursday 2026-11-26 10:00 local: a plain working day. */
export const T0 = local(2026, 11, 26, 10, 0);

export function makeRef(): RefData {
  return {
    streetName: '测试街道',
    centreName: '测试街道社区网格化服务管理中心',
    communities: [
      { id: 'comm-a', name: '和平社区', code: '001' },
      { id: 'comm-b', name: '建设社区', code: '002' },
    ],
    grids: [
      { id: 'grid-a1', code: '420202001001001', name: '和平一网格', communityId: 'comm-a', validFrom: '2020-01-01' },
      { id: 'grid-a2', code: '420202001001002', name: '和平二网格', communityId: 'comm-a', validFrom: '2020-01-01' },
      { id: 'grid-b1', code: '420202001002001', name: '建设一网格', communityId: 'comm-b', validFrom: '2020-01-01' },
      {
        id: 'grid-old',
        code: '420202001001009',
        name: '和平旧网格',
        communityId: 'comm-a',
        validFrom: '2015-01-01',
        validTo: '2025-12-31',
        replacedBy: 'grid-a2',
      },
    ],
    gridWorkers: [
      { id: 'w-a1', name: '张网格', gridId: 'grid-a1', kind: 'worker' },
      { id: 'w-a2', name: '李网格', gridId: 'grid-a2', kind: 'worker' },
      { id: 'w-b1', name: '王网格', gridId: 'grid-b1', kind: 'worker' },
    ],
    departments: [
      { id: 'dept-cg', name: '城管科', shortName: '城管' },
      { id: 'dept-zz', name: '综治办', shortName: '综治' },
      { id: 'dept-sz', name: '市政所', shortName: '市政' },
      { id: 'dept-mz', name: '民政科', shortName: '民政' },
    ],
    catalog: [
      {
        id: 'item-rubbish',
        code: 'SR-01',
        name: '暴露垃圾',
        category: '市容环境',
        defaultDepartmentId: 'dept-cg',
        limits: [
          { grade: 'normal', handleMinutes: 240, natural: false },
          { grade: 'important', handleMinutes: 120, natural: false },
          { grade: 'urgent', handleMinutes: 120, natural: true },
        ],
        keywords: ['垃圾'],
      },
      {
        id: 'item-manhole',
        code: 'SZ-03',
        name: '井盖缺失',
        category: '市政设施',
        defaultDepartmentId: 'dept-sz',
        limits: [
          { grade: 'urgent', handleMinutes: 120, natural: true },
          { grade: 'normal', handleMinutes: 960, natural: false },
        ],
        keywords: ['井盖'],
      },
      {
        id: 'item-building',
        code: 'CG-07',
        name: '违法建设',
        category: '城市管理',
        defaultDepartmentId: 'dept-cg',
        limits: [{ grade: 'normal', handleMinutes: 20 * 420, natural: false }],
        keywords: ['违建', '搭建'],
      },
      {
        id: 'item-hotline',
        code: 'RX-01',
        name: '热线一般诉求',
        category: '热线诉求',
        defaultDepartmentId: 'dept-zz',
        limits: [
          { grade: 'normal', handleMinutes: 7 * 420, natural: false },
          { grade: 'important', handleMinutes: 15 * 420, natural: false },
        ],
        keywords: [],
      },
    ],
    precedents: [
      {
        id: 'prec-stairs',
        caseId: 'case-old-1',
        category: '市容环境',
        communityId: 'comm-a',
        gridId: 'grid-a1',
        keywords: ['楼道', '堆物'],
        departmentId: 'dept-zz',
        reason: '楼道堆物涉及消防安全，由综治办牵头',
        ruledBy: { id: 'u-leader', name: '书记', role: 'leader', unitId: 'centre' },
        ruledAt: local(2026, 3, 2, 10),
        confirmed: true,
      },
    ],
    users: [
      { id: 'u-dispatcher', username: 'dispatcher', name: '调度员甲', role: 'dispatcher', unitId: 'centre', active: true },
      { id: 'u-supervisor', username: 'supervisor', name: '督办员', role: 'supervisor', unitId: 'centre', active: true },
      { id: 'u-leader', username: 'leader', name: '书记', role: 'leader', unitId: 'centre', active: true },
    ],
    calendar: defaultCalendarConfig(),
    centreLimits: { registrationMinutes: 60, dispatchMinutes: 60, verificationMinutes: 480, urgentCentreMinutes: 30 },
    gridCodeRule: { pattern: '^\\d{15}$', description: '15位：行政区划6位+街道3位+社区3位+网格3位' },
  };
}

export const actors = {
  dispatcher: { id: 'u-dispatcher', name: '调度员甲', role: 'dispatcher', unitId: 'centre' },
  supervisor: { id: 'u-supervisor', name: '督办员', role: 'supervisor', unitId: 'centre' },
  leader: { id: 'u-leader', name: '书记', role: 'leader', unitId: 'centre' },
  admin: { id: 'u-admin', name: '管理员', role: 'admin' },
  wall: { id: 'u-wall', name: '会议大屏', role: 'wall' },
  gridWorker: { id: 'w-a1', name: '张网格', role: 'gridWorker', unitId: 'grid-a1' },
  hotline: { id: 'hotline-12345', name: '12345热线', role: 'hotline' },
  system: { id: 'system', name: '系统', role: 'system' },
} satisfies Record<string, Actor>;

/** A department user speaking for department `id`. */
export const dept = (id: string): Actor => ({ id: `u-${id}`, name: `${id}经办人`, role: 'department', unitId: id });

/** A typical grid-worker report; override any field. */
export function reportCmd(caseId: string, over: Partial<Extract<Command, { type: 'report' }>> = {}): Command {
  return {
    type: 'report',
    caseId,
    source: 'grid_worker',
    title: '小区门口暴露垃圾',
    description: '和平路12号小区门口垃圾堆积，气味较大',
    address: '和平路12号',
    communityId: 'comm-a',
    gridId: 'grid-a1',
    attachments: [],
    ...over,
  };
}

/** Runs decide and returns the decision, or throws with the rejection. */
export function decideOk(
  state: GridEvent | null,
  cmd: Command,
  actor: Actor,
  now: number,
  ref: RefData,
  commandId = `cmd-${now}`,
): Decision {
  const r = decide(state, cmd, { actor, now, ref, commandId });
  if (!r.ok) throw new Error(`rejected ${cmd.type}: ${r.code} ${r.message}`);
  return r;
}

/** Applies a command and folds its entries; throws if rejected. */
export function run(state: GridEvent | null, cmd: Command, actor: Actor, now: number, ref: RefData, commandId?: string): GridEvent {
  const r = decideOk(state, cmd, actor, now, ref, commandId);
  const next = r.events.reduce<GridEvent | null>((s, e) => evolve(s, e), state);
  if (next === null) throw new Error('no state after command');
  return next;
}

/** Runs decide expecting a rejection; throws if it was accepted. */
export function rejected(state: GridEvent | null, cmd: Command, actor: Actor, now: number, ref: RefData): Rejection {
  const r = decide(state, cmd, { actor, now, ref, commandId: `cmd-${now}` });
  if (r.ok) throw new Error(`expected ${cmd.type} to be rejected, got ${r.events.map((e) => e.type).join(',')}`);
  return r;
}

export type Stage =
  | 'reported'
  | 'accepted'
  | 'dispatched'
  | 'signed'
  | 'handled'
  | 'verified'
  | 'closed'
  | 'bounced'
  | 'redispatched'
  | 'self_handled'
  | 'parked'
  | 'rework';

/**
 * Drives case `caseId` to `stage` with ordinary commands, one step every 10 minutes from `start`.
 * Dispatches go to dept-cg with dept-zz as co-department. Returns the state and the time of the last step.
 */
export function caseAt(
  stage: Stage,
  ref: RefData,
  opts: {
    caseId?: string;
    start?: number;
    grade?: 'normal' | 'important' | 'urgent';
    catalogItemId?: string;
    report?: Partial<Extract<Command, { type: 'report' }>>;
  } = {},
): { state: GridEvent; now: number } {
  const caseId = opts.caseId ?? 'case-1';
  let now = opts.start ?? T0;
  const step = () => (now += 10 * MIN);
  let s = run(null, reportCmd(caseId, opts.report), actors.gridWorker, now, ref);
  if (stage === 'reported') return { state: s, now };
  step();
  if (stage === 'self_handled')
    return { state: run(s, { type: 'selfHandle', caseId, note: '已现场清理' }, actors.gridWorker, now, ref), now };
  s = run(
    s,
    { type: 'accept', caseId, catalogItemId: opts.catalogItemId ?? 'item-rubbish', grade: opts.grade ?? 'normal' },
    actors.dispatcher,
    now,
    ref,
  );
  if (stage === 'accepted') return { state: s, now };
  step();
  s = run(s, { type: 'dispatch', caseId, leadDepartmentId: 'dept-cg', coDepartmentIds: ['dept-zz'] }, actors.dispatcher, now, ref);
  if (stage === 'dispatched') return { state: s, now };
  if (stage === 'bounced' || stage === 'redispatched') {
    step();
    s = run(s, { type: 'bounce', caseId, reasonCode: 'not_our_duty', text: '不属于本单位职责' }, dept('dept-cg'), now, ref);
    if (stage === 'bounced') return { state: s, now };
    step();
    return {
      state: run(s, { type: 'dispatch', caseId, leadDepartmentId: 'dept-sz', coDepartmentIds: [] }, actors.dispatcher, now, ref),
      now,
    };
  }
  if (stage === 'parked') {
    step();
    s = run(s, { type: 'requestPark', caseId, reason: '需结合明年道路改造工程处理' }, dept('dept-cg'), now, ref);
    step();
    return { state: run(s, { type: 'decidePark', caseId, approve: true }, actors.supervisor, now, ref), now };
  }
  step();
  s = run(s, { type: 'sign', caseId }, dept('dept-cg'), now, ref);
  if (stage === 'signed') return { state: s, now };
  step();
  s = run(s, { type: 'reportResult', caseId, text: '已清运完毕', attachments: [] }, dept('dept-cg'), now, ref);
  if (stage === 'handled') return { state: s, now };
  step();
  if (stage === 'rework')
    return { state: run(s, { type: 'verify', caseId, passed: false, note: '现场仍有垃圾' }, actors.gridWorker, now, ref), now };
  s = run(s, { type: 'verify', caseId, passed: true, note: '现场已清理干净' }, actors.gridWorker, now, ref);
  if (stage === 'verified') return { state: s, now };
  step();
  return { state: run(s, { type: 'close', caseId, satisfaction: 'satisfied' }, actors.dispatcher, now, ref), now };
}
