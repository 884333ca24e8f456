/** The frozen assessments on the relay (shared by every workstation), each checked against its digest. */
import { Alert, Button, Card, Table, Tag } from 'antd';
import { type FrozenAssessment } from '../../../../shared/assessment/types.js';
import { verifyFrozen } from '../../../../shared/assessment/freeze.js';
import type { AssessmentListResult } from '../../../../shared/assessment/api.js';
import { formatLocal } from '../../../../shared/calendar/localDay.js';
import { a, fmt } from '../strings.js';

export function FrozenList({
  fq,
  frozenList,
  cfg,
  setViewing,
}: {
  fq: { data: AssessmentListResult | null; error: string | null; loading: boolean };
  frozenList: FrozenAssessment[];
  cfg: { utcOffsetMinutes: number };
  setViewing: (f: FrozenAssessment) => void;
}) {
  return (
    <Card className="no-print" size="small" title={a.frozen} style={{ marginTop: 16 }}>
      {fq.error ? <Alert type="error" showIcon title={fmt(a.frozenLoadFailed, { msg: fq.error })} style={{ marginBottom: 8 }} /> : null}
      {fq.data?.offline ? (
        <Alert
          data-testid="frozen-offline"
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={fq.data.cachedAt === undefined ? a.frozenOfflineNever : fmt(a.frozenOffline, { when: formatLocal(fq.data.cachedAt, cfg) })}
        />
      ) : (
        <div style={{ marginBottom: 8, color: '#888' }}>{a.frozenShared}</div>
      )}
      <Table<FrozenAssessment>
        data-testid="frozen-table"
        size="small"
        rowKey="id"
        pagination={false}
        locale={{ emptyText: a.noFrozen }}
        loading={fq.loading && !fq.data}
        dataSource={frozenList}
        columns={[
          { title: a.frozenList.period, render: (_: unknown, f) => f.period.label },
          { title: a.frozenList.kind, render: (_: unknown, f) => a.kinds[f.kind] },
          { title: a.frozenList.frozenAt, render: (_: unknown, f) => formatLocal(f.frozenAt, cfg) },
          { title: a.frozenList.by, dataIndex: 'frozenBy' },
          {
            title: a.frozenList.scheme,
            render: (_: unknown, f) =>
              f.schemeVersion !== undefined && f.schemeVersion > 0
                ? fmt(a.frozenList.schemeSaved, { version: f.schemeVersion })
                : fmt(a.frozenList.schemeOther, { version: f.scheme.version }),
          },
          { title: a.frozenList.digest, render: (_: unknown, f) => <code>{f.inputsDigest.slice(0, 12)}</code> },
          {
            title: a.frozenList.check,
            render: (_: unknown, f) =>
              verifyFrozen(f).ok ? <Tag color="green">{a.frozenCheck.same}</Tag> : <Tag color="red">{a.frozenCheck.changed}</Tag>,
          },
          {
            title: '',
            render: (_: unknown, f) => (
              <Button size="small" data-testid="view-frozen" onClick={() => setViewing(f)}>
                {a.viewFrozen}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
