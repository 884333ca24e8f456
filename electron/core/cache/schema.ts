/**
 * Versioned migrations of the workstation cache (the applied versions are recorded in schema_migrations, see migrate in db.ts).
 * The schema is shaped for the queue: one narrow row per case with the indexed columns, the full case JSON
 * in its own table (so index scans and row fetches stay small), timelines as rows, a trigram FTS index over
 * title/description/address, tab counts maintained by triggers, and the outbox and the optimistic overlay
 * kept apart from server state.
 */
import type Database from 'better-sqlite3';
import { CASE_GEO_DDL, MAP_INDEX_DDL, REBUILD_LOCATIONS } from './locations.js';
import { BIGRAM_DDL, fillBigramIndex } from './bigrams.js';
import { phoneOf } from '../reads/queueQuery.js';

/** PRAGMA application_id of our cache files: 'GCC1'. A file with tables and another id is foreign. */
export const APPLICATION_ID = 0x47434331;

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Filter columns carried at the end of every sort index (see the indexes below). */
const FILTER_COLUMNS = 'community_id, grid_id, source, grade_rank, status, clock_base, urge_count, lead_dept, category, deadline, warn_at';

/** Columns every case row carries (server state in `cases`, optimistic state in `local_cases`). */
const CASE_COLUMNS = `
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  code TEXT NOT NULL,
  tab TEXT NOT NULL,
  status TEXT NOT NULL,
  community_id TEXT NOT NULL,
  grid_id TEXT NOT NULL,
  category TEXT,
  lead_dept TEXT,
  grade TEXT,
  grade_rank INTEGER NOT NULL,
  source TEXT NOT NULL,
  reported_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER,
  deadline INTEGER NOT NULL,
  warn_at INTEGER,
  clock_base TEXT,
  urge_count INTEGER NOT NULL,
  title TEXT NOT NULL,
  address TEXT NOT NULL,
  description TEXT NOT NULL,
  extra TEXT NOT NULL`;

/** Counts of facet_counts_by from the rows of `cases` (migration 3; Store.recountFacets). */
export const FACET_BY_RECOUNT = ['grid_id', 'lead_dept', 'category']
  .map(
    (col, i) =>
      `INSERT INTO facet_counts_by SELECT '${['grid', 'dept', 'category'][i]}', ${col}, tab, status, community_id, source, coalesce(grade, ''), coalesce(clock_base, ''), urge_count > 0, count(*) FROM cases WHERE ${col} IS NOT NULL GROUP BY 2, 3, 4, 5, 6, 7, 8, 9;`,
  )
  .join('\n');

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial cache schema',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

        -- Server state of cases: narrow indexed row (rid is stable: the FTS index refers to it).
        CREATE TABLE cases (rid INTEGER PRIMARY KEY, ${CASE_COLUMNS});
        -- Order per tab and sort field, then rid: the exact order of a page (ties broken by rid), so its
        -- keys come from the index alone. Tab 'all' and 'overdue' merge the per-tab ranges (see queue.ts),
        -- so no second set of indexes without the tab is needed. The trailing columns are the queue's
        -- filters: a filtered walk is checked inside the index, without a table lookup per entry. Most of
        -- them change only together with the tab (or never); deadline and warn_at also move on extensions.
        CREATE INDEX cases_tab_reported ON cases(tab, reported_at, rid, ${FILTER_COLUMNS});
        CREATE INDEX cases_tab_updated ON cases(tab, updated_at, rid, ${FILTER_COLUMNS});
        CREATE INDEX cases_tab_deadline ON cases(tab, deadline, rid, ${FILTER_COLUMNS});
        CREATE INDEX cases_tab_code ON cases(tab, code, rid, ${FILTER_COLUMNS});
        CREATE INDEX cases_tab_grade ON cases(tab, grade_rank, reported_at DESC, rid, ${FILTER_COLUMNS});
        -- Selective filters: pages and totals per grid / department / category and tab.
        CREATE INDEX cases_grid ON cases(grid_id, tab, reported_at);
        CREATE INDEX cases_dept ON cases(lead_dept, tab) WHERE lead_dept IS NOT NULL;
        CREATE INDEX cases_category ON cases(category, tab) WHERE category IS NOT NULL;

        -- The case JSON without its timeline, and a compact summary of the timeline for statistics
        -- ('type,at,satisfaction;' per entry: what the metrics read when no replay is needed).
        CREATE TABLE case_docs (rid INTEGER PRIMARY KEY, doc TEXT NOT NULL, tl TEXT NOT NULL DEFAULT '');
        -- Timeline entries in arrival order (appends to the end of the table), found per case by the index.
        CREATE TABLE timeline (seq INTEGER PRIMARY KEY, case_id TEXT NOT NULL, version INTEGER NOT NULL, event TEXT NOT NULL);
        CREATE UNIQUE INDEX timeline_case ON timeline(case_id, version);

        -- Chinese full-text search: trigram tokens over the case's own text columns (external content).
        CREATE VIRTUAL TABLE cases_fts USING fts5(title, description, address, content='cases', content_rowid='rid', tokenize='trigram');

        -- Exact counts of the server state per facet combination, kept by Store.putCase in the same
        -- transaction as the rows (cheaper than a trigger per row): tab counts and totals filtered by tab /
        -- status / community / source / grade / urged / a non-running clock state never count rows.
        CREATE TABLE facet_counts (
          tab TEXT NOT NULL, status TEXT NOT NULL, community_id TEXT NOT NULL, source TEXT NOT NULL,
          grade TEXT NOT NULL, clock_base TEXT NOT NULL, urged INTEGER NOT NULL, n INTEGER NOT NULL,
          PRIMARY KEY (tab, status, community_id, source, grade, clock_base, urged)) WITHOUT ROWID;

        -- Reference data, one JSON value per RefData section (or 'bundle' for the rest).
        CREATE TABLE ref (section TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

        -- Local commands, kept apart from server state until the log shows them.
        CREATE TABLE outbox (
          n INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          case_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          actor TEXT NOT NULL,
          command TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'rejected')),
          created_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          applied_seq INTEGER,
          error_code TEXT,
          error_message TEXT
        );
        CREATE INDEX outbox_case ON outbox(case_id, n);

        -- Optimistic merged state of cases that have pending commands (server state + their effect).
        CREATE TABLE local_cases (rid INTEGER PRIMARY KEY, ${CASE_COLUMNS}, doc TEXT NOT NULL, events TEXT NOT NULL);

        -- Users who logged in here before: salted scrypt verifier for offline re-login, and the relay token.
        CREATE TABLE local_users (
          username TEXT PRIMARY KEY,
          user TEXT NOT NULL,
          salt BLOB NOT NULL,
          verifier BLOB NOT NULL,
          params TEXT NOT NULL,
          token TEXT,
          token_expires_at INTEGER,
          last_login_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    name: 'statistics fact records',
    up(db) {
      db.exec(`
        -- Compact statistics record of each case (shared/metrics/factRecord.ts; electron/core/statFacts.ts),
        -- clustered by lifetime class and report time: a period reads, per class, the cases reported from
        -- the class's longest lifetime before its start (see statFacts.ts LIFETIME_CLASSES); the last class
        -- (open, or longer-lived) is read from the start of time, it holds few cases.
        CREATE TABLE stat_recs (
          cls INTEGER NOT NULL, rep INTEGER NOT NULL, rid INTEGER NOT NULL, upd INTEGER NOT NULL, open INTEGER NOT NULL, f BLOB NOT NULL,
          PRIMARY KEY (cls, rep, rid)) WITHOUT ROWID;
        CREATE UNIQUE INDEX stat_recs_rid ON stat_recs(rid);
        -- Cases written since their record was built (Store.putCase adds the rid; statistics rebuild them).
        CREATE TABLE stat_dirty (rid INTEGER PRIMARY KEY);
        -- Codes of the ids and names records refer to (departments, communities, grids, categories, sources).
        CREATE TABLE stat_keys (code INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      `);
      // An existing cache gets its records in the background (statistics use the exact path meanwhile).
      if (db.prepare('SELECT 1 FROM cases LIMIT 1').get() !== undefined)
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('statFactsBackfill', 'pending')").run();
    },
  },
  {
    version: 3,
    name: 'queue: counts per grid / department / category, covering grid index',
    up(db) {
      db.exec(`
        -- Exact counts like facet_counts, per grid, lead department and category (dim 'grid' / 'dept' /
        -- 'category', value = its id): a total filtered by one of them never counts index entries (a
        -- department can hold most of the street's cases). Kept by Store.putCase with facet_counts.
        CREATE TABLE facet_counts_by (
          dim TEXT NOT NULL, value TEXT NOT NULL,
          tab TEXT NOT NULL, status TEXT NOT NULL, community_id TEXT NOT NULL, source TEXT NOT NULL,
          grade TEXT NOT NULL, clock_base TEXT NOT NULL, urged INTEGER NOT NULL, n INTEGER NOT NULL,
          PRIMARY KEY (dim, value, tab, status, community_id, source, grade, clock_base, urged)) WITHOUT ROWID;
        ${FACET_BY_RECOUNT}
        -- A grid's cases with every sort key and filter: a grid filter with any sort collects and sorts its
        -- few thousand matches from this index alone (no table lookup per match), and sorting by report
        -- time walks it. Replaces cases_grid (grid_id, tab, reported_at).
        DROP INDEX IF EXISTS cases_grid;
        CREATE INDEX cases_grid_cover ON cases(grid_id, tab, reported_at, rid, updated_at, deadline, code, grade_rank, community_id, source, status, clock_base, urge_count, lead_dept, category, warn_at);
      `);
    },
  },
  {
    version: 4,
    name: 'statistics fact records with their tails',
    up(db) {
      db.exec(`
        -- stat_recs again, each record split in two: its tail (shared/metrics/factRecord.ts recordTail: the
        -- record with its last segment only) with the instant the tail starts, in the clustered rows a
        -- period scans, and the whole record by rid in stat_full. A period whose evaluation instant is past
        -- the tail's start (nearly every case) reads the tail, a third of the bytes; the others look their
        -- record up. Small clustered rows stay on their b-tree page (no overflow pages). The records are
        -- built again in the background (statistics stay exact meanwhile, see stats.ts).
        DROP TABLE IF EXISTS stat_recs;
        CREATE TABLE stat_recs (
          cls INTEGER NOT NULL, rep INTEGER NOT NULL, rid INTEGER NOT NULL, upd INTEGER NOT NULL, open INTEGER NOT NULL,
          tail_from REAL NOT NULL, tail BLOB NOT NULL,
          PRIMARY KEY (cls, rep, rid)) WITHOUT ROWID;
        CREATE UNIQUE INDEX stat_recs_rid ON stat_recs(rid);
        CREATE TABLE stat_full (rid INTEGER PRIMARY KEY, f BLOB NOT NULL);
        DELETE FROM stat_dirty;
      `);
      if (db.prepare('SELECT 1 FROM cases LIMIT 1').get() !== undefined)
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('statFactsBackfill', 'pending')").run();
    },
  },
  {
    version: 5,
    name: 'case locations: lon / lat columns and an R*Tree of located cases',
    up(db) {
      db.exec(`
        -- The case's point (GridEvent.location, CGCS2000 degrees), NULL when it has none; kept by Store
        -- through cache/locations.ts. Server rows are also in the R*Tree case_geo (rid → a point box):
        -- nearby cases (reads/nearby.ts). The few optimistic rows are scanned by their columns.
        ALTER TABLE cases ADD COLUMN lon REAL;
        ALTER TABLE cases ADD COLUMN lat REAL;
        ALTER TABLE local_cases ADD COLUMN lon REAL;
        ALTER TABLE local_cases ADD COLUMN lat REAL;
        -- A third dimension, open (tab != 'closed': 1, else 0), prunes closed cases inside the tree.
        ${CASE_GEO_DDL};
        -- The located open rows with the queue's filter columns and what the map reads (reads/queueMap.ts).
        ${MAP_INDEX_DDL};
        ${REBUILD_LOCATIONS}
      `);
    },
  },
  {
    version: 6,
    name: 'two-character search: a bigram FTS index beside the trigram one',
    up(db) {
      // Contentless (the text stays in cases): one row per server case, rowid = rid (cache/bigrams.ts).
      db.exec(BIGRAM_DDL);
      fillBigramIndex(db);
    },
  },
  {
    version: 7,
    name: 'search by phone number: an index of the reporter phone (digits) of the case documents',
    up(db) {
      // The expression must stay phoneOf('doc') of reads/queueQuery.ts for SQLite to use the index.
      db.exec(`CREATE INDEX case_docs_phone ON case_docs(${phoneOf('doc')})`);
    },
  },
  {
    version: 8,
    name: 'operation log: reference-data entries, timeline entries by time',
    up(db) {
      db.exec(`
        -- The reference-data changes of the operation log (操作日志): one row per 'ref' log entry, what changed
        -- as shared/refAudit.ts RefAuditEntry JSON (names of subjects and fields, never values), with the
        -- columns the log filters on (cache/refAuditTable.ts). A cache from before has none: the core fetches
        -- them from the relay (ref:history) while meta refAuditThrough is behind the cursor (absent: 0).
        CREATE TABLE ref_audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, section TEXT NOT NULL, actor_id TEXT, unit_id TEXT, entry TEXT NOT NULL);
        CREATE INDEX ref_audit_at ON ref_audit(at);
        -- Timeline entries by their instant: a period of the operation log reads its range, not every entry.
        -- The expression must stay the one reads/audit.ts filters on for SQLite to use the index.
        CREATE INDEX timeline_at ON timeline(json_extract(event, '$.at'));
      `);
    },
  },
];

/** The highest migration version (migrations may be listed out of order: they landed in parallel). */
export const SCHEMA_VERSION = MIGRATIONS.reduce((m, x) => Math.max(m, x.version), 0);
