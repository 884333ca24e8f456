import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { METRIC_DEFINITIONS } from '../../../shared/metrics/definitions.js';
import type { MetricValue, QueueRow } from '../../../shared/api.js';
import { buildStatsWorkbook, hotSpots, sheetName } from './exportXlsx.js';
import { periodOf, previousPeriod } from './kit/period.js';
import type { StatsBundle } from './kit/data.js';

const ref = createDemoRefData();
const cfg = ref.calendar;
const metrics = (values: Record<string, [number | null, number?, number?]>): MetricValue[] =>
  METRIC_DEFINITIONS.map((d) => {
    const [value, numerator, denominator] = values[d.id] ?? [0];
    return {
      id: d.id,
      label: d.label,
      unit: d.unit,
      formula: d.formula,
      version: d.version,
      value,
      ...(numerator !== undefined ? { numerator, denominator } : {}),
    };
  });

function bundle(): StatsBundle {
  const period = periodOf('month', '2026-11-15', cfg);
  const m = metrics({ reported: [12], closed: [7], onTimeClosureRate: [0.75, 6, 8], bounceRate: [0.2, 1, 5] });
  return {
    period,
    running: false,
    previous: previousPeriod(period, cfg),
    lastYear: null,
    overall: {
      period: { from: period.from, to: period.to },
      metrics: m,
      groups: [],
      trend: [{ day: '2026-11-01', reported: 3, closed: 1, overdue: 0 }],
    },
    groups: {
      department: [{ key: 'cgk', label: '城管科', metrics: m }],
      community: [],
      category: [],
      source: [],
      grid: [
        { key: 'g1', label: '一号网格', metrics: metrics({ reported: [2] }) },
        { key: 'g2', label: '二号网格', metrics: metrics({ reported: [5] }) },
        { key: 'g3', label: '三号网格', metrics: metrics({ reported: [0] }) },
      ],
    },
    previousMetrics: metrics({ reported: [10], closed: [7], onTimeClosureRate: [0.5, 3, 6] }),
    lastYearMetrics: null,
    loadedAt: 0,
  };
}

const row = (id: string, title: string): QueueRow => ({
  id,
  code: `SJ-${id}`,
  title,
  address: '黄石东路',
  communityId: ref.communities[0]!.id,
  gridId: ref.grids[0]!.id,
  source: 'hotline',
  status: 'closed',
  leadDepartmentId: 'cgk',
  reportedAt: Date.UTC(2026, 10, 2, 2),
  updatedAt: Date.UTC(2026, 10, 2, 2),
  clocks: [],
  bounceCount: 0,
  mandatory: false,
  fallback: false,
  urgeCount: 2,
  pendingCount: 0,
  upstreamIssue: false,
});

describe('Excel export', () => {
  it('writes Chinese-named sheets that read back with the same numbers, formulas and cases', async () => {
    const wb = await buildStatsWorkbook(
      {
        bundle: bundle(),
        ref,
        exportedAt: Date.UTC(2026, 10, 26, 2),
        exportedBy: '张敏',
        caseLists: [{ metricId: 'closed', label: '结案数', rows: [row('a', '垃圾堆积'), row('b', '路灯不亮')] }],
      },
      ExcelJS,
    );
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(await wb.xlsx.writeBuffer());
    expect(back.worksheets.map((w) => w.name)).toEqual([
      '统计周期',
      '指标汇总',
      '部门指标',
      '社区指标',
      '类别指标',
      '来源指标',
      '网格热点',
      '案件趋势',
      '指标口径',
      '清单-结案数',
    ]);
    const period = back.getWorksheet('统计周期')!;
    expect(period.getCell('B3').value).toBe('2026年11月（2026-11-01 00:00 至 2026-12-01 00:00）');
    expect(period.getCell('B6').value).toBe('2026年10月（2026-10-01 00:00 至 2026-11-01 00:00）');
    expect(period.getCell('B9').value).toBe('张敏');
    const summary = back.getWorksheet('指标汇总')!;
    const find = (label: string) => {
      let r: ExcelJS.Row | undefined;
      summary.eachRow((x) => x.getCell(1).value === label && (r = x));
      return r!;
    };
    expect(find('上报数').getCell(2).value).toBe(12);
    expect(find('上报数').getCell(6).value).toBe('+20.0%');
    expect(find('按期结案率').getCell(2).value).toBe(0.75);
    expect(find('按期结案率').getCell(2).numFmt).toBe('0.0%');
    expect(find('按期结案率').getCell(6).value).toBe('+25.0 个百分点');
    expect(find('按期结案率').getCell(9).value).toBe('按期结案数 ÷ (应结案数 − 挂账数)');
    expect(find('按期结案率').getCell(10).value).toBe('1.0');
    const grids = back.getWorksheet('网格热点')!;
    expect([grids.getCell('A2').value, grids.getCell('A3').value, grids.rowCount]).toEqual(['二号网格', '一号网格', 3]);
    const cases = back.getWorksheet('清单-结案数')!;
    expect(cases.getRow(1).values).toEqual([
      undefined,
      '事件编号',
      '标题',
      '社区',
      '网格',
      '类别',
      '来源',
      '状态',
      '牵头单位',
      '上报时间',
      '督办次数',
    ]);
    expect(cases.getRow(2).values).toEqual([
      undefined,
      'SJ-a',
      '垃圾堆积',
      ref.communities[0]!.name,
      ref.grids[0]!.name,
      '',
      '12345热线',
      '已结案',
      '城管科',
      '2026-11-02 10:00',
      2,
    ]);
    const formulas = back.getWorksheet('指标口径')!;
    expect(formulas.rowCount).toBe(1 + METRIC_DEFINITIONS.length);
  });

  it('sanitises sheet names and ranks hot spots', () => {
    expect(sheetName('清单-a/b:c?[d]*')).toBe('清单-a_b_c__d__');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(hotSpots(bundle().groups.grid, 1).map((g) => g.key)).toEqual(['g2']);
  });
});
