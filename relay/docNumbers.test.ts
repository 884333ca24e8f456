/**
 * 文号 (issue 15.9): the relay hands out official document numbers from the centre's patterns. Against a real
 * relay (real sockets, real SQLite): many concurrent requests from several workstations get 1..n without a
 * gap or a duplicate, a retry with the same request id gets the same number, bad patterns and bad years are
 * refused in Chinese with nothing stored, other roles are refused, and the sequence survives a restart.
 * A property test drives the hub on a real store through random requests, retries and year changes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { createDemoRefData } from '../shared/demo/refData.js';
import { formatDocNumber, type DocNumberPattern, type DocNumberResponse } from '../shared/docNumber.js';
import { Hub, HubError } from './hub.js';
import { startRelay, type RelayHandle } from './server.js';
import { SqliteLogStore } from './store/sqlite.js';
import {
  connect,
  login,
  removeTempDirs,
  request,
  requestOk,
  tempDir,
  TEST_TOKEN_SECRET,
  TEST_WEBHOOK_SECRET,
  uid,
} from './testing/testkit.js';

const PATTERNS: DocNumberPattern[] = [
  { id: 'urge', name: '督办通知', template: '黄石督〔{year}〕{seq}号', width: 0 },
  { id: 'remind', name: '催办单', template: '黄石催〔{year}〕{seq}号', width: 3 },
];

let relay: RelayHandle;
let dataDir: string;
const sockets: Socket[] = [];
const opts = () => ({
  port: 0,
  dataDir,
  demo: false,
  webhookSecret: TEST_WEBHOOK_SECRET,
  tokenSecret: TEST_TOKEN_SECRET,
  districtUrl: 'none',
  quiet: true,
  sync: 'normal' as const,
  presenceIntervalMs: 0,
});

async function as(username: string): Promise<Socket> {
  const clientId = uid(username);
  const socket = await connect(relay.url, { token: await login(relay.url, username, clientId), clientId });
  sockets.push(socket);
  return socket;
}

const year = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

beforeAll(async () => {
  dataDir = tempDir();
  relay = await startRelay(opts());
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await relay.close();
  removeTempDirs();
});

describe('docNumber:allocate on a real relay', () => {
  it('refuses a pattern without {seq} (nothing applied), then saves the admin’s patterns', async () => {
    const admin = await as('admin');
    const bad = await request(admin, 'ref:update', {
      section: 'docNumberPatterns',
      value: [{ id: 'x', name: '督办通知', template: '黄石督〔{year}〕号' }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('缺少序号占位符 {seq}');
    const dup = await request(admin, 'ref:update', { section: 'docNumberPatterns', value: [PATTERNS[0], { ...PATTERNS[0], id: 'other' }] });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error.message).toContain('重复');
    expect(relay.hub.ref.docNumberPatterns).toEqual(createDemoRefData().docNumberPatterns);
    const dispatcher = await as('dispatcher');
    const notAdmin = await request(dispatcher, 'ref:update', { section: 'docNumberPatterns', value: PATTERNS });
    expect(notAdmin.ok).toBe(false);
    await requestOk(admin, 'ref:update', { section: 'docNumberPatterns', value: PATTERNS });
    expect(relay.hub.ref.docNumberPatterns?.map((p) => p.id)).toEqual(['urge', 'remind']);
  });

  it('many concurrent requests from several workstations: 1..n, no gap, no duplicate; retries answer the same', async () => {
    const clients = await Promise.all(['dispatcher', 'supervisor', 'leader', 'dispatcher2'].map(as));
    const N = 60;
    const reqs = Array.from({ length: N }, (_, i) => ({
      requestId: uid('rq'),
      patternId: 'urge',
      caseId: `case-${i}`,
      client: clients[i % clients.length]!,
    }));
    const first = await Promise.all(
      reqs.map((r) =>
        requestOk<DocNumberResponse>(r.client, 'docNumber:allocate', { requestId: r.requestId, patternId: r.patternId, caseId: r.caseId }),
      ),
    );
    const y = year();
    expect(first.map((a) => a.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(new Set(first.map((a) => a.number)).size).toBe(N);
    for (const a of first) {
      expect(a.year).toBe(y);
      expect(a.number).toBe(`黄石督〔${y}〕${a.seq}号`);
      expect(a.repeated).toBe(false);
    }
    // The same requests again (a lost answer retried), concurrently: the same numbers, nothing new taken.
    const again = await Promise.all(
      reqs.map((r) => requestOk<DocNumberResponse>(r.client, 'docNumber:allocate', { requestId: r.requestId, patternId: r.patternId })),
    );
    expect(again.map((a) => a.number)).toEqual(first.map((a) => a.number));
    expect(again.every((a) => a.repeated)).toBe(true);
    expect(await relay.store.docCounter('urge', y)).toBe(N);
    // Another pattern has its own sequence, zero-padded.
    const other = await requestOk<DocNumberResponse>(clients[1]!, 'docNumber:allocate', { requestId: uid('rq'), patternId: 'remind' });
    expect(other.number).toBe(`黄石催〔${y}〕001号`);
  });

  it('refuses a bad year, an unknown pattern, a request id reused for another pattern and other roles, in Chinese, taking no number', async () => {
    const sup = await as('supervisor');
    const y = year();
    const before = await relay.store.docCounter('urge', y);
    const past = await request(sup, 'docNumber:allocate', { requestId: uid('rq'), patternId: 'urge', year: y - 1 });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error.message).toContain(`只能按当年（${y}年）`);
    const silly = await request(sup, 'docNumber:allocate', { requestId: uid('rq'), patternId: 'urge', year: 12 });
    expect(silly.ok).toBe(false);
    if (!silly.ok) expect(silly.error.message).toContain('文号年份“12”无效');
    const frac = await request(sup, 'docNumber:allocate', { requestId: uid('rq'), patternId: 'urge', year: 2026.5 });
    expect(frac.ok).toBe(false);
    const unknown = await request(sup, 'docNumber:allocate', { requestId: uid('rq'), patternId: 'nope' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toContain('找不到文号格式');
    const rid = uid('rq');
    await requestOk(sup, 'docNumber:allocate', { requestId: rid, patternId: 'remind' });
    const reused = await request(sup, 'docNumber:allocate', { requestId: rid, patternId: 'urge' });
    expect(reused.ok).toBe(false);
    if (!reused.ok) expect(reused.error.code).toBe('CONFLICT');
    const wall = await as('wall');
    const forbidden = await request(wall, 'docNumber:allocate', { requestId: uid('rq'), patternId: 'urge' });
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.error.code).toBe('FORBIDDEN');
    expect(await relay.store.docCounter('urge', y)).toBe(before);
  });

  it('the sequence survives a relay restart', async () => {
    const y = year();
    const before = await relay.store.docCounter('urge', y);
    for (const s of sockets.splice(0)) s.close();
    await relay.close();
    relay = await startRelay(opts());
    const sup = await as('supervisor');
    const a = await requestOk<DocNumberResponse>(sup, 'docNumber:allocate', { requestId: uid('rq'), patternId: 'urge' });
    expect(a.seq).toBe(before + 1);
  });
});

describe('the store refuses a duplicate number', () => {
  it('a second row of the same sequence or request, or a counter that did not move by one, writes nothing', async () => {
    const store = await SqliteLogStore.open({ dataDir: tempDir('docstore-'), sync: 'normal' });
    try {
      const row = { requestId: 'r1', patternId: 'urge', year: 2026, seq: 1, number: '黄石督〔2026〕1号', actorId: 'u', at: 1 };
      await store.insertDocNumber(row);
      await expect(store.insertDocNumber({ ...row, requestId: 'r2' })).rejects.toThrow();
      await expect(store.insertDocNumber({ ...row, seq: 2, number: 'x2' })).rejects.toThrow();
      await expect(store.insertDocNumber({ ...row, requestId: 'r3', seq: 3, number: 'x3' })).rejects.toThrow();
      expect(await store.docCounter('urge', 2026)).toBe(1);
      expect(await store.getDocNumber('r2')).toBeNull();
      expect(await store.getDocNumber('r1')).toEqual(row);
    } finally {
      await store.close();
    }
  });
});

describe('the hub’s document-number sequence (property, real store)', () => {
  type Op =
    { kind: 'new'; pattern: 0 | 1 } | { kind: 'retry'; pick: number } | { kind: 'year' } | { kind: 'burst'; n: number; pattern: 0 | 1 };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('new' as const), pattern: fc.constantFrom(0 as const, 1 as const) }),
    fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('year' as const) }),
    fc.record({ kind: fc.constant('burst' as const), n: fc.integer({ min: 2, max: 8 }), pattern: fc.constantFrom(0 as const, 1 as const) }),
  );

  it('numbers strictly increase per pattern and year from 1, never repeat, retries answer the same, a new year starts again', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const dir = tempDir('docnum-');
        const store = await SqliteLogStore.open({ dataDir: dir, sync: 'normal' });
        // 2026-12-31 23:59 street time: the first 'year' op crosses into 2027.
        let now = Date.UTC(2026, 11, 31, 15, 59);
        const ref = { ...createDemoRefData(), docNumberPatterns: PATTERNS };
        await store.seedRef(ref, []);
        const hub = new Hub({ store, ref, forward: false, now: () => now }, 0);
        const actor = { id: 'u-supervisor', name: '李强', role: 'supervisor' as const, unitId: 'centre' };
        const given: { requestId: string; out: DocNumberResponse }[] = [];
        const last = new Map<string, number>();
        const check = (out: DocNumberResponse) => {
          const key = `${out.patternId}/${out.year}`;
          expect(out.seq).toBe((last.get(key) ?? 0) + 1);
          last.set(key, out.seq);
          const p = PATTERNS.find((x) => x.id === out.patternId)!;
          expect(out.number).toBe(formatDocNumber(p, out.year, out.seq));
        };
        let n = 0;
        try {
          for (const o of ops) {
            if (o.kind === 'year') now += 24 * 3_600_000;
            else if (o.kind === 'retry') {
              const g = given[o.pick % Math.max(1, given.length)];
              if (!g) continue;
              const out = await hub.allocateDocNumber(actor, { requestId: g.requestId, patternId: g.out.patternId });
              expect(out).toEqual({ ...g.out, repeated: true });
            } else {
              const count = o.kind === 'burst' ? o.n : 1;
              const reqs = Array.from({ length: count }, () => ({ requestId: `r${++n}`, patternId: PATTERNS[o.pattern]!.id }));
              // A burst joins one batch of the hub's queue; the answers come in request order.
              const outs = await Promise.all(reqs.map((r) => hub.allocateDocNumber(actor, r)));
              for (const [i, out] of outs.entries()) {
                check(out);
                given.push({ requestId: reqs[i]!.requestId, out });
              }
            }
          }
          const numbers = given.map((g) => g.out.number);
          expect(new Set(numbers).size).toBe(numbers.length);
          // A stale year is refused, and a past year never gets another number.
          if (now >= Date.UTC(2026, 11, 31, 16)) {
            await expect(hub.allocateDocNumber(actor, { requestId: 'old', patternId: 'urge', year: 2026 })).rejects.toBeInstanceOf(
              HubError,
            );
          }
        } finally {
          await hub.close();
          await store.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
