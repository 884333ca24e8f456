/**
 * The notification history (提醒记录): every urgent-case and rejected-command notice the core pushed, kept
 * on this workstation (localStorage, the newest 100, validated on read) so a toast missed while away can be
 * found again from the bell; and whether urgent cases play a sound (on unless turned off).
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { z } from 'zod';

export const MAX_LOGGED = 100;
const KEY = 'notice.log';
const SOUND_KEY = 'notice.sound';

export const LoggedNotice = z.object({
  id: z.string().max(80),
  kind: z.enum(['urgent_case', 'rejected_command']),
  caseId: z.string().max(64),
  title: z.string().max(200),
  body: z.string().max(2000),
  at: z.number().int().nonnegative(),
  read: z.boolean(),
});
export type LoggedNotice = z.infer<typeof LoggedNotice>;

export interface NoticeLogState {
  items: LoggedNotice[];
  sound: boolean;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;
const storage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

/** The kept history; a damaged entry is dropped, never trusted. */
export function loadNoticeLog(s: Storage | null = storage()): NoticeLogState {
  let items: LoggedNotice[] = [];
  try {
    const raw = JSON.parse(s?.getItem(KEY) ?? '[]') as unknown;
    if (Array.isArray(raw)) items = raw.flatMap((x) => (LoggedNotice.safeParse(x).success ? [x as LoggedNotice] : [])).slice(0, MAX_LOGGED);
  } catch {
    items = [];
  }
  return { items, sound: s?.getItem(SOUND_KEY) !== '0' };
}

export function saveNoticeLog(state: NoticeLogState, s: Storage | null = storage()): void {
  try {
    s?.setItem(KEY, JSON.stringify(state.items));
    s?.setItem(SOUND_KEY, state.sound ? '1' : '0');
  } catch {
    // A full or blocked storage costs the history, not the notice.
  }
}

const slice = createSlice({
  name: 'noticeLog',
  initialState: (): NoticeLogState => loadNoticeLog(),
  reducers: {
    noticeLogged(s, a: PayloadAction<Omit<LoggedNotice, 'read' | 'id'> & { id?: string }>) {
      const id = a.payload.id ?? `${a.payload.kind}:${a.payload.caseId}:${a.payload.at}`;
      if (s.items.some((x) => x.id === id)) return;
      s.items.unshift({ ...a.payload, id, read: false });
      if (s.items.length > MAX_LOGGED) s.items.length = MAX_LOGGED;
    },
    noticeRead(s, a: PayloadAction<string>) {
      const n = s.items.find((x) => x.id === a.payload);
      if (n) n.read = true;
    },
    allNoticesRead(s) {
      for (const n of s.items) n.read = true;
    },
    soundSet(s, a: PayloadAction<boolean>) {
      s.sound = a.payload;
    },
  },
});

export const { noticeLogged, noticeRead, allNoticesRead, soundSet } = slice.actions;
export const noticeLogReducer = slice.reducer;
export const unreadCount = (s: NoticeLogState): number => s.items.filter((n) => !n.read).length;
