/** The meeting in progress (start time, decisions recorded), kept in localStorage so a reload keeps it. */

export interface MeetingDecision {
  caseId: string;
  content: string;
  departmentId: string;
  deadlineAt: number;
  relatedCode?: string;
  at: number;
}

export interface MeetingSession {
  id: string;
  startedAt: number;
  decisions: MeetingDecision[];
}

const SESSION_KEY = 'grid.meeting.current.v1';

export function loadSession(): MeetingSession {
  try {
    const v = JSON.parse(window.localStorage.getItem(SESSION_KEY) ?? 'null') as MeetingSession | null;
    if (v && typeof v.id === 'string' && Array.isArray(v.decisions)) return v;
  } catch {
    /* a damaged session starts a new meeting */
  }
  return { id: `mt-${Date.now().toString(36)}`, startedAt: Date.now(), decisions: [] };
}

export const saveSession = (s: MeetingSession) => window.localStorage.setItem(SESSION_KEY, JSON.stringify(s));

export const newCaseId = () =>
  `mt-${globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`}`;
