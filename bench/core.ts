/**
 * Workstation core benchmark over a 1,000,000-case cache.
 *
 *   npx tsx bench/core.ts [--cases 1000000] [--dir <dataset dir>] [--fresh] [--rounds 500]
 *   import { runCoreBench } from './bench/core.js'
 *
 * Measures (medians and p99 over bounded loops; targets in parentheses):
 *   - queue page query through core.call('queue.list'), mixed tabs/sorts/filters/offsets  (p99 < 10 ms)
 *   - Chinese full-text search (trigram FTS, >= 3 characters), first page              (p99 < 50 ms)
 *   - open-to-first-page: createCore on the 1M cache until the first page is answered  (< 1 s)
 *   - catch-up after 10,000 missed changes (JSON → schema → evolve → rows + cursor), against a raw
 *     better-sqlite3 write of the same rows into the same schema in the same run  (< 3x baseline, < 1 s)
 *   - resident memory of a process running only the core on that cache               (< 300 MB)
 *
 * Dataset: rows are cloned from engine-made template cases (one per status and grade) with shifted
 * times and generated Chinese text, written with indexes dropped and rebuilt after (the engine runs only
 * for the templates and for the 5,000 cases and 10,000 changes of the catch-up). Synthetic rows keep
 * only their 'reported' timeline entry (their statistics summary holds the whole template timeline).
 * Generation runs in a child process; a dataset of the same version and size younger than a day is
 * reused unless --fresh (or { reuse: false }).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide, evolve } from '../shared/engine/index.js';
import { caseCode } from '../shared/engine/ids.js';
import { createDemoRefData } from '../shared/demo/refData.js';
import { createRng, type Rng } from '../shared/demo/prng.js';
import type { CaseStatus, Grade } from '../shared/model.js';
import { LogEntry, MAX_PULL_PAGE } from '../shared/protocol.js';
import type { QueueQueryInput } from '../shared/api.js';
import type { RefData } from '../shared/refData.js';
import { openCache } from '../electron/core/cache/db.js';
import { Store } from '../electron/core/cache/store.js';
import { timelineSummary } from '../electron/core/cache/timelineSummary.js';
import { bigramsOf, fillBigramIndex } from '../electron/core/cache/bigrams.js';
import type { CaseEvent } from '../shared/gridEvent.js';
import { Replica } from '../electron/core/sync/replica.js';
import { APPLY_BATCH } from '../electron/core/sync/syncEngine.js';
import { caseColumns } from '../electron/core/cache/caseRow.js';
import { createCore } from '../electron/core/core.js';
import {
  DETAILS,
  DISPATCHER,
  OBJECTS,
  PLACES,
  PROBLEMS,
  ROADS,
  buildTemplates,
  caseText,
  shifted,
} from '../electron/core/testing/fixtures.js';
import { memoryLogger } from '../electron/core/log.js';
import { FactStore, calendarKey } from '../electron/core/reads/statFacts.js';
import { buildFactRecord } from '../shared/metrics/factRecord.js';
import { statsScreenRefresh } from './statsScreen.js';
import { RawRunner, rawPageOf } from './rawBaselines.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const DATASET_VERSION = 13;
const CATCHUP_CASES = 5000;
const DAY = 86_400_000;

const OPEN_MIX: Array<[CaseStatus, number]> = [
  ['reported', 3],
  ['accepted', 3],
  ['dispatched', 10],
  ['signed', 25],
  ['bounced', 2],
  ['rework', 3],
  ['handled', 15],
  ['self_handled', 3],
  ['verified', 6],
  ['parked', 3],
  ['closed', 25],
  ['rejected', 2],
];

function pickWeighted<T>(rng: Rng, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

// ------------------------------------------------------------------------------------------ generation

interface DatasetInfo {
  version: number;
  cases: number;
  now: number;
  generateMs: number;
  fileBytes: number;
}

const USER = { id: 'u-dispatcher', username: 'dispatcher', name: '张敏', role: 'dispatcher', unitId: 'centre', active: true };

/** Builds the dataset in `dir` (workstation.db + catchup.jsonl + dataset.json). Runs in a child process. */
export function generateDataset(dir: string, total: number): DatasetInfo {
  const t0 = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const ref = createDemoRefData();
  const log = memoryLogger();
  const { db } = openCache(path.join(dir, 'workstation.db'), { log });
  db.pragma('synchronous = OFF');
  db.pragma('journal_mode = OFF');
  const store = new Store(db);
  store.putRef(ref);
  const rng = createRng(20261126);
  const templates = buildTemplates(ref, now - 365 * DAY);

  // Drop secondary structures; they are rebuilt in bulk (much faster than 1M incremental updates).
  const ddl = db
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE tbl_name IN ('cases', 'stat_recs') AND type IN ('index', 'trigger') AND sql IS NOT NULL",
    )
    .all() as Array<{ name: string; sql: string }>;
  for (const d of ddl) db.exec(`DROP ${d.sql.startsWith('CREATE TRIGGER') ? 'TRIGGER' : 'INDEX'} ${d.name}`);

  const cols = Object.keys(caseColumns(templates.get('normal:reported')!, ref.calendar));
  const insertCase = db.prepare(`INSERT INTO cases (rid, ${cols.join(', ')}) VALUES (@rid, ${cols.map((c) => '@' + c).join(', ')})`);
  const insertDoc = db.prepare('INSERT INTO case_docs (rid, doc, tl) VALUES (?, ?, ?)');
  const insertEvent = db.prepare('INSERT INTO timeline (case_id, version, event) VALUES (?, ?, ?)');
  // Statistics fact records (what the migration's background backfill would build from full timelines).
  const facts = new FactStore(db);
  store.setMeta('statFactsCal', calendarKey(ref.calendar));
  const synthetic = total - CATCHUP_CASES;
  const span = 730 * DAY;
  const BATCH = 50_000;
  for (let start = 0; start < synthetic; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(synthetic, start + BATCH); i++) {
        const reportedAt = now - Math.floor(rng.next() * span);
        const age = now - reportedAt;
        const status: CaseStatus =
          age > 30 * DAY ? (rng.chance(0.004) ? 'parked' : rng.chance(0.05) ? 'rejected' : 'closed') : pickWeighted(rng, OPEN_MIX);
        const grade: Grade = rng.chance(0.05) ? 'urgent' : rng.chance(0.25) ? 'important' : 'normal';
        const tpl = templates.get(`${grade}:${status}`)!;
        const c = shifted(tpl, reportedAt - tpl.reportedAt);
        const grid = rng.pick(ref.grids);
        const id = `b${String(i).padStart(7, '0')}`;
        const text = caseText(rng);
        Object.assign(c, text, {
          id,
          code: caseCode(id, reportedAt, 480),
          communityId: grid.communityId,
          gridId: grid.id,
          source: rng.chance(0.6) ? 'grid_worker' : 'hotline',
        });
        const timeline = c.timeline.map((e) => ({ ...e, id: `${id}:${e.version}`, caseId: id }));
        const first = timeline[0]!;
        c.timeline = [];
        const rid = i + 1;
        insertCase.run({ rid, ...caseColumns(c, ref.calendar) });
        // The summary holds every entry (statistics read it); the timeline table only the first one.
        insertDoc.run(rid, JSON.stringify(c), timelineSummary(timeline));
        insertEvent.run(id, 1, JSON.stringify(first));
        facts.put(rid, c, buildFactRecord({ ...c, timeline }, ref.calendar, facts, c));
      }
    })();
  }
  // Engine-made cases for the catch-up: 5,000 reported cases (their accepts come in the log).
  const entries: string[] = [];
  const acceptRef = ref.catalog.find((c) => c.limits.some((l) => l.grade === 'normal'))!;
  db.transaction(() => {
    for (let k = 0; k < CATCHUP_CASES; k++) {
      const id = `e${String(k).padStart(6, '0')}`;
      const grid = rng.pick(ref.grids);
      const at = now - 2 * 3600_000 + k;
      const d = decide(
        null,
        {
          type: 'report',
          caseId: id,
          source: 'grid_worker',
          ...caseText(rng),
          communityId: grid.communityId,
          gridId: grid.id,
          attachments: [],
        },
        { actor: DISPATCHER, now: at, ref, commandId: `${id}:r` },
      );
      if (!d.ok) throw new Error(d.message);
      const s = evolve(null, d.events[0]!);
      const rid = synthetic + k + 1;
      insertCase.run({ rid, ...caseColumns(s, ref.calendar) });
      insertDoc.run(rid, JSON.stringify({ ...s, timeline: [] }), timelineSummary(d.events));
      insertEvent.run(id, 1, JSON.stringify(d.events[0]));
      facts.put(rid, s, buildFactRecord({ ...s, timeline: d.events }, ref.calendar, facts));
      // Its missed change: accepted (interleaved with new reports below).
      const acc = decide(
        s,
        { type: 'accept', caseId: id, catalogItemId: acceptRef.id, grade: 'normal' },
        { actor: DISPATCHER, now: now - 3600_000 + k, ref, commandId: `${id}:a` },
      );
      if (!acc.ok) throw new Error(acc.message);
      const nid = `n${String(k).padStart(6, '0')}`;
      const g2 = rng.pick(ref.grids);
      const rep = decide(
        null,
        { type: 'report', caseId: nid, source: 'hotline', ...caseText(rng), communityId: g2.communityId, gridId: g2.id, attachments: [] },
        { actor: DISPATCHER, now: now - 3600_000 + k, ref, commandId: `${nid}:r` },
      );
      if (!rep.ok) throw new Error(rep.message);
      for (const e of [acc.events[0]!, rep.events[0]!]) {
        entries.push(
          JSON.stringify({
            seq: entries.length + 1,
            changeId: `chg-${entries.length + 1}`,
            at: e.at,
            origin: 'centre',
            kind: 'case',
            event: e,
          }),
        );
      }
    }
  })();
  fs.writeFileSync(path.join(dir, 'catchup.jsonl'), entries.join('\n'));
  // Rebuild what was dropped, then the counts, the FTS index and the planner statistics.
  for (const d of ddl) if (!d.sql.startsWith('CREATE TRIGGER')) db.exec(d.sql);
  store.recountFacets();
  db.exec("INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');");
  fillBigramIndex(db);
  for (const d of ddl) if (d.sql.startsWith('CREATE TRIGGER')) db.exec(d.sql);
  db.exec('ANALYZE');
  store.setMeta('session', JSON.stringify({ user: USER }));
  store.setMeta('clientId', 'bench-client');
  db.pragma('journal_mode = WAL');
  db.close();
  const info: DatasetInfo = {
    version: DATASET_VERSION,
    cases: total,
    now,
    generateMs: Date.now() - t0,
    fileBytes: fs.statSync(path.join(dir, 'workstation.db')).size,
  };
  fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify(info));
  return info;
}

// ------------------------------------------------------------------------------------------ measuring

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const median = (xs: number[]) => quantile(xs, 0.5);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function queueQueries(rng: Rng, ref: RefData, n: number): QueueQueryInput[] {
  const tabs = [
    'all',
    'all',
    'pending_accept',
    'pending_dispatch',
    'handling',
    'pending_verify',
    'pending_close',
    'overdue',
    'parked',
    'closed',
    'bounced',
  ] as const;
  const sorts = [
    { field: 'reportedAt', dir: 'desc' },
    { field: 'reportedAt', dir: 'asc' },
    { field: 'updatedAt', dir: 'desc' },
    { field: 'deadline', dir: 'asc' },
    { field: 'code', dir: 'asc' },
    { field: 'grade', dir: 'asc' },
  ] as const;
  const out: QueueQueryInput[] = [];
  for (let i = 0; i < n; i++) {
    const q: QueueQueryInput = {
      tab: rng.pick([...tabs]),
      sort: { ...rng.pick([...sorts]) },
      limit: 100,
      offset: rng.chance(0.6) ? 0 : rng.chance(0.75) ? rng.int(1, 10) * 100 : rng.int(10, 50) * 100,
    };
    const f = rng.next();
    if (f < 0.2) q.communityId = rng.pick(ref.communities).id;
    else if (f < 0.3) q.gridId = rng.pick(ref.grids).id;
    else if (f < 0.4) q.departmentId = rng.pick(ref.departments).id;
    else if (f < 0.45) q.grade = rng.pick(['urgent', 'important', 'normal'] as const);
    else if (f < 0.5) q.clockState = rng.pick(['overdue', 'warning', 'normal', 'paused'] as const);
    else if (f < 0.55) q.source = rng.pick(['grid_worker', 'hotline'] as const);
    out.push(q);
  }
  return out;
}

/** Search strings: 'selective' (an object and its problem, an address with its number, a detail phrase, a
 * road with an object) or 'broad' (a road or place name alone: each matches about 4-6% of all cases). */
export function searchQueries(rng: Rng, n: number, kind: 'selective' | 'broad'): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (kind === 'broad') {
      out.push(rng.chance(0.5) ? rng.pick(ROADS) : rng.pick(PLACES.filter((p) => [...p].length >= 3)));
      continue;
    }
    const k = rng.int(0, 3);
    if (k === 0) out.push(`${rng.pick(OBJECTS)}${rng.pick(PROBLEMS)}`);
    else if (k === 1) out.push(`${rng.pick(ROADS)}${rng.int(1, 399)}号`);
    else if (k === 2) out.push(rng.pick(DETAILS).slice(0, 5));
    else out.push(`${rng.pick(ROADS)} ${rng.pick(OBJECTS.filter((o) => [...o].length >= 3))}`);
  }
  return out;
}

async function timeCalls(
  core: ReturnType<typeof createCore>,
  inputs: QueueQueryInput[],
  warmup: number,
): Promise<{ times: number[]; slowest: Array<{ ms: number; q: QueueQueryInput; total: number }> }> {
  const times: number[] = [];
  const slow: Array<{ ms: number; q: QueueQueryInput; total: number }> = [];
  for (let i = 0; i < inputs.length; i++) {
    const t = performance.now();
    const r = await core.call('queue.list', inputs[i]);
    const ms = performance.now() - t;
    if (!r.ok) throw new Error(`queue.list failed: ${r.error.code} ${r.error.message}`);
    if (i >= warmup) {
      times.push(ms);
      slow.push({ ms: round(ms), q: inputs[i]!, total: r.value.total });
    }
  }
  slow.sort((a, b) => b.ms - a.ms);
  return { times, slowest: slow.slice(0, 5) };
}

/**
 * Each query through the core and as its raw SELECT (bench/rawBaselines.ts) on a connection of its own to the
 * same file, in alternating order so neither side always runs on the other's warm pages. Counts the pages
 * whose ids differ (the baseline must be the same page; the bench has no local rows).
 */
async function timePaired(
  core: ReturnType<typeof createCore>,
  raw: RawRunner,
  inputs: QueueQueryInput[],
  warmup: number,
): Promise<{
  times: number[];
  rawTimes: number[];
  mismatches: number;
  slowest: Array<{ ms: number; rawMs: number; q: QueueQueryInput; total: number }>;
}> {
  const times: number[] = [];
  const rawTimes: number[] = [];
  let mismatches = 0;
  const slow: Array<{ ms: number; rawMs: number; q: QueueQueryInput; total: number }> = [];
  for (let i = 0; i < inputs.length; i++) {
    const page = rawPageOf(inputs[i]!, Date.now());
    const viaCore = async () => {
      const t = performance.now();
      const r = await core.call('queue.list', inputs[i]);
      const ms = performance.now() - t;
      if (!r.ok) throw new Error(`queue.list failed: ${r.error.code} ${r.error.message}`);
      return { ms, ids: r.value.rows.map((x) => x.id), total: r.value.total };
    };
    let c: Awaited<ReturnType<typeof viaCore>>;
    let b: ReturnType<RawRunner['run']>;
    if (i % 2 === 0) {
      c = await viaCore();
      b = raw.run(page);
    } else {
      b = raw.run(page);
      c = await viaCore();
    }
    if (i < warmup) continue;
    times.push(c.ms);
    rawTimes.push(b.ms);
    if (c.ids.join() !== b.ids.join()) mismatches++;
    slow.push({ ms: round(c.ms), rawMs: round(b.ms), q: inputs[i]!, total: c.total });
  }
  slow.sort((a, b) => b.ms - a.ms);
  return { times, rawTimes, mismatches, slowest: slow.slice(0, 5) };
}

export function catchUpRun(
  dir: string,
  opts: { batch?: number; onBatch?: (ms: number) => void } = {},
): { pipelineMs: number[]; baselineMs: number[]; checkpointMs: number[]; baselineCheckpointMs: number[]; entries: number } {
  const lines = fs.readFileSync(path.join(dir, 'catchup.jsonl'), 'utf8').split('\n');
  const log = memoryLogger();
  const { db } = openCache(path.join(dir, 'workstation.db'), { log });
  if (process.env.BENCH_PRAGMAS) for (const p of process.env.BENCH_PRAGMAS.split(';')) db.pragma(p);
  const store = new Store(db);
  const replica = new Replica(store, log);
  const ids = lines.map((l) => (JSON.parse(l) as { event: { caseId: string } }).event.caseId);
  const existing = ids.filter((id) => id.startsWith('e'));
  const fresh = ids.filter((id) => id.startsWith('n'));
  const colNames = (db.prepare('PRAGMA table_info(cases)').all() as Array<{ name: string }>).map((c) => c.name).filter((c) => c !== 'rid');
  db.exec('DROP TABLE IF EXISTS temp.bak_cases; DROP TABLE IF EXISTS temp.bak_docs');
  db.prepare('CREATE TEMP TABLE bak_cases AS SELECT * FROM cases WHERE id IN (SELECT value FROM json_each(?))').run(
    JSON.stringify(existing),
  );
  db.exec('CREATE TEMP TABLE bak_docs AS SELECT * FROM case_docs WHERE rid IN (SELECT rid FROM bak_cases)');
  const restore = () =>
    db.transaction(() => {
      const rows = db
        .prepare('SELECT rid, title, description, address FROM cases WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(fresh)) as Array<{ rid: number; title: string; description: string; address: string }>;
      const ftsDel = db.prepare("INSERT INTO cases_fts (cases_fts, rowid, title, description, address) VALUES ('delete', ?, ?, ?, ?)");
      const bigramDel = db.prepare('DELETE FROM cases_bigram WHERE rowid = ?');
      for (const r of rows) {
        ftsDel.run(r.rid, r.title, r.description, r.address);
        bigramDel.run(r.rid);
      }
      db.prepare('DELETE FROM case_docs WHERE rid IN (SELECT value FROM json_each(?))').run(JSON.stringify(rows.map((r) => r.rid)));
      db.prepare('DELETE FROM cases WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(fresh));
      db.prepare('DELETE FROM timeline WHERE case_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(fresh));
      db.prepare('DELETE FROM timeline WHERE version > 1 AND case_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(existing));
      db.exec(`UPDATE cases SET ${colNames.map((c) => `${c} = b.${c}`).join(', ')} FROM temp.bak_cases b WHERE cases.rid = b.rid`);
      db.exec('UPDATE case_docs SET doc = b.doc, tl = b.tl FROM temp.bak_docs b WHERE case_docs.rid = b.rid');
      store.cursor = 0;
    })();
  restore();

  // Pull pages of MAX_PULL_PAGE entries, written in transactions of APPLY_BATCH entries, as the sync engine does.
  const PAGE = MAX_PULL_PAGE;
  const BATCH = opts.batch ?? APPLY_BATCH;
  const pipeline = (): number => {
    const t = performance.now();
    let batch: LogEntry[] = [];
    for (let p = 0; p < lines.length; p += PAGE) {
      for (const l of lines.slice(p, p + PAGE)) batch.push(LogEntry.parse(JSON.parse(l)));
      if (batch.length < BATCH && p + PAGE < lines.length) continue;
      const tb = performance.now();
      const out = replica.applyEntries(batch, { notify: false });
      opts.onBatch?.(performance.now() - tb);
      if (out.gap || out.needsReset || out.applied !== batch.length)
        throw new Error(`catch-up batch ending at ${p + PAGE} applied ${out.applied}/${batch.length}`);
      batch = [];
    }
    return performance.now() - t;
  };
  // The WAL checkpoint the sync engine runs when idle after a catch-up (timed apart, for both sides).
  const checkpoint = (): number => {
    const t = performance.now();
    db.pragma('wal_checkpoint(PASSIVE)');
    return performance.now() - t;
  };
  const checkpointMs: number[] = [];
  const baselineCheckpointMs: number[] = [];

  // Capture the rows the pipeline writes, for the raw baseline.
  pipeline();
  const finalRows = db.prepare(`SELECT * FROM cases WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Array<
    Record<string, unknown>
  >;
  const byId = new Map(finalRows.map((r) => [r.id as string, r]));
  const docs = new Map(
    (
      db
        .prepare('SELECT c.id, d.doc FROM case_docs d JOIN cases c ON c.rid = d.rid WHERE c.id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(ids)) as Array<{ id: string; doc: string }>
    ).map((r) => [r.id, r.doc]),
  );
  const bakRid = new Map(
    (db.prepare('SELECT id, rid FROM temp.bak_cases').all() as Array<{ id: string; rid: number }>).map((r) => [r.id, r.rid]),
  );
  restore();

  const rawEvents = lines.map((l) => {
    const e = (JSON.parse(l) as { event: CaseEvent }).event;
    return { caseId: e.caseId, version: e.version, json: JSON.stringify(e), tl: timelineSummary([e]) };
  });
  const insertCase = db.prepare(`INSERT INTO cases (${colNames.join(', ')}) VALUES (${colNames.map((c) => '@' + c).join(', ')})`);
  const updateCase = db.prepare(`UPDATE cases SET ${colNames.map((c) => `${c} = @${c}`).join(', ')} WHERE rid = @rid`);
  const insertDoc = db.prepare('INSERT INTO case_docs (rid, doc, tl) VALUES (?, ?, ?)');
  const updateDoc = db.prepare('UPDATE case_docs SET doc = ?, tl = tl || ? WHERE rid = ?');
  const insertEvent = db.prepare('INSERT INTO timeline (case_id, version, event) VALUES (?, ?, ?)');
  const ftsInsert = db.prepare('INSERT INTO cases_fts (rowid, title, description, address) VALUES (?, ?, ?, ?)');
  const bigramInsert = db.prepare('INSERT INTO cases_bigram (rowid, grams) VALUES (?, ?)');
  const setCursor = db.prepare("INSERT INTO meta(key, value) VALUES ('cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  const baseline = (): number => {
    // Same durability as the pipeline's server-state transactions (Store.refetchable).
    db.pragma('synchronous = NORMAL');
    const t = performance.now();
    for (let p = 0; p < rawEvents.length; p += BATCH) {
      db.transaction(() => {
        for (const e of rawEvents.slice(p, p + BATCH)) {
          insertEvent.run(e.caseId, e.version, e.json);
          const row = byId.get(e.caseId)!;
          const { rid: _rid, ...cols } = row;
          const rid = bakRid.get(e.caseId);
          if (rid !== undefined) {
            updateCase.run({ ...cols, rid });
            updateDoc.run(docs.get(e.caseId)!, e.tl, rid);
          } else {
            const newRid = Number(insertCase.run(cols).lastInsertRowid);
            insertDoc.run(newRid, docs.get(e.caseId)!, e.tl);
            ftsInsert.run(newRid, row.title, row.description, row.address);
            bigramInsert.run(newRid, bigramsOf(row.title as string, row.description as string, row.address as string));
          }
        }
        setCursor.run(String(p + BATCH));
      })();
    }
    const ms = performance.now() - t;
    db.pragma('synchronous = FULL');
    return ms;
  };

  const pipelineMs: number[] = [];
  const baselineMs: number[] = [];
  for (let round = 0; round < 3; round++) {
    // Alternate the order so neither side always runs on a warmer cache.
    const runPipeline = () => {
      checkpoint();
      pipelineMs.push(pipeline());
      checkpointMs.push(checkpoint());
      restore();
    };
    const runBaseline = () => {
      checkpoint();
      baselineMs.push(baseline());
      baselineCheckpointMs.push(checkpoint());
      restore();
    };
    if (round % 2 === 0) {
      runPipeline();
      runBaseline();
    } else {
      runBaseline();
      runPipeline();
    }
  }
  // The raw writes and restores bypass the count tables: recount them once (the pipeline keeps them exact).
  store.recountFacets();
  db.close();
  return { pipelineMs, baselineMs, checkpointMs, baselineCheckpointMs, entries: lines.length };
}

/**
 * Child-process body: only the core on the cache, a realistic session of reads (queue pages, searches, a
 * case), its RSS; then three refreshes of the statistics screen and the RSS again.
 */
async function measureMemory(dir: string): Promise<MemoryFigures> {
  // BENCH_STATS_WORKERS: the statsWorkers option (default 0, the product's default).
  const core = createCore({
    dataDir: dir,
    relayUrl: 'http://127.0.0.1:9',
    log: memoryLogger(),
    statsWorkers: Number(process.env.BENCH_STATS_WORKERS ?? 0),
  });
  const rng = createRng(99);
  const ref = createDemoRefData();
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  for (const q of queueQueries(rng, ref, 300)) await core.call('queue.list', q);
  for (const s of searchQueries(rng, 100, 'selective')) await core.call('queue.list', { q: s, limit: 100 });
  await core.call('case.get', { id: 'e000001' });
  gc();
  const m = process.memoryUsage();
  const now = Date.now();
  for (let i = 0; i < 3; i++) await statsScreenRefresh(core, now, i);
  gc();
  const afterStats = process.memoryUsage();
  const statsWorkers = core.statsInfo().worker;
  await core.close();
  return {
    rssMb: round(m.rss / 2 ** 20, 1),
    heapMb: round(m.heapUsed / 2 ** 20, 1),
    rssAfterStatsMb: round(afterStats.rss / 2 ** 20, 1),
    statsWorkers,
  };
}

interface MemoryFigures {
  rssMb: number;
  heapMb: number;
  /** After three statistics screen refreshes as well. */
  rssAfterStatsMb: number;
  /** Whether stats workers counted periods then. */
  statsWorkers: boolean;
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', THIS_FILE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').at(-1) ?? '') : reject(new Error(`bench child ${args[0]} exited with ${code}`)),
    );
    child.on('error', reject);
  });
}

export interface PairedFigures {
  p50Ms: number;
  p99Ms: number;
  n: number;
  rawP50Ms: number;
  rawP99Ms: number;
  /** p99 through the core / p99 of the raw SELECT, and the same for p50. */
  ratioP99: number;
  ratioP50: number;
  /** Pages whose ids differed between the core and the raw SELECT (should be 0). */
  mismatches: number;
  slowest: Array<{ ms: number; rawMs: number; q: QueueQueryInput; total: number }>;
}

function pairedFigures(x: Awaited<ReturnType<typeof timePaired>>): PairedFigures {
  const p99 = quantile(x.times, 0.99);
  const rawP99 = quantile(x.rawTimes, 0.99);
  return {
    p50Ms: round(median(x.times)),
    p99Ms: round(p99),
    n: x.times.length,
    rawP50Ms: round(median(x.rawTimes)),
    rawP99Ms: round(rawP99),
    ratioP99: round(p99 / Math.max(rawP99, 0.001)),
    ratioP50: round(median(x.times) / Math.max(median(x.rawTimes), 0.001)),
    mismatches: x.mismatches,
    slowest: x.slowest,
  };
}

export interface CoreBenchResult {
  cases: number;
  datasetGenerateMs: number;
  datasetFileMb: number;
  /** raw*: the same page as one plain SELECT on its own connection (bench/rawBaselines.ts), paired per query. */
  queuePage: PairedFigures;
  search: PairedFigures;
  searchSelective: { p50Ms: number; p99Ms: number; n: number };
  searchBroad: { p50Ms: number; p99Ms: number; n: number };
  shortSearch: PairedFigures & { rawMatchP50Ms: number; likeScanP50Ms: number };
  openToFirstPageMs: { median: number; runs: number[] };
  /** checkpointMedianMs: the WAL checkpoint after a catch-up (run when idle, not in medianMs); same for the baseline. */
  catchUp: {
    entries: number;
    medianMs: number;
    baselineMedianMs: number;
    ratio: number;
    runsMs: number[];
    baselineRunsMs: number[];
    checkpointMedianMs: number;
    baselineCheckpointMedianMs: number;
  };
  memory: MemoryFigures;
  /** stats.query, first (uncached) call, ms. Informational: no target. */
  statsMs: Record<string, number>;
  targets: Record<string, { value: number; target: string; pass: boolean }>;
}

/**
 * The dataset in `dir` when it can be reused: this generator's version, `cases` cases, younger than a day
 * (its clocks are relative to when it was generated); else null.
 */
export function reusableDataset(dir: string, cases: number): DatasetInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as DatasetInfo;
    return info.version === DATASET_VERSION && info.cases === cases && Date.now() - info.now < DAY ? info : null;
  } catch {
    return null;
  }
}

export async function runCoreBench(
  opts: { cases?: number; dir?: string; reuse?: boolean; rounds?: number; log?: (m: string) => void } = {},
): Promise<CoreBenchResult> {
  const log = opts.log ?? ((m: string) => console.error(`[bench:core] ${m}`));
  const cases = opts.cases ?? 1_000_000;
  const dir = opts.dir ?? path.join(os.tmpdir(), `core-bench-${cases}`);
  const rounds = opts.rounds ?? 500;
  let info = reusableDataset(dir, cases);
  if (!(opts.reuse ?? true) || !info) {
    log(`generating ${cases.toLocaleString('en')} cases in ${dir} …`);
    info = JSON.parse(await runChild(['--generate', dir, String(cases)])) as DatasetInfo;
    log(`generated in ${(info.generateMs / 1000).toFixed(1)} s (${(info.fileBytes / 2 ** 30).toFixed(2)} GiB)`);
  } else log(`reusing dataset in ${dir}`);

  // Catch-up first: it writes and restores, leaving the cache as generated.
  log('catch-up: 10,000 missed changes vs raw insert baseline …');
  const cu = catchUpRun(dir);
  log(
    `catch-up median ${round(median(cu.pipelineMs))} ms (runs ${cu.pipelineMs.map((x) => round(x, 0)).join(', ')}), raw baseline ${round(median(cu.baselineMs))} ms, idle checkpoint after it ${round(median(cu.checkpointMs))} ms`,
  );

  log('open-to-first-page …');
  const openRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const core = createCore({ dataDir: dir, relayUrl: 'http://127.0.0.1:9', log: memoryLogger() });
    const r = await core.call('queue.list', { tab: 'all', limit: 100 });
    openRuns.push(performance.now() - t);
    if (!r.ok) throw new Error(r.error.message);
    await core.close();
  }

  const core = createCore({ dataDir: dir, relayUrl: 'http://127.0.0.1:9', log: memoryLogger() });
  const ref = createDemoRefData();
  log(`queue pages: ${rounds} mixed queries …`);
  const rawConn = openCache(path.join(dir, 'workstation.db'), { log: memoryLogger() }).db;
  const raw = new RawRunner(rawConn);
  const pages = await timePaired(core, raw, queueQueries(createRng(7), ref, rounds + 50), 50);
  log(
    `queue pages p50 ${round(median(pages.times))} ms, p99 ${round(quantile(pages.times, 0.99))} ms; raw SELECT of the same page p50 ${round(median(pages.rawTimes))} ms, p99 ${round(quantile(pages.rawTimes, 0.99))} ms (${pages.mismatches} pages differ)`,
  );
  log('full-text search …');
  // Mixed like a dispatcher's day: mostly specific searches, some broad ones.
  const mix = [
    ...searchQueries(createRng(8), Math.floor(rounds * 0.4), 'selective'),
    ...searchQueries(createRng(9), Math.floor(rounds * 0.1), 'broad'),
  ];
  const mixRng = createRng(10);
  for (let i = mix.length - 1; i > 0; i--) {
    const j = mixRng.int(0, i);
    [mix[i], mix[j]] = [mix[j]!, mix[i]!];
  }
  const searchWarm = searchQueries(createRng(11), 20, 'selective').map((q) => ({ q, limit: 100 }));
  const searches = await timePaired(core, raw, [...searchWarm, ...mix.map((q) => ({ q, limit: 100 }))], 20);
  log(
    `search mix p50 ${round(median(searches.times))} ms, p99 ${round(quantile(searches.times, 0.99))} ms; raw FTS5 MATCH + SELECT of the same page p50 ${round(median(searches.rawTimes))} ms, p99 ${round(quantile(searches.rawTimes, 0.99))} ms (${searches.mismatches} pages differ)`,
  );
  const broad = await timeCalls(
    core,
    searchQueries(createRng(12), 40, 'broad').map((q) => ({ q, limit: 100, sort: { field: 'updatedAt' as const, dir: 'desc' as const } })),
    0,
  );
  const selective = await timeCalls(
    core,
    searchQueries(createRng(13), 100, 'selective').map((q) => ({ q, limit: 100 })),
    0,
  );
  // Two-character searches (the most common Chinese kind) go through the bigram index: each term once per
  // shape (all cases by report time, a tab, another sort), so the recent-search cache serves only the
  // repeats of a term; beside the raw bigram MATCH of the same term on a connection of its own.
  const shortTerms = ['井盖', '路灯', '占道', '积水', '漏水', '异味', '护栏', '电线', '树木', '围墙'];
  const shorts = await timePaired(
    core,
    raw,
    shortTerms.flatMap((q) => [
      { q, limit: 100 },
      { q, limit: 100, tab: 'handling' as const },
      { q, limit: 100, sort: { field: 'updatedAt' as const, dir: 'desc' as const } },
    ]),
    0,
  );
  const rawDb = openCache(path.join(dir, 'workstation.db'), { log: memoryLogger() }).db;
  const rawMatch = rawDb.prepare('SELECT group_concat(rowid) FROM cases_bigram WHERE cases_bigram MATCH ?').pluck();
  const rawShort: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    for (const term of shortTerms) {
      const t = performance.now();
      rawMatch.get(`"${term}"`);
      rawShort.push(performance.now() - t);
    }
  }
  // What the LIKE scan the index replaced costs on this file (first 100 matches by report time, all cases).
  const rawLike = rawDb
    .prepare('SELECT rid FROM cases WHERE title LIKE ? OR description LIKE ? OR address LIKE ? ORDER BY reported_at DESC LIMIT 100')
    .pluck();
  const likeShort: number[] = [];
  for (const term of shortTerms) {
    const t = performance.now();
    rawLike.all(`%${term}%`, `%${term}%`, `%${term}%`);
    likeShort.push(performance.now() - t);
  }
  rawDb.close();
  rawConn.close();
  log(
    `two-character search p50 ${round(median(shorts.times))} ms, p99 ${round(quantile(shorts.times, 0.99))} ms; raw bigram MATCH + SELECT of the same page p50 ${round(median(shorts.rawTimes))} ms, p99 ${round(quantile(shorts.rawTimes, 0.99))} ms (${shorts.mismatches} pages differ); bare MATCH p50 ${round(median(rawShort))} ms; the LIKE scan it replaced p50 ${round(median(likeShort))} ms`,
  );
  log('statistics (informational) …');
  const statsMs: Record<string, number> = {};
  const t0 = Date.now();
  const statsRuns: Array<[string, { from: number; to: number }, 'none' | 'community' | 'department']> = [
    ['last30Days', { from: t0 - 30 * DAY, to: t0 }, 'none'],
    ['last30DaysByCommunity', { from: t0 - 30 * DAY, to: t0 }, 'community'],
    ['pastQuarterByDepartment', { from: t0 - 120 * DAY, to: t0 - 30 * DAY }, 'department'],
  ];
  for (const [name, period, groupBy] of statsRuns) {
    const t = performance.now();
    const r = await core.call('stats.query', { period, groupBy });
    if (!r.ok) throw new Error(`stats.query failed: ${r.error.message}`);
    statsMs[name] = round(performance.now() - t);
  }
  await core.close();

  log('memory (child process with only the core) …');
  const memory = JSON.parse(await runChild(['--memory', dir])) as MemoryFigures;

  const result: CoreBenchResult = {
    cases,
    datasetGenerateMs: info.generateMs,
    datasetFileMb: round(info.fileBytes / 2 ** 20, 0),
    queuePage: pairedFigures(pages),
    search: pairedFigures(searches),
    searchSelective: { p50Ms: round(median(selective.times)), p99Ms: round(quantile(selective.times, 0.99)), n: selective.times.length },
    searchBroad: { p50Ms: round(median(broad.times)), p99Ms: round(quantile(broad.times, 0.99)), n: broad.times.length },
    shortSearch: { ...pairedFigures(shorts), rawMatchP50Ms: round(median(rawShort)), likeScanP50Ms: round(median(likeShort)) },
    openToFirstPageMs: { median: round(median(openRuns)), runs: openRuns.map((x) => round(x)) },
    catchUp: {
      entries: cu.entries,
      medianMs: round(median(cu.pipelineMs)),
      baselineMedianMs: round(median(cu.baselineMs)),
      ratio: round(median(cu.pipelineMs) / median(cu.baselineMs)),
      runsMs: cu.pipelineMs.map((x) => round(x)),
      baselineRunsMs: cu.baselineMs.map((x) => round(x)),
      checkpointMedianMs: round(median(cu.checkpointMs)),
      baselineCheckpointMedianMs: round(median(cu.baselineCheckpointMs)),
    },
    memory,
    statsMs,
    targets: {},
  };
  result.targets = {
    queuePageP99VsRaw: { value: result.queuePage.ratioP99, target: '<= 3x raw', pass: result.queuePage.ratioP99 <= 3 },
    searchP99VsRaw: { value: result.search.ratioP99, target: '<= 2x raw', pass: result.search.ratioP99 <= 2 },
    shortSearchP99VsRaw: { value: result.shortSearch.ratioP99, target: '<= 2x raw', pass: result.shortSearch.ratioP99 <= 2 },
    catchUpVsRawWrite: { value: result.catchUp.ratio, target: '<= 1.5x raw', pass: result.catchUp.ratio <= 1.5 },
    queuePageP99: { value: result.queuePage.p99Ms, target: '< 10 ms', pass: result.queuePage.p99Ms < 10 },
    searchP99: { value: result.search.p99Ms, target: '< 50 ms', pass: result.search.p99Ms < 50 },
    openToFirstPage: { value: result.openToFirstPageMs.median, target: '< 1000 ms', pass: result.openToFirstPageMs.median < 1000 },
    catchUp: { value: result.catchUp.medianMs, target: '< 1000 ms', pass: result.catchUp.medianMs < 1000 },
    catchUpVsRaw: { value: result.catchUp.ratio, target: '< 3x raw', pass: result.catchUp.ratio < 3 },
    coreRss: { value: result.memory.rssMb, target: '< 300 MB', pass: result.memory.rssMb < 300 },
    coreRssWithStats: { value: result.memory.rssAfterStatsMb, target: '< 300 MB', pass: result.memory.rssAfterStatsMb < 300 },
  };
  return result;
}

// ------------------------------------------------------------------------------------------ CLI

async function cli(argv: string[]): Promise<void> {
  if (argv[0] === '--generate') {
    process.stdout.write(JSON.stringify(generateDataset(argv[1]!, Number(argv[2]))) + '\n');
    return;
  }
  if (argv[0] === '--memory') {
    process.stdout.write(JSON.stringify(await measureMemory(argv[1]!)) + '\n');
    return;
  }
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const result = await runCoreBench({
    ...(arg('--cases') ? { cases: Number(arg('--cases')) } : {}),
    ...(arg('--dir') ? { dir: arg('--dir')! } : {}),
    ...(arg('--rounds') ? { rounds: Number(arg('--rounds')) } : {}),
    reuse: !argv.includes('--fresh'),
  });
  const outDir = path.resolve('bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'core.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  console.log('\ntarget                value        target      pass');
  for (const [k, t] of Object.entries(result.targets))
    console.log(`${k.padEnd(21)} ${String(t.value).padEnd(12)} ${t.target.padEnd(11)} ${t.pass ? 'yes' : 'NO'}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
