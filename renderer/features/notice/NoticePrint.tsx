/**
 * The formal urging notice (催办/督办/挂牌督办通知书): previewed in a dialog and printed (or saved as PDF)
 * through window.print; the print stylesheet shows only the notice. It carries an official document number
 * (文号, issue 15.9) that the relay hands out (docNumber.allocate) with a request id fixed per urge, so a
 * reprint shows the same number; offline, or with no pattern configured, nothing is printed and the dialog
 * says why in Chinese.
 */
import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { Alert, Button, Modal, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { UrgeNotice } from '../../../shared/model.js';
import { useLookups, useRefData } from '../ref/index.js';
import { nearestDeadline } from '../../../shared/clocks.js';
import type { DocNumberPattern } from '../../../shared/docNumber.js';
import { useApi } from '../../store/hooks.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { print as p } from '../../i18n/zh-CN/print.js';
import { fmtDay, fmtTime } from '../../lib/format.js';

/** The pattern the urge notice is numbered with: the demo's 'urge-notice', else one named for 督办, else the first. */
export function urgePattern(patterns: readonly DocNumberPattern[] | undefined): DocNumberPattern | undefined {
  const list = patterns ?? [];
  return list.find((x) => x.id === 'urge-notice') ?? list.find((x) => x.name.includes(p.urgePatternWord)) ?? list[0];
}

/** The request id of an urge's number: the same for every print of that urge, so a reprint gets the same number. */
export const urgeRequestId = (urge: Pick<UrgeNotice, 'id'>): string => `urge:${urge.id}`;

export function NoticeDocument({ c, urge, docNumber }: { c: GridEvent; urge: UrgeNotice; docNumber: string }) {
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
      <div className="notice-number" data-testid="notice-doc-number">
        {fmt(p.urge.number, { number: docNumber })}
      </div>
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

type NumberState = { kind: 'loading' } | { kind: 'ready'; number: string } | { kind: 'failed'; message: string } | { kind: 'noPattern' };

export function NoticePrintDialog({ c, urge, onClose }: { c: GridEvent; urge: UrgeNotice; onClose(): void }) {
  const api = useApi();
  const pattern = urgePattern(useRefData()?.docNumberPatterns);
  const [state, setState] = useState<NumberState>(pattern ? { kind: 'loading' } : { kind: 'noPattern' });
  const allocate = useCallback(() => {
    if (!pattern) return setState({ kind: 'noPattern' });
    setState({ kind: 'loading' });
    api.call('docNumber.allocate', { requestId: urgeRequestId(urge), patternId: pattern.id, caseId: c.id }).then(
      (r) => setState({ kind: 'ready', number: r.number }),
      (e: unknown) => setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
  }, [api, pattern, urge, c.id]);
  useEffect(() => allocate(), [allocate]);
  const number = state.kind === 'ready' ? state.number : null;
  return (
    <>
      <Modal
        open
        width={760}
        title={t.supervision.print}
        onCancel={onClose}
        footer={[
          state.kind === 'failed' && (
            <Button key="retry" onClick={allocate} data-testid="notice-retry">
              {p.urge.retry}
            </Button>
          ),
          <Button key="close" onClick={onClose}>
            {t.app.close}
          </Button>,
          <Button
            key="print"
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!number}
            onClick={() => window.print()}
            data-testid="notice-print"
          >
            {t.supervision.print}
          </Button>,
        ]}
      >
        {state.kind === 'loading' && <Spin description={p.urge.allocating} data-testid="notice-allocating" />}
        {state.kind === 'noPattern' && <Alert type="warning" showIcon title={p.urge.noPattern} data-testid="notice-no-pattern" />}
        {state.kind === 'failed' && (
          <Alert type="error" showIcon title={fmt(p.urge.failed, { reason: state.message })} data-testid="notice-number-failed" />
        )}
        {number && (
          <div className="notice-preview">
            <NoticeDocument c={c} urge={urge} docNumber={number} />
          </div>
        )}
      </Modal>
      {number &&
        createPortal(
          <div className="print-root">
            <NoticeDocument c={c} urge={urge} docNumber={number} />
          </div>,
          document.body,
        )}
    </>
  );
}
