/** A case opened from a slide: its details (masked) and the decision button. */
import { useEffect, useState } from 'react';
import { Alert, Button, Modal, Typography } from 'antd';
import { SolutionOutlined } from '@ant-design/icons';
import type { CaseDetail } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { maskAddress, maskName, maskPhone, maskText } from '../../../shared/assessment/mask.js';
import type { ApiClient } from '../../api/client.js';
import { STATUS_LABELS } from '../stats/kit/index.js';
import { m, fmt } from './strings.js';
import { t } from '../../i18n/zh-CN.js';
import { nameOf } from './slides/parts.js';
import { streetOffset } from '../../lib/format.js';

export function CaseModal({
  api,
  caseId,
  refData: ref,
  onClose,
  onDecide,
}: {
  api: ApiClient;
  caseId: string | null;
  refData: RefData | undefined;
  onClose: () => void;
  onDecide: (c: CaseDetail['case']) => void;
}) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!caseId) return;
    setDetail(null);
    setError(null);
    api.call('case.get', { id: caseId }).then(setDetail, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [api, caseId]);
  const c = detail?.case;
  const offset = streetOffset(ref?.calendar).utcOffsetMinutes;
  const cm = m.caseModal;
  return (
    <Modal
      open={caseId !== null}
      onCancel={onClose}
      width={1200}
      title={c ? `${c.code} ${maskText(c.title)}` : m.caseModal.title}
      footer={
        c ? (
          <Button type="primary" data-testid="decide-from-case" icon={<SolutionOutlined />} onClick={() => onDecide(c)}>
            {m.recordDecision}
          </Button>
        ) : null
      }
    >
      {error ? <Alert type="error" title={error} /> : null}
      {c ? (
        <div data-testid="meeting-case" className="meeting-case">
          <p>
            {cm.status}：{STATUS_LABELS[c.status]}
            {'\u3000'}
            {cm.community}：{nameOf(ref?.communities, c.communityId)}
            {'\u3000'}
            {cm.address}：{maskAddress(c.address)}
            {'\u3000'}
            {cm.lead}：{nameOf(ref?.departments, c.leadDepartmentId)}
          </p>
          <p>
            {cm.description}：{maskText(c.description)}
          </p>
          {c.reporter ? (
            <p>
              {t.case.reporter}：{maskName(c.reporter.name)} {maskPhone(c.reporter.phone)}
            </p>
          ) : null}
          <Typography.Title level={5}>{cm.timeline}</Typography.Title>
          <ul style={{ maxHeight: 360, overflow: 'auto' }}>
            {c.timeline.map((e) => (
              <li key={e.id}>
                {formatLocal(e.at, { utcOffsetMinutes: offset })} {e.actor.name} {t.enums.events[e.type]}{' '}
                {e.note ? `：${maskText(e.note)}` : ''}
              </li>
            ))}
          </ul>
          {c.urges.length ? (
            <>
              <Typography.Title level={5}>{cm.urges}</Typography.Title>
              <ul>
                {c.urges.map((u) => (
                  <li key={u.id}>
                    {formatLocal(u.issuedAt, { utcOffsetMinutes: offset })} {u.message}{' '}
                    {u.reply ? fmt(m.caseModal.replied, { text: u.reply.text }) : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
