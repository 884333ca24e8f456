/**
 * The formal urging notice (催办/督办/挂牌督办通知书): previewed in a dialog and printed (or saved as PDF)
 * through window.print; the print stylesheet shows only the notice.
 */
import { createPortal } from 'react-dom';
import { Button, Modal } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { UrgeNotice } from '../../../shared/model.js';
import { useLookups, useRefData } from '../ref/index.js';
import { nearestDeadline } from '../../../shared/clocks.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtDay, fmtTime } from '../../lib/format.js';

export function NoticeDocument({ c, urge }: { c: GridEvent; urge: UrgeNotice }) {
  const lk = useLookups();
  const centre = useRefData()?.centreName ?? t.app.title;
  const level = t.enums.urgeLevels[urge.level];
  const rows: [string, string][] = [
    [t.notice.caseCode, c.code],
    [t.notice.caseTitle, c.title],
    [t.notice.address, `${lk.place(c.communityId, c.gridId)} ${c.address}`],
    [t.notice.reportedAt, fmtTime(c.reportedAt)],
    [t.notice.category, c.category ?? t.app.dash],
    [t.notice.deadline, fmtTime(nearestDeadline(c))],
    [t.notice.status, t.enums.statuses[c.status]],
  ];
  return (
    <article className="notice-doc" data-testid="notice-document">
      <h1 className="notice-title">{fmt(t.notice.heading, { level })}</h1>
      <div className="notice-number">{fmt(t.notice.number, { code: `${c.code}-${urge.id.slice(-6).toUpperCase()}` })}</div>
      <p className="notice-to">{fmt(t.notice.to, { dept: lk.dept.get(urge.departmentId)?.name ?? urge.departmentId })}</p>
      <p className="notice-intro">{t.notice.intro}</p>
      <table className="notice-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
          <tr>
            <th>{t.notice.requirement}</th>
            <td>{urge.message}</td>
          </tr>
        </tbody>
      </table>
      <p className="notice-reply" data-testid="notice-reply-by">
        {fmt(t.notice.replyBy, { deadline: fmtTime(urge.replyDeadline) })}
      </p>
      <div className="notice-sign">
        <div>{fmt(t.notice.issuer, { centre })}</div>
        <div>{fmtDay(urge.issuedAt)}</div>
      </div>
    </article>
  );
}

export function NoticePrintDialog({ c, urge, onClose }: { c: GridEvent; urge: UrgeNotice; onClose(): void }) {
  return (
    <>
      <Modal
        open
        width={760}
        title={t.supervision.print}
        onCancel={onClose}
        footer={[
          <Button key="close" onClick={onClose}>
            {t.app.close}
          </Button>,
          <Button key="print" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="notice-print">
            {t.supervision.print}
          </Button>,
        ]}
      >
        <div className="notice-preview">
          <NoticeDocument c={c} urge={urge} />
        </div>
      </Modal>
      {createPortal(
        <div className="print-root">
          <NoticeDocument c={c} urge={urge} />
        </div>,
        document.body,
      )}
    </>
  );
}
