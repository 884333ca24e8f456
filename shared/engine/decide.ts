/**
 * decide: the command engine's single entry point. Validates the command, checks who may do it in which
 * state, computes clocks and deadlines on the street calendar, and answers with the timeline entries
 * (already folded through evolve, so decide and evolve can never disagree) or a Chinese rejection.
 * Deterministic: same state, command and context give the same entries, ids included.
 */
import { measureFor } from '../calendar/index.js';
import { baseLimitMinutes, CENTRE_UNIT, extendClock, pauseClock, resumeClock, startClock, stopClock } from '../clocks.js';
import { Command, type CommandOf } from '../commands.js';
import { isOpen, type CaseEvent, type CaseEventType, type GridEvent } from '../gridEvent.js';
import type { CaseClock, CatalogItem, ClockKind, GeoPoint, Grade, GradeLimit, Precedent, UrgeNotice } from '../model.js';
import type { RefData } from '../refData.js';
import type { EventData } from './eventData.js';
import { evolve } from './evolve.js';
import { datedContext, makeEntry } from './entry.js';
import { caseCode, clockIdFor, localDay, precedentIdFor } from './ids.js';
import { GRADE_LABELS, URGE_LEVEL_LABELS } from './labels.js';
import { checkAccess, departmentOf, reject, urgeLevelBlock } from './permissions.js';
import type { Decide, Decision, EngineContext, Rejection } from './types.js';
import { describeIssues } from '../validation.js';
import { divisionLocators } from '../geo/locator.js';
import { classifiedItem, currentCatalogVersion } from './catalogVersions.js';
import type { GridCheck } from '../gridEvent.js';

/** One set of locators per filed division list (reference data is replaced, never mutated). */
const locatorCache = new WeakMap<object, ReturnType<typeof divisionLocators>>();

/** The grid (and its community) a position lies in under the division in force on `day`, or null. */
function locateGrid(ref: RefData, p: { lon: number; lat: number }, day: string): { gridId: string; communityId: string } | null {
  const divisions = ref.divisions;
  if (!divisions?.length) return null;
  let locators = locatorCache.get(divisions);
  if (!locators) locatorCache.set(divisions, (locators = divisionLocators(divisions)));
  const hit = locators.at(day)?.locate(p);
  const gridId = hit?.gridId;
  if (!gridId) return null;
  const grid = ref.grids.find((g) => g.id === gridId);
  return grid ? { gridId, communityId: grid.communityId } : null;
}

/** The disagreement between a stated grid and a located one, or null when they agree (or nothing can be said). */
function gridCheckOf(stated: string, located: { gridId: string; communityId: string } | null, haveDivision: boolean): GridCheck | null {
  if (!haveDivision) return null;
  if (!located) return { outside: true };
  return located.gridId === stated ? null : { locatedGridId: located.gridId, locatedCommunityId: located.communityId };
}

type Result = Decision | Rejection;

/** Accumulates entries, folding each into the working state so later entries see its effect. */
class Timeline {
  readonly events: CaseEvent[] = [];
  /** Timelines of the other cases this command writes to (paired entries). */
  private readonly others: Timeline[] = [];
  constructor(
    public state: GridEvent | null,
    private readonly ctx: EngineContext,
    private readonly caseId: string,
  ) {}

  emit<T extends CaseEventType>(type: T, data: EventData<T>, note?: string): GridEvent {
    const version = (this.state?.version ?? 0) + 1;
    const event = makeEntry(this.caseId, version, type, data as Record<string, unknown>, this.ctx, note);
    this.state = evolve(this.state, event);
    this.events.push(event);
    return this.state;
  }

  get current(): GridEvent {
    if (this.state === null) throw new Error('no case yet');
    return this.state;
  }

  /** The timeline of another case the command writes to (same context: same time, actor and command id). */
  other(state: GridEvent): Timeline {
    const found = this.others.find((t) => t.caseId === state.id);
    if (found) return found;
    const t = new Timeline(state, this.ctx, state.id);
    this.others.push(t);
    return t;
  }

  done(): Decision {
    const paired = this.others.flatMap((t) => t.events);
    return paired.length > 0 ? { ok: true, events: this.events, paired } : { ok: true, events: this.events };
  }
}

// ---------------------------------------------------------------- limits and clocks

/** Furthest explicit handling deadline a dispatch may set (meeting decisions): five years. */
export const MAX_DEADLINE_AHEAD_MS = 5 * 366 * 24 * 3_600_000;

/** The catalogue limit for a grade; the item's first limit when the grade is not configured any more. */
export function gradeLimit(item: CatalogItem, grade: Grade | undefined): GradeLimit {
  const exact = item.limits.find((l) => l.grade === grade);
  return exact ?? (item.limits[0] as GradeLimit);
}

/** Limit of a centre clock: working minutes from ref.centreLimits; urgent registration/dispatch in natural time. */
export function centreLimit(
  kind: Exclude<ClockKind, 'handling'>,
  grade: Grade | undefined,
  ref: RefData,
): { limitMinutes: number; natural: boolean } {
  const l = ref.centreLimits;
  if (kind === 'verification') return { limitMinutes: l.verificationMinutes, natural: false };
  if (grade === 'urgent') return { limitMinutes: l.urgentCentreMinutes, natural: true };
  return { limitMinutes: kind === 'registration' ? l.registrationMinutes : l.dispatchMinutes, natural: false };
}

class Clocks {
  constructor(
    private readonly ref: RefData,
    private readonly now: number,
  ) {}

  private measure(natural: boolean) {
    return measureFor(natural, this.ref.calendar);
  }

  start(clocks: CaseClock[], kind: ClockKind, unitId: string, limitMinutes: number, natural: boolean, deadlineAt?: number): CaseClock[] {
    const clock = startClock(
      {
        id: clockIdFor(clocks.length + 1, kind),
        kind,
        unitId,
        startedAt: this.now,
        limitMinutes,
        natural,
        ...(deadlineAt !== undefined ? { deadlineAt } : {}),
      },
      this.measure(natural),
    );
    return [...clocks, clock];
  }

  startCentre(clocks: CaseClock[], kind: Exclude<ClockKind, 'handling'>, grade: Grade | undefined): CaseClock[] {
    const { limitMinutes, natural } = centreLimit(kind, grade, this.ref);
    return this.start(clocks, kind, CENTRE_UNIT, limitMinutes, natural);
  }

  /** Stops the running clocks matching `pred` (met/late, or 'stopped' when given). */
  stop(clocks: CaseClock[], pred: (k: CaseClock) => boolean, outcome?: 'stopped'): CaseClock[] {
    return clocks.map((k) => (k.stoppedAt === undefined && pred(k) ? stopClock(k, this.now, this.measure(k.natural), outcome) : k));
  }

  pauseAll(clocks: CaseClock[]): CaseClock[] {
    return clocks.map((k) => pauseClock(k, this.now, this.measure(k.natural)));
  }

  resumeAll(clocks: CaseClock[]): CaseClock[] {
    return clocks.map((k) => resumeClock(k, this.now, this.measure(k.natural)));
  }

  extend(clock: CaseClock, minutes: number, by: string): CaseClock {
    return extendClock(clock, minutes, this.now, by, this.measure(clock.natural));
  }

  countedMinutes(natural: boolean, to: number): number {
    return this.measure(natural).between(this.now, to);
  }

  addWorking(minutes: number): number {
    return this.measure(false).add(this.now, minutes);
  }
}

// ---------------------------------------------------------------- helpers

const quote = (s: string) => `「${s}」`;
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
const deptName = (ref: RefData, id: string) => ref.departments.find((d) => d.id === id)?.name ?? id;

function needsRating(s: GridEvent): boolean {
  return s.source === 'hotline' || s.reporter !== undefined;
}

/** Sends a case back after a failed verification or an unsatisfied rating. */
function orderRework(
  tl: Timeline,
  ck: Clocks,
  ref: RefData,
  reason: 'verification_failed' | 'unsatisfied',
  note: string | undefined,
  satisfaction?: 'unsatisfied',
) {
  const s = tl.current;
  let clocks = ck.stop(s.clocks, () => true);
  let status: GridEvent['status'];
  if (s.leadDepartmentId !== undefined) {
    // Rule 6: a fresh full limit (as originally granted, without extensions) against the lead department.
    const last = [...s.clocks].reverse().find((k) => k.kind === 'handling');
    const item = classifiedItem(ref, s);
    const fromItem = item ? gradeLimit(item, s.grade) : undefined;
    const limit = last ? baseLimitMinutes(last) : (fromItem?.handleMinutes ?? ref.centreLimits.dispatchMinutes);
    const natural = last ? last.natural : (fromItem?.natural ?? false);
    clocks = ck.start(clocks, 'handling', s.leadDepartmentId, limit, natural);
    status = 'rework';
  } else if (s.catalogItemId !== undefined) {
    clocks = ck.startCentre(clocks, 'dispatch', s.grade);
    status = 'accepted';
  } else {
    // Self-handled before classification: it has to be accepted (classified and graded) first.
    clocks = ck.startCentre(clocks, 'registration', s.grade);
    status = 'reported';
  }
  const data: EventData<'rework_ordered'> = { reason, status, clocks };
  if (satisfaction) data.satisfaction = satisfaction;
  tl.emit('rework_ordered', data, note);
}

// ---------------------------------------------------------------- per command

type Handler<T extends Command['type']> = (tl: Timeline, cmd: CommandOf<T>, ctx: EngineContext, ck: Clocks) => Result;

const report: Handler<'report'> = (tl, cmd, ctx, ck) => {
  const { ref, now } = ctx;
  const community = ref.communities.find((c) => c.id === cmd.communityId);
  if (!community) return reject('UNKNOWN_REFERENCE', `找不到社区${quote(cmd.communityId)}。请从列表中重新选择社区。`);
  const grid = ref.grids.find((g) => g.id === cmd.gridId);
  if (!grid) return reject('UNKNOWN_REFERENCE', `找不到网格${quote(cmd.gridId)}。请从列表中重新选择网格。`);
  if (grid.communityId !== community.id)
    return reject('UNKNOWN_REFERENCE', `网格${quote(grid.name)}不属于社区${quote(community.name)}。请重新选择社区或网格。`);
  const reportedAt = Math.min(cmd.reportedAt ?? now, now);
  const reportDay = localDay(reportedAt, ref.calendar.utcOffsetMinutes);
  if (reportDay < grid.validFrom) {
    return reject('UNKNOWN_REFERENCE', `网格编码${quote(grid.code)}自${grid.validFrom}起才启用，上报当天尚未生效。请选择当时现行的网格。`);
  }
  if (grid.validTo !== undefined && reportDay > grid.validTo) {
    const next = grid.replacedBy ? ref.grids.find((g) => g.id === grid.replacedBy) : undefined;
    return reject(
      'UNKNOWN_REFERENCE',
      `网格编码${quote(grid.code)}已于${grid.validTo}停用。${next ? `请改用新网格${quote(`${next.name} ${next.code}`)}。` : '请选择现行的网格。'}`,
    );
  }
  if (cmd.channel !== undefined && cmd.source !== 'centre')
    return reject('INVALID_COMMAND', '登记渠道（来电、来访、领导交办）只用于中心登记的事件。');
  let category: string | undefined;
  if (cmd.catalogItemId !== undefined) {
    const item = ref.catalog.find((i) => i.id === cmd.catalogItemId);
    if (!item)
      return reject('UNKNOWN_REFERENCE', `找不到入格事项${quote(cmd.catalogItemId)}。请从指导目录中选择，或留空由中心受理时分类。`);
    category = item.category;
  }
  const data: EventData<'reported'> = {
    code: caseCode(cmd.caseId, reportedAt, ref.calendar.utcOffsetMinutes),
    title: cmd.title,
    description: cmd.description,
    address: cmd.address,
    communityId: cmd.communityId,
    gridId: cmd.gridId,
    source: cmd.source,
    attachments: cmd.attachments,
    reportedAt,
    // The centre's registration clock starts on receipt, not at the (possibly earlier) source time.
    clocks: ck.startCentre([], 'registration', undefined),
  };
  if (cmd.reporter) data.reporter = cmd.reporter;
  if (cmd.channel !== undefined) data.channel = cmd.channel;
  if (cmd.externalRef !== undefined) data.externalRef = cmd.externalRef;
  if (cmd.catalogItemId !== undefined) data.catalogItemId = cmd.catalogItemId;
  if (category !== undefined) data.category = category;
  if (cmd.location !== undefined) {
    data.location = cmd.location;
    // Flag a position that lies elsewhere than the stated grid; the stated grid stays (the dispatcher decides).
    if (ref.divisions?.length) {
      const check = gridCheckOf(cmd.gridId, locateGrid(ref, cmd.location, reportDay), true);
      if (check) data.gridCheck = check;
    }
  }
  tl.emit('reported', data);
  return tl.done();
};

const accept: Handler<'accept'> = (tl, cmd, { ref }, ck) => {
  const s = tl.current;
  const item = ref.catalog.find((i) => i.id === cmd.catalogItemId);
  if (!item) return reject('UNKNOWN_REFERENCE', `找不到入格事项${quote(cmd.catalogItemId)}。请从指导目录中重新选择。`);
  if (!item.limits.some((l) => l.grade === cmd.grade)) {
    const configured = item.limits.map((l) => quote(GRADE_LABELS[l.grade])).join('、');
    return reject(
      'UNKNOWN_REFERENCE',
      `入格事项${quote(item.name)}没有配置${quote(GRADE_LABELS[cmd.grade])}等级的处置时限。请选择已配置的等级（${configured}），或请管理员补充目录。`,
    );
  }
  // The position picked or corrected in the acceptance form: a 'located' entry first (the grid follows
  // with useLocatedGrid), only when it changes something.
  if (cmd.location) {
    const d = locatedData(s, cmd.location, cmd.useLocatedGrid ?? false, ref);
    if (isRejection(d)) return d;
    const moved = !s.location || s.location.lon !== cmd.location.lon || s.location.lat !== cmd.location.lat;
    if (moved || d.gridId !== undefined) tl.emit('located', d);
  }
  let clocks = ck.stop(tl.current.clocks, (k) => k.kind === 'registration');
  clocks = ck.startCentre(clocks, 'dispatch', cmd.grade);
  const accepted: EventData<'accepted'> = { catalogItemId: item.id, category: item.category, grade: cmd.grade, clocks };
  // Pinned to the version in force once versions are kept: a later version does not change this case.
  if (ref.catalogVersions?.length) accepted.catalogVersion = currentCatalogVersion(ref);
  tl.emit('accepted', accepted, cmd.note);
  return tl.done();
};

const rejectCase: Handler<'reject'> = (tl, cmd, _ctx, ck) => {
  // 不予受理 is the centre's registration decision, judged on time or late like an acceptance; any other
  // running clock (dispatch of an accepted case) ends as nobody's success or failure.
  let clocks = ck.stop(tl.current.clocks, (k) => k.kind === 'registration');
  clocks = ck.stop(clocks, () => true, 'stopped');
  tl.emit('rejected', { reason: cmd.reason, clocks }, cmd.reason);
  return tl.done();
};

const selfHandle: Handler<'selfHandle'> = (tl, cmd, _ctx, ck) => {
  const s = tl.current;
  let clocks = ck.stop(s.clocks, (k) => k.unitId === CENTRE_UNIT);
  clocks = ck.startCentre(clocks, 'verification', s.grade);
  tl.emit('self_handled', { clocks }, cmd.note);
  return tl.done();
};

const dispatch: Handler<'dispatch'> = (tl, cmd, ctx, ck) => {
  const { ref, now, actor } = ctx;
  const s = tl.current;
  const item = classifiedItem(ref, s);
  if (!item)
    return reject(
      'UNKNOWN_REFERENCE',
      `该事件的入格事项${quote(s.catalogItemId ?? '')}已不在指导目录中，无法确定处置时限。请联系管理员恢复该事项。`,
    );
  const lead = cmd.leadDepartmentId;
  const co = unique(cmd.coDepartmentIds);
  if (co.includes(lead))
    return reject('INVALID_COMMAND', `${quote(deptName(ref, lead))}已是牵头单位，不能同时作为配合单位。请从配合单位中去掉它。`);
  const unknown = [lead, ...co].filter((id) => !ref.departments.some((d) => d.id === id));
  if (unknown.length) return reject('UNKNOWN_REFERENCE', `找不到部门${unknown.map(quote).join('、')}。请从部门名录中重新选择。`);
  const inactive = [lead, ...co].filter((id) => ref.departments.some((d) => d.id === id && d.active === false));
  if (inactive.length)
    return reject('UNKNOWN_REFERENCE', `部门${inactive.map((id) => quote(deptName(ref, id))).join('、')}已停用，不能再派遣。请重新选择部门。`);
  if (cmd.precedentId !== undefined && !ref.precedents.some((p) => p.id === cmd.precedentId)) {
    return reject('UNKNOWN_REFERENCE', `找不到参考案例${quote(cmd.precedentId)}。请重新选择参考案例，或不引用案例直接派遣。`);
  }
  const limit = gradeLimit(item, s.grade);
  let limitMinutes = limit.handleMinutes;
  if (cmd.deadlineAt !== undefined) {
    if (cmd.deadlineAt <= now) return reject('INVALID_COMMAND', '办理期限必须晚于当前时间。请重新设定期限。');
    // Counting working time is a walk over the calendar: keep it short (and within the calendar's reach).
    if (cmd.deadlineAt - now > MAX_DEADLINE_AHEAD_MS) return reject('INVALID_COMMAND', '办理期限不能晚于五年之后。请重新设定期限。');
    // The clock ends exactly at the deadline set (kept on it as deadlineAt); its limit is the counted time up
    // to it, rounded down (for remaining time and the warning state).
    limitMinutes = Math.floor(ck.countedMinutes(limit.natural, cmd.deadlineAt));
    if (limitMinutes < 1) return reject('INVALID_COMMAND', '从现在到所定期限之间没有工作时间，部门无法办理。请把期限定在之后的工作日。');
  }
  let clocks = ck.stop(s.clocks, (k) => k.kind === 'dispatch');
  // Rule 1: the department clock starts at dispatch, not at sign-for.
  clocks = ck.start(clocks, 'handling', lead, limitMinutes, limit.natural, cmd.deadlineAt);
  const handling = clocks[clocks.length - 1] as CaseClock;
  const data: EventData<'dispatched'> = {
    leadDepartmentId: lead,
    coDepartmentIds: co,
    mandatory: s.status === 'bounced',
    fallback: s.fallback || cmd.fallback !== undefined,
    handlingClockId: handling.id,
    limitMinutes: handling.limitMinutes,
    natural: handling.natural,
    deadline: handling.deadline,
    deadlineOverride: cmd.deadlineAt !== undefined,
    clocks,
  };
  if (cmd.precedentId !== undefined) data.precedentId = cmd.precedentId;
  if (cmd.fallback) {
    const precedent: Precedent = {
      id: precedentIdFor(s.id, s.version + 1),
      caseId: s.id,
      catalogItemId: item.id,
      category: item.category,
      communityId: s.communityId,
      gridId: s.gridId,
      keywords: unique(cmd.fallback.keywords.map((k) => k.trim()).filter(Boolean)),
      departmentId: lead,
      reason: cmd.fallback.reason,
      ruledBy: actor,
      ruledAt: now,
      confirmed: false,
    };
    data.precedent = precedent;
  }
  tl.emit('dispatched', data, cmd.fallback ? cmd.fallback.reason : cmd.note);
  return tl.done();
};

const sign: Handler<'sign'> = (tl, _cmd, { actor }) => {
  tl.emit('signed', { departmentId: departmentOf(actor) });
  return tl.done();
};

const bounce: Handler<'bounce'> = (tl, cmd, { actor }, ck) => {
  const s = tl.current;
  let clocks = ck.stop(s.clocks, (k) => k.kind === 'handling', 'stopped');
  // Rule 1: time spent bounced is charged to the centre.
  clocks = ck.startCentre(clocks, 'dispatch', s.grade);
  tl.emit('bounced', { departmentId: departmentOf(actor), reasonCode: cmd.reasonCode, text: cmd.text, clocks }, cmd.text);
  return tl.done();
};

const reportResult: Handler<'reportResult'> = (tl, cmd, { actor }, ck) => {
  const s = tl.current;
  let clocks = ck.stop(s.clocks, (k) => k.kind === 'handling');
  clocks = ck.startCentre(clocks, 'verification', s.grade);
  tl.emit('result_reported', { departmentId: departmentOf(actor), text: cmd.text, attachments: cmd.attachments, clocks }, cmd.text);
  return tl.done();
};

const requestExtension: Handler<'requestExtension'> = (tl, cmd) => {
  tl.emit('extension_requested', { minutes: cmd.minutes, reason: cmd.reason }, cmd.reason);
  return tl.done();
};

const decideExtension: Handler<'decideExtension'> = (tl, cmd, { actor }, ck) => {
  const s = tl.current;
  // checkAccess has made sure a request is pending.
  const pending = s.pendingExtension as NonNullable<GridEvent['pendingExtension']>;
  if (!cmd.approve) {
    tl.emit('extension_decided', { approve: false, clocks: s.clocks }, cmd.note);
    return tl.done();
  }
  const minutes = cmd.minutes ?? pending.minutes;
  const idx = s.clocks.findLastIndex((k) => k.kind === 'handling' && k.stoppedAt === undefined);
  const clock = s.clocks[idx];
  if (!clock) return reject('INVALID_STATE', '该事件没有正在计时的处置时限，无法延期。请刷新事件后再审批。');
  const extended = ck.extend(clock, minutes, actor.id);
  const clocks = s.clocks.map((k, i) => (i === idx ? extended : k));
  tl.emit(
    'extension_decided',
    { approve: true, minutes, clockId: clock.id, oldDeadline: clock.deadline, newDeadline: extended.deadline, clocks },
    cmd.note,
  );
  return tl.done();
};

const requestPark: Handler<'requestPark'> = (tl, cmd) => {
  tl.emit('park_requested', { reason: cmd.reason }, cmd.reason);
  return tl.done();
};

const decidePark: Handler<'decidePark'> = (tl, cmd, _ctx, ck) => {
  const s = tl.current;
  if (!cmd.approve) {
    tl.emit('park_decided', { approve: false, clocks: s.clocks }, cmd.note);
    return tl.done();
  }
  // Rule 5: every running clock is paused; used time is kept in remainingAtPause.
  tl.emit('park_decided', { approve: true, statusBeforePark: s.status, clocks: ck.pauseAll(s.clocks) }, cmd.note);
  return tl.done();
};

const resume: Handler<'resume'> = (tl, cmd, { now }, ck) => {
  const s = tl.current;
  const parkedAt =
    [...s.timeline].reverse().find((e) => e.type === 'park_decided' && (e.data as { approve?: boolean }).approve === true)?.at ?? now;
  const status = s.statusBeforePark ?? 'accepted';
  tl.emit('resumed', { status, pause: { from: parkedAt, to: Math.max(now, parkedAt) }, clocks: ck.resumeAll(s.clocks) }, cmd.note);
  return tl.done();
};

const verify: Handler<'verify'> = (tl, cmd, { ref }, ck) => {
  const s = tl.current;
  tl.emit('verified', { passed: cmd.passed, clocks: ck.stop(s.clocks, (k) => k.kind === 'verification') }, cmd.note);
  if (!cmd.passed) orderRework(tl, ck, ref, 'verification_failed', cmd.note);
  return tl.done();
};

const close: Handler<'close'> = (tl, cmd, ctx, ck) => {
  const { ref } = ctx;
  const s = tl.current;
  if (cmd.satisfaction === 'not_rated' && needsRating(s)) {
    return reject(
      'RATING_REQUIRED',
      `${s.source === 'hotline' ? '12345热线事件' : '群众反映的事件'}结案前须回访并记录满意度。请回访后选择满意、基本满意或不满意。`,
    );
  }
  if (cmd.satisfaction === 'unsatisfied') {
    // Rule 7: an unsatisfied rating sends the case back instead of closing it.
    orderRework(tl, ck, ref, 'unsatisfied', cmd.note, 'unsatisfied');
    return tl.done();
  }
  const closed = tl.emit('closed', { satisfaction: cmd.satisfaction, clocks: ck.stop(s.clocks, () => true) }, cmd.note);
  // Its duplicates are verified and closed with it: nobody's success or failure, their clocks just stop.
  for (const id of s.mergedCaseIds ?? []) {
    const d = ctx.cases?.(id);
    if (!d || d.mergedInto !== s.id || d.statusBeforeMerge === undefined) continue;
    const data: EventData<'merge_closed'> = {
      originalCaseId: s.id,
      originalCode: s.code,
      originalSatisfaction: cmd.satisfaction,
      clocks: ck.stop(d.clocks, () => true, 'stopped'),
    };
    if (closed.verifiedAt !== undefined) data.verifiedAt = closed.verifiedAt;
    tl.other(d).emit('merge_closed', data, cmd.note);
  }
  return tl.done();
};

const urge: Handler<'urge'> = (tl, cmd, { actor, now }, ck) => {
  const s = tl.current;
  if (s.urges.some((u) => u.id === cmd.urgeId))
    return reject('DUPLICATE_ID', `通知编号${quote(cmd.urgeId)}已被使用。请重新生成通知后再发出。`);
  const block = urgeLevelBlock(s, cmd.level, actor, now);
  if (block) return reject('URGE_LEVEL', `不能发出${URGE_LEVEL_LABELS[cmd.level]}：${block}`);
  const notice: UrgeNotice = {
    id: cmd.urgeId,
    caseId: s.id,
    level: cmd.level,
    departmentId: s.leadDepartmentId as string,
    message: cmd.message,
    issuedAt: now,
    issuedBy: actor,
    replyDeadline: ck.addWorking(cmd.replyHours * 60),
    replyMinutes: cmd.replyHours * 60,
  };
  tl.emit('urged', { urge: notice }, cmd.message);
  return tl.done();
};

const replyUrge: Handler<'replyUrge'> = (tl, cmd, { actor, now }) => {
  const s = tl.current;
  const notice = s.urges.find((u) => u.id === cmd.urgeId);
  if (!notice) return reject('NOT_FOUND', `找不到督办通知${quote(cmd.urgeId)}。请刷新事件，选择要回复的通知。`);
  if (notice.departmentId !== departmentOf(actor))
    return reject('NOT_ASSIGNED_DEPARTMENT', '这份督办通知不是发给贵单位的，不能由贵单位回复。');
  if (notice.reply) return reject('INVALID_STATE', '这份督办通知已经回复过，不能重复回复。如需补充请联系督办员。');
  tl.emit('urge_replied', { urgeId: notice.id, reply: { at: now, by: actor, text: cmd.text } }, cmd.text);
  return tl.done();
};

const recordAccountability: Handler<'recordAccountability'> = (tl, cmd, { actor, now, ref }) => {
  const s = tl.current;
  if (s.accountability.some((r) => r.id === cmd.recordId))
    return reject('DUPLICATE_ID', `记录编号${quote(cmd.recordId)}已被使用。请重新生成记录后再提交。`);
  const known =
    cmd.unitId === CENTRE_UNIT ||
    ref.departments.some((d) => d.id === cmd.unitId) ||
    ref.grids.some((g) => g.id === cmd.unitId) ||
    ref.gridWorkers.some((w) => w.id === cmd.unitId) ||
    ref.communities.some((c) => c.id === cmd.unitId);
  if (!known) return reject('UNKNOWN_REFERENCE', `找不到责任单位${quote(cmd.unitId)}。请从部门、社区、网格或指挥中心中选择。`);
  tl.emit(
    'accountability_recorded',
    { record: { id: cmd.recordId, caseId: s.id, unitId: cmd.unitId, kind: cmd.kind, text: cmd.text, recordedAt: now, recordedBy: actor } },
    cmd.text,
  );
  return tl.done();
};

// ---------------------------------------------------------------- duplicates (合并) and related cases (关联)

const merge: Handler<'merge'> = (tl, cmd, ctx, ck) => {
  const s = tl.current;
  if (cmd.targetCaseId === s.id) return reject('SAME_CASE', '不能把事件合并到它自己。请填写另一件事件（原事件）的编号。');
  let root: GridEvent | undefined;
  if (ctx.cases) {
    const target = ctx.cases(cmd.targetCaseId);
    if (!target) return reject('NOT_FOUND', `找不到事件${quote(cmd.targetCaseId)}。请核对原事件的编号后重新合并。`);
    root = target;
    // No chains: a merged target stands for its root original.
    if (target.mergedInto !== undefined) {
      const r = ctx.cases(target.mergedInto);
      if (!r)
        return reject('NOT_FOUND', `事件${quote(target.code)}已合并到${quote(target.mergedInto)}，但找不到该原事件。请核对后重新合并。`);
      root = r;
    }
    if (root.id === s.id)
      return reject('SAME_CASE', `事件${quote(target.code)}是本事件的重复上报，已合并到本事件，不能再把本事件合并到它。`);
    if (root.mergedInto !== undefined || !isOpen(root)) {
      const via = root.id === target.id ? '' : `事件${quote(target.code)}已合并到${quote(root.code)}，而`;
      return reject(
        'MERGE_TARGET_CLOSED',
        `${via}原事件${quote(root.code)}${root.status === 'rejected' ? '已不予受理' : '已结案'}，不能再合并到它。请单独办理本事件，或合并到仍在办理的事件。`,
      );
    }
  }
  const data: EventData<'merged'> = {
    intoCaseId: root?.id ?? cmd.targetCaseId,
    statusBeforeMerge: s.status,
    // Paused, as for a park: an unmerge resumes them without recounting used time.
    clocks: ck.pauseAll(s.clocks),
  };
  if (root) {
    data.intoCode = root.code;
    if (root.id !== cmd.targetCaseId) data.requestedCaseId = cmd.targetCaseId;
  }
  tl.emit('merged', data, cmd.note);
  if (root) {
    const pairedData: EventData<'duplicate_merged'> = { duplicateCaseId: s.id, duplicateCode: s.code, source: s.source };
    if (s.reporter) pairedData.reporter = s.reporter;
    tl.other(root).emit('duplicate_merged', pairedData, cmd.note);
  }
  return tl.done();
};

const unmerge: Handler<'unmerge'> = (tl, cmd, ctx, ck) => {
  const s = tl.current;
  // checkAccess has made sure the case is reversibly merged.
  const from = s.mergedInto as string;
  const mergedAt = s.timeline.findLast((e) => e.type === 'merged')?.at ?? ctx.now;
  tl.emit(
    'unmerged',
    {
      fromCaseId: from,
      status: s.statusBeforeMerge ?? 'accepted',
      pause: { from: mergedAt, to: Math.max(ctx.now, mergedAt) },
      clocks: ck.resumeAll(s.clocks),
    },
    cmd.reason,
  );
  const original = ctx.cases?.(from);
  if (original?.mergedCaseIds?.includes(s.id))
    tl.other(original).emit('duplicate_unmerged', { duplicateCaseId: s.id, duplicateCode: s.code }, cmd.reason);
  return tl.done();
};

const link: Handler<'link'> = (tl, cmd, ctx) => {
  const s = tl.current;
  if (cmd.otherCaseId === s.id) return reject('SAME_CASE', '不能把事件和它自己关联。请填写另一件事件的编号。');
  if (s.relatedCaseIds?.includes(cmd.otherCaseId))
    return reject('ALREADY_LINKED', `本事件已与${quote(cmd.otherCaseId)}关联，无需重复关联。`);
  const other = ctx.cases?.(cmd.otherCaseId);
  if (ctx.cases && !other) return reject('NOT_FOUND', `找不到事件${quote(cmd.otherCaseId)}。请核对要关联的事件编号。`);
  tl.emit('linked', other ? { otherCaseId: other.id, otherCode: other.code } : { otherCaseId: cmd.otherCaseId }, cmd.note);
  if (other && !other.relatedCaseIds?.includes(s.id)) tl.other(other).emit('linked', { otherCaseId: s.id, otherCode: s.code }, cmd.note);
  return tl.done();
};

const unlink: Handler<'unlink'> = (tl, cmd, ctx) => {
  const s = tl.current;
  if (!s.relatedCaseIds?.includes(cmd.otherCaseId))
    return reject('NOT_LINKED', `本事件没有与${quote(cmd.otherCaseId)}关联，无需取消关联。`);
  const other = ctx.cases?.(cmd.otherCaseId);
  tl.emit('unlinked', other ? { otherCaseId: other.id, otherCode: other.code } : { otherCaseId: cmd.otherCaseId }, cmd.note);
  if (other?.relatedCaseIds?.includes(s.id)) tl.other(other).emit('unlinked', { otherCaseId: s.id, otherCode: s.code }, cmd.note);
  return tl.done();
};

/** Statuses in which the case may still move to another grid (before any department holds it). */
const REGRID_FROM: readonly string[] = ['reported', 'accepted', 'bounced'];

/** The 'located' entry for a position (and, with `useLocatedGrid`, the move to its grid), or why not. */
function locatedData(s: GridEvent, location: GeoPoint, useLocatedGrid: boolean, ref: RefData): EventData<'located'> | Rejection {
  const day = localDay(s.reportedAt, ref.calendar.utcOffsetMinutes);
  const located = locateGrid(ref, location, day);
  const d: EventData<'located'> = { location };
  if (useLocatedGrid) {
    if (!ref.divisions?.length) return reject('INVALID_COMMAND', '尚未备案网格划分，无法按位置确定网格。请先由管理员备案网格划分。');
    if (!located) return reject('INVALID_COMMAND', '该位置不在本街道任何网格内。请在地图上重新选择位置。');
    if (located.gridId !== s.gridId) {
      if (!REGRID_FROM.includes(s.status))
        return reject('INVALID_STATE', '事件已派遣给部门办理，不能再改到其他网格。如位置有误，请只更正位置，或由部门回弹后再调整。');
      d.gridId = located.gridId;
      d.communityId = located.communityId;
      d.previousGridId = s.gridId;
    }
  } else {
    const check = gridCheckOf(s.gridId, located, ref.divisions?.length ? true : false);
    if (check) d.gridCheck = check;
  }
  return d;
}

const isRejection = (r: EventData<'located'> | Rejection): r is Rejection => 'ok' in r && r.ok === false;

const locate: Handler<'locate'> = (tl, cmd, ctx) => {
  const d = locatedData(tl.current, cmd.location, cmd.useLocatedGrid, ctx.ref);
  if (isRejection(d)) return d;
  tl.emit('located', d, cmd.note);
  return tl.done();
};

/**
 * The other cases a command involves, which the deciding writer passes as `ctx.cases` (together with the
 * original, `mergedInto`, of each of them: a merge into a merged case goes to its root).
 */
export function involvedCaseIds(state: GridEvent | null, command: Command): string[] {
  switch (command.type) {
    case 'merge':
      return [command.targetCaseId];
    case 'link':
    case 'unlink':
      return [command.otherCaseId];
    case 'unmerge':
      return state?.mergedInto !== undefined ? [state.mergedInto] : [];
    case 'close':
      return [...(state?.mergedCaseIds ?? [])];
    default:
      return [];
  }
}

/** The involved cases as `ctx.cases` gives them (and their originals), for dating the entries. */
function involvedCases(state: GridEvent | null, cmd: Command, cases: EngineContext['cases']): GridEvent[] {
  if (!cases) return [];
  const out = new Map<string, GridEvent>();
  for (const id of involvedCaseIds(state, cmd)) {
    const c = cases(id);
    if (!c || c.id === state?.id) continue;
    out.set(c.id, c);
    const root = c.mergedInto !== undefined ? cases(c.mergedInto) : undefined;
    if (root && root.id !== state?.id) out.set(root.id, root);
  }
  return [...out.values()];
}

/** 重新办理: back to the centre's dispatch (a new dispatch clock); the bounce rule still counts the earlier bounce. */
const reopen: Handler<'reopen'> = (tl, cmd, _ctx, ck) => {
  const s = tl.current;
  const clocks = ck.startCentre(s.clocks, 'dispatch', s.grade);
  tl.emit('reopened', { reason: cmd.reason, reopenCount: (s.reopenCount ?? 0) + 1, clocks }, cmd.reason);
  return tl.done();
};

const HANDLERS: { [T in Command['type']]: Handler<T> } = {
  report,
  accept,
  reject: rejectCase,
  selfHandle,
  dispatch,
  sign,
  bounce,
  reportResult,
  requestExtension,
  decideExtension,
  requestPark,
  decidePark,
  resume,
  verify,
  close,
  reopen,
  urge,
  replyUrge,
  recordAccountability,
  merge,
  unmerge,
  link,
  unlink,
  locate,
};

/** Decides one command against the case (null for a new case). See shared/engine/types.ts. */
export const decide: Decide = (state, command, given) => {
  const parsed = Command.safeParse(command, { reportInput: true });
  if (!parsed.success) return reject('INVALID_COMMAND', describeIssues(parsed.error.issues));
  const cmd = parsed.data;
  const ctx = datedContext(state, given, involvedCases(state, cmd, given.cases));
  if (state !== null && state.id !== cmd.caseId) {
    return reject('INVALID_COMMAND', `命令中的事件编号${quote(cmd.caseId)}与当前事件${quote(state.code)}不符。请刷新后重新操作。`);
  }
  const denied = checkAccess(state, cmd.type, ctx.actor, ctx.ref);
  if (denied) return denied;
  const tl = new Timeline(state, ctx, cmd.caseId);
  const handler = HANDLERS[cmd.type] as Handler<Command['type']>;
  return handler(tl, cmd, ctx, new Clocks(ctx.ref, ctx.now));
};
