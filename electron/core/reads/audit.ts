/**
 * The operation log (操作日志): timeline entries across cases from the cache, newest first, filtered by
 * period, actor, unit and entry type. It reads the `timeline` table (one JSON entry per row) with the case
 * code joined from `cases`; a query is bounded to a year and scans the entries of the cache (fine for a
 * street's workstation cache; not indexed by time).
 */
import type Database from 'better-sqlite3';
import type { AuditQuery, AuditResult, AuditRow } from '../../../shared/api.js';
import type { CaseEvent } from '../../../shared/gridEvent.js';

export class AuditReader {
  private readonly rows: Database.Statement;
  private readonly count: Database.Statement;

  constructor(db: Database.Database) {
    const where =
      "json_extract(t.event, '$.at') BETWEEN @from AND @to " +
      "AND (@actor IS NULL OR json_extract(t.event, '$.actor.id') = @actor) " +
      "AND (@unit IS NULL OR json_extract(t.event, '$.actor.unitId') = @unit) " +
      "AND (@type IS NULL OR json_extract(t.event, '$.type') = @type)";
    this.rows = db.prepare(
      `SELECT t.event AS event, coalesce(c.code, '') AS code FROM timeline t LEFT JOIN cases c ON c.id = t.case_id WHERE ${where} ` +
        "ORDER BY json_extract(t.event, '$.at') DESC, t.seq DESC LIMIT @limit OFFSET @offset",
    );
    this.count = db.prepare(`SELECT count(*) FROM timeline t WHERE ${where}`).pluck();
  }

  list(q: AuditQuery): AuditResult {
    const p = { from: q.period.from, to: q.period.to, actor: q.actorId ?? null, unit: q.unitId ?? null, type: q.type ?? null };
    const rows = (this.rows.all({ ...p, limit: q.limit, offset: q.offset }) as Array<{ event: string; code: string }>).map(
      ({ event, code }): AuditRow => {
        const e = JSON.parse(event) as CaseEvent;
        const row: AuditRow = { at: e.at, caseId: e.caseId, code, type: e.type, actor: e.actor };
        if (e.note !== undefined) row.note = e.note;
        return row;
      },
    );
    return { rows, total: this.count.get(p) as number };
  }
}
