/** Actions waiting to reach the relay (待同步). */
import { Card, Typography } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import type { OutboxItem } from '../../../../shared/api.js';
import { t, fmt } from '../../../i18n/zh-CN.js';
import { fmtTime } from '../../../lib/format.js';

export function PendingCard({ pending }: { pending: OutboxItem[] }) {
  return (
    <Card size="small" title={t.case.pendingTitle} className="wb-card wb-pending" data-testid="case-pending">
      {pending.map((p) => (
        <div key={p.id} className="pending-item" data-testid="pending-item" data-type={p.command.type}>
          <CloudUploadOutlined /> {fmt(t.case.pendingItem, { action: t.enums.commands[p.command.type] })}
          <Typography.Text type="secondary"> {fmtTime(p.createdAt)}</Typography.Text>
        </div>
      ))}
    </Card>
  );
}
