/** The cases behind a number (stats.drill), in a modal list; a code opens the case. */
import { useEffect, useState } from 'react';
import { Alert, Modal, Table, Typography } from 'antd';
import type { QueueRow } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import type { ApiClient } from '../../api/client.js';
import { SOURCE_LABELS, STATUS_LABELS } from './exportXlsx.js';
import { fmt, s } from './strings.js';
import { streetOffset } from '../../lib/format.js';

export interface DrillTarget {
  metricId: string;
  label: string;
  period: { from: number; to: number };
  groupBy?: string;
  groupKey?: string;
  groupLabel?: string;
}

export const DRILL_LIMIT = 500;

export function DrillModal({
  api,
  target,
  refData: ref,
  onClose,
}: {
  api: ApiClient;
  target: DrillTarget | null;
  refData: RefData | null;
  onClose: () => void;
}) {
  const [rows, setRows] = useState<QueueRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!target) return;
    let cancelled = false;
    setRows(null);
    setError(null);
    api
      .call('stats.drill', {
        period: target.period,
        metricId: target.metricId,
        ...(target.groupBy ? { groupBy: target.groupBy, groupKey: target.groupKey ?? '' } : {}),
        limit: DRILL_LIMIT,
      })
      .then(
        (r) => !cancelled && setRows(r),
        (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      cancelled = true;
    };
  }, [api, target]);
  const cfg = streetOffset(ref?.calendar);
  const nameOf = (list: readonly { id: string; name: string; shortName?: string }[] | undefined, id: string | undefined) => {
    if (!id) return '';
    const x = list?.find((e) => e.id === id);
    return x ? (x.shortName ?? x.name) : id;
  };
  const c = s.columns;
  return (
    <Modal
      open={target !== null}
      onCancel={onClose}
      footer={null}
      width={1100}
      destroyOnHidden
      title={
        target
          ? fmt(s.drillTitle, { label: target.label, group: target.groupLabel ? `${target.groupLabel} · ` : '', n: rows?.length ?? '…' })
          : ''
      }
    >
      {error ? <Alert type="error" title={error} showIcon /> : null}
      {rows && rows.length >= DRILL_LIMIT ? <Alert type="info" title={fmt(s.drillTruncated, { n: DRILL_LIMIT })} /> : null}
      <Table<QueueRow>
        data-testid="drill-table"
        size="small"
        rowKey="id"
        loading={rows === null && !error}
        dataSource={rows ?? []}
        pagination={{ pageSize: 12, showSizeChanger: false }}
        columns={[
          {
            title: c.code,
            dataIndex: 'code',
            render: (code: string, r) => (
              <Typography.Link data-testid="drill-case" onClick={() => (window.location.hash = `#/case/${encodeURIComponent(r.id)}`)}>
                {code}
              </Typography.Link>
            ),
          },
          { title: c.title, dataIndex: 'title', ellipsis: true },
          { title: c.community, dataIndex: 'communityId', render: (id: string) => nameOf(ref?.communities, id) },
          { title: c.category, dataIndex: 'category' },
          { title: c.source, dataIndex: 'source', render: (v: QueueRow['source']) => SOURCE_LABELS[v] },
          { title: c.status, dataIndex: 'status', render: (v: QueueRow['status']) => STATUS_LABELS[v] },
          { title: c.lead, dataIndex: 'leadDepartmentId', render: (id?: string) => nameOf(ref?.departments, id) },
          { title: c.reportedAt, dataIndex: 'reportedAt', render: (t: number) => formatLocal(t, cfg) },
          { title: c.urgeCount, dataIndex: 'urgeCount' },
        ]}
      />
    </Modal>
  );
}
