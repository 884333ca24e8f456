import { describe, expect, it } from 'vitest';
import { makeStore } from '../../store/index.js';
import { stubApi } from '../../testing/stubApi.js';
import { makeCase } from '../../testing/fixtures.js';
import { openCase, submitCommand } from './caseSlice.js';
import { changesArrived } from '../live/liveActions.js';

describe('command submission', () => {
  it('reads the open case once per submit although the core pushes a change for it meanwhile', async () => {
    const s = stubApi();
    const c = makeCase('r3');
    s.on('case.get', () => ({ case: c, pending: [], viewers: [] }));
    s.on('presence.open', () => ({}));
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(openCase('r3'));
    // The core announces the command's change before it answers the submit (as core.ts does).
    s.on('command.submit', () => {
      store.dispatch(changesArrived({ caseIds: ['r3'], newCaseIds: [], seq: 2, at: 1 }));
      return { mutationId: 'm1', n: 1 };
    });
    const before = s.calls.length;
    await store.dispatch(submitCommand({ type: 'sign', caseId: 'r3' }));
    expect(s.calls.slice(before).filter((x) => x.method === 'case.get')).toHaveLength(1);
    expect(store.getState().case.submittingFor).toEqual([]);
  });

  it('still reads the open case for a push that arrives while no submit is in flight', async () => {
    const s = stubApi();
    s.on('case.get', () => ({ case: makeCase('r3'), pending: [], viewers: [] }));
    s.on('presence.open', () => ({}));
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(openCase('r3'));
    const before = s.calls.length;
    store.dispatch(changesArrived({ caseIds: ['r3'], newCaseIds: [], seq: 2, at: 1 }));
    await new Promise((r) => setTimeout(r, 0));
    expect(s.calls.slice(before).filter((x) => x.method === 'case.get')).toHaveLength(1);
  });
});
