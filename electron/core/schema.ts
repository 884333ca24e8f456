/**
 * Versioned migrations of the workstation cache (PRAGMA user_version holds the applied version).
 * The schema is shaped for the queue: one narrow row per case with the indexed columns, the full case JSON
 * in its own table (so index scans and row fetches stay small), timelines as rows, a trigram FTS index over
 * title/description/address, tab counts maintained by triggers, and the outbox and the optimistic overlay
 * kept apart from server state.
 */
import type Database from 'better-sqlite3';

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
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
