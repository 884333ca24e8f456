/** The case's urge notices (each printable, with its reply or its reply deadline) and accountability records. */
import { Button, Card, List, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { UrgeNotice } from '../../../../shared/model.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { fmtTime } from '../../../lib/format.js';
import { serverNow } from '../../../lib/ticker.js';

import type { Lookups } from '../../ref/index.js';
import type { GridEvent } from '../../../../shared/gridEvent.js';

export function UrgesCards({ c, lk, onPrint }: { c: GridEvent; lk: Lookups; onPrint: (u: UrgeNotice) => void }) {
  return (
    <>
      <Card size="small" title={t.case.urges} className="wb-card" data-testid="case-urges">
        {c.urges.length === 0 ? (
          <Typography.Text type="secondary">{t.case.noUrges}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={c.urges}
            renderItem={(u) => (
              <List.Item
                data-testid="urge-item"
                data-urge-id={u.id}
                actions={[
                  <Button key="print" size="small" icon={<PrinterOutlined />} onClick={() => onPrint(u)} data-testid="urge-print">
                    {t.supervision.print}
                  </Button>,
                ]}
              >
                <div>
                  <div>
                    {fmt(t.case.urgeRow, {
                      level: t.enums.urgeLevels[u.level],
                      dept: lk.deptName(u.departmentId),
                      at: fmtTime(u.issuedAt),
                      deadline: fmtTime(u.replyDeadline),
                    })}
                  </div>
                  <Typography.Text type="secondary">{u.message}</Typography.Text>
                  {u.reply ? (
                    <div className="urge-reply">
                      {fmt(t.case.replyRow, { at: fmtTime(u.reply.at), by: u.reply.by.name, text: u.reply.text })}
                    </div>
                  ) : (
                    <Tag color={u.replyDeadline < serverNow() ? 'red' : 'gold'}>
                      {u.replyDeadline < serverNow() ? t.supervision.overdueReply : t.supervision.awaiting}
                    </Tag>
                  )}
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t.case.accountability} className="wb-card">
        {c.accountability.length === 0 ? (
          <Typography.Text type="secondary">{t.case.noAccountability}</Typography.Text>
        ) : (
          c.accountability.map((a) => (
            <div key={a.id} data-testid="accountability-item">
              {fmt(t.case.accRow, {
                kind: t.enums.accountabilityKinds[a.kind],
                unit: lk.deptName(a.unitId),
                at: fmtTime(a.recordedAt),
                by: a.recordedBy.name,
                text: a.text,
              })}
            </div>
          ))
        )}
      </Card>
    </>
  );
}
