/** The notification history: bounded, deduplicated, read marks, kept across reloads, damaged entries dropped. */
import { describe, expect, it } from 'vitest';
import {
  allNoticesRead,
  loadNoticeLog,
  MAX_LOGGED,
  noticeLogged,
  noticeLogReducer,
  noticeRead,
  saveNoticeLog,
  soundSet,
  unreadCount,
} from './noticeLog.js';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};
const n = (i: number) =>
  noticeLogged({ kind: 'urgent_case', caseId: `c${i}`, title: `紧急案件${i}`, body: '黄石东社区', at: 1_800_000_000_000 + i });

describe('notice log', () => {
  it('keeps the newest 100, once each, with read marks', () => {
    let s = noticeLogReducer({ items: [], sound: true }, n(0));
    s = noticeLogReducer(s, n(0));
    expect(s.items).toHaveLength(1);
    for (let i = 1; i <= MAX_LOGGED + 5; i++) s = noticeLogReducer(s, n(i));
    expect(s.items).toHaveLength(MAX_LOGGED);
    expect(s.items[0]!.caseId).toBe(`c${MAX_LOGGED + 5}`);
    expect(unreadCount(s)).toBe(MAX_LOGGED);
    s = noticeLogReducer(s, noticeRead(s.items[0]!.id));
    expect(unreadCount(s)).toBe(MAX_LOGGED - 1);
    s = noticeLogReducer(s, allNoticesRead());
    expect(unreadCount(s)).toBe(0);
  });

  it('is kept across reloads with the sound setting; a damaged entry is dropped', () => {
    const st = memory();
    let s = noticeLogReducer({ items: [], sound: true }, n(1));
    s = noticeLogReducer(s, soundSet(false));
    saveNoticeLog(s, st);
    expect(loadNoticeLog(st)).toEqual(s);
    st.setItem('notice.log', JSON.stringify([{ id: 'x', kind: 'nope' }, s.items[0]]));
    expect(loadNoticeLog(st).items).toEqual(s.items);
    st.setItem('notice.log', '{not json');
    expect(loadNoticeLog(st).items).toEqual([]);
    expect(loadNoticeLog(null)).toEqual({ items: [], sound: true });
  });
});
