/**
 * Filing a division (网格划分备案) at the relay: the pure plan of what a filing changes in the reference data.
 * The relay is the only writer of reference data; a division takes effect only when it passes every check
 * of shared/geo (validateDivision) against the reference data it will join: nothing changes otherwise.
 *
 * A filing: numbers the division (version = highest + 1), stamps who and when, closes the division in force
 * before it (effectiveTo = the day before), matches its grids to the grid list by id or code (a grid the new
 * division no longer has is retired: validTo = the day before, so its cases keep it), creates grids for new
 * codes (validFrom = the effective day) and moves grid workers the division assigns.
 */
import type { Actor, Grid, GridWorker } from '../shared/model.js';
import type { RefData } from '../shared/refData.js';
import { validateDivision, type Division, type DivisionProblem } from '../shared/geo/index.js';

export type FilingPlan =
  | { ok: true; division: Division; grids: Grid[]; gridWorkers: GridWorker[]; gridsChanged: boolean; workersChanged: boolean; added: number; retired: number }
  | { ok: false; code: 'INVALID_DIVISION' | 'INVALID_DATE'; message: string; problems: DivisionProblem[] };

/** YYYY-MM-DD of the day before `day` (calendar days, no time zone involved). */
export function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** At most this many problems are named in the refusal (the workstation shows the full list before filing). */
const NAMED_PROBLEMS = 5;

export function planFiling(ref: RefData, draft: Division, actor: Actor, now: number): FilingPlan {
  const existing = ref.divisions ?? [];
  const latest = existing.at(-1);
  if (latest && draft.effectiveFrom <= latest.effectiveFrom) {
    return {
      ok: false,
      code: 'INVALID_DATE',
      message: `新划分的生效日期（${draft.effectiveFrom}）必须晚于现行划分（第${latest.version}版）的生效日期 ${latest.effectiveFrom}。`,
      problems: [],
    };
  }
  const communityByCode = new Map(ref.communities.map((c) => [c.code, c.id]));
  const communityIds = new Set(ref.communities.map((c) => c.id));
  const day = draft.effectiveFrom;
  const before = dayBefore(day);
  const inForce = (g: Grid) => g.validFrom <= day && (g.validTo === undefined || g.validTo >= day);
  const current = ref.grids.filter(inForce);
  const byCode = new Map(current.map((g) => [g.code, g]));
  const byId = new Map(ref.grids.map((g) => [g.id, g]));
  const usedIds = new Set(ref.grids.map((g) => g.id));

  // Resolve each grid's community and grid id against the reference data.
  const grids = draft.grids.map((g) => {
    const communityId = g.communityId && communityIds.has(g.communityId) ? g.communityId : g.communityCode ? communityByCode.get(g.communityCode) : undefined;
    const match = (g.gridId ? byId.get(g.gridId) : undefined) ?? byCode.get(g.code);
    return { ...g, ...(communityId ? { communityId } : {}), ...(match ? { gridId: match.id } : {}) };
  });
  const communities = draft.communities.map((c) => {
    const id = communityIds.has(c.communityId) ? c.communityId : c.communityCode ? (communityByCode.get(c.communityCode) ?? c.communityId) : c.communityId;
    return { ...c, communityId: id };
  });
  const version = Math.max(0, ...existing.map((d) => d.version)) + 1;
  const division: Division = { ...draft, version, grids, communities, filedBy: `${actor.name}（${actor.id}）`, filedAt: now };
  delete division.effectiveTo;
  delete division.demo;

  const problems = validateDivision(division, { gridCodeRule: ref.gridCodeRule, gridWorkers: ref.gridWorkers });
  for (const g of grids) {
    if (!g.communityId) problems.push({ kind: 'unknownCommunity', message: `网格“${g.code}”所属社区在社区名录中不存在，请先维护社区名录。`, codes: [g.code] });
  }
  if (problems.length > 0) {
    const named = problems.slice(0, NAMED_PROBLEMS).map((p) => p.message).join('；');
    const more = problems.length > NAMED_PROBLEMS ? `等 ${problems.length} 个问题` : '';
    return { ok: false, code: 'INVALID_DIVISION', message: `网格划分未通过检查，未备案：${named}${more}。请修正后重新提交。`, problems };
  }

  // The grid list: keep matched grids (name and community follow the division), retire the rest, add new.
  let added = 0;
  let retired = 0;
  const kept = new Set<string>();
  const nextGrids: Grid[] = ref.grids.map((g) => {
    const dg = grids.find((x) => x.gridId === g.id);
    if (dg) {
      kept.add(g.id);
      return { ...g, name: dg.name, communityId: dg.communityId as string };
    }
    if (inForce(g)) {
      retired++;
      return { ...g, validTo: before };
    }
    return g;
  });
  for (const dg of grids) {
    if (dg.gridId) continue;
    let id = `grid-${dg.code}`;
    for (let i = 2; usedIds.has(id); i++) id = `grid-${dg.code}-${i}`;
    usedIds.add(id);
    dg.gridId = id;
    nextGrids.push({ id, code: dg.code, name: dg.name, communityId: dg.communityId as string, validFrom: day });
    added++;
  }

  // Grid workers the division assigns move to their grid.
  let workersChanged = false;
  const assign = new Map(grids.filter((g) => g.gridWorkerId).map((g) => [g.gridWorkerId as string, g.gridId as string]));
  const gridWorkers = ref.gridWorkers.map((w) => {
    const to = assign.get(w.id);
    if (!to || to === w.gridId) return w;
    workersChanged = true;
    return { ...w, gridId: to };
  });

  const gridsChanged = added > 0 || retired > 0 || nextGrids.some((g, i) => g !== ref.grids[i] && (g.name !== ref.grids[i]?.name || g.communityId !== ref.grids[i]?.communityId));
  return { ok: true, division, grids: nextGrids, gridWorkers, gridsChanged, workersChanged, added, retired };
}

/** The division in force before `division` gets its end day. */
export function closedPredecessor(ref: RefData, division: Division): Division | null {
  const prev = (ref.divisions ?? []).filter((d) => d.effectiveFrom < division.effectiveFrom && d.effectiveTo === undefined).at(-1);
  return prev ? { ...prev, effectiveTo: dayBefore(division.effectiveFrom) } : null;
}
