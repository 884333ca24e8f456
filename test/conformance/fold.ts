/**
 * Rebuilding a case from its log entries as docs/case-model.md ("Events (timeline entries)") describes,
 * written from that table alone, for the event types below. The relay suite folds cases whose timelines
 * hold only these types and compares the result with the relay's snapshot of the case.
 */
type Json = Record<string, unknown>;

/** The event types this fold knows (the handling path of an ordinary case). */
export const FOLDED_TYPES: ReadonlySet<string> = new Set([
  'reported',
  'accepted',
  'rejected',
  'self_handled',
  'dispatched',
  'signed',
  'bounced',
  'result_reported',
  'verified',
  'rework_ordered',
  'closed',
  'extension_requested',
  'extension_decided',
  'urged',
  'deadlines_recalculated',
]);

/** The case fields the comparison looks at (every one of them is set by some entry above). */
export const COMPARED_FIELDS = [
  'id',
  'code',
  'title',
  'communityId',
  'gridId',
  'source',
  'status',
  'version',
  'updatedAt',
  'reportedAt',
  'catalogItemId',
  'category',
  'grade',
  'acceptedAt',
  'dispatchedAt',
  'handledAt',
  'verifiedAt',
  'closedAt',
  'leadDepartmentId',
  'coDepartmentIds',
  'mandatory',
  'fallback',
  'bounceCount',
  'reworkCount',
  'extensionCount',
  'satisfaction',
  'clocks',
  'urges',
] as const;

export interface FoldedCase extends Json {
  id: string;
  version: number;
  status: string;
  timeline: string[];
}

/** Folds `events` (ascending version) into a case; throws when an entry does not follow the case. */
export function foldCase(events: readonly Json[]): FoldedCase {
  let c: FoldedCase | null = null;
  for (const e of events) {
    const type = String(e.type);
    const d = (e.data ?? {}) as Json;
    const at = e.at as number;
    if (!FOLDED_TYPES.has(type)) throw new Error(`entry type ${type} is not folded here`);
    if (c === null) {
      if (type !== 'reported' || e.version !== 1)
        throw new Error(`the first entry must be 'reported' version 1, got ${type} version ${String(e.version)}`);
      c = {
        id: String(e.caseId),
        code: d.code,
        title: d.title,
        communityId: d.communityId,
        gridId: d.gridId,
        source: d.source,
        status: 'reported',
        reportedAt: d.reportedAt,
        catalogItemId: d.catalogItemId,
        category: d.category,
        coDepartmentIds: [],
        mandatory: false,
        fallback: false,
        bounceCount: 0,
        reworkCount: 0,
        extensionCount: 0,
        clocks: d.clocks,
        urges: [],
        version: 1,
        updatedAt: at,
        timeline: [String(e.id)],
      };
      continue;
    }
    if (e.caseId !== c.id) throw new Error(`entry of case ${String(e.caseId)} in the timeline of ${c.id}`);
    if (e.version !== c.version + 1) throw new Error(`case ${c.id}: version ${String(e.version)} after ${c.version}`);
    const s: FoldedCase = c;
    switch (type) {
      case 'accepted':
        Object.assign(s, {
          status: 'accepted',
          catalogItemId: d.catalogItemId,
          category: d.category,
          grade: d.grade,
          acceptedAt: at,
          clocks: d.clocks,
        });
        break;
      case 'rejected':
        Object.assign(s, { status: 'rejected', clocks: d.clocks });
        break;
      case 'self_handled':
        Object.assign(s, { status: 'self_handled', handledAt: at, clocks: d.clocks });
        break;
      case 'dispatched':
        Object.assign(s, {
          status: 'dispatched',
          leadDepartmentId: d.leadDepartmentId,
          coDepartmentIds: d.coDepartmentIds,
          mandatory: d.mandatory,
          fallback: d.fallback,
          dispatchedAt: at,
          clocks: d.clocks,
        });
        break;
      case 'signed':
        s.status = 'signed';
        break;
      case 'bounced':
        Object.assign(s, {
          status: 'bounced',
          leadDepartmentId: undefined,
          coDepartmentIds: [],
          mandatory: false,
          bounceCount: (s.bounceCount as number) + 1,
          clocks: d.clocks,
        });
        break;
      case 'result_reported':
        Object.assign(s, { status: 'handled', handledAt: at, clocks: d.clocks });
        break;
      case 'verified':
        if (d.passed === true) Object.assign(s, { status: 'verified', verifiedAt: at });
        s.clocks = d.clocks;
        break;
      case 'rework_ordered':
        Object.assign(s, { status: d.status, reworkCount: (s.reworkCount as number) + 1, clocks: d.clocks });
        if (d.satisfaction !== undefined) s.satisfaction = d.satisfaction;
        break;
      case 'closed':
        Object.assign(s, { status: 'closed', closedAt: at, satisfaction: d.satisfaction, clocks: d.clocks });
        break;
      case 'reopened':
        Object.assign(s, { status: 'accepted', closedAt: undefined, verifiedAt: undefined, reopenCount: d.reopenCount, clocks: d.clocks });
        break;
      case 'extension_requested':
        break;
      case 'extension_decided':
        if (d.approve === true) s.extensionCount = (s.extensionCount as number) + 1;
        s.clocks = d.clocks;
        break;
      case 'urged':
        s.urges = [...(s.urges as unknown[]), d.urge];
        break;
      case 'deadlines_recalculated': {
        s.clocks = d.clocks;
        const moved = new Map(((d.urges ?? []) as { urgeId: string; newDeadline: number }[]).map((u) => [u.urgeId, u.newDeadline]));
        s.urges = (s.urges as Json[]).map((u) => (moved.has(String(u.id)) ? { ...u, replyDeadline: moved.get(String(u.id)) } : u));
        break;
      }
    }
    s.version = e.version as number;
    s.updatedAt = at;
    s.timeline.push(String(e.id));
  }
  if (c === null) throw new Error('no entries');
  return c;
}
