/**
 * Duplicates (合并) and related cases (关联): the rules, the paired entries a command makes on the other
 * case, and properties over random multi-case command sequences decided the way the relay decides them
 * (with `ctx.cases`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureFor } from '../calendar/index.js';
import { usedMinutes } from '../clocks.js';
import type { Command, CommandType } from '../commands.js';
import { GridEvent, isOpen } from '../gridEvent.js';
import type { Actor } from '../model.js';
import { allowedCommands, decide, EVENT_DATA_SCHEMAS, evolve, foldEvents, involvedCaseIds } from './index.js';
import type { Decision, EngineContext } from './types.js';
import { actors, caseAt, dept, makeRef, MIN, reportCmd, T0, type Stage } from '../testing/engineFixtures.js';

const ref = makeRef();
type World = Map<string, GridEvent>;

/** Decides `cmd` as the relay does (ctx.cases from the world) and applies every entry, paired ones included. */
function act(world: World, cmd: Command, actor: Actor, now: number, commandId = `cmd-${now}-${cmd.type}`): Decision {
  const ctx: EngineContext = { actor, now, ref, commandId, cases: (id) => world.get(id) ?? null };
  const r = decide(world.get(cmd.caseId) ?? null, cmd, ctx);
  if (!r.ok) throw new Error(`rejected ${cmd.type}: ${r.code} ${r.message}`);
  apply(world, r);
  return r;
}

function apply(world: World, r: Decision): void {
  for (const e of [...r.events, ...(r.paired ?? [])]) world.set(e.caseId, evolve(world.get(e.caseId) ?? null, e));
}

function refused(world: World, cmd: Command, actor: Actor, now: number) {
  const r = decide(world.get(cmd.caseId) ?? null, cmd, { actor, now, ref, commandId: 'x', cases: (id) => world.get(id) ?? null });
  if (r.ok) throw new Error(`expected ${cmd.type} to be rejected`);
  expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  return r;
}

function worldWith(...cases: Array<[string, Stage]>): { world: World; now: number } {
  const world: World = new Map();
  let now = T0;
  for (const [id, stage] of cases) {
    const r = caseAt(stage, ref, { caseId: id, start: now });
    world.set(id, r.state);
    now = r.now + MIN;
  }
  return { world, now };
}

const merge = (caseId: string, targetCaseId: string): Command => ({ type: 'merge', caseId, targetCaseId, note: '同一问题' });
const get = (w: World, id: string) => w.get(id)!;

describe('merge', () => {
  it('closes the duplicate as merged, pauses its clocks, and lists it on the original: one entry on each case', () => {
    const { world, now } = worldWith(['orig', 'dispatched'], ['dup', 'accepted']);
    const r = act(world, merge('dup', 'orig'), actors.dispatcher, now);
    expect(r.events.map((e) => [e.caseId, e.type])).toEqual([['dup', 'merged']]);
    expect(r.paired?.map((e) => [e.caseId, e.type, e.version])).toEqual([['orig', 'duplicate_merged', 4]]);
    // Same command, deterministic distinct ids per case.
    expect(r.paired![0]!.commandId).toBe(r.events[0]!.commandId);
    expect(r.paired![0]!.id).not.toBe(r.events[0]!.id);
    expect(r.paired![0]!.at).toBe(r.events[0]!.at);
    const dup = get(world, 'dup');
    expect(dup).toMatchObject({ status: 'closed', mergedInto: 'orig', statusBeforeMerge: 'accepted', source: 'grid_worker' });
    expect(dup.closedAt).toBeUndefined();
    expect(dup.clocks.filter((k) => k.stoppedAt === undefined).every((k) => k.pausedAt !== undefined)).toBe(true);
    expect(get(world, 'orig')).toMatchObject({ status: 'dispatched', mergedCaseIds: ['dup'] });
    expect(r.paired![0]!.data).toMatchObject({ duplicateCaseId: 'dup', duplicateCode: dup.code, source: 'grid_worker' });
    for (const e of [...r.events, ...r.paired!]) expect(EVENT_DATA_SCHEMAS[e.type].safeParse(e.data).success).toBe(true);
    // Deterministic: same inputs, same entries.
    expect(decide(null, merge('x', 'y'), { actor: actors.dispatcher, now, ref })).toEqual(
      decide(null, merge('x', 'y'), { actor: actors.dispatcher, now, ref }),
    );
  });

  it('goes to the root when the target is itself merged (no chains)', () => {
    const { world, now } = worldWith(['root', 'accepted'], ['d1', 'reported'], ['d2', 'reported']);
    act(world, merge('d1', 'root'), actors.dispatcher, now);
    const r = act(world, merge('d2', 'd1'), actors.dispatcher, now + MIN);
    expect(r.events[0]!.data).toMatchObject({ intoCaseId: 'root', requestedCaseId: 'd1' });
    expect(r.paired!.map((e) => e.caseId)).toEqual(['root']);
    expect(get(world, 'd2').mergedInto).toBe('root');
    expect(get(world, 'root').mergedCaseIds).toEqual(['d1', 'd2']);
    expect(get(world, 'd1').mergedCaseIds).toBeUndefined();
  });

  it('rejects: itself, a closed or rejected original, a closed case, a case with duplicates, an unknown case, a parked case', () => {
    const { world, now } = worldWith(
      ['open', 'accepted'],
      ['closed', 'closed'],
      ['dup', 'reported'],
      ['parked', 'parked'],
      ['other', 'reported'],
    );
    expect(refused(world, merge('open', 'open'), actors.dispatcher, now).code).toBe('SAME_CASE');
    expect(refused(world, merge('open', 'closed'), actors.dispatcher, now).code).toBe('MERGE_TARGET_CLOSED');
    expect(refused(world, merge('closed', 'open'), actors.dispatcher, now).code).toBe('INVALID_STATE');
    expect(refused(world, merge('open', 'nowhere'), actors.dispatcher, now).code).toBe('NOT_FOUND');
    expect(refused(world, merge('parked', 'open'), actors.dispatcher, now).code).toBe('INVALID_STATE');
    act(world, { type: 'reject', caseId: 'other', reason: '不属于网格事项' }, actors.dispatcher, now);
    expect(refused(world, merge('open', 'other'), actors.dispatcher, now).message).toContain('不予受理');
    act(world, merge('dup', 'open'), actors.dispatcher, now);
    // A merged duplicate is closed: it cannot be merged again (only unmerged).
    expect(refused(world, merge('dup', 'parked'), actors.dispatcher, now).code).toBe('INVALID_STATE');
    // Merging into a merged case goes to its root; that root is this very case.
    const { world: w2, now: n2 } = worldWith(['a', 'accepted'], ['b', 'accepted']);
    act(w2, merge('b', 'a'), actors.dispatcher, n2);
    // The original with duplicates cannot move: HAS_DUPLICATES (explicit rule; no silent moving of others' reports).
    expect(refused(w2, merge('a', 'b'), actors.dispatcher, n2).code).toBe('HAS_DUPLICATES');
    // …nor be rejected while it holds them.
    expect(refused(w2, { type: 'reject', caseId: 'a', reason: '重复' }, actors.dispatcher, n2).code).toBe('HAS_DUPLICATES');
  });

  it('is for the centre: dispatcher and leader merge; supervisors, departments and grid workers do not', () => {
    const { world, now } = worldWith(['a', 'accepted'], ['b', 'accepted']);
    for (const actor of [actors.supervisor, dept('dept-cg'), actors.gridWorker, actors.wall, actors.admin])
      expect(refused(world, merge('b', 'a'), actor, now).code).toBe('FORBIDDEN_ROLE');
    act(world, merge('b', 'a'), actors.leader, now);
  });

  it('decided without ctx.cases (the optimistic local decision) makes no paired entries, and names the target as given', () => {
    const { state, now } = caseAt('accepted', ref, { caseId: 'dup' });
    const r = decide(state, merge('dup', 'whatever'), { actor: actors.dispatcher, now, ref });
    expect(r.ok && r.paired).toBeUndefined();
    expect(r.ok && r.events[0]!.data).toMatchObject({ intoCaseId: 'whatever' });
  });

  it('blocks every handling command on the duplicate, with a hint to unmerge', () => {
    const { world, now } = worldWith(['a', 'accepted'], ['b', 'accepted']);
    act(world, merge('b', 'a'), actors.dispatcher, now);
    const r = refused(world, { type: 'dispatch', caseId: 'b', leadDepartmentId: 'dept-cg', coDepartmentIds: [] }, actors.dispatcher, now);
    expect(r.message).toContain('撤销合并');
    expect(allowedCommands(get(world, 'b'), actors.dispatcher, ref, now).sort()).toEqual(['link', 'unmerge']);
  });
});

describe('unmerge', () => {
  it('returns the duplicate to its status with its clocks resumed (the pause recorded, used time kept), and drops it from the original', () => {
    const { world, now } = worldWith(['a', 'accepted'], ['b', 'dispatched']);
    const before = get(world, 'b');
    act(world, merge('b', 'a'), actors.dispatcher, now);
    const later = now + 3 * 60 * MIN;
    const r = act(world, { type: 'unmerge', caseId: 'b', reason: '并非同一处' }, actors.supervisor, later);
    expect(r.events.map((e) => e.type)).toEqual(['unmerged']);
    expect(r.paired!.map((e) => [e.caseId, e.type])).toEqual([['a', 'duplicate_unmerged']]);
    const b = get(world, 'b');
    expect(b.status).toBe('dispatched');
    expect(b.mergedInto).toBeUndefined();
    expect(b.statusBeforeMerge).toBeUndefined();
    expect(get(world, 'a').mergedCaseIds).toBeUndefined();
    const handling = b.clocks.find((k) => k.kind === 'handling' && k.stoppedAt === undefined)!;
    const was = before.clocks.find((k) => k.id === handling.id)!;
    expect(handling.pausedAt).toBeUndefined();
    expect(handling.pauses).toEqual([{ from: now, to: later }]);
    const m = measureFor(handling.natural, ref.calendar);
    // Used time at unmerge = used time at merge: the merged period is not charged to the department.
    expect(usedMinutes(handling, later, m)).toBeCloseTo(usedMinutes(was, now, m), 6);
    expect(handling.deadline).toBeGreaterThan(was.deadline);
  });

  it('is refused on a case that is not merged, by a department, and once the original has closed', () => {
    const { world, now } = worldWith(['a', 'verified'], ['b', 'reported']);
    expect(refused(world, { type: 'unmerge', caseId: 'b', reason: '误合并' }, actors.dispatcher, now).code).toBe('NOT_MERGED');
    act(world, merge('b', 'a'), actors.dispatcher, now);
    expect(refused(world, { type: 'unmerge', caseId: 'b', reason: '误合并' }, dept('dept-cg'), now).code).toBe('FORBIDDEN_ROLE');
    expect(refused(world, { type: 'unmerge', caseId: 'b', reason: '' }, actors.dispatcher, now).code).toBe('INVALID_COMMAND');
    act(world, { type: 'close', caseId: 'a', satisfaction: 'satisfied' }, actors.dispatcher, now + MIN);
    expect(refused(world, { type: 'unmerge', caseId: 'b', reason: '误合并' }, actors.dispatcher, now + 2 * MIN).code).toBe('NOT_MERGED');
  });
});

describe('closing an original', () => {
  it('verifies and closes every duplicate with it (an entry on each), stopping their clocks as nobody\u2019s success or failure', () => {
    const { world, now } = worldWith(['a', 'verified'], ['b', 'reported'], ['c', 'dispatched']);
    act(world, merge('b', 'a'), actors.dispatcher, now);
    act(world, merge('c', 'a'), actors.dispatcher, now + MIN);
    const r = act(world, { type: 'close', caseId: 'a', satisfaction: 'basic' }, actors.dispatcher, now + 2 * MIN);
    expect(r.events.map((e) => e.type)).toEqual(['closed']);
    expect(r.paired!.map((e) => [e.caseId, e.type])).toEqual([
      ['b', 'merge_closed'],
      ['c', 'merge_closed'],
    ]);
    const a = get(world, 'a');
    for (const id of ['b', 'c']) {
      const d = get(world, id);
      expect(d).toMatchObject({ status: 'closed', mergedInto: 'a', closedAt: a.closedAt, verifiedAt: a.verifiedAt });
      expect(d.statusBeforeMerge).toBeUndefined();
      expect(d.satisfaction).toBeUndefined();
      expect(d.clocks.every((k) => k.stoppedAt !== undefined && k.pausedAt === undefined)).toBe(true);
      expect(d.clocks.filter((k) => k.stoppedAt === a.closedAt).every((k) => k.outcome === 'stopped')).toBe(true);
    }
    expect(r.paired![0]!.data).toMatchObject({ originalCaseId: 'a', originalSatisfaction: 'basic', verifiedAt: a.verifiedAt });
  });

  it('an unsatisfied rating (rework) closes nothing', () => {
    const { world, now } = worldWith(['a', 'verified'], ['b', 'reported']);
    act(world, merge('b', 'a'), actors.dispatcher, now);
    const r = act(world, { type: 'close', caseId: 'a', satisfaction: 'unsatisfied' }, actors.dispatcher, now + MIN);
    expect(r.paired).toBeUndefined();
    expect(get(world, 'b').statusBeforeMerge).toBe('reported');
  });

  it('involvedCaseIds names what the writer must load', () => {
    const { world, now } = worldWith(['a', 'verified'], ['b', 'reported']);
    act(world, merge('b', 'a'), actors.dispatcher, now);
    expect(involvedCaseIds(get(world, 'a'), { type: 'close', caseId: 'a', satisfaction: 'satisfied' })).toEqual(['b']);
    expect(involvedCaseIds(get(world, 'b'), { type: 'unmerge', caseId: 'b', reason: 'x' })).toEqual(['a']);
    expect(involvedCaseIds(null, merge('x', 'y'))).toEqual(['y']);
  });
});

describe('link and unlink', () => {
  it('marks both cases related, without changing a status; unlink takes it back on both', () => {
    const { world, now } = worldWith(['a', 'dispatched'], ['b', 'closed']);
    const r = act(world, { type: 'link', caseId: 'a', otherCaseId: 'b' }, actors.supervisor, now);
    expect([...r.events, ...r.paired!].map((e) => [e.caseId, e.type, e.data.otherCaseId])).toEqual([
      ['a', 'linked', 'b'],
      ['b', 'linked', 'a'],
    ]);
    expect(get(world, 'a')).toMatchObject({ status: 'dispatched', relatedCaseIds: ['b'] });
    expect(get(world, 'b')).toMatchObject({ status: 'closed', relatedCaseIds: ['a'] });
    expect(refused(world, { type: 'link', caseId: 'b', otherCaseId: 'a' }, actors.dispatcher, now).code).toBe('ALREADY_LINKED');
    expect(refused(world, { type: 'link', caseId: 'a', otherCaseId: 'a' }, actors.dispatcher, now).code).toBe('SAME_CASE');
    expect(refused(world, { type: 'link', caseId: 'a', otherCaseId: 'zz' }, actors.dispatcher, now).code).toBe('NOT_FOUND');
    expect(refused(world, { type: 'link', caseId: 'a', otherCaseId: 'b' }, dept('dept-cg'), now).code).toBe('FORBIDDEN_ROLE');
    act(world, { type: 'unlink', caseId: 'b', otherCaseId: 'a' }, actors.dispatcher, now + MIN);
    expect(get(world, 'a').relatedCaseIds).toBeUndefined();
    expect(get(world, 'b').relatedCaseIds).toBeUndefined();
    expect(refused(world, { type: 'unlink', caseId: 'a', otherCaseId: 'b' }, actors.dispatcher, now).code).toBe('NOT_LINKED');
  });
});

describe('location on the report', () => {
  it('is optional, validated and kept on the case', () => {
    const ok = decide(null, reportCmd('loc', { location: { lon: 115.04, lat: 30.2 } }), { actor: actors.gridWorker, now: T0, ref });
    expect(ok.ok && foldEvents(ok.events)?.location).toEqual({ lon: 115.04, lat: 30.2 });
    for (const location of [
      { lon: 181, lat: 0 },
      { lon: 0, lat: -91 },
      { lon: Number.NaN, lat: 0 },
      { lon: Infinity, lat: 0 },
    ]) {
      const r = decide(null, reportCmd('loc', { location }), { actor: actors.gridWorker, now: T0, ref });
      expect(r.ok ? 'ok' : r.code).toBe('INVALID_COMMAND');
    }
    const none = decide(null, reportCmd('loc'), { actor: actors.gridWorker, now: T0, ref });
    expect(none.ok && 'location' in foldEvents(none.events)!).toBe(false);
  });
});

// ---------------------------------------------------------------- properties over several cases

const IDS = ['k1', 'k2', 'k3', 'k4'];
const ACTORS: Actor[] = [actors.dispatcher, actors.supervisor, actors.leader, actors.gridWorker, dept('dept-cg'), dept('dept-zz')];
const WEIGHT: Partial<Record<CommandType, number>> = {
  merge: 6,
  unmerge: 3,
  link: 2,
  unlink: 2,
  accept: 3,
  dispatch: 3,
  reportResult: 3,
  verify: 3,
  close: 5,
};

function payload(type: CommandType, id: string, w: World, pick: number): Command {
  const s = w.get(id);
  const other = IDS[pick % IDS.length]!;
  switch (type) {
    case 'report':
      return reportCmd(id, { reporter: pick % 2 ? { name: '居民' } : undefined, source: pick % 3 ? 'grid_worker' : 'hotline' });
    case 'accept':
      return { type, caseId: id, catalogItemId: 'item-rubbish', grade: 'normal' };
    case 'reject':
      return { type, caseId: id, reason: '不属实' };
    case 'selfHandle':
      return { type, caseId: id, note: '现场处置' };
    case 'dispatch':
      return { type, caseId: id, leadDepartmentId: pick % 2 ? 'dept-cg' : 'dept-zz', coDepartmentIds: [] };
    case 'sign':
      return { type, caseId: id };
    case 'bounce':
      return { type, caseId: id, reasonCode: 'other', text: '不属于本单位' };
    case 'reportResult':
      return { type, caseId: id, text: '已处置', attachments: [] };
    case 'requestExtension':
      return { type, caseId: id, minutes: 60, reason: '需时间' };
    case 'decideExtension':
    case 'decidePark':
      return { type, caseId: id, approve: pick % 3 !== 0 };
    case 'requestPark':
      return { type, caseId: id, reason: '长期工程' };
    case 'resume':
      return { type, caseId: id };
    case 'verify':
      return { type, caseId: id, passed: pick % 5 !== 0, note: '核查' };
    case 'close':
      return { type, caseId: id, satisfaction: pick % 6 === 0 ? 'unsatisfied' : 'satisfied' };
    case 'urge':
      return { type, caseId: id, urgeId: `u-${s?.version ?? 0}`, level: 'remind', message: '请加快', replyHours: 4 };
    case 'replyUrge':
      return { type, caseId: id, urgeId: s?.urges[0]?.id ?? 'none', text: '已收到' };
    case 'recordAccountability':
      return { type, caseId: id, recordId: `r-${s?.version ?? 0}`, unitId: 'centre', kind: 'late', text: '记录' };
    case 'merge':
      return { type, caseId: id, targetCaseId: other };
    case 'unmerge':
      return { type, caseId: id, reason: '并非同一问题' };
    case 'link':
      return { type, caseId: id, otherCaseId: other };
    case 'unlink':
      return { type, caseId: id, otherCaseId: s?.relatedCaseIds?.[pick % (s.relatedCaseIds.length || 1)] ?? other };
    case 'locate':
      return { type, caseId: id, location: { lon: 113.3, lat: 23.2 }, useLocatedGrid: false };
    case 'reopen':
      return { type, caseId: id, reason: '整改后问题复发' };
  }
}

function checkWorld(w: World, now: number): void {
  for (const [id, s] of w) {
    expect(foldEvents(s.timeline)).toEqual(s);
    expect(GridEvent.safeParse(s).success).toBe(true);
    // Never merged into itself, and no chains: the original is a root that lists the duplicate.
    expect(s.mergedInto).not.toBe(id);
    if (s.mergedInto !== undefined) {
      const root = w.get(s.mergedInto)!;
      expect(root).toBeDefined();
      expect(root.mergedInto).toBeUndefined();
      expect(root.mergedCaseIds).toContain(id);
      expect(s.status).toBe('closed');
      expect(s.mergedCaseIds).toBeUndefined();
      // Closing an original closes every duplicate (and a duplicate is final only once its original closed).
      if (root.status === 'closed') expect([s.statusBeforeMerge, s.closedAt === undefined]).toEqual([undefined, false]);
      // A reopened original (重新办理) is handled again on its own: the duplicates it closed stay closed with it.
      else if (root.reopenCount === undefined) expect(s.statusBeforeMerge).toBeDefined();
      else expect(s.statusBeforeMerge !== undefined || s.closedAt !== undefined).toBe(true);
      if (s.statusBeforeMerge !== undefined) {
        const live = s.clocks.filter((k) => k.stoppedAt === undefined);
        expect(live.every((k) => k.pausedAt !== undefined)).toBe(true);
      }
    }
    for (const d of s.mergedCaseIds ?? []) expect(w.get(d)?.mergedInto).toBe(id);
    // 关联 both ways.
    for (const r of s.relatedCaseIds ?? []) {
      expect(r).not.toBe(id);
      expect(w.get(r)?.relatedCaseIds).toContain(id);
    }
    for (const k of s.clocks) {
      const m = measureFor(k.natural, ref.calendar);
      for (const p of k.pauses) expect(usedMinutes(k, p.to, m)).toBeCloseTo(usedMinutes(k, p.from, m), 6);
      expect(usedMinutes(k, now, m)).toBeGreaterThanOrEqual(0);
    }
    const times = s.timeline.map((e) => e.at);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
  }
}

const stepArb = fc.record({ caseIdx: fc.nat(), pick: fc.nat(), dt: fc.integer({ min: 0, max: 240 }), any: fc.integer({ min: 0, max: 9 }) });

describe('properties of merging and linking over random multi-case sequences', () => {
  it('keep no chains, no self-merges, both-way links, originals closing their duplicates, and unmerge restoring the status', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 10, maxLength: 70 }), (steps) => {
        const w: World = new Map();
        /** Each merged case's status just before its merge, and its clocks' used time then. */
        const atMerge = new Map<string, { status: string; used: Map<string, number> }>();
        let now = T0;
        steps.forEach((step, i) => {
          now += step.dt * MIN;
          const id = IDS[step.caseIdx % IDS.length]!;
          const state = w.get(id) ?? null;
          const offered = ACTORS.flatMap((a) => allowedCommands(state, a, ref, now).map((t) => [a, t] as const));
          if (offered.length === 0) return;
          let pair = offered[0]!;
          if (step.any === 0)
            pair = [ACTORS[step.pick % ACTORS.length]!, (['merge', 'unmerge', 'link', 'unlink'] as const)[step.pick % 4]!];
          else {
            const total = offered.reduce((n, [, t]) => n + (WEIGHT[t] ?? 1), 0);
            let x = step.pick % total;
            for (const o of offered) {
              x -= WEIGHT[o[1]] ?? 1;
              if (x < 0) {
                pair = o;
                break;
              }
            }
          }
          const [actor, type] = pair;
          const cmd = payload(type, id, w, step.pick >> 2);
          const ctx: EngineContext = { actor, now, ref, commandId: `m-${i}`, cases: (x) => w.get(x) ?? null };
          const r = decide(state, cmd, ctx);
          expect(decide(state, cmd, ctx)).toEqual(r);
          if (!r.ok) return;
          for (const e of [...r.events, ...(r.paired ?? [])]) {
            expect(e.caseId === id || r.paired?.includes(e)).toBe(true);
            expect(e.commandId).toBe(`m-${i}`);
            expect(EVENT_DATA_SCHEMAS[e.type].safeParse(e.data).success).toBe(true);
          }
          // Paired entries never name the command's own case, and at most one per other case.
          const pairedCases = (r.paired ?? []).map((e) => e.caseId);
          expect(pairedCases).not.toContain(id);
          expect(new Set(pairedCases).size).toBe(pairedCases.length);
          apply(w, r);
          const next = w.get(id)!;
          const used = (c: GridEvent, at: number) =>
            new Map(c.clocks.map((k) => [k.id, usedMinutes(k, at, measureFor(k.natural, ref.calendar))]));
          if (type === 'merge') atMerge.set(id, { status: state!.status, used: used(state!, now) });
          if (type === 'unmerge') {
            // Merge then unmerge restores the status, and the merged time was counted against no clock.
            const before = atMerge.get(id)!;
            expect(next.status).toBe(before.status);
            expect(next.status).toBe(state!.statusBeforeMerge);
            for (const [k, m] of used(next, now)) expect(m, k).toBeCloseTo(before.used.get(k)!, 6);
          }
          if (type === 'merge' && isOpen(state!)) reached.add('merged');
          if (type === 'unmerge') reached.add('unmerged');
          if (r.paired?.some((e) => e.type === 'merge_closed')) reached.add('merge_closed');
          if (r.paired?.some((e) => e.type === 'linked')) reached.add('linked');
          checkWorld(w, now);
        });
      }),
      { numRuns: 150, seed: 13042026 },
    );
    for (const k of ['merged', 'unmerged', 'merge_closed', 'linked']) expect(reached).toContain(k);
  });
});
