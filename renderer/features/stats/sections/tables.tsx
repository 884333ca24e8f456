/** The department table (every rate per department) and the grid hot spots; every number drills down. */
import { useMemo } from 'react';
import { Card, Col, Row, Table, Typography } from 'antd';
import type { RefData } from '../../../../shared/refData.js';
import { divisionInForce } from '../../../../shared/geo/index.js';
import { GridMap } from '../../map/index.js';
import { shadeSteps, shadeLabels } from '../kit/shades.js';
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

/** The grids shaded by the period's reports; a click on a grid drills down to its cases. */
function HotspotMap({ bundle, refData, day, onDrill }: { bundle: StatsBundle; refData: RefData; day: string; onDrill: GroupDrill }) {
  const division = useMemo(() => divisionInForce(refData.divisions ?? [], day) ?? refData.divisions?.at(-1) ?? null, [refData, day]);
  const byCode = useMemo(() => new Map(refData.grids.map((g) => [g.code, g.id])), [refData.grids]);
  const codeOf = useMemo(() => new Map(refData.grids.map((g) => [g.id, g.code])), [refData.grids]);
  const { values, max } = useMemo(() => {
    const values: Record<string, number> = {};
    let max = 0;
    for (const g of bundle.groups.grid) {
      const n = metricById(g.metrics, 'reported')?.value ?? 0;
      values[codeOf.get(g.key) ?? g.key] = n;
      max = Math.max(max, n);
    }
    return { values, max };
  }, [bundle, codeOf]);
  const steps = useMemo(() => shadeSteps(max), [max]);
  const grids = useMemo(() => (division?.grids ?? []).map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })), [division]);
  if (!division) return null;
  const drill = (code: string) => {
    const id = byCode.get(code);
    const g = bundle.groups.grid.find((x) => x.key === id);
    const m = g ? metricById(g.metrics, 'reported') : undefined;
    if (g && m) onDrill(m, 'grid', g.key, g.label);
  };
  return (
    <div data-testid="hotspot-map">
      <div style={{ height: 420, border: '1px solid #dfe5ee', borderRadius: 4, overflow: 'hidden' }}>
        <GridMap outline={division.streetOutline} grids={grids} shading={{ values, steps }} onGridClick={drill} testId="stats-grid-map" />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {fmt(s.mapLegend, { shades: shadeLabels(steps).join(' / ') })}
      </Typography.Text>
    </div>
  );
}

export function HotspotTable({
  bundle,
  onDrill,
  refData,
  day,
}: {
  bundle: StatsBundle;
  onDrill: GroupDrill;
  refData?: RefData | null;
  day?: string;
}) {
  const withMap = !!refData?.divisions?.length && day !== undefined;
  const table = (
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
  );
  return (
    <Card size="small" title={s.hotSpots} style={{ marginTop: 12 }}>
      {withMap ? (
        <Row gutter={12}>
          <Col span={14}>{table}</Col>
          <Col span={10}>
            <HotspotMap bundle={bundle} refData={refData!} day={day!} onDrill={onDrill} />
          </Col>
        </Row>
      ) : (
        table
      )}
    </Card>
  );
}
