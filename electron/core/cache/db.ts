/**
 * Opening the workstation cache: pragmas, migrations, and recovery from a corrupt, foreign or too-new file
 * (moved aside with a timestamped name, never deleted; pending outbox rows are salvaged when readable).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, MIGRATIONS, type Migration } from './schema.js';
import type { Logger } from '../log.js';

export interface OpenCacheOptions {
  /** Test hook: cap the file size (PRAGMA max_page_count) to simulate a full disk. */
  maxPageCount?: number;
  /** Page cache size in KiB (default 64 MiB). */
  cacheKiB?: number;
  log: Logger;
}

export interface OpenedCache {
  db: Database.Database;
  /** Set when the previous file could not be used: where it went and why. */
  recovered?: { movedTo: string; reason: string; salvagedOutbox: number };
}

/** A salvaged outbox row (raw columns), carried into the fresh cache. */
type OutboxRow = Record<string, unknown>;
/** What survives from an unusable cache: the outbox and the client id its mutation numbers belong to. */
interface Salvage {
  outbox: OutboxRow[];
  clientId?: string;
}

/** The file cannot be used as a cache (foreign, damaged, too new); openCache moves it aside. */
export class UnusableCache extends Error {
  constructor(
    message: string,
    readonly salvage: Salvage = { outbox: [] },
  ) {
    super(message);
  }
}

export function applyPragmas(db: Database.Database, opts: { maxPageCount?: number; cacheKiB?: number }): void {
  db.pragma('journal_mode = WAL');
  // FULL: a command in the outbox must survive power loss, not only a crash of the process. Applying
  // server state switches to NORMAL for its transactions (Store.refetchable): the relay can send it again.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = OFF');
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = -${Math.max(2048, opts.cacheKiB ?? 64 * 1024)}`);
  db.pragma('busy_timeout = 5000');
  // Checkpoint at 64 MiB of WAL instead of 4 MiB: a catch-up's commits are not interrupted by copying
  // pages into the file; the sync engine checkpoints when idle after catching up (Replica.checkpoint).
  db.pragma('wal_autocheckpoint = 16384');
  if (opts.maxPageCount !== undefined) db.pragma(`max_page_count = ${opts.maxPageCount}`);
}

/**
 * Applies every migration the file has not had yet, each in its own transaction, in version order. The
 * applied versions are recorded one by one (table schema_migrations), not only as PRAGMA user_version:
 * migrations written in parallel may land in any order (a cache that already has version 3 still gets a
 * version 2 added later), so "applied" is a set, not a high-water mark. user_version keeps the highest
 * applied version (older programs read it to refuse a newer file).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const supported = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > supported) throw new UnusableCache(`cache schema version ${current} is newer than this program supports (${supported})`, salvageOutbox(db));
  const known = new Set(migrations.map((m) => m.version));
  const hasLedger = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  // Caches from before the ledger applied migrations as a high-water mark: everything up to user_version.
  const applied = new Set<number>(hasLedger ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : migrations.filter((m) => m.version <= current).map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length > 0) throw new UnusableCache(`cache has schema migration(s) ${unknown.join(', ')} that this program does not know (a newer version wrote it)`, salvageOutbox(db));
  const record = () => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    return db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  };
  if (!hasLedger && applied.size > 0) {
    db.transaction(() => {
      const ins = record();
      for (const m of migrations) if (applied.has(m.version)) ins.run(m.version, m.name, Date.now());
    })();
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      m.up(db);
      record().run(m.version, m.name, Date.now());
      const top = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number;
      db.pragma(`user_version = ${top}`);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    })();
  }
}

/** Checks the file is one of ours (or empty) before touching it; throws UnusableCache otherwise. */
function checkIdentity(db: Database.Database): void {
  let appId: number;
  let tables: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  } catch (e) {
    if (isTransient(errorCode(e))) throw e;
    throw new UnusableCache(`not a readable SQLite database (${errorCode(e)}: ${(e as Error).message})`, salvageOutbox(db));
  }
  if (tables > 0 && appId !== APPLICATION_ID) throw new UnusableCache(`foreign SQLite database (application_id ${appId}), not a workstation cache`);
  if (tables > 0) {
    try {
      // Reads the schema and a page of each core table: catches a damaged header or schema early and cheaply.
      db.prepare('SELECT count(*) FROM meta').get();
      db.prepare('SELECT rid FROM cases LIMIT 1').get();
      db.prepare('SELECT n FROM outbox LIMIT 1').get();
    } catch (e) {
      if (isTransient(errorCode(e))) throw e;
      throw new UnusableCache(`damaged cache (${errorCode(e)}: ${(e as Error).message})`, salvageOutbox(db));
    }
  }
}

function salvageOutbox(db: Database.Database): Salvage {
  const out: Salvage = { outbox: [] };
  try {
    out.outbox = db.prepare('SELECT * FROM outbox ORDER BY n').all() as OutboxRow[];
    const row = db.prepare("SELECT value FROM meta WHERE key = 'clientId'").get() as { value: string } | undefined;
    if (row) out.clientId = row.value;
  } catch {
    // Best effort: a damaged page may hide part of it; the rest of the cache is rebuilt from the relay.
  }
  return out;
}

export function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : 'ERROR';
}

function moveAside(file: string, reason: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.unusable-${stamp}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  fs.writeFileSync(`${target}.reason.txt`, `${reason}\n`);
  return target;
}

function openFresh(file: string, opts: OpenCacheOptions): Database.Database {
  const db = new Database(file);
  try {
    applyPragmas(db, opts);
    checkIdentity(db);
    migrate(db);
    // Planner statistics for tables that have none or outdated ones, sampled (milliseconds, even on 1M rows).
    db.pragma('analysis_limit = 400');
    db.pragma('optimize = 0x10002');
    return db;
  } catch (e) {
    const code = errorCode(e);
    // Damage found past the identity probe (a migration, or ANALYZE reading a table the probe's covering
    // index did not): the file is moved aside, so salvage the outbox first, while it is still open.
    const damaged = !(e instanceof UnusableCache) && isDamage(code);
    const salvage = damaged ? salvageOutbox(db) : undefined;
    db.close();
    if (damaged) throw new UnusableCache(`not a readable SQLite database (${code}: ${(e as Error).message})`, salvage);
    throw e;
  }
}

/** SQLite codes that mean the file itself is damaged (never a transient condition such as a full disk). */
export function isDamage(code: string): boolean {
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

/**
 * SQLite codes of a condition outside the file (full disk, I/O error, locks, permissions): never a reason to
 * move the cache aside; the caller reports it and tries again later.
 */
export function isTransient(code: string): boolean {
  return /^SQLITE_(IOERR|FULL|BUSY|LOCKED|CANTOPEN|NOMEM|READONLY|PERM|PROTOCOL)/.test(code);
}

/** Marker beside the cache: a query met damage while running; the next start moves the file aside. */
const damageMarker = (file: string) => `${file}.damaged`;

/**
 * Records that a query on `file` met damage (SQLITE_CORRUPT / NOTADB) while the core was running. The file
 * cannot be swapped under open statements, so the next openCache moves it aside (outbox salvaged) and
 * builds a fresh cache: deep damage that the start-up probes do not read is repaired, not met again.
 */
export function markDamaged(file: string, reason: string): void {
  try {
    if (!fs.existsSync(damageMarker(file))) fs.writeFileSync(damageMarker(file), `${new Date().toISOString()} ${reason}\n`);
  } catch {
    // A full disk may refuse even this: the damage is met (and marked) again after the restart.
  }
}

/** Outbox and client id of a file that failed to open (best effort, read-only). */
function salvageFile(file: string): Salvage {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return salvageOutbox(db);
    } finally {
      db.close();
    }
  } catch {
    return { outbox: [] };
  }
}

/** Opens (or creates) the cache at `file`; an unusable file is moved aside and a fresh cache is built. */
export function openCache(file: string, opts: OpenCacheOptions): OpenedCache {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const marked = fs.existsSync(damageMarker(file)) ? fs.readFileSync(damageMarker(file), 'utf8').trim() : null;
    if (marked !== null && fs.existsSync(file)) throw new UnusableCache(`damaged cache, found while running (${marked})`, salvageFile(file));
    fs.rmSync(damageMarker(file), { force: true });
    return { db: openFresh(file, opts) };
  } catch (e) {
    const code = errorCode(e);
    const unusable = e instanceof UnusableCache || isDamage(code);
    if (!unusable) throw e;
    const reason = (e as Error).message;
    // Every move-aside carries the outbox over: from the error, or read from the file now.
    const salvage = e instanceof UnusableCache ? e.salvage : salvageFile(file);
    const movedTo = moveAside(file, reason);
    fs.rmSync(damageMarker(file), { force: true });
    opts.log.error(`cache ${file} is unusable (${reason}); moved it to ${movedTo} and building a fresh cache`);
    const db = openFresh(file, opts);
    restoreSalvage(db, salvage, opts.log);
    return { db, recovered: { movedTo, reason, salvagedOutbox: salvage.outbox.length } };
  }
}

function restoreSalvage(db: Database.Database, salvage: Salvage, log: Logger): void {
  const rows = salvage.outbox;
  if (rows.length === 0) return;
  const insert = db.prepare(
    `INSERT OR IGNORE INTO outbox (n, id, case_id, user_id, actor, command, status, created_at, attempts, applied_seq, error_code, error_message)
     VALUES (@n, @id, @case_id, @user_id, @actor, @command, @status, @created_at, @attempts, @applied_seq, @error_code, @error_message)`,
  );
  db.transaction(() => {
    for (const r of rows) {
      try {
        insert.run({ attempts: 0, applied_seq: null, error_code: null, error_message: null, ...r });
      } catch (e) {
        log.warn(`could not salvage outbox row ${String(r.id)}: ${(e as Error).message}`);
      }
    }
    if (salvage.clientId) db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('clientId', ?)").run(salvage.clientId);
    const maxN = rows.reduce((m, r) => Math.max(m, Number(r.n) || 0), 0);
    db.prepare("INSERT INTO meta(key, value) VALUES ('nextN', ?) ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))").run(String(maxN + 1));
  })();
  log.warn(`salvaged ${rows.length} outbox command(s) from the unusable cache`);
}
