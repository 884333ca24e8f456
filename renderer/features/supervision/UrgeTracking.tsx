/** One urged case's tracking row: its notices with the replies, and its accountability records. */
import { Button, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { UrgeNotice } from '../../../shared/model.js';
import { useLookups } from '../ref/index.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { fmtTime } from '../../lib/format.js';
import { serverNow } from '../../lib/ticker.js';

export function UrgeTracking({
  c,
  onPrint,
  onRecord,
  canRecord,
}: {
  c: GridEvent;
  onPrint(u: UrgeNotice): void;
  onRecord(): void;
  canRecord: boolean;
}) {
  const lk = useLookups();
  const now = serverNow();
  return (
    <div className="urge-tracking" data-testid="urge-tracking">
      <Table<UrgeNotice>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.urges}
        locale={{ emptyText: t.supervision.noNotices }}
        columns={[
          {
            key: 'level',
            title: t.supervision.level,
            render: (_, u) => (
              <Tag color={u.level === 'remind' ? 'gold' : u.level === 'supervise' ? 'orange' : 'red'}>{t.enums.urgeLevels[u.level]}</Tag>
            ),
            width: 90,
          },
          { key: 'dept', title: t.supervision.department, render: (_, u) => lk.deptName(u.departmentId), width: 100 },
          { key: 'issued', title: t.supervision.issuedAt, render: (_, u) => fmtTime(u.issuedAt), width: 140 },
          { key: 'by', title: t.supervision.issuedBy, render: (_, u) => u.issuedBy.name, width: 90 },
          { key: 'deadline', title: t.supervision.replyDeadline, render: (_, u) => fmtTime(u.replyDeadline), width: 140 },
          {
            key: 'reply',
            title: t.supervision.replyText,
            render: (_, u) =>
              u.reply ? (
                <span data-testid="urge-replied">
                  <Tag color="green">{t.supervision.replied}</Tag>
                  {fmtTime(u.reply.at)} {u.reply.text}
                </span>
              ) : (
                <Tag color={u.replyDeadline < now ? 'red' : 'default'} data-testid="urge-awaiting">
                  {u.replyDeadline < now ? t.supervision.overdueReply : t.supervision.awaiting}
                </Tag>
              ),
          },
          {
            key: 'print',
            title: '',
            width: 110,
            render: (_, u) => (
              <Button size="small" icon={<PrinterOutlined />} onClick={() => onPrint(u)} data-testid="tracking-print">
                {t.supervision.print}
              </Button>
            ),
          },
        ]}
      />
      <div className="acc-list">
        <Typography.Text strong>{t.supervision.accountability}</Typography.Text>
        {c.accountability.length === 0 && <Typography.Text type="secondary"> {t.case.noAccountability}</Typography.Text>}
        {c.accountability.map((a) => (
          <div key={a.id}>
            {fmt(t.case.accRow, {
              kind: t.enums.accountabilityKinds[a.kind],
              unit: lk.deptName(a.unitId),
              at: fmtTime(a.recordedAt),
              by: a.recordedBy.name,
              text: a.text,
            })}
          </div>
        ))}
        {canRecord && (
          <Button size="small" onClick={onRecord} data-testid="record-accountability">
            {t.supervision.record}
          </Button>
        )}
      </div>
    </div>
  );
}
