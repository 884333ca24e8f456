/**
 * Property tests: random command sequences from random actors (mostly actions the engine offers, some
 * arbitrary ones) must keep the engine's invariants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureFor } from '../calendar/index.js';
import { usedMinutes } from '../clocks.js';
import { COMMAND_TYPES, type Command, type CommandType } from '../commands.js';
import { GridEvent, isOpen } from '../gridEvent.js';
import type { Actor } from '../model.js';
import { allowedCommands, decide, EVENT_DATA_SCHEMAS, evolve, foldEvents } from './index.js';
import { actors, dept, makeRef, MIN, reportCmd, T0 } from '../testing/engineFixtures.js';
import type { RejectionCode } from './types.js';

const ref = makeRef();
const CASE = 'case-p';
/** Another case, named by merge and link commands (decided here without ctx.cases: the local, optimistic way). */
const OTHER = 'case-q';
const ACTORS: Actor[] = [
  actors.dispatcher,
  actors.supervisor,
  actors.leader,
  actors.admin,
  actors.wall,
  actors.gridWorker,
  { id: 'w-b1', name: '王网格', role: 'gridWorker', unitId: 'grid-b1' },
  actors.hotline,
  dept('dept-cg'),
  dept('dept-zz'),
  dept('dept-sz'),
  dept('dept-mz'),
  dept('dept-unknown'),
];
const DEPTS = ['dept-cg', 'dept-zz', 'dept-sz', 'dept-mz', 'dept-x'];
const ITEMS = ['item-rubbish', 'item-manhole', 'item-building', 'item-hotline', 'item-x'];
const GRADES = ['normal', 'important', 'urgent'] as const;

/** Progress actions are picked more often, so sequences get deep (re-dispatch after bounce, rework, closure). */
const WEIGHT: Partial<Record<CommandType, number>> = {
  accept: 4,
  dispatch: 5,
  sign: 3,
  bounce: 5,
  reportResult: 4,
  verify: 4,
  close: 4,
  resume: 3,
  decidePark: 2,
  decideExtension: 2,
};

/** Picks one offered (actor, type) pair by weight, deterministically from `pick`. */
function choose<T extends readonly [Actor, CommandType]>(offered: readonly T[], pick: number): T {
  const total = offered.reduce((n, [, t]) => n + (WEIGHT[t] ?? 1), 0);
  let x = pick % total;
  for (const o of offered) {
    x -= WEIGHT[o[1]] ?? 1;
    if (x < 0) return o;
  }
  return offered[0]!;
}

/** Rejections that depend on the payload: possible even when the command type is offered. */
const PAYLOAD_CODES: RejectionCode[] = [
  'INVALID_COMMAND',
  'UNKNOWN_REFERENCE',
  'RATING_REQUIRED',
  'URGE_LEVEL',
  'DUPLICATE_ID',
  'SAME_CASE',
  'ALREADY_LINKED',
  'NOT_LINKED',
  'NOT_FOUND',
  'NOT_ASSIGNED_DEPARTMENT',
  'INVALID_STATE',
];

interface Step {
  preferAllowed: boolean;
  actor: number;
  type: number;
  pick: number;
  flag: boolean;
  minutes: number;
  dt: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  preferAllowed: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  actor: fc.nat(),
  type: fc.nat(),
  pick: fc.nat(),
  flag: fc.boolean(),
  minutes: fc.integer({ min: 1, max: 3000 }),
  dt: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3 * 24 * 60 })),
});

/** A command of `type` shaped by the step's random choices (valid or not). */
function randomCommand(type: CommandType, s: Step, now: number): Command {
  const p = s.pick;
  const at = <T>(xs: readonly T[], n: number): T => xs[n % xs.length] as T;
  switch (type) {
    case 'report':
      return reportCmd(CASE, {
        source: at(['grid_worker', 'hotline', 'centre', 'meeting'] as const, p),
        reporter: s.flag ? { name: '居民' } : undefined,
        communityId: p % 11 === 0 ? 'comm-b' : 'comm-a',
        catalogItemId: p % 5 === 0 ? at(ITEMS, p >> 3) : undefined,
      });
    case 'accept':
      return { type, caseId: CASE, catalogItemId: at(ITEMS, p), grade: at(GRADES, p >> 3) };
    case 'reject':
      return { type, caseId: CASE, reason: '重复上报' };
    case 'selfHandle':
      return { type, caseId: CASE, note: '现场处置' };
    case 'dispatch':
      return {
        type,
        caseId: CASE,
        leadDepartmentId: at(DEPTS, p),
        coDepartmentIds: s.flag ? [at(DEPTS, p >> 3)] : [],
        fallback: p % 4 === 0 ? { reason: '职责不清托底', keywords: ['垃圾'] } : undefined,
        precedentId: p % 9 === 0 ? 'prec-stairs' : undefined,
        deadlineAt: p % 7 === 0 ? now + s.minutes * MIN : undefined,
      };
    case 'sign':
      return { type, caseId: CASE };
    case 'bounce':
      return {
        type,
        caseId: CASE,
        reasonCode: at(['not_our_duty', 'wrong_location', 'insufficient_info', 'other'] as const, p),
        text: '不属于本单位',
      };
    case 'reportResult':
      return { type, caseId: CASE, text: '已处置', attachments: [] };
    case 'requestExtension':
      return { type, caseId: CASE, minutes: Math.max(30, s.minutes), reason: '需要更多时间' };
    case 'decideExtension':
      return { type, caseId: CASE, approve: s.flag, minutes: p % 2 ? Math.max(30, s.minutes) : undefined };
    case 'requestPark':
      return { type, caseId: CASE, reason: '长期工程' };
    case 'decidePark':
      return { type, caseId: CASE, approve: s.flag };
    case 'resume':
      return { type, caseId: CASE };
    case 'verify':
      return { type, caseId: CASE, passed: p % 3 !== 0, note: '核查' };
    case 'close':
      return { type, caseId: CASE, satisfaction: at(['satisfied', 'basic', 'unsatisfied', 'not_rated'] as const, p) };
    case 'urge':
      return {
        type,
        caseId: CASE,
        urgeId: `u${p % 4}`,
        level: at(['remind', 'supervise', 'listed'] as const, p >> 2),
        message: '请加快办理',
        replyHours: 1 + (p % 48),
      };
    case 'replyUrge':
      return { type, caseId: CASE, urgeId: `u${p % 4}`, text: '已收到' };
    case 'recordAccountability':
      return {
        type,
        caseId: CASE,
        recordId: `r${p % 3}`,
        unitId: at(['dept-cg', 'centre', 'grid-a1', 'dept-x'], p >> 2),
        kind: at(['late', 'poor', 'improper'] as const, p),
        text: '记录',
      };
    case 'merge':
      return { type, caseId: CASE, targetCaseId: at([OTHER, CASE, 'case-r'], p) };
    case 'unmerge':
      return { type, caseId: CASE, reason: s.flag ? '并非同一问题' : '' };
    case 'link':
      return { type, caseId: CASE, otherCaseId: at([OTHER, CASE, 'case-r'], p) };
    case 'unlink':
      return { type, caseId: CASE, otherCaseId: at([OTHER, 'case-r'], p) };
    case 'locate':
      return { type, caseId: CASE, location: { lon: 113.3 + (p % 10) * 1e-4, lat: 23.2 }, useLocatedGrid: p % 2 === 0 };
    case 'reopen':
      return { type, caseId: CASE, reason: s.flag ? '整改后问题复发' : '' };
  }
}

/** A payload that must be accepted whenever `type` is offered to `actor`. */
function validCommand(type: CommandType, state: GridEvent | null, actor: Actor): Command {
  const v = state?.version ?? 0;
  switch (type) {
    case 'report':
      return reportCmd(CASE);
    case 'accept':
      return { type, caseId: CASE, catalogItemId: 'item-rubbish', grade: 'normal' };
    case 'dispatch':
      return { type, caseId: CASE, leadDepartmentId: 'dept-cg', coDepartmentIds: [] };
    case 'decideExtension':
    case 'decidePark':
      return { type, caseId: CASE, approve: true };
    case 'verify':
      return { type, caseId: CASE, passed: true, note: '核查通过' };
    case 'close':
      return { type, caseId: CASE, satisfaction: 'satisfied' };
    case 'urge':
      return { type, caseId: CASE, urgeId: `fresh-${v}`, level: 'remind', message: '请加快', replyHours: 4 };
    case 'replyUrge': {
      const open = state?.urges.find((u) => u.departmentId === actor.unitId && !u.reply);
      return { type, caseId: CASE, urgeId: open?.id ?? 'none', text: '已收到' };
    }
    case 'recordAccountability':
      return { type, caseId: CASE, recordId: `fresh-${v}`, unitId: 'centre', kind: 'late', text: '记录' };
    case 'merge':
      return { type, caseId: CASE, targetCaseId: OTHER };
    case 'link':
      return { type, caseId: CASE, otherCaseId: `fresh-${v}` };
    case 'unlink':
      return { type, caseId: CASE, otherCaseId: state?.relatedCaseIds?.[0] ?? 'none' };
    case 'locate':
      return { type, caseId: CASE, location: { lon: 113.3, lat: 23.2 }, useLocatedGrid: false };
    case 'reopen':
      return { type, caseId: CASE, reason: '整改后问题复发' };
    case 'unmerge':
      return { type, caseId: CASE, reason: '并非同一问题' };
    default:
      return randomCommand(type, { preferAllowed: true, actor: 0, type: 0, pick: 1, flag: true, minutes: 60, dt: 0 }, T0);
  }
}

function checkInvariants(s: GridEvent, now: number) {
  const types = s.timeline.map((e) => e.type);
  // Versions 1..n without gaps, and the state is the fold of its timeline.
  expect(s.timeline.map((e) => e.version)).toEqual(s.timeline.map((_, i) => i + 1));
  expect(s.version).toBe(s.timeline.length);
  expect(foldEvents(s.timeline)).toEqual(s);
  // Rule 1: at most one bounce, and never of a mandatory dispatch.
  expect(types.filter((t) => t === 'bounced').length).toBeLessThanOrEqual(1);
  expect(s.bounceCount).toBe(types.filter((t) => t === 'bounced').length);
  let mandatory = false;
  for (const e of s.timeline) {
    if (e.type === 'dispatched') mandatory = e.data.mandatory === true;
    if (e.type === 'bounced') expect(mandatory).toBe(false);
  }
  // Rule 7: a closed case passed verification after its last rework order (a merged duplicate is closed with
  // its original instead).
  if (s.status === 'closed' && s.mergedInto === undefined) {
    const lastRework = types.lastIndexOf('rework_ordered');
    const passed = s.timeline.slice(lastRework + 1).some((e) => e.type === 'verified' && e.data.passed === true);
    expect(passed).toBe(true);
  }
  // Clocks: used time is within counted time, and pauses never change it.
  for (const k of s.clocks) {
    const m = measureFor(k.natural, ref.calendar);
    const used = usedMinutes(k, now, m);
    expect(used).toBeGreaterThanOrEqual(0);
    expect(used).toBeLessThanOrEqual(m.between(k.startedAt, Math.max(now, k.startedAt)) + 1e-9);
    for (const p of k.pauses) expect(usedMinutes(k, p.to, m)).toBeCloseTo(usedMinutes(k, p.from, m), 6);
  }
  const live = s.clocks.filter((k) => k.stoppedAt === undefined);
  // A duplicate closed as merged keeps its clocks paused (for an unmerge); every other ended case has none left.
  const reversiblyMerged = s.mergedInto !== undefined && s.statusBeforeMerge !== undefined;
  if (reversiblyMerged) expect(live.every((k) => k.pausedAt !== undefined)).toBe(true);
  else if (!isOpen(s)) expect(live).toEqual([]);
  // Never merged into itself.
  expect(s.mergedInto).not.toBe(s.id);
  if (s.mergedInto !== undefined) expect(s.status).toBe('closed');
  if (s.statusBeforeMerge !== undefined) expect(s.mergedInto).toBeDefined();
  const handling = live.filter((k) => k.kind === 'handling');
  expect(handling.length).toBeLessThanOrEqual(1);
  if (handling[0]) expect(handling[0].unitId).toBe(s.leadDepartmentId);
  // Rule 1: while bounced the case is back at the centre, and only the centre's clock runs; a handling
  // clock that a bounce ended is nobody's lateness.
  if (s.status === 'bounced') expect(live.map((k) => [k.kind, k.unitId])).toEqual([['dispatch', 'centre']]);
  for (const e of s.timeline) {
    if (e.type !== 'bounced') continue;
    const ended = s.clocks.filter((k) => k.kind === 'handling' && k.stoppedAt === e.at && k.outcome === 'stopped');
    expect(ended.map((k) => k.unitId)).toEqual([e.data.departmentId]);
  }
  if (s.status === 'parked' || reversiblyMerged) expect(live.every((k) => k.pausedAt !== undefined)).toBe(true);
  else expect(live.every((k) => k.pausedAt === undefined)).toBe(true);
}

describe('engine properties over random command sequences', () => {
  it('keeps every invariant, and allowedCommands matches decide exactly', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 45 }), (steps) => {
        let state: GridEvent | null = null;
        let now = T0;
        steps.forEach((step, i) => {
          now += step.dt * MIN;
          const offered = ACTORS.flatMap((a) => allowedCommands(state, a, ref, now).map((t) => [a, t] as const));
          // Completeness: every offered action has a payload the engine accepts.
          for (const [a, t] of offered) {
            const r = decide(state, validCommand(t, state, a), { actor: a, now, ref, commandId: `probe-${i}` });
            expect(r.ok ? 'ok' : `${a.role}/${a.unitId} ${t}: ${r.code} ${r.message}`).toBe('ok');
          }
          const pair =
            step.preferAllowed && offered.length > 0
              ? choose(offered, step.pick)
              : ([ACTORS[step.actor % ACTORS.length]!, COMMAND_TYPES[step.type % COMMAND_TYPES.length]!] as const);
          const [actor, type] = pair;
          const cmd = randomCommand(type, step, now);
          const ctx = { actor, now, ref, commandId: `m-${i}` };
          const r = decide(state, cmd, ctx);
          expect(decide(state, cmd, ctx)).toEqual(r); // deterministic
          const allowed = allowedCommands(state, actor, ref, now).includes(type);
          if (!r.ok) {
            expect(r.message).toMatch(/[\u4e00-\u9fff]/);
            if (allowed) expect(PAYLOAD_CODES).toContain(r.code);
            return;
          }
          // Soundness: the engine only accepts what it offers.
          expect(allowed).toBe(true);
          expect(r.events.length).toBeGreaterThan(0);
          const before = state;
          r.events.forEach((e, j) => {
            expect(e.version).toBe((before?.version ?? 0) + j + 1);
            expect(e).toMatchObject({ caseId: CASE, at: now, actor, commandId: `m-${i}` });
            expect(EVENT_DATA_SCHEMAS[e.type].safeParse(e.data).success).toBe(true);
          });
          const next = r.events.reduce<GridEvent | null>((s, e) => evolve(s, e), state)!;
          // The timeline only grows.
          expect(next.timeline.slice(0, before?.timeline.length ?? 0)).toEqual(before?.timeline ?? []);
          // An ended case stays ended, except a duplicate whose merge is undone (it returns to where it was)
          // and a closed case reopened by the centre (重新办理: back to dispatch, counted).
          if (before && !isOpen(before)) {
            if (type === 'unmerge') expect(next.status).toBe(before.statusBeforeMerge);
            else if (type === 'reopen') {
              expect([before.status, next.status]).toEqual(['closed', 'accepted']);
              expect(next.reopenCount).toBe((before.reopenCount ?? 0) + 1);
            } else expect(next.status).toBe(before.status);
          }
          expect(GridEvent.safeParse(next).success).toBe(true);
          checkInvariants(next, now);
          state = next;
        });
      }),
      { numRuns: 200 },
    );
  });

  it('reaches deep states (guards against a generator that never gets past the first steps)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 30, maxLength: 45 }), (steps) => {
        let state: GridEvent | null = null;
        let now = T0;
        for (const step of steps) {
          now += step.dt * MIN;
          const offered = ACTORS.flatMap((a) => allowedCommands(state, a, ref, now).map((t) => [a, t] as const));
          if (offered.length === 0) break;
          const [actor, type] = choose(offered, step.pick);
          const r = decide(state, randomCommand(type, step, now), { actor, now, ref });
          if (!r.ok) continue;
          state = r.events.reduce<GridEvent | null>((s, e) => evolve(s, e), state)!;
          reached.add(state.status);
          if (state.mandatory) reached.add('mandatory');
          for (const e of r.events) reached.add(e.type);
        }
      }),
      { numRuns: 150, seed: 20261126 },
    );
    for (const s of [
      'closed',
      'rejected',
      'parked',
      'bounced',
      'rework',
      'self_handled',
      'verified',
      'extension_decided',
      'urge_replied',
      'rework_ordered',
      'mandatory',
    ])
      expect(reached).toContain(s);
  });
});
