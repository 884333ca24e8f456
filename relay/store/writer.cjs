/**
 * SQLite writer thread of the relay's log store (see sqlite.ts). It owns the only write connection, so the
 * fsync of a durable commit never blocks the relay's event loop. Requests that arrive while a commit is
 * running are grouped into the next transaction (group commit), each in its own savepoint so that one
 * failing request cannot undo the others. Plain JavaScript: it runs in a worker under node, tsx and vitest.
 *
 * Protocol (parentPort):
 *   in  {type:'init', file, pragmas: string[], statements: {name: sql}, schema: string}
 *   out {type:'ready'} | {type:'fatal', message}
 *   in  {type:'exec', id, ops: Array<['run', name, params] | ['expect', name, params, expected]>}
 *   out {type:'done', id, ok: true, results: number[]} | {type:'done', id, ok: false, message, code}
 *   in  {type:'probe', id} → a small durable write and a checkpoint attempt, out {type:'done', id, ...}
 *   in  {type:'close'}  → closes the database, out {type:'closed'}
 *   out {type:'health', op: 'commit' | 'checkpoint', ok, code?, message?} when a commit or checkpoint fails, and
 *       when one succeeds again after a failure (the store reports it in /healthz)
 * Nothing here may throw out of a timer or a message handler: an uncaught error would end the thread and
 * with it every write of the relay (a checkpoint on a full disk used to do exactly that).
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, so the worker loads without a TypeScript loader */
const { parentPort } = require('node:worker_threads');
const Database = require('better-sqlite3');

let db = null;
const stmts = new Map();
let pending = [];
let scheduled = false;
// Checkpoints run when the writer is idle (or the WAL has grown a lot), not inside a commit: an
// automatic checkpoint would add its fsyncs to the latency of whichever change happened to trigger it.
const CHECKPOINT_IDLE_MS = 250;
const CHECKPOINT_EVERY_COMMITS = 5000;
let commitsSinceCheckpoint = 0;
let checkpointTimer = null;
// A failed checkpoint (full disk, I/O error) is retried with backoff; commits go on into the WAL meanwhile.
const CHECKPOINT_RETRY_MS = 1000;
const CHECKPOINT_RETRY_MAX_MS = 30_000;
let checkpointRetryMs = 0;
const failing = { commit: false, checkpoint: false };

function report(op, err) {
  if (err) {
    failing[op] = true;
    parentPort.postMessage({ type: 'health', op, ok: false, code: err.code || 'SQLITE_ERROR', message: err.message });
  } else if (failing[op]) {
    failing[op] = false;
    parentPort.postMessage({ type: 'health', op, ok: true });
  }
}

function scheduleCheckpoint(ms) {
  if (checkpointTimer) clearTimeout(checkpointTimer);
  checkpointTimer = setTimeout(checkpoint, ms);
}

function checkpoint() {
  checkpointTimer = null;
  if (!db || !db.open || commitsSinceCheckpoint === 0) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    report('checkpoint', err);
    checkpointRetryMs = Math.min(CHECKPOINT_RETRY_MAX_MS, Math.max(CHECKPOINT_RETRY_MS, checkpointRetryMs * 2));
    scheduleCheckpoint(checkpointRetryMs);
    return;
  }
  commitsSinceCheckpoint = 0;
  checkpointRetryMs = 0;
  report('checkpoint', null);
}

function runOps(ops) {
  const results = [];
  for (const op of ops) {
    const st = stmts.get(op[1]);
    if (!st) throw Object.assign(new Error('unknown statement ' + op[1]), { code: 'BAD_STATEMENT' });
    if (op[0] === 'expect') {
      const got = st.pluck().get(...op[2]);
      if ((got ?? null) !== op[3]) throw Object.assign(new Error(`${op[1]}: expected ${op[3]}, found ${got}`), { code: 'EXPECTATION' });
      results.push(0);
    } else {
      results.push(st.run(...op[2]).changes);
    }
  }
  return results;
}

function flush() {
  scheduled = false;
  const batch = pending;
  pending = [];
  if (batch.length === 0) return;
  const replies = [];
  try {
    db.transaction(() => {
      for (const req of batch) {
        try {
          // Nested transaction = savepoint: a failing request is rolled back alone.
          const results = db.transaction(() => runOps(req.ops))();
          replies.push({ type: 'done', id: req.id, ok: true, results });
        } catch (err) {
          replies.push({ type: 'done', id: req.id, ok: false, message: err.message, code: err.code || 'SQLITE_ERROR' });
        }
      }
    })();
  } catch (err) {
    // The commit itself failed (I/O, disk full): nothing of the group is stored.
    report('commit', err);
    for (const req of batch)
      parentPort.postMessage({ type: 'done', id: req.id, ok: false, message: err.message, code: err.code || 'SQLITE_ERROR' });
    return;
  }
  report('commit', null);
  for (const r of replies) parentPort.postMessage(r);
  commitsSinceCheckpoint++;
  if (commitsSinceCheckpoint >= CHECKPOINT_EVERY_COMMITS) checkpoint();
  // While checkpoints fail, keep their backoff instead of retrying after every commit.
  else if (checkpointRetryMs === 0) scheduleCheckpoint(CHECKPOINT_IDLE_MS);
}

/** /healthz while the store is failing: can it write now? A tiny durable write, then the pending checkpoint. */
function probe(id) {
  let reply;
  try {
    db.transaction(() => stmts.get('setMeta').run('health_probe', String(Date.now())))();
    report('commit', null);
    reply = { type: 'done', id, ok: true, results: [1] };
  } catch (err) {
    report('commit', err);
    reply = { type: 'done', id, ok: false, message: err.message, code: err.code || 'SQLITE_ERROR' };
  }
  commitsSinceCheckpoint++;
  if (checkpointTimer) clearTimeout(checkpointTimer);
  checkpoint();
  parentPort.postMessage(reply);
}

parentPort.on('message', (msg) => {
  if (msg.type === 'init') {
    try {
      db = new Database(msg.file);
      for (const p of msg.pragmas) db.pragma(p);
      db.pragma('wal_autocheckpoint = 0');
      db.exec(msg.schema);
      for (const [name, sql] of Object.entries(msg.statements)) stmts.set(name, db.prepare(sql));
      parentPort.postMessage({ type: 'ready' });
    } catch (err) {
      parentPort.postMessage({ type: 'fatal', message: err.message });
    }
  } else if (msg.type === 'exec') {
    pending.push(msg);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  } else if (msg.type === 'probe') {
    probe(msg.id);
  } else if (msg.type === 'close') {
    flush();
    if (checkpointTimer) clearTimeout(checkpointTimer);
    try {
      if (db && db.open) db.close();
    } catch {
      // Closing checkpoints; on a full disk that may fail: the WAL stays and is replayed at the next open.
    }
    parentPort.postMessage({ type: 'closed' });
  }
});
