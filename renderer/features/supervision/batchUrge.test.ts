import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/model.js';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { makeCase, ref, T0 } from '../../testing/fixtures.js';
import { urgeBatch } from './batchUrge.js';
import { loadDetails } from './supervisionSlice.js';

const supervisor: Actor = { id: 'u-supervisor', name: '督查员甲', role: 'supervisor', unitId: 'centre' };
const values = { level: 'remind' as const, message: '请尽快处置', replyHours: 24 };
const now = T0 + 3_600_000;

function setup(ids: string[]) {
  const s = stubApi();
  const cases = new Map(ids.map((id) => [id, makeCase(id)]));
  s.on('case.get', (input) => ({ case: cases.get(input.id as string), pending: [], viewers: [] }));
  s.on('command.submit', () => ({ mutationId: 'm', n: 1 }));
  const store = makeStore(undefined, { api: s.api });
  const reads = (from: number) =>
    s.calls
      .slice(from)
      .filter((c) => c.method === 'case.get')
      .map((c) => (c.input as { id: string }).id)
      .sort();
  return { s, store, reads };
}

describe('batch urge (督查督办)', () => {
  it('reads each selected case once and urges it', async () => {
    const { s, store, reads } = setup(['a', 'b', 'c']);
    const r = await store.dispatch(urgeBatch({ ids: ['a', 'b', 'c'], values, actor: supervisor, ref, now })).unwrap();
    expect(r).toEqual({ issued: 3, skipped: 0, failures: [] });
    expect(reads(0)).toEqual(['a', 'b', 'c']);
    const urged = s.calls
      .filter((c) => c.method === 'command.submit')
      .map((c) => (c.input as { command: { type: string; caseId: string } }).command);
    expect(urged.map((c) => [c.type, c.caseId])).toEqual([
      ['urge', 'a'],
      ['urge', 'b'],
      ['urge', 'c'],
    ]);
    // Cases read only for the check are not kept as expanded details.
    expect(Object.keys(store.getState().supervision.details)).toEqual([]);
  });

  it('reads a case whose tracking row is open once, after the urge, so the row shows the new notice', async () => {
    const { s, store, reads } = setup(['a', 'b']);
    await store.dispatch(loadDetails(['a']));
    const before = s.calls.length;
    const r = await store.dispatch(urgeBatch({ ids: ['a', 'b'], values, actor: supervisor, ref, now })).unwrap();
    expect(r.issued).toBe(2);
    expect(reads(before)).toEqual(['a', 'b']);
    // The open row's case was read after its urge was submitted.
    const methods = s.calls
      .slice(before)
      .map(
        (c) =>
          `${c.method}:${(c.input as { id?: string; command?: { caseId: string } }).id ?? (c.input as { command?: { caseId: string } }).command?.caseId}`,
      );
    expect(methods.indexOf('case.get:a')).toBeGreaterThan(methods.indexOf('command.submit:a'));
    expect(store.getState().supervision.details.a).toBeDefined();
  });

  it('counts a case the level is not allowed for as skipped, read once and not urged', async () => {
    const { s, store, reads } = setup(['a']);
    // 督办 needs an overdue case or an earlier 催办: neither holds for a freshly dispatched case.
    const r = await store
      .dispatch(urgeBatch({ ids: ['a'], values: { ...values, level: 'supervise' }, actor: supervisor, ref, now }))
      .unwrap();
    expect(r).toEqual({ issued: 0, skipped: 1, failures: [] });
    expect(reads(0)).toEqual(['a']);
    expect(s.calls.some((c) => c.method === 'command.submit')).toBe(false);
  });
});
