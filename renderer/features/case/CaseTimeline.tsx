/** The full timeline: every immutable entry with who (user, role, unit), what, when and why. */
import { Timeline, Typography } from 'antd';
import type { CaseEvent } from '../../../shared/gridEvent.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';
import type { Lookups } from '../ref/index.js';

const COLOR: Partial<Record<CaseEvent['type'], string>> = {
  bounced: 'orange',
  rejected: 'red',
  upstream_rejected: 'red',
  rework_ordered: 'orange',
  closed: 'green',
  urged: 'volcano',
  accountability_recorded: 'red',
  merged: 'gray',
  merge_closed: 'green',
  unmerged: 'orange',
};

/** The facts worth a line under an entry, from its data payload. */
export function eventFacts(e: CaseEvent, lk: Lookups): string[] {
  const d = e.data as Record<string, unknown>;
  const out: string[] = [];
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  switch (e.type) {
    case 'dispatched': {
      const lead = s('leadDepartmentId');
      if (lead) out.push(fmt(t.case.eventDetail.lead, { dept: lk.deptName(lead) }));
      const co = Array.isArray(d.coDepartmentIds) ? (d.coDepartmentIds as string[]) : [];
      if (co.length) out.push(fmt(t.case.eventDetail.co, { depts: co.map((c) => lk.deptName(c)).join('、') }));
      if (d.mandatory === true) out.push(t.case.eventDetail.mandatory);
      if (d.fallback) out.push(t.case.eventDetail.fallback);
      if (typeof d.deadlineAt === 'number') out.push(fmt(t.case.eventDetail.deadline, { deadline: fmtTime(d.deadlineAt) }));
      break;
    }
    case 'bounced': {
      const code = s('reasonCode') as keyof typeof t.enums.bounceReasons | undefined;
      out.push(fmt(t.case.eventDetail.bounce, { reason: `${code ? t.enums.bounceReasons[code] : ''} ${s('text') ?? ''}`.trim() }));
      break;
    }
    case 'verified':
      out.push(d.passed === false ? t.case.eventDetail.failed : t.case.eventDetail.passed);
      break;
    case 'extension_decided':
    case 'park_decided':
      out.push(d.approve === false ? t.case.eventDetail.denied : t.case.eventDetail.approved);
      break;
    case 'closed': {
      const sat = s('satisfaction') as keyof typeof t.enums.satisfaction | undefined;
      if (sat) out.push(fmt(t.case.eventDetail.satisfaction, { s: t.enums.satisfaction[sat] }));
      break;
    }
    case 'urged': {
      const u = d.urge as { level?: keyof typeof t.enums.urgeLevels; departmentId?: string; replyDeadline?: number } | undefined;
      if (u?.level)
        out.push(
          fmt(t.case.eventDetail.urge, {
            level: t.enums.urgeLevels[u.level],
            dept: lk.deptName(u.departmentId),
            deadline: fmtTime(u.replyDeadline),
          }),
        );
      break;
    }
    case 'merged': {
      out.push(fmt(t.case.eventDetail.mergedInto, { code: s('intoCode') ?? s('intoCaseId') ?? '' }));
      if (s('requestedCaseId')) out.push(fmt(t.case.eventDetail.mergedRoot, { code: s('requestedCaseId')! }));
      const before = s('statusBeforeMerge') as keyof typeof t.enums.statuses | undefined;
      if (before) out.push(fmt(t.case.eventDetail.statusBeforeMerge, { status: t.enums.statuses[before] }));
      break;
    }
    case 'duplicate_merged': {
      const source = s('source') as keyof typeof t.enums.sources | undefined;
      out.push(
        fmt(t.case.eventDetail.duplicate, {
          code: s('duplicateCode') ?? s('duplicateCaseId') ?? '',
          source: source ? t.enums.sources[source] : t.app.dash,
        }),
      );
      const reporter = d.reporter as { name?: string } | undefined;
      if (reporter?.name) out.push(fmt(t.case.eventDetail.duplicateReporter, { name: reporter.name }));
      break;
    }
    case 'unmerged': {
      out.push(fmt(t.case.eventDetail.unmergedFrom, { code: s('fromCaseId') ?? '' }));
      const status = s('status') as keyof typeof t.enums.statuses | undefined;
      if (status) out.push(fmt(t.case.eventDetail.restoredStatus, { status: t.enums.statuses[status] }));
      break;
    }
    case 'duplicate_unmerged':
      out.push(fmt(t.case.eventDetail.duplicateOut, { code: s('duplicateCode') ?? s('duplicateCaseId') ?? '' }));
      break;
    case 'merge_closed': {
      out.push(fmt(t.case.eventDetail.mergeClosed, { code: s('originalCode') ?? s('originalCaseId') ?? '' }));
      const sat = s('originalSatisfaction') as keyof typeof t.enums.satisfaction | undefined;
      if (sat) out.push(fmt(t.case.eventDetail.satisfaction, { s: t.enums.satisfaction[sat] }));
      break;
    }
    case 'linked':
    case 'unlinked':
      out.push(
        fmt(e.type === 'linked' ? t.case.eventDetail.linked : t.case.eventDetail.unlinked, {
          code: s('otherCode') ?? s('otherCaseId') ?? '',
        }),
      );
      break;
    case 'located': {
      const loc = d.location as { lon: number; lat: number } | undefined;
      if (loc) out.push(fmt(t.case.eventDetail.located, { lon: loc.lon.toFixed(6), lat: loc.lat.toFixed(6) }));
      const grid = s('gridId');
      if (grid)
        out.push(
          fmt(t.case.eventDetail.relocated, {
            grid: lk.grid.get(grid)?.name ?? grid,
            previous: lk.grid.get(s('previousGridId') ?? '')?.name ?? s('previousGridId') ?? '',
          }),
        );
      break;
    }
    case 'result_reported':
    case 'urge_replied':
      if (s('text')) out.push(s('text')!);
      break;
    default:
      break;
  }
  return out;
}

export function CaseTimeline({ events, lk }: { events: CaseEvent[]; lk: Lookups }) {
  const sorted = [...events].sort((a, b) => a.version - b.version);
  // The engine repeats a bounce's or a result's text as the entry's note: shown once, as the fact.
  const cache = new Map<string, string[]>();
  const facts = (e: CaseEvent) => cache.get(e.id) ?? (cache.set(e.id, eventFacts(e, lk)), cache.get(e.id)!);
  return (
    <Timeline
      className="case-timeline"
      items={sorted.map((e) => ({
        key: e.id,
        color: COLOR[e.type] ?? 'blue',
        content: (
          <div data-testid="timeline-item" data-type={e.type}>
            <div className="tl-head">
              <Typography.Text strong>{t.enums.events[e.type]}</Typography.Text>
              <Typography.Text type="secondary" className="tl-time">
                {fmtTime(e.at)}
              </Typography.Text>
              <Typography.Text type="secondary">
                {fmt(t.case.by, { name: e.actor.name, role: t.enums.actorRoles[e.actor.role] })}
                {e.actor.unitId && e.actor.unitId !== 'centre' && e.actor.role === 'department' ? ` · ${lk.deptName(e.actor.unitId)}` : ''}
              </Typography.Text>
            </div>
            {facts(e).map((f) => (
              <div key={f} className="tl-fact">
                {f}
              </div>
            ))}
            {e.note && !facts(e).some((f) => f.includes(e.note!)) && <div className="tl-note">{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
