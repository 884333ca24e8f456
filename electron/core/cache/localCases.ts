/**
 * The optimistic overlay: the local copy of a case with the commands of this workstation applied that the
 * relay has not yet confirmed (`local_cases`), and the queue rows that read it before the server row.
 * Part of the Store facade (store.ts).
 */
import type Database from 'better-sqlite3';
import type { CaseLocations } from './locations.js';
import type { QueueRow } from '../../../shared/api.js';
import type { CaseEvent, GridEvent } from '../../../shared/gridEvent.js';
import type { RefData } from '../../../shared/refData.js';
import { caseColumns, queueRowOf, type CaseColumns } from './caseRow.js';
import { COLS, ROW_SELECT } from './caseTable.js';

/** Local rows get rids above every server rid so a new (report) case sorts last among equals. */
const LOCAL_RID_BASE = 2 ** 50;

export class LocalCases {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly locations: CaseLocations,
  ) {
    const insertCols = COLS.join(', ');
    const insertVals = COLS.map((k) => '@' + k).join(', ');
    this.s = {
      delete: db.prepare('DELETE FROM local_cases WHERE id = ?'),
      upsert: db.prepare(
        `INSERT INTO local_cases (rid, ${insertCols}, doc, events) VALUES (@rid, ${insertVals}, @doc, @events)
         ON CONFLICT(id) DO UPDATE SET rid = excluded.rid, ${COLS.filter((k) => k !== 'id')
           .map((k) => `${k} = excluded.${k}`)
           .join(', ')}, doc = excluded.doc, events = excluded.events`,
      ),
      get: db.prepare('SELECT doc, events FROM local_cases WHERE id = ?'),
      count: db.prepare('SELECT count(*) FROM local_cases').pluck(),
      ids: db.prepare('SELECT id FROM local_cases').pluck(),
      rowById: db.prepare(
        `SELECT ${ROW_SELECT} FROM local_cases c WHERE c.id = ? UNION ALL SELECT ${ROW_SELECT} FROM cases c WHERE c.id = ? LIMIT 1`,
      ),
    };
  }

  put(state: GridEvent, events: readonly CaseEvent[], serverRid: number | null, n: number, calendar: RefData['calendar'] | null): void {
    const cols = caseColumns(state, calendar);
    this.s.upsert.run({
      ...cols,
      rid: serverRid ?? LOCAL_RID_BASE + n,
      doc: JSON.stringify({ ...state, timeline: [] }),
      events: JSON.stringify(events),
    });
    this.locations.localWritten(state.id, state); // location hook
  }
  delete(caseId: string): void {
    this.s.delete.run(caseId);
  }
  get(caseId: string): { state: GridEvent; events: CaseEvent[] } | null {
    const r = this.s.get.get(caseId) as { doc: string; events: string } | undefined;
    return r ? { state: JSON.parse(r.doc) as GridEvent, events: JSON.parse(r.events) as CaseEvent[] } : null;
  }
  count(): number {
    return this.s.count.get() as number;
  }
  ids(): string[] {
    return this.s.ids.all() as string[];
  }
  clear(): void {
    this.db.exec('DELETE FROM local_cases');
  }

  /**
   * Queue rows of the given cases, the optimistic local copy first, in the order given (ids not cached are
   * left out), at most `limit`; `pending` counts the unconfirmed commands per case.
   */
  queueRowsByIds(ids: readonly string[], limit: number, pending: Map<string, number>): QueueRow[] {
    const out: QueueRow[] = [];
    for (const id of ids.slice(0, limit)) {
      const r = this.s.rowById.get(id, id) as CaseColumns | undefined;
      if (r) out.push(queueRowOf(r, pending.get(id) ?? 0));
    }
    return out;
  }
}
