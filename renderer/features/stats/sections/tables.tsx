/** The department table (every rate per department) and the grid hot spots; every number drills down. */
import { Card, Table } from 'antd';
import type { MetricValue, StatsResult } from '../../../../shared/api.js';
import { DEPARTMENT_COLUMNS, type GroupDim, type StatsBundle } from '../kit/data.js';
import { metricById } from '../kit/format.js';
import { hotSpots } from '../exportXlsx.js';
import { MetricTip } from '../MetricTip.js';
import { fmt, s } from '../strings.js';
import { DrillNumber } from './DrillNumber.js';

type Group = StatsResult['groups'][number];
/** A group's metric was clicked: its cases. */
export type GroupDrill = (m: MetricValue, groupBy: GroupDim, key: string, label: string) => void;

const HOTSPOT_COLUMNS = ['reported', 'closed', 'overdueNow', 'onTimeClosureRate', 'satisfactionRate'] as const;

export function DepartmentTable({ bundle, onDrill }: { bundle: StatsBundle; onDrill: GroupDrill }) {
  // Every department of the street (an idle one shows its zeros; one with only an old overdue case shows it);
  // the 未派遣 row only when it counts something.
  const deptGroups = bundle.groups.department.filter((g) => g.key !== '' || g.metrics.some((m) => (m.value ?? 0) !== 0));
  const defs = bundle.groups.department[0]?.metrics ?? bundle.overall.metrics;
  return (
    <Card size="small" title={s.departments} style={{ marginTop: 12 }}>
      <Table<Group>
        data-testid="dept-table"
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 1400 }}
        dataSource={deptGroups}
        columns={[
          { title: s.department, dataIndex: 'label', fixed: 'left', width: 110 },
          ...DEPARTMENT_COLUMNS.map((id) => {
            const d = metricById(defs, id);
            return {
              key: id,
              title: (
                <MetricTip
                  id={id}
                  label={d ? (d.unit === 'hours' ? fmt(s.workingHoursHead, { label: d.label }) : d.label) : id}
                  {...(d ? { formula: d.formula, version: d.version } : {})}
                />
              ),
              align: 'right' as const,
              render: (_: unknown, g: Group) => {
                const m = metricById(g.metrics, id);
                return (
                  <DrillNumber m={m} short testId={`dept-${g.key}-${id}`} onDrill={() => m && onDrill(m, 'department', g.key, g.label)} />
                );
              },
            };
          }),
        ]}
      />
    </Card>
  );
}

export function HotspotTable({ bundle, onDrill }: { bundle: StatsBundle; onDrill: GroupDrill }) {
  return (
    <Card size="small" title={s.hotSpots} style={{ marginTop: 12 }}>
      <Table<Group>
        data-testid="hotspot-table"
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={hotSpots(bundle.groups.grid, 15)}
        columns={[
          { title: '#', key: 'rank', width: 48, render: (_: unknown, _g: Group, i: number) => i + 1 },
          { title: s.grid, dataIndex: 'label' },
          ...HOTSPOT_COLUMNS.map((id) => ({
            key: id,
            title: <MetricTip id={id} />,
            align: 'right' as const,
            render: (_: unknown, g: Group) => {
              const m = metricById(g.metrics, id);
              return <DrillNumber m={m} short testId={`grid-${g.key}-${id}`} onDrill={() => m && onDrill(m, 'grid', g.key, g.label)} />;
            },
          })),
        ]}
      />
    </Card>
  );
}
