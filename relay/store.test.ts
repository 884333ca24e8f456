/**
 * The SQLite LogStore on real files: atomic, gap-free group commits (property-based), retention,
 * idempotency records and the outbox; plus the forwarder's backoff rule.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoRefData } from '../shared/demo/refData.js';
import type { LogEntry } from '../shared/protocol.js';
import { backoffDelay } from './outbox.js';
import { SqliteLogStore } from './store/sqlite.js';
import { emptyBatch, type CommitBatch } from './store/types.js';
import { readLogFile, removeTempDirs, tempDir } from './testing/testkit.js';

const refEntry = (seq: number, id = `ref-${seq}`): LogEntry => ({
  seq,
  changeId: id,
  at: 1_700_000_000_000 + seq,
  origin: 'system',
  kind: 'ref',
  ref: { section: 'departments', value: [{ id: 'd1', name: '部门', shortName: '部门' }] },
});

function batchOf(entries: LogEntry[]): CommitBatch {
  return { ...emptyBatch(), entries };
}

describe('SqliteLogStore', () => {
  it('keeps the log gap-free and atomic under any sequence of good and bad batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ size: fc.integer({ min: 0, max: 5 }), fault: fc.constantFrom('none', 'gap', 'dupId', 'dupClient') }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (plan) => {
          const dir = tempDir('relay-store-');
          const store = await SqliteLogStore.open({ dataDir: dir, sync: 'normal' });
          try {
            let head = 0;
            const committedIds: string[] = [];
            for (const [i, step] of plan.entries()) {
              const entries = Array.from({ length: step.size }, (_, k) => refEntry(head + 1 + k, `b${i}-${k}`));
              if (step.fault === 'gap' && entries.length > 0) entries[entries.length - 1]!.seq += 1;
              if (step.fault === 'dupId' && entries.length > 0 && committedIds.length > 0) entries[0]!.changeId = committedIds[0]!;
              const batch = batchOf(entries);
              batch.clients = [{ clientId: 'c1', lastN: i + 1 }];
              if (step.fault === 'dupClient') batch.commands = [{ origin: 'centre', id: 'same', firstSeq: 1, lastSeq: 1 }];
              const fails =
                (step.fault === 'gap' && entries.length > 0) ||
                (step.fault === 'dupId' && entries.length > 0 && committedIds.length > 0) ||
                (step.fault === 'dupClient' && (await store.getAppliedCommand('centre', 'same')) !== null);
              if (fails) {
                await expect(store.commit(batch)).rejects.toThrow();
                // Nothing of a failed batch is visible: not its entries, not its client mark.
                expect(await store.head()).toBe(head);
              } else {
                await store.commit(batch);
                head += entries.length;
                committedIds.push(...entries.map((e) => e.changeId));
                expect(await store.getClientLastN('c1')).toBe(i + 1);
              }
            }
            expect(await store.head()).toBe(head);
            const { entries, problems } = readLogFile(dir);
            expect(problems).toEqual([]);
            expect(entries.map((e) => e.changeId)).toEqual(committedIds);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('prunes to the newest N entries but keeps command ids for idempotency', async () => {
    const store = await SqliteLogStore.open({ dataDir: tempDir('relay-store-') });
    try {
      const b = batchOf(Array.from({ length: 10 }, (_, i) => refEntry(i + 1)));
      b.commands = [{ origin: 'district', id: 'chg-1', firstSeq: 1, lastSeq: 1 }];
      await store.commit(b);
      expect(await store.prune(4)).toBe(6);
      expect(await store.floor()).toBe(7);
      expect((await store.readLog(0, 100)).map((e) => e.seq)).toEqual([7, 8, 9, 10]);
      expect(await store.getAppliedCommand('district', 'chg-1')).toMatchObject({ firstSeq: 1 });
      expect(await store.prune(0)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('round-trips reference data, users and outbox rows', async () => {
    const store = await SqliteLogStore.open({ dataDir: tempDir('relay-store-') });
    try {
      const ref = createDemoRefData();
      await store.seedRef(
        ref,
        ref.users.map((user) => ({ user, passwordHash: 'h-' + user.id })),
      );
      expect(await store.getRef()).toEqual(ref);
      expect(await store.getUserByUsername('wall')).toMatchObject({ user: { role: 'wall' }, passwordHash: 'h-u-wall' });
      const b = batchOf([refEntry(1)]);
      b.users = [{ user: { ...ref.users[0]!, name: '新名字' } }];
      b.ref = [{ key: 'departments', value: [] }];
      b.outbox = [{ seq: 1, caseId: 'c', idempotencyKey: 'k1', body: '{}', nextAt: 5 }];
      await store.commit(b);
      expect(await store.getUser(ref.users[0]!.id)).toMatchObject({ user: { name: '新名字' }, passwordHash: 'h-' + ref.users[0]!.id });
      expect((await store.getRef())!.departments).toEqual([]);
      expect(await store.pendingOutbox(10)).toMatchObject([{ seq: 1, idempotencyKey: 'k1', attempts: 0, status: 'pending' }]);
      await store.updateOutbox(1, { attempts: 1, nextAt: 99, status: 'pending', lastError: 'HTTP 503' });
      expect(await store.nextOutboxAt()).toBe(99);
      await store.updateOutbox(1, { attempts: 2, nextAt: 99, status: 'delivered' });
      expect(await store.outboxStats()).toEqual({ pending: 0, delivered: 1, rejected: 0 });
    } finally {
      await store.close();
    }
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with jitter between half and the whole step, and never exceeds the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, base, cap, r) => {
          const d = backoffDelay(attempt, base, cap, () => r);
          const step = Math.min(cap, base * 2 ** (attempt - 1));
          expect(d).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(d).toBeLessThanOrEqual(Math.ceil(step));
          expect(d).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });
});

afterAll(() => removeTempDirs());
