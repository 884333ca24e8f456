/**
 * Search by case number and by phone number: a whole case number finds that case (any letter case); a
 * phone number, typed with dashes, spaces or +86, finds the cases its reporter called in (server rows and
 * the workstation's own new ones) and nothing else; the tab counts follow; text search still works.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { QueueQuery } from '../../../shared/api.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import { openCache } from '../cache/db.js';
import { Store } from '../cache/store.js';
import { buildTemplates } from '../testing/fixtures.js';
import { tempDir } from '../testing/testkit.js';
import { memoryLogger } from '../log.js';
import { QueueReader } from './queue.js';
import { keyTerm, withoutPhones } from './queueQuery.js';

const NOW = Date.UTC(2026, 11, 3, 2);

function fixture() {
  const ref = createDemoRefData();
  const tpl = buildTemplates(ref, NOW - 86_400_000).get('normal:reported')!;
  const { db } = openCache(path.join(tempDir('keys-'), 'w.db'), { log: memoryLogger() });
  const store = new Store(db);
  store.putRef(ref);
  const mk = (i: number, phone?: string): GridEvent => ({
    ...structuredClone(tpl),
    id: `case-${i}`,
    code: `SJ20261203-K${String(i).padStart(4, '0')}`,
    title: `井盖破损${i}`,
    timeline: [],
    ...(phone ? { reporter: { name: '吴先生', phone } } : {}),
  });
  store.tx(() => {
    for (let i = 0; i < 30; i++)
      store.putCase(
        mk(i, i % 10 === 3 ? '138-1234-5678' : i % 7 === 0 ? `1390000${String(i).padStart(4, '0')}` : undefined),
        null,
        ref.calendar,
        [],
      );
    store.putLocal(mk(99, '13812345678'), [], null, 1, ref.calendar);
  });
  return { reader: new QueueReader(db), store };
}

const list = (reader: QueueReader, q: string) => reader.list(QueueQuery.parse({ tab: 'all', q, limit: 100 }), NOW, new Map());

describe('search by case number and phone number', () => {
  it('finds a case by its whole number, in any letter case', () => {
    const { reader } = fixture();
    expect(list(reader, 'SJ20261203-K0012').rows.map((r) => r.id)).toEqual(['case-12']);
    expect(list(reader, 'sj20261203-k0012').rows.map((r) => r.id)).toEqual(['case-12']);
    expect(list(reader, 'SJ20261203-K0777').total).toBe(0);
  });

  it('finds the cases a phone number reported, however it is typed, the new local one included', () => {
    const { reader } = fixture();
    const expected = ['case-13', 'case-23', 'case-3', 'case-99'].sort();
    for (const typed of ['13812345678', '138-1234-5678', '+8613812345678']) {
      const res = list(reader, typed);
      expect(res.rows.map((r) => r.id).sort(), typed).toEqual(expected);
      expect(res.total).toBe(4);
      expect(res.counts.all).toBe(31);
    }
    expect(list(reader, '13900000014').rows.map((r) => r.id)).toEqual(['case-14']);
    // Text search is unchanged; a number inside a title is not a phone term.
    expect(list(reader, '井盖破损12').rows.map((r) => r.id)).toEqual(['case-12']);
  });

  it('uses the phone index', () => {
    const { store } = fixture();
    const plan = store.db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT rid FROM case_docs WHERE replace(replace(json_extract(doc, '$.reporter.phone'), '-', ''), ' ', '') = ?",
      )
      .all('13812345678') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('case_docs_phone');
  });

  it('knows key terms, and drops phone terms for the wall', () => {
    expect(keyTerm('SJ20261203-SDLMIW')).toEqual({ kind: 'code', value: 'SJ20261203-SDLMIW' });
    expect(keyTerm('+86 138')).toBeNull();
    expect(keyTerm('86661234')).toEqual({ kind: 'phone', value: '86661234' });
    expect(keyTerm('井盖')).toBeNull();
    expect(keyTerm('123456')).toBeNull();
    expect(withoutPhones('井盖 13812345678')).toBe('井盖');
  });
});
