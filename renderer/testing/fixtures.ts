/** Test fixtures: real demo reference data and cases made by the real engine. */
import type { QueueRow } from '../../shared/api.js';
import type { Command } from '../../shared/commands.js';
import type { GridEvent } from '../../shared/gridEvent.js';
import type { Actor, CaseClock } from '../../shared/model.js';
import { decide, evolve } from '../../shared/engine/index.js';
import { createDemoRefData } from '../../shared/demo/refData.js';

export const ref = createDemoRefData();
export const T0 = Date.UTC(2026, 10, 24, 2, 0); // Tue 2026-11-24 10:00 in the street (UTC+8)
export const dispatcher: Actor = { id: 'u-dispatcher', name: '调度员甲', role: 'dispatcher', unitId: 'centre' };
const hotline: Actor = { id: 'hl', name: '12345', role: 'hotline' };

export function run(state: GridEvent | null, cmd: Command, actor: Actor, at: number): GridEvent {
  const d = decide(state, cmd, { actor, now: at, ref, commandId: `cmd-${cmd.type}-${at}` });
  if (!d.ok) throw new Error(`${d.code}: ${d.message}`);
  return d.events.reduce<GridEvent | null>((s, e) => evolve(s, e), state)!;
}

/** A case reported, accepted and (optionally) dispatched. */
export function makeCase(id: string, stage: 'reported' | 'accepted' | 'dispatched' = 'dispatched', at = T0): GridEvent {
  const item = ref.catalog[0]!;
  const grid = ref.grids[0]!;
  let c = run(
    null,
    {
      type: 'report',
      caseId: id,
      source: 'hotline',
      title: `测试事件${id}`,
      description: '描述',
      address: '地址',
      communityId: grid.communityId,
      gridId: grid.id,
      attachments: [],
    },
    hotline,
    at,
  );
  if (stage === 'reported') return c;
  c = run(c, { type: 'accept', caseId: id, catalogItemId: item.id, grade: 'normal' }, dispatcher, at + 60_000);
  if (stage === 'accepted') return c;
  return run(
    c,
    { type: 'dispatch', caseId: id, leadDepartmentId: item.defaultDepartmentId, coDepartmentIds: [] },
    dispatcher,
    at + 120_000,
  );
}

export function rowOf(c: GridEvent): QueueRow {
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    address: c.address,
    communityId: c.communityId,
    gridId: c.gridId,
    source: c.source,
    status: c.status,
    reportedAt: c.reportedAt,
    updatedAt: c.updatedAt,
    clocks: c.clocks.filter((k) => k.stoppedAt === undefined),
    bounceCount: c.bounceCount,
    mandatory: c.mandatory,
    fallback: c.fallback,
    urgeCount: c.urges.length,
    pendingCount: 0,
    upstreamIssue: false,
    ...(c.grade ? { grade: c.grade } : {}),
    ...(c.category ? { category: c.category } : {}),
    ...(c.leadDepartmentId ? { leadDepartmentId: c.leadDepartmentId } : {}),
  };
}

/** Synthetic rows (cheap): ids r0..r{n-1}. */
export function rows(n: number, prefix = 'r'): QueueRow[] {
  const base = rowOf(makeCase('base'));
  return Array.from({ length: n }, (_, i) => ({ ...base, id: `${prefix}${i}`, code: `C${i}`, title: `事件${i}` }));
}

export const counts = {
  pending_accept: 0,
  pending_dispatch: 0,
  handling: 0,
  bounced: 0,
  pending_verify: 0,
  pending_close: 0,
  overdue: 0,
  parked: 0,
  closed: 0,
  all: 0,
};

/** A running handling clock on natural time, started an hour before T0 with 9 hours left (clock badge tests). */
export const handlingClock = (p: Partial<CaseClock> = {}): CaseClock => ({
  id: 'k',
  kind: 'handling',
  unitId: 'cgk',
  startedAt: T0 - 3_600_000,
  limitMinutes: 600,
  natural: true,
  deadline: T0 + 9 * 3_600_000,
  pauses: [],
  extensions: [],
  ...p,
});
