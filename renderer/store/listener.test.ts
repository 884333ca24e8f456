import { describe, expect, it, vi } from 'vitest';
import { makeStore } from './index.js';
import { stubApi } from '../testing/stubApi.js';
import { counts, makeCase, rows } from '../testing/fixtures.js';
import { submitCommand, openCase } from '../features/case/caseSlice.js';
import { changesArrived, alertArrived } from '../features/live/liveActions.js';
import { fetchPage, setVisible } from '../features/queue/queueSlice.js';
import { errorText } from './listener.js';

describe('listener middleware', () => {
  it('turns a rejected command into a notification with the engine reason in Chinese', async () => {
    const s = stubApi();
    s.on('command.submit', () => {
      throw { code: 'MANDATORY_NO_BOUNCE', message: '该事件已回弹过一次，再次派遣为强制派遣，承办单位不得回弹。' };
    });
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(submitCommand({ type: 'sign', caseId: 'x' }));
    const n = store.getState().ui.notices;
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({
      level: 'error',
      title: '提交操作失败',
      message: '该事件已回弹过一次，再次派遣为强制派遣，承办单位不得回弹。',
    });
  });

  it('loads reference data after the first sync when it was not ready at start, without an error notice', async () => {
    const s = stubApi();
    const { loadRef, selectRefData } = await import('../features/ref/refData.js');
    const { syncPushed } = await import('../features/sync/syncSlice.js');
    const { createDemoRefData } = await import('../../shared/demo/refData.js');
    let ready = false;
    const ref = createDemoRefData();
    s.on('ref.get', () => {
      if (!ready) throw { code: 'NOT_READY', message: '尚未从中继服务器取得基础数据，请联网同步后再试' };
      return ref;
    });
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(loadRef());
    expect(selectRefData(store.getState())).toBeNull();
    expect(store.getState().ui.notices).toHaveLength(0);
    const status = { connection: 'online', outboxSize: 0, rejectedCount: 0, cursor: 0, clockOffsetMs: 0, relayUrl: 'x' } as const;
    store.dispatch(syncPushed(status));
    expect(s.calls.filter((c) => c.method === 'ref.get')).toHaveLength(1);
    ready = true;
    store.dispatch(syncPushed({ ...status, cursor: 5, lastSyncAt: 1000 }));
    await vi.waitFor(() => expect(selectRefData(store.getState())?.centreName).toBe(ref.centreName));
    expect(store.getState().ui.notices).toHaveLength(0);
  });

  it('uses plain Chinese for transport failures', () => {
    expect(errorText({ code: 'TRANSPORT', message: 'socket closed' })).toMatch(/连接中断/);
    expect(errorText({ code: 'SOMETHING', message: '' })).toMatch(/未知错误/);
  });

  it('keeps quiet about failures screens show inline (login)', async () => {
    const s = stubApi();
    const store = makeStore(undefined, { api: s.api });
    const { login } = await import('../features/session/sessionSlice.js');
    await store.dispatch(login({ username: 'a', password: 'b' }));
    expect(store.getState().ui.notices).toHaveLength(0);
    expect(store.getState().session.error?.code).toBe('NOT_STUBBED');
  });

  it('loads reference data again when the change stream says it changed (a new precedent reaches open pages)', async () => {
    const s = stubApi();
    const { loadRef, selectRefData } = await import('../features/ref/refData.js');
    const { createDemoRefData } = await import('../../shared/demo/refData.js');
    let ref = createDemoRefData();
    s.on('ref.get', () => ref);
    s.on('queue.list', () => ({ rows: [], total: 0, counts }));
    const store = makeStore(undefined, { api: s.api });
    await store.dispatch(loadRef());
    const refGets = () => s.calls.filter((c) => c.method === 'ref.get').length;
    expect(refGets()).toBe(1);
    // A case change alone does not reload it.
    store.dispatch(changesArrived({ caseIds: ['a'], newCaseIds: [], seq: 2, at: 1 }));
    expect(refGets()).toBe(1);
    ref = { ...ref, centreName: '新的中心名称' };
    store.dispatch(changesArrived({ caseIds: [], newCaseIds: [], seq: 3, at: 2, refChanged: true }));
    await vi.waitFor(() => expect(selectRefData(store.getState())?.centreName).toBe('新的中心名称'));
    expect(refGets()).toBe(2);
  });

  it('flashes new cases and refreshes the visible page and the open case after a change push', async () => {
    const s = stubApi();
    const all = rows(10);
    s.on('queue.list', () => ({ rows: all, total: 10, counts }));
    const c = makeCase('r3');
    s.on('case.get', () => ({ case: c, pending: [], viewers: [] }));
    s.on('presence.open', () => ({}));
    const store = makeStore(undefined, { api: s.api });
    store.dispatch(setVisible({ first: 0, last: 0 }));
    await store.dispatch(fetchPage({ page: 0 }));
    await store.dispatch(openCase('r3'));
    const before = s.calls.length;
    store.dispatch(changesArrived({ caseIds: ['r3', 'n1'], newCaseIds: ['n1'], seq: 9, at: 1000 }));
    expect(store.getState().ui.flash).toEqual({ n1: 1000 });
    await vi.waitFor(() => {
      const after = s.calls.slice(before).map((x) => x.method);
      expect(after).toContain('case.get');
      expect(after).toContain('queue.list');
    });
  });

  it('throttles refreshes under a burst of changes', async () => {
    const s = stubApi();
    s.on('queue.list', () => ({ rows: rows(5), total: 5, counts }));
    const store = makeStore(undefined, { api: s.api });
    store.dispatch(setVisible({ first: 0, last: 0 }));
    for (let i = 0; i < 30; i++) store.dispatch(changesArrived({ caseIds: [`c${i}`], newCaseIds: [], seq: i + 1, at: i }));
    await vi.waitFor(() => expect(s.calls.filter((c) => c.method === 'queue.list').length).toBeGreaterThan(0), { timeout: 2000 });
    // Thirty pushes inside one interval cost at most two reads (one leading, one trailing).
    expect(s.calls.filter((c) => c.method === 'queue.list').length).toBeLessThanOrEqual(2);
  });

  it('raises an urgent-case alert as a warning notice', () => {
    const store = makeStore(undefined, { api: stubApi().api });
    store.dispatch(alertArrived({ kind: 'urgent_case', caseId: 'c1', title: '紧急案件：燃气泄漏', body: '黄石东社区' }));
    expect(store.getState().ui.notices[0]).toMatchObject({ level: 'warning', title: '紧急案件：燃气泄漏', message: '黄石东社区' });
  });

  it("keeps every alert in the bell's history, unread, newest first, once each", () => {
    const store = makeStore(undefined, { api: stubApi().api });
    store.dispatch(alertArrived({ kind: 'urgent_case', caseId: 'c1', title: '紧急案件：燃气泄漏', body: '黄石东社区' }));
    store.dispatch(alertArrived({ kind: 'rejected_command', caseId: 'c2', title: '操作被退回', body: '派遣被拒绝' }));
    const items = store.getState().noticeLog.items;
    expect(items.map((n) => [n.kind, n.caseId, n.read])).toEqual([
      ['rejected_command', 'c2', false],
      ['urgent_case', 'c1', false],
    ]);
  });
});
