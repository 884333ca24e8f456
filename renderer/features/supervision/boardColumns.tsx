/** The board's columns: code (opens the case), title, place, lead unit, status, running clocks, urge count. */
import { Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { QueueRow } from '../../../shared/api.js';
import { useAppDispatch } from '../../store/hooks.js';
import { navigate } from '../ui/index.js';
import { useLookups, useRefData } from '../ref/index.js';
import { ClockBadge } from '../clock/index.js';
import { t } from '../../i18n/zh-CN.js';

export function useBoardColumns(): TableColumnsType<QueueRow> {
  const dispatch = useAppDispatch();
  const ref = useRefData();
  const lk = useLookups();
  return [
    {
      key: 'code',
      title: t.queue.columns.code,
      width: 150,
      render: (_, r) => (
        <Typography.Link onClick={() => dispatch(navigate({ name: 'case', caseId: r.id }))} data-testid="board-open">
          {r.code}
        </Typography.Link>
      ),
    },
    { key: 'title', title: t.queue.columns.title, dataIndex: 'title', ellipsis: true },
    { key: 'place', title: t.queue.columns.place, width: 170, render: (_, r) => lk.place(r.communityId, r.gridId) },
    { key: 'lead', title: t.queue.columns.lead, width: 100, render: (_, r) => lk.deptName(r.leadDepartmentId) || t.app.dash },
    { key: 'status', title: t.queue.columns.status, width: 110, render: (_, r) => t.enums.statuses[r.status] },
    {
      key: 'clocks',
      title: t.queue.columns.clocks,
      width: 280,
      render: (_, r) => (
        <Space size={4} wrap>
          {r.clocks
            .filter((k) => k.stoppedAt === undefined)
            .map((k) => (
              <ClockBadge key={k.id} clock={k} calendar={ref?.calendar} />
            ))}
        </Space>
      ),
    },
    {
      key: 'urges',
      title: t.supervision.urgeCount,
      width: 80,
      render: (_, r) => (r.urgeCount ? <Tag color="volcano">{r.urgeCount}</Tag> : t.app.dash),
    },
  ];
}
