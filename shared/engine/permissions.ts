/**
 * Who may do what, and in which state. `checkAccess` holds every check that does not depend on the
 * command's payload; decide runs it first, and `allowedCommands` lists exactly the command types for which
 * it passes (each of them then has at least one valid payload), so the UI never offers an action the
 * engine would refuse.
 */
import { COMMAND_TYPES, type CommandType } from '../commands.js';
import { isOpen, type GridEvent } from '../gridEvent.js';
import type { Actor, ActorRole, CaseStatus, UrgeLevel } from '../model.js';
import type { RefData } from '../refData.js';
import { COMMAND_LABELS, ROLE_LABELS, STATUS_LABELS } from './labels.js';
import type { Rejection, RejectionCode } from './types.js';

export const reject = (code: RejectionCode, message: string): Rejection => ({ ok: false, code, message });

const SUPERVISOR: readonly CommandType[] = [
  'urge',
  'decideExtension',
  'decidePark',
  'resume',
  'recordAccountability',
  'unmerge',
  'link',
  'unlink',
  'locate',
];

/** Command types each role may issue at all (state and unit checks come on top). */
export const ROLE_COMMANDS: Readonly<Record<ActorRole, readonly CommandType[]>> = {
  // Merging is an intake decision (who accepts and dispatches merges); undoing one is the centre's too.
  dispatcher: [
    'report',
    'accept',
    'reject',
    'selfHandle',
    'dispatch',
    'verify',
    'close',
    'requestPark',
    'resume',
    'merge',
    'unmerge',
    'link',
    'unlink',
    'locate',
    'reopen',
  ],
  supervisor: SUPERVISOR,
  // The Party secretary records meeting decisions (report + accept + dispatch) while chairing the review.
  leader: [...SUPERVISOR, 'report', 'accept', 'dispatch', 'close', 'merge', 'reopen'],
  admin: [],
  wall: [],
  department: ['sign', 'bounce', 'reportResult', 'requestExtension', 'requestPark', 'replyUrge'],
  gridWorker: ['report', 'selfHandle', 'verify', 'close'],
  hotline: ['report'],
  system: [],
};

/** Statuses a case can be merged from: open and not parked. */
export const MERGE_FROM: readonly CaseStatus[] = [
  'reported',
  'accepted',
  'self_handled',
  'dispatched',
  'signed',
  'bounced',
  'rework',
  'handled',
  'verified',
];

/** Statuses from which each command type may act (null: any status; report needs no case). */
export const COMMAND_FROM_STATUSES: Readonly<Record<CommandType, readonly CaseStatus[] | null>> = {
  report: [],
  accept: ['reported'],
  reject: ['reported', 'accepted'],
  selfHandle: ['reported', 'accepted'],
  dispatch: ['accepted', 'bounced'],
  sign: ['dispatched'],
  bounce: ['dispatched', 'signed'],
  reportResult: ['dispatched', 'signed', 'rework'],
  requestExtension: ['dispatched', 'signed', 'rework'],
  decideExtension: ['dispatched', 'signed', 'rework'],
  requestPark: ['accepted', 'bounced', 'dispatched', 'signed', 'rework'],
  decidePark: ['accepted', 'bounced', 'dispatched', 'signed', 'rework'],
  resume: ['parked'],
  verify: ['handled', 'self_handled'],
  close: ['verified'],
  // 重新办理: closed (not rejected: that was a decision not to handle it); not a merged duplicate (decide).
  reopen: ['closed'],
  // Statuses in which a lead department holds the case. Not parked: its clocks are paused (挂账), so an
  // urge has no deadline to press; the case is resumed first.
  urge: ['dispatched', 'signed', 'rework', 'handled', 'verified'],
  replyUrge: null,
  recordAccountability: null,
  // Any case still being worked on; a parked case is resumed first (its clocks are already paused for the park).
  merge: MERGE_FROM,
  // Checked below: the case must be reversibly merged.
  unmerge: null,
  link: null,
  unlink: null,
  // Any open case (a merged duplicate reads closed); moving it to another grid only before dispatch (decide).
  locate: ['reported', 'accepted', 'self_handled', 'dispatched', 'signed', 'bounced', 'rework', 'handled', 'verified', 'parked'],
};

/** Commands a department may issue only as the case's lead department. */
const LEAD_ONLY: readonly CommandType[] = ['sign', 'bounce', 'reportResult', 'requestExtension', 'requestPark'];

/** Commands a grid worker may issue only on cases of their own grid (reports may come from anywhere). */
const OWN_GRID_ONLY: readonly CommandType[] = ['selfHandle', 'verify', 'close'];

/** Whether grid `unit` is the case's grid, or replaced it (a revoked grid code's cases pass to its successor). */
function gridCovers(ref: RefData, unit: string, caseGridId: string): boolean {
  const seen = new Set<string>();
  for (let id: string | undefined = caseGridId; id !== undefined && !seen.has(id); id = ref.grids.find((g) => g.id === id)?.replacedBy) {
    if (id === unit) return true;
    seen.add(id);
  }
  return false;
}

/** The department an actor speaks for (its unit; the actor id when the unit is missing). */
export const departmentOf = (actor: Actor): string => actor.unitId ?? actor.id;

const quote = (s: string) => `「${s}」`;

function rolesFor(type: CommandType): string {
  const roles = (Object.keys(ROLE_COMMANDS) as ActorRole[]).filter((r) => ROLE_COMMANDS[r].includes(type));
  return roles.map((r) => ROLE_LABELS[r]).join('、');
}

function stateHint(state: GridEvent): string {
  const status = state.status;
  if (state.mergedInto !== undefined) return '事件已作为重复上报合并，随原事件办理。如需单独办理，请先撤销合并。';
  if (status === 'parked') return '事件已挂账，请先恢复办理。';
  if (status === 'closed' || status === 'rejected') return '事件已结束，不能再办理。';
  return '请刷新事件，按当前状态办理。';
}

function invalidState(state: GridEvent, type: CommandType): Rejection {
  const allowed = COMMAND_FROM_STATUSES[type] ?? [];
  const list = allowed.map((s) => quote(STATUS_LABELS[s])).join('、');
  return reject(
    'INVALID_STATE',
    `事件当前为${quote(STATUS_LABELS[state.status])}，不能${COMMAND_LABELS[type]}：只有${list}的事件才能${COMMAND_LABELS[type]}。${stateHint(state)}`,
  );
}

function departmentName(ref: RefData, id: string | undefined): string {
  if (id === undefined) return '（无）';
  return ref.departments.find((d) => d.id === id)?.name ?? id;
}

/** Unreplied urge notices addressed to a unit. */
const openUrgesFor = (state: GridEvent, unit: string) => state.urges.filter((u) => u.departmentId === unit && !u.reply);

/**
 * The checks of a command type that need no payload: role, case existence, status, the department's
 * relation to the case, pending requests and the bounce rules. Returns null when they pass.
 */
export function checkAccess(state: GridEvent | null, type: CommandType, actor: Actor, ref: RefData): Rejection | null {
  if (!ROLE_COMMANDS[actor.role].includes(type)) {
    const who = rolesFor(type);
    return reject(
      'FORBIDDEN_ROLE',
      `${ROLE_LABELS[actor.role]}无权${COMMAND_LABELS[type]}。${who ? `此操作由${who}办理，请转交相应人员。` : '此操作不由人工办理。'}`,
    );
  }
  if (state === null) {
    return type === 'report'
      ? null
      : reject('NOT_FOUND', `找不到该事件，无法${COMMAND_LABELS[type]}。请确认事件编号，或等待数据同步后重试。`);
  }
  if (type === 'report') return reject('ALREADY_EXISTS', `事件 ${state.code} 已经登记，不能重复上报。如有新情况请在原事件中补充说明。`);

  // Requests to decide: say first that nothing is pending, which is the more useful answer.
  if (type === 'decideExtension' && !state.pendingExtension) return reject('NO_PENDING_REQUEST', '该事件没有待审批的延期申请，无需审批。');
  if (type === 'decidePark' && !state.pendingPark) return reject('NO_PENDING_REQUEST', '该事件没有待审批的挂账申请，无需审批。');

  const allowed = COMMAND_FROM_STATUSES[type];
  if (allowed !== null && !allowed.includes(state.status)) return invalidState(state, type);

  if (actor.role === 'department') {
    const unit = departmentOf(actor);
    const isLead = state.leadDepartmentId === unit;
    const isCo = state.coDepartmentIds.includes(unit);
    if (LEAD_ONLY.includes(type) && !isLead) {
      if (isCo) {
        return reject(
          'NOT_LEAD_DEPARTMENT',
          `贵单位是本事件的配合单位，${COMMAND_LABELS[type]}由牵头单位${quote(departmentName(ref, state.leadDepartmentId))}办理。请与牵头单位协同处置。`,
        );
      }
      return reject('NOT_ASSIGNED_DEPARTMENT', `本事件未派遣给贵单位，不能${COMMAND_LABELS[type]}。如有疑问请联系指挥中心。`);
    }
    if (type === 'replyUrge' && openUrgesFor(state, unit).length === 0) {
      const addressed = state.urges.some((u) => u.departmentId === unit);
      if (!isLead && !isCo && !addressed)
        return reject('NOT_ASSIGNED_DEPARTMENT', '本事件未派遣给贵单位，也没有发给贵单位的督办通知，无需回复。');
      return reject('INVALID_STATE', '发给贵单位的督办通知都已回复，没有待回复的通知。');
    }
  }

  // A grid worker known by grid answers for that grid only; one without a unit cannot be placed and is not held back.
  if (
    actor.role === 'gridWorker' &&
    actor.unitId !== undefined &&
    OWN_GRID_ONLY.includes(type) &&
    !gridCovers(ref, actor.unitId, state.gridId)
  ) {
    const grid = ref.grids.find((g) => g.id === state.gridId);
    return reject(
      'NOT_ASSIGNED_GRID',
      `本事件属于${quote(grid?.name ?? state.gridId)}，不在贵网格范围内，不能${COMMAND_LABELS[type]}。请由该网格的网格员或指挥中心办理。`,
    );
  }

  switch (type) {
    case 'bounce':
      if (state.mandatory) return reject('MANDATORY_NO_BOUNCE', '该事件已回弹过一次，再次派遣为强制派遣，承办单位不得回弹。请按要求处置。');
      if (state.bounceCount >= 1)
        return reject('BOUNCE_LIMIT', '该事件已回弹过一次，每个事件只能回弹一次。请按要求处置，如确有困难请申请延期或联系指挥中心。');
      return null;
    case 'requestExtension':
      if (state.pendingExtension) return reject('PENDING_REQUEST', '已有一份延期申请在等待审批，请等审批结果出来后再申请。');
      return null;
    case 'requestPark':
      if (state.pendingPark) return reject('PENDING_REQUEST', '已有一份挂账申请在等待审批，请等审批结果出来后再申请。');
      return null;
    case 'urge':
      if (!state.leadDepartmentId || !isOpen(state))
        return reject('INVALID_STATE', '该事件目前没有牵头单位，无法向部门发出催办督办。请先派遣。');
      return null;
    case 'dispatch':
      if (!state.catalogItemId) return reject('INVALID_STATE', '该事件还没有确定入格事项和等级，不能派遣。请先受理并分类分级。');
      if (ref.departments.length === 0)
        return reject('UNKNOWN_REFERENCE', '系统中没有配置任何职能部门，无法派遣。请联系管理员维护部门名录。');
      return null;
    case 'merge':
      if (state.mergedCaseIds?.length)
        return reject(
          'HAS_DUPLICATES',
          `已有${state.mergedCaseIds.length}件重复上报合并到本事件，本事件不能再合并到其他事件（不形成多级合并）。请把目标事件合并到本事件，或先撤销这些合并。`,
        );
      return null;
    case 'reject':
      if (state.mergedCaseIds?.length)
        return reject(
          'HAS_DUPLICATES',
          `已有${state.mergedCaseIds.length}件重复上报合并到本事件，不能不予受理。请先撤销这些合并，再分别处理。`,
        );
      return null;
    case 'unmerge':
      if (state.mergedInto === undefined) return reject('NOT_MERGED', '该事件没有合并到其他事件，无需撤销合并。');
      if (state.statusBeforeMerge === undefined)
        return reject('NOT_MERGED', '原事件已核查结案，本事件已随原事件结案，合并不能再撤销。如问题仍然存在，请重新登记事件。');
      return null;
    case 'reopen':
      if (state.mergedInto !== undefined)
        return reject('INVALID_STATE', '重复上报随原事件结案，不能单独重新办理。请对原事件重新办理，或先撤销合并。');
      return null;
    case 'unlink':
      if (!state.relatedCaseIds?.length) return reject('NOT_LINKED', '该事件没有关联的事件，无需取消关联。');
      return null;
    case 'accept':
      if (ref.catalog.length === 0) return reject('UNKNOWN_REFERENCE', '系统中没有配置入格事项目录，无法受理。请联系管理员维护目录。');
      return null;
    default:
      return null;
  }
}

/**
 * The command types `actor` may issue on `state` now (state null: a new case). Exactly the types for
 * which decide would accept some payload. `now` is accepted for future time-dependent rules.
 */
export function allowedCommands(state: GridEvent | null, actor: Actor, ref: RefData, _now: number): CommandType[] {
  return COMMAND_TYPES.filter((t) => checkAccess(state, t, actor, ref) === null);
}

/** Is a handling clock of the case overdue at `now` (running past its deadline, or paused with none left)? */
export function handlingOverdue(state: GridEvent, now: number): boolean {
  return state.clocks.some(
    (k) =>
      k.kind === 'handling' && k.stoppedAt === undefined && (k.pausedAt !== undefined ? (k.remainingAtPause ?? 0) < 0 : now > k.deadline),
  );
}

/** Why an urge level is not available now (null when it is). */
export function urgeLevelBlock(state: GridEvent, level: UrgeLevel, actor: Actor, now: number): string | null {
  const lead = state.leadDepartmentId;
  const prior = state.urges.filter((u) => u.departmentId === lead);
  if (level === 'supervise' && !handlingOverdue(state, now) && prior.length === 0) {
    return '督办用于已超期或已催办过的事件：该事件处置时限未到，也没有发过催办。请先发催办。';
  }
  if (level === 'listed' && actor.role !== 'leader' && !prior.some((u) => u.level === 'supervise' || u.level === 'listed')) {
    return '挂牌督办需先发过督办，或由领导直接决定。请先发督办，或提请领导挂牌。';
  }
  return null;
}

/** Urge levels the actor may issue on the case now (empty when urging is not allowed at all). */
export function allowedUrgeLevels(state: GridEvent | null, actor: Actor, ref: RefData, now: number): UrgeLevel[] {
  if (checkAccess(state, 'urge', actor, ref) !== null || state === null) return [];
  return (['remind', 'supervise', 'listed'] as const).filter((l) => urgeLevelBlock(state, l, actor, now) === null);
}
