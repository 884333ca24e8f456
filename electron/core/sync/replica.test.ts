/**
 * Replica.applyEntries folds a batch per case and writes each case once with its final state (row, JSON,
 * FTS, counts) and every timeline entry: for random engine-made change sequences, applying them in
 * batches of any size must leave exactly the cache that applying them entry by entry leaves.
 */
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../shared/commands.js';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { createRng } from '../../../shared/demo/prng.js';
import { decide, evolve } from '../../../shared/engine/index.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { Actor } from '../../../shared/model.js';
import type { LogEntry } from '../../../shared/protocol.js';
import type { RefData } from '../../../shared/refData.js';
import { openCache } from '../cache/db.js';
import { DISPATCHER, SUPERVISOR, caseText } from '../testing/fixtures.js';
import { memoryLogger } from '../log.js';
import { Replica } from './replica.js';
import { Store } from '../cache/store.js';
import { tempDir } from '../testing/testkit.js';

const T0 = Date.UTC(2026, 10, 20, 1, 0, 0);
const KINDS = ['accept', 'reject', 'selfHandle', 'dispatch', 'sign', 'bounce', 'reportResult', 'requestPark', 'decidePark', 'resume', 'verify', 'close', 'urge', 'requestExtension', 'decideExtension'] as const;
type Kind = (typeof KINDS)[number] | 'report';

function command(kind: Kind, caseId: string, ref: RefData, i: number, pass: boolean): { cmd: Command; actor: Actor } {
  const item = ref.catalog[i % ref.catalog.length]!;
  const deptId = item.defaultDepartmentId;
  const dept: Actor = { id: `d-${deptId}`, name: '部门', role: 'department', unitId: deptId };
  const grid = ref.grids[i % 20]!;
  switch (kind) {
    case 'report':
      return { cmd: { type: 'report', caseId, source: 'grid_worker', ...caseText(createRng(i)), communityId: grid.communityId, gridId: grid.id, attachments: [] }, actor: DISPATCHER };
    case 'accept':
      return { cmd: { type: 'accept', caseId, catalogItemId: item.id, grade: (['normal', 'important', 'urgent'] as const)[i % 3]! }, actor: DISPATCHER };
    case 'reject':
      return { cmd: { type: 'reject', caseId, reason: '不属于受理范围' }, actor: DISPATCHER };
    case 'selfHandle':
      return { cmd: { type: 'selfHandle', caseId, note: '网格员现场处理' }, actor: DISPATCHER };
    case 'dispatch':
      return { cmd: { type: 'dispatch', caseId, leadDepartmentId: deptId, coDepartmentIds: [] }, actor: DISPATCHER };
    case 'sign':
      return { cmd: { type: 'sign', caseId }, actor: dept };
    case 'bounce':
      return { cmd: { type: 'bounce', caseId, reasonCode: 'not_our_duty', text: '不属本部门职责' }, actor: dept };
    case 'reportResult':
      return { cmd: { type: 'reportResult', caseId, text: '已处理完毕', attachments: [] }, actor: dept };
    case 'requestPark':
      return { cmd: { type: 'requestPark', caseId, reason: '需纳入年度工程' }, actor: dept };
    case 'decidePark':
      return { cmd: { type: 'decidePark', caseId, approve: pass }, actor: SUPERVISOR };
    case 'resume':
      return { cmd: { type: 'resume', caseId }, actor: SUPERVISOR };
    case 'verify':
      return { cmd: { type: 'verify', caseId, passed: pass, note: '现场核查' }, actor: DISPATCHER };
    case 'close':
      return { cmd: { type: 'close', caseId, satisfaction: 'satisfied' }, actor: DISPATCHER };
    case 'urge':
      return { cmd: { type: 'urge', caseId, urgeId: `${caseId}-u${i}`, level: 'remind', message: '请尽快处理', replyHours: 24 }, actor: SUPERVISOR };
    case 'requestExtension':
      return { cmd: { type: 'requestExtension', caseId, minutes: 240, reason: '需要采购材料' }, actor: dept };
    case 'decideExtension':
      return { cmd: { type: 'decideExtension', caseId, approve: pass }, actor: SUPERVISOR };
  }
}

/** Log entries of a random sequence of commands over `cases` cases (refused commands leave no entry). */
function logOf(ref: RefData, steps: ReadonlyArray<{ c: number; kind: number; pass: boolean }>, cases: number): LogEntry[] {
  const states = new Map<string, GridEvent | null>();
  const entries: LogEntry[] = [];
  let now = T0;
  steps.forEach((s, i) => {
    const caseId = `case-${s.c % cases}`;
    const state = states.get(caseId) ?? null;
    const kind: Kind = state === null ? 'report' : KINDS[s.kind % KINDS.length]!;
    const { cmd, actor } = command(kind, caseId, ref, i, s.pass);
    now += 7 * 60_000;
    const d = decide(state, cmd, { actor, now, ref, commandId: `cmd-${i}` });
    if (!d.ok) return;
    let next = state;
    for (const e of d.events) {
      next = evolve(next, e);
      entries.push({ seq: entries.length + 1, changeId: `chg-${entries.length + 1}`, at: e.at, origin: 'centre', kind: 'case', event: e });
    }
    states.set(caseId, next);
  });
  return entries;
}

function freshReplica(ref: RefData): { store: Store; replica: Replica } {
  const { db } = openCache(path.join(tempDir('replica-'), 'w.db'), { log: memoryLogger() });
  const store = new Store(db);
  store.tx(() => store.putRef(ref));
  return { store, replica: new Replica(store, memoryLogger()) };
}

/** Everything applying the log writes, in a comparable form. */
function dump(store: Store): Record<string, unknown> {
  const all = (sql: string) => store.db.prepare(sql).all();
  // The FTS index must agree with the rows (external content): SQLite checks it.
  store.db.prepare("INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)").run();
  return {
    cases: all('SELECT * FROM cases ORDER BY rid'),
    docs: all('SELECT * FROM case_docs ORDER BY rid'),
    timeline: all('SELECT * FROM timeline ORDER BY seq'),
    fts: all("SELECT rowid FROM cases_fts WHERE cases_fts MATCH '路' OR cases_fts MATCH '\"号\"' ORDER BY rowid"),
    facets: all('SELECT * FROM facet_counts WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7'),
    facetsBy: all('SELECT * FROM facet_counts_by WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9'),
    statDirty: all('SELECT rid FROM stat_dirty ORDER BY rid'),
    cursor: store.cursor,
  };
}

describe('batched apply', () => {
  const ref = createDemoRefData();

  it('applying a log in batches of any size leaves exactly the cache that entry-by-entry apply leaves', () => {
    const step = fc.record({ c: fc.nat(), kind: fc.nat(), pass: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), (steps, cases, sizes) => {
        const log = logOf(ref, steps, cases);
        const one = freshReplica(ref);
        for (const e of log) expect(one.replica.applyEntries([e]).applied).toBe(1);
        const batched = freshReplica(ref);
        for (let p = 0, k = 0; p < log.length; k++) {
          const size = sizes[k % sizes.length]!;
          expect(batched.replica.applyEntries(log.slice(p, p + size)).applied).toBe(Math.min(size, log.length - p));
          p += size;
        }
        const expected = dump(one.store);
        expect(dump(batched.store)).toEqual(expected);
        // The counts kept incrementally equal a recount from the rows.
        batched.store.recountFacets();
        expect(dump(batched.store)).toEqual(expected);
        // Both equal the engine's own fold of the log.
        const folded = new Map<string, GridEvent>();
        for (const e of log) if (e.kind === 'case') folded.set(e.event.caseId, evolve(folded.get(e.event.caseId) ?? null, e.event));
        for (const [id, c] of folded) expect(batched.store.getCase(id)).toEqual(c);
        one.store.db.close();
        batched.store.db.close();
      }),
      { numRuns: 40 },
    );
  });
});
