/**
 * The case sheet (网格事件处理单, issue 15.9): one A4 page with the case's facts, deadlines, the main
 * timeline entries and signature lines (承办人 / 审核人). It needs no document number, so it prints offline.
 * The reporter is masked (张*, 138****1234), like every other place that shows them outside the workbench:
 * the sheet leaves the centre on paper.
 */
import { createPortal } from 'react-dom';
import { Button, Modal } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { CaseEvent, GridEvent } from '../../../../shared/gridEvent.js';
import { maskName, maskPhone, maskPhonesInText } from '../../../../shared/assessment/mask.js';
import type { Lookups } from '../../ref/index.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { print as p } from '../../../i18n/zh-CN/print.js';
import { fmtTime } from '../../../lib/format.js';

/** Entries that are bookkeeping rather than steps of the handling: left off the sheet. */
const MINOR: ReadonlySet<CaseEvent['type']> = new Set(['deadlines_recalculated', 'linked', 'unlinked', 'located']);
/** At most this many timeline rows (the first entry and the latest ones), so the sheet stays one page. */
export const SHEET_TIMELINE_MAX = 12;

export function sheetTimeline(events: readonly CaseEvent[]): { rows: CaseEvent[]; omitted: number } {
  const main = [...events].sort((a, b) => a.version - b.version).filter((e) => !MINOR.has(e.type));
  if (main.length <= SHEET_TIMELINE_MAX) return { rows: main, omitted: 0 };
  return { rows: [main[0]!, ...main.slice(-(SHEET_TIMELINE_MAX - 1))], omitted: main.length - SHEET_TIMELINE_MAX };
}

export function CaseSheet({ c, lk, centre, printedAt }: { c: GridEvent; lk: Lookups; centre: string; printedAt: number }) {
  const item = lk.caseItem(c);
  const dash = t.app.dash;
  const reporter = c.reporter ? `${maskName(c.reporter.name)}${c.reporter.phone ? ` ${maskPhone(c.reporter.phone)}` : ''}` : dash;
  const deadlines = c.clocks
    .filter((k) => k.stoppedAt === undefined)
    .map((k) => fmt(p.sheet.deadlineRow, { kind: t.clock.kinds[k.kind], deadline: fmtTime(k.deadline) }));
  const rows: [string, string, string, string][] = [
    [
      p.sheet.caseCode,
      c.code,
      p.sheet.source,
      c.channel ? `${t.enums.sources[c.source]} · ${t.register.channels[c.channel]}` : t.enums.sources[c.source],
    ],
    [p.sheet.reportedAt, fmtTime(c.reportedAt) || dash, p.sheet.acceptedAt, fmtTime(c.acceptedAt) || dash],
    [p.sheet.dispatchedAt, fmtTime(c.dispatchedAt) || dash, p.sheet.closedAt, fmtTime(c.closedAt) || dash],
    [p.sheet.place, lk.place(c.communityId, c.gridId), p.sheet.grade, c.grade ? t.enums.grades[c.grade] : dash],
    [p.sheet.lead, lk.deptName(c.leadDepartmentId) || dash, p.sheet.co, c.coDepartmentIds.map((d) => lk.deptName(d)).join('、') || dash],
    [p.sheet.reporter, reporter, p.sheet.status, t.enums.statuses[c.status]],
  ];
  const { rows: steps, omitted } = sheetTimeline(c.timeline);
  return (
    <article className="notice-doc case-sheet" data-testid="case-sheet">
      <h1 className="notice-title">{p.sheet.heading}</h1>
      <div className="notice-number">{fmt(p.sheet.printedAt, { at: fmtTime(printedAt) })}</div>
      <table className="notice-table sheet-table">
        <tbody>
          <tr>
            <th>{p.sheet.title}</th>
            <td colSpan={3} data-testid="sheet-title">
              {maskPhonesInText(c.title)}
            </td>
          </tr>
          {rows.map(([k1, v1, k2, v2]) => (
            <tr key={k1}>
              <th>{k1}</th>
              <td>{v1}</td>
              <th>{k2}</th>
              <td>{v2}</td>
            </tr>
          ))}
          <tr>
            <th>{p.sheet.address}</th>
            <td colSpan={3}>{c.address || dash}</td>
          </tr>
          <tr>
            <th>{p.sheet.item}</th>
            <td colSpan={3}>{item ? fmt(t.case.catalogItemRow, { code: item.code, name: item.name }) : (c.category ?? dash)}</td>
          </tr>
          <tr>
            <th>{p.sheet.description}</th>
            <td colSpan={3} className="sheet-description" data-testid="sheet-description">
              {maskPhonesInText(c.description) || dash}
            </td>
          </tr>
          <tr>
            <th>{p.sheet.deadlines}</th>
            <td colSpan={3}>{deadlines.join('；') || dash}</td>
          </tr>
        </tbody>
      </table>
      <table className="notice-table sheet-steps" data-testid="sheet-timeline">
        <thead>
          <tr>
            <th>{p.sheet.timelineAt}</th>
            <th>{p.sheet.timelineWhat}</th>
            <th>{p.sheet.timelineWho}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((e) => (
            <tr key={e.id}>
              <td>{fmtTime(e.at)}</td>
              <td>
                {t.enums.events[e.type]}
                {e.note ? `：${maskPhonesInText(e.note)}` : ''}
              </td>
              <td>
                {e.actor.name}
                {e.actor.role === 'department' && e.actor.unitId ? ` · ${lk.deptName(e.actor.unitId)}` : ''}
              </td>
            </tr>
          ))}
          {omitted > 0 && (
            <tr>
              <td colSpan={3}>{fmt(p.sheet.timelineMore, { n: omitted })}</td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="sheet-signs">
        <span>{p.sheet.handler}</span>
        <span>{p.sheet.reviewer}</span>
        <span>{p.sheet.date}</span>
      </div>
      <div className="notice-sign">{fmt(p.sheet.issuer, { centre })}</div>
    </article>
  );
}

export function CaseSheetDialog(props: { c: GridEvent; lk: Lookups; centre: string; printedAt: number; onClose(): void }) {
  const { onClose, ...doc } = props;
  return (
    <>
      <Modal
        open
        width={820}
        title={p.sheet.preview}
        onCancel={onClose}
        footer={[
          <Button key="close" onClick={onClose}>
            {t.app.close}
          </Button>,
          <Button key="print" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="sheet-print">
            {p.sheet.print}
          </Button>,
        ]}
      >
        <div className="notice-preview">
          <CaseSheet {...doc} />
        </div>
      </Modal>
      {createPortal(
        <div className="print-root">
          <CaseSheet {...doc} />
        </div>,
        document.body,
      )}
    </>
  );
}
