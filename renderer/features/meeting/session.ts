/** The meeting in progress (start time, chair and attendees, decisions recorded), kept in localStorage so a reload keeps it. */

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
  /** Who chairs the meeting (主持人); empty until entered. */
  chair: string;
  /** Who attends (参会人员), in the order entered. */
  attendees: string[];
  decisions: MeetingDecision[];
}

const SESSION_KEY = 'grid.meeting.current.v1';

/** A person's name as entered: trimmed, inner runs of spaces kept single, at most 40 characters. */
export const cleanName = (s: string): string => s.trim().replace(/\s+/g, ' ').slice(0, 40);

/** The attendees as entered: names cleaned, empty ones and repeats dropped, at most 100. */
export function cleanAttendees(names: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const c = typeof n === 'string' ? cleanName(n) : '';
    if (c && !out.includes(c)) out.push(c);
  }
  return out.slice(0, 100);
}

export function loadSession(): MeetingSession {
  try {
    const v = JSON.parse(window.localStorage.getItem(SESSION_KEY) ?? 'null') as Partial<MeetingSession> | null;
    if (v && typeof v.id === 'string' && Array.isArray(v.decisions))
      // Sessions saved before the chair and attendees were recorded have neither.
      return {
        id: v.id,
        startedAt: typeof v.startedAt === 'number' ? v.startedAt : Date.now(),
        chair: typeof v.chair === 'string' ? cleanName(v.chair) : '',
        attendees: Array.isArray(v.attendees) ? cleanAttendees(v.attendees) : [],
        decisions: v.decisions,
      };
  } catch {
    /* a damaged session starts a new meeting */
  }
  return { id: `mt-${Date.now().toString(36)}`, startedAt: Date.now(), chair: '', attendees: [], decisions: [] };
}

export const saveSession = (s: MeetingSession) => window.localStorage.setItem(SESSION_KEY, JSON.stringify(s));

export const newCaseId = () =>
  `mt-${globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`}`;
