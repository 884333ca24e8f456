/**
 * Which SMS notices an entry causes (decided in the hub's batch, written in the same commit as the entry),
 * and the overdue notices a clock passing its deadline causes (found by the relay's timer). See docs/sms.md.
 *   dispatched    → the lead department's contacts with sms on (派遣)
 *   urged         → the urged department's contacts (催办)
 *   a verification clock starts (result reported, self-handled) → the grid's workers with a phone (核查)
 *   a running handling clock past its deadline → the department's contacts, once per clock (超期)
 */
import { formatLocal } from '../../shared/calendar/localDay.js';
import type { CaseEvent, GridEvent } from '../../shared/gridEvent.js';
import type { CaseClock } from '../../shared/model.js';
import type { RefData } from '../../shared/refData.js';
import { renderTemplate, sendableAt, type SmsKind, type SmsSettings } from '../../shared/sms.js';
import type { SmsInsert } from '../store/types.js';

interface Recipient {
  name: string;
  mobile: string;
}

/** The department's contacts who receive SMS (sms not turned off), one per mobile. */
export function departmentRecipients(ref: RefData, departmentId: string | undefined): Recipient[] {
  const d = departmentId ? ref.departments.find((x) => x.id === departmentId) : undefined;
  const out = new Map<string, Recipient>();
  for (const c of d?.contacts ?? []) if (c.sms !== false && !out.has(c.mobile)) out.set(c.mobile, { name: c.name, mobile: c.mobile });
  return [...out.values()];
}

/** The grid's workers with a phone (the assistants only when no worker has one). */
export function gridRecipients(ref: RefData, gridId: string): Recipient[] {
  const ws = ref.gridWorkers.filter((w) => w.gridId === gridId && w.phone);
  const workers = ws.filter((w) => w.kind !== 'assistant');
  return (workers.length > 0 ? workers : ws).map((w) => ({ name: w.name, mobile: (w.phone ?? '').replace(/[\s-]/g, '') }));
}

const running = (c: CaseClock) => c.stoppedAt === undefined;

function message(
  kind: SmsKind,
  key: string,
  c: GridEvent,
  to: Recipient,
  values: { deadline?: number; departmentId?: string | undefined },
  ref: RefData,
  settings: SmsSettings,
  at: number,
): SmsInsert {
  const dept = values.departmentId ? ref.departments.find((d) => d.id === values.departmentId) : undefined;
  const grid = ref.grids.find((g) => g.id === c.gridId);
  const body = renderTemplate(settings.templates[kind] ?? '', {
    code: c.code,
    title: c.title.length > 40 ? c.title.slice(0, 39) + '…' : c.title,
    deadline: values.deadline === undefined ? '' : formatLocal(values.deadline, ref.calendar),
    department: dept?.shortName ?? dept?.name ?? '',
    grid: grid?.name ?? '',
  });
  const urgent = c.grade === 'urgent';
  return {
    key,
    kind,
    caseId: c.id,
    caseCode: c.code,
    recipient: to.name,
    mobile: to.mobile,
    text: `【${settings.signName}】${body}`,
    urgent,
    createdAt: at,
    nextAt: sendableAt(at, urgent, settings.quietHours, ref.calendar.utcOffsetMinutes),
  };
}

/** The notices one entry causes: `before` and `after` are the case around the event. */
export function noticesForEvent(
  before: GridEvent | null,
  after: GridEvent,
  ev: CaseEvent,
  ref: RefData,
  settings: SmsSettings,
  at: number,
): SmsInsert[] {
  const out: SmsInsert[] = [];
  const handling = (deptId: string | undefined) =>
    after.clocks.find((k) => k.kind === 'handling' && running(k) && k.unitId === deptId)?.deadline;
  if (ev.type === 'dispatched') {
    const dept = after.leadDepartmentId;
    for (const r of departmentRecipients(ref, dept))
      out.push(
        message('dispatch', `dispatch:${ev.id}:${r.mobile}`, after, r, { deadline: handling(dept), departmentId: dept }, ref, settings, at),
      );
  }
  if (ev.type === 'urged') {
    const urge = (ev.data as { urge?: { departmentId?: string; replyDeadline?: number } }).urge;
    const dept = urge?.departmentId;
    for (const r of departmentRecipients(ref, dept))
      out.push(
        message(
          'urge',
          `urge:${ev.id}:${r.mobile}`,
          after,
          r,
          { deadline: handling(dept) ?? urge?.replyDeadline, departmentId: dept },
          ref,
          settings,
          at,
        ),
      );
  }
  const wasVerifying = new Set((before?.clocks ?? []).filter((k) => k.kind === 'verification' && running(k)).map((k) => k.id));
  for (const k of after.clocks) {
    if (k.kind !== 'verification' || !running(k) || wasVerifying.has(k.id)) continue;
    for (const r of gridRecipients(ref, after.gridId))
      out.push(
        message(
          'verification',
          `verification:${after.id}:${k.id}:${r.mobile}`,
          after,
          r,
          { deadline: k.deadline, departmentId: after.leadDepartmentId },
          ref,
          settings,
          at,
        ),
      );
  }
  return out;
}

/**
 * Overdue notices for the running, unpaused handling clocks of `c` whose deadline lies in [since, asOf], queued at `now`:
 * keyed by clock, so a clock seen again (every scan, after a restart) never causes a second message.
 */
export function overdueNotices(
  c: GridEvent,
  ref: RefData,
  settings: SmsSettings,
  since: number,
  asOf: number,
  now: number = asOf,
): SmsInsert[] {
  const out: SmsInsert[] = [];
  for (const k of c.clocks) {
    if (k.kind !== 'handling' || !running(k) || k.pausedAt !== undefined) continue;
    if (k.deadline > asOf || k.deadline < since) continue;
    for (const r of departmentRecipients(ref, k.unitId))
      out.push(
        message(
          'overdue',
          `overdue:${c.id}:${k.id}:${r.mobile}`,
          c,
          r,
          { deadline: k.deadline, departmentId: k.unitId },
          ref,
          settings,
          now,
        ),
      );
  }
  return out;
}
