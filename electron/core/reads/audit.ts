/**
 * The operation log (操作日志): who did what and when, newest first, filtered by period, actor, unit, kind
 * (案件 / 基础数据) and entry type or reference-data section. Case entries are the `timeline` rows (one JSON
 * entry each, the case code joined from `cases`), read by their instant through the expression index
 * timeline_at (migration 8: a period reads its range, never the whole timeline); reference-data changes
 * are the `ref_audit` rows (cache/refAuditTable.ts), by `at` through ref_audit_at. Both come from the cache:
 * the log works offline. A query is bounded to a year. Before reading, a backfill of reference-data entries
 * the cache never saw arrive is awaited when one is due and possible (reads/refAuditBackfill.ts).
 */
import type Database from 'better-sqlite3';
import type { AuditQuery, AuditResult, AuditRow } from '../../../shared/api.js';
import type { CaseEvent } from '../../../shared/gridEvent.js';
import type { RefAuditEntry } from '../../../shared/refAudit.js';

/** The instant of a timeline entry: the expression of the index timeline_at (schema.ts migration 8). */
export const TIMELINE_AT = "json_extract(t.event, '$.at')";

const CASE_WHERE =
  `@wantCase = 1 AND ${TIMELINE_AT} BETWEEN @from AND @to ` +
  "AND (@actor IS NULL OR json_extract(t.event, '$.actor.id') = @actor) " +
  "AND (@unit IS NULL OR json_extract(t.event, '$.actor.unitId') = @unit) " +
  "AND (@type IS NULL OR json_extract(t.event, '$.type') = @type)";
const REF_WHERE =
  '@wantRef = 1 AND r.at BETWEEN @from AND @to AND (@actor IS NULL OR r.actor_id = @actor) ' +
  'AND (@unit IS NULL OR r.unit_id = @unit) AND (@section IS NULL OR r.section = @section)';

/** The SQL of one page, exported for the query-plan test. */
export const AUDIT_PAGE_SQL =
  `SELECT kind, at, s, body, code FROM (` +
  `SELECT 'case' AS kind, ${TIMELINE_AT} AS at, t.seq AS s, t.event AS body, coalesce(c.code, '') AS code ` +
  `FROM timeline t LEFT JOIN cases c ON c.id = t.case_id WHERE ${CASE_WHERE} ` +
  `UNION ALL SELECT 'ref', r.at, r.seq, r.entry, '' FROM ref_audit r WHERE ${REF_WHERE}) ` +
  'ORDER BY at DESC, s DESC LIMIT @limit OFFSET @offset';

export interface AuditBackfill {
  /** Resolves once a due backfill has run (or at once when none is due or possible); never rejects. */
  kick(): Promise<void>;
}

export class AuditReader {
  private readonly rows: Database.Statement;
  private readonly countCase: Database.Statement;
  private readonly countRef: Database.Statement;
  private backfill: AuditBackfill | null = null;

  constructor(db: Database.Database) {
    this.rows = db.prepare(AUDIT_PAGE_SQL);
    this.countCase = db.prepare(`SELECT count(*) FROM timeline t WHERE ${CASE_WHERE}`).pluck();
    this.countRef = db.prepare(`SELECT count(*) FROM ref_audit r WHERE ${REF_WHERE}`).pluck();
  }

  attachBackfill(b: AuditBackfill): void {
    this.backfill = b;
  }

  async list(q: AuditQuery): Promise<AuditResult> {
    if (this.backfill) await this.backfill.kick();
    return this.read(q);
  }

  /** The page, from the cache as it stands. */
  read(q: AuditQuery): AuditResult {
    // A type names case entries, a section reference-data ones: either leaves the other kind out.
    const wantCase = q.kind !== 'ref' && q.section === undefined;
    const wantRef = q.kind !== 'case' && q.type === undefined;
    const p = {
      from: q.period.from,
      to: q.period.to,
      actor: q.actorId ?? null,
      unit: q.unitId ?? null,
      type: q.type ?? null,
      section: q.section ?? null,
      wantCase: wantCase ? 1 : 0,
      wantRef: wantRef ? 1 : 0,
    };
    const raw = this.rows.all({ ...p, limit: q.limit, offset: q.offset }) as Array<{ kind: 'case' | 'ref'; body: string; code: string }>;
    const rows = raw.map(({ kind, body, code }): AuditRow => {
      if (kind === 'ref') return { kind: 'ref', ...(JSON.parse(body) as RefAuditEntry) };
      const e = JSON.parse(body) as CaseEvent;
      const row: AuditRow = { kind: 'case', at: e.at, caseId: e.caseId, code, type: e.type, actor: e.actor };
      if (e.note !== undefined) row.note = e.note;
      return row;
    });
    const { section: _s, wantRef: _r, ...caseParams } = p;
    const { type: _t, wantCase: _c, ...refParams } = p;
    return { rows, total: (this.countCase.get(caseParams) as number) + (this.countRef.get(refParams) as number) };
  }
}
