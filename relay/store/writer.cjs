/**
 * SQLite writer thread of the relay's log store (see sqlite.ts). It owns the only write connection, so the
 * fsync of a durable commit never blocks the relay's event loop. Requests that arrive while a commit is
 * running are grouped into the next transaction (group commit), each in its own savepoint so that one
 * failing request cannot undo the others. Plain JavaScript: it runs in a worker under node, tsx and vitest.
 *
 * Protocol (parentPort): the writer dialect of the one host wire (shared/hostWire.ts, StoreWriterWire):
 *   in  {t:'init', file, pragmas: string[], statements: {name: sql}, schema: string}
 *   out {t:'ready'} | {t:'fatal', message}
 *   in  {t:'call', id, method:'exec', input:{ops: Array<['run', name, params] | ['expect', name, params, expected]>}}
 *   out {t:'result', id, result:{ok: true, value: number[]}} | {t:'result', id, result:{ok: false, error:{code, message}}}
 *   in  {t:'call', id, method:'probe'} → a small durable write and a checkpoint attempt, out {t:'result', id, ...}
 *   in  {t:'shutdown'}  → closes the database, out {t:'closed'}
 *   out {t:'stream', stream:'health', data:{op: 'commit' | 'checkpoint', ok, code?, message?}} when a commit or
 *       checkpoint fails, and when one succeeds again after a failure (the store reports it in /healthz)
 * This file cannot load the zod schema (no TypeScript loader in the thread), so `check` below tests the
 * same shapes by hand; the store parses what comes back with the schema. A refused call is answered with
 * BAD_REQUEST and the Chinese reason; a refused message without an id is logged and dropped.
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
    parentPort.postMessage({
      t: 'stream',
      stream: 'health',
      data: { op, ok: false, code: err.code || 'SQLITE_ERROR', message: err.message },
    });
  } else if (failing[op]) {
    failing[op] = false;
    parentPort.postMessage({ t: 'stream', stream: 'health', data: { op, ok: true } });
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

/** The result envelope of call `id`: the change counts, or the error with SQLite's code. */
function done(id, err, results) {
  if (err) return { t: 'result', id, result: { ok: false, error: { code: err.code || 'SQLITE_ERROR', message: err.message } } };
  return { t: 'result', id, result: { ok: true, value: results } };
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isOp = (op) =>
  Array.isArray(op) &&
  typeof op[1] === 'string' &&
  Array.isArray(op[2]) &&
  ((op[0] === 'run' && op.length === 3) || (op[0] === 'expect' && op.length === 4));

/** The reason a message is not of the writer dialect, or null when it is. */
function check(msg) {
  if (!isObject(msg)) return '消息必须是对象';
  switch (msg.t) {
    case 'init':
      return typeof msg.file === 'string' && Array.isArray(msg.pragmas) && isObject(msg.statements) && typeof msg.schema === 'string'
        ? null
        : '“init”消息缺少 file、pragmas、statements 或 schema';
    case 'call':
      if (!Number.isInteger(msg.id) || msg.id < 0) return '“call”消息的 id 必须是非负整数';
      if (msg.method === 'probe') return null;
      if (msg.method !== 'exec') return `未知的方法“${String(msg.method).slice(0, 32)}”（应为 exec、probe）`;
      return isObject(msg.input) && Array.isArray(msg.input.ops) && msg.input.ops.every(isOp) ? null : '“exec”调用的 input.ops 格式不对';
    case 'shutdown':
      return null;
    default:
      return `未知的消息类型“${String(msg.t).slice(0, 32)}”（应为 init、call、shutdown）`;
  }
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
          const results = db.transaction(() => runOps(req.input.ops))();
          replies.push(done(req.id, null, results));
        } catch (err) {
          replies.push(done(req.id, err));
        }
      }
    })();
  } catch (err) {
    // The commit itself failed (I/O, disk full): nothing of the group is stored.
    report('commit', err);
    for (const req of batch) parentPort.postMessage(done(req.id, err));
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
    reply = done(id, null, [1]);
  } catch (err) {
    report('commit', err);
    reply = done(id, err);
  }
  commitsSinceCheckpoint++;
  if (checkpointTimer) clearTimeout(checkpointTimer);
  checkpoint();
  parentPort.postMessage(reply);
}

parentPort.on('message', (msg) => {
  const problem = check(msg);
  if (problem) {
    const reason = `消息格式不正确：${problem}`;
    if (isObject(msg) && msg.t === 'call' && Number.isInteger(msg.id) && msg.id >= 0)
      parentPort.postMessage({ t: 'result', id: msg.id, result: { ok: false, error: { code: 'BAD_REQUEST', message: reason } } });
    else console.warn(`store writer dropped a message: ${reason}`);
    return;
  }
  if (msg.t === 'call' && !db) {
    // Before init (or after a failed one) there is nothing to write to: answer, do not throw in the thread.
    parentPort.postMessage({ t: 'result', id: msg.id, result: { ok: false, error: { code: 'NOT_READY', message: '写入线程尚未打开数据库' } } });
    return;
  }
  if (msg.t === 'init') {
    try {
      db = new Database(msg.file);
      for (const p of msg.pragmas) db.pragma(p);
      db.pragma('wal_autocheckpoint = 0');
      db.exec(msg.schema);
      for (const [name, sql] of Object.entries(msg.statements)) stmts.set(name, db.prepare(sql));
      parentPort.postMessage({ t: 'ready' });
    } catch (err) {
      parentPort.postMessage({ t: 'fatal', message: err.message });
    }
  } else if (msg.t === 'call' && msg.method === 'exec') {
    pending.push(msg);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  } else if (msg.t === 'call') {
    probe(msg.id);
  } else if (msg.t === 'shutdown') {
    flush();
    if (checkpointTimer) clearTimeout(checkpointTimer);
    try {
      if (db && db.open) db.close();
    } catch {
      // Closing checkpoints; on a full disk that may fail: the WAL stays and is replayed at the next open.
    }
    parentPort.postMessage({ t: 'closed' });
  }
});
