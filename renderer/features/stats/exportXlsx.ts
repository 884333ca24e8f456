/**
 * Excel export of a statistics view (exceljs, in the browser): the period, the metric summary with
 * comparisons, every grouping, the trend, the formulas with their versions, and the cases behind the
 * key counts, each on its own sheet with a Chinese name.
 */
import type ExcelJS from 'exceljs';
import type { MetricValue, QueueRow } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { METRIC_DEFINITIONS } from '../../../shared/metrics/definitions.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { SOURCE_LABELS, STATUS_LABELS } from '../../../shared/engine/labels.js';
import type { StatsBundle } from './kit/data.js';
import { formatChange, metricById } from './kit/format.js';
import { fmt, s } from './strings.js';
import { downloadBlob, XLSX_TYPE } from '../../lib/download.js';

export interface CaseList {
  metricId: string;
  label: string;
  rows: QueueRow[];
}

export interface ExportInput {
  bundle: StatsBundle;
  ref: RefData;
  caseLists: CaseList[];
  exportedAt: number;
  exportedBy: string;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(raw: string): string {
  return raw.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
}

/** Rates as numbers with a percent format, so the sheet can compute with them. */
function metricCell(m: MetricValue | undefined): number | null {
  if (!m || m.value === null) return null;
  return m.unit === 'hours' ? Math.round(m.value * 100) / 100 : m.value;
}

const numFmt = (unit: MetricValue['unit']) => (unit === 'ratio' ? '0.0%' : unit === 'hours' ? '0.00' : '0');

function styleHeader(ws: ExcelJS.Worksheet) {
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

function groupSheet(wb: ExcelJS.Workbook, name: string, keyHead: string, groups: StatsBundle['overall']['groups']) {
  const ws = wb.addWorksheet(sheetName(name));
  const defs = METRIC_DEFINITIONS;
  ws.columns = [
    { header: keyHead, key: 'label', width: 18 },
    ...defs.map((d) => ({ header: `${d.label}`, key: d.id, width: Math.max(10, d.label.length * 2 + 2) })),
  ];
  for (const g of groups) {
    const row: Record<string, unknown> = { label: g.label };
    for (const d of defs) row[d.id] = metricCell(metricById(g.metrics, d.id));
    ws.addRow(row);
  }
  defs.forEach((d, i) => (ws.getColumn(i + 2).numFmt = numFmt(d.unit)));
  styleHeader(ws);
}

/** The period sheet: the centre, the period and the ones it is compared with, when and by whom it was exported. */
function periodSheet(wb: ExcelJS.Workbook, input: ExportInput): void {
  const { bundle, ref } = input;
  const cfg = ref.calendar;
  const h = s.sheetHeads;
  const periodText = (p: { label: string; from: number; to: number } | null) =>
    p ? fmt(s.exportLabels.periodRange, { label: p.label, from: formatLocal(p.from, cfg), to: formatLocal(p.to, cfg) }) : '—';
  const pws = wb.addWorksheet(sheetName(s.sheets.period));
  pws.columns = [
    { header: h.item, key: 'item', width: 16 },
    { header: h.value, key: 'value', width: 60 },
  ];
  pws.addRows([
    { item: ref.centreName, value: ref.streetName },
    { item: s.period, value: periodText(bundle.period) },
    { item: h.from, value: formatLocal(bundle.period.from, cfg) },
    { item: h.to, value: formatLocal(bundle.period.to, cfg) },
    { item: bundle.running ? s.previousSame : s.previousPeriod, value: periodText(bundle.previous) },
    { item: bundle.running ? s.lastYearSame : s.lastYearPeriod, value: periodText(bundle.lastYear) },
    { item: h.exportedAt, value: formatLocal(input.exportedAt, cfg) },
    { item: s.exportLabels.exportedBy, value: input.exportedBy },
  ]);
  styleHeader(pws);
}

/** The summary sheet: every metric of the period with both comparisons, its formula and version. */
function summarySheet(wb: ExcelJS.Workbook, bundle: StatsBundle): void {
  const h = s.sheetHeads;
  const sws = wb.addWorksheet(sheetName(s.sheets.summary));
  sws.columns = [
    { header: h.metric, key: 'label', width: 24 },
    { header: h.current, key: 'current', width: 12 },
    { header: h.numerator, key: 'num', width: 10 },
    { header: h.denominator, key: 'den', width: 10 },
    { header: h.previous, key: 'prev', width: 12 },
    { header: h.previousChange, key: 'prevChange', width: 16 },
    { header: h.lastYear, key: 'ly', width: 12 },
    { header: h.lastYearChange, key: 'lyChange', width: 16 },
    { header: h.formula, key: 'formula', width: 44 },
    { header: h.version, key: 'version', width: 8 },
  ];
  for (const m of bundle.overall.metrics) {
    const prev = metricById(bundle.previousMetrics ?? undefined, m.id);
    const ly = metricById(bundle.lastYearMetrics ?? undefined, m.id);
    const row = sws.addRow({
      label: m.label,
      current: metricCell(m),
      num: m.numerator ?? null,
      den: m.denominator ?? null,
      prev: metricCell(prev),
      prevChange: formatChange(m, prev),
      ly: metricCell(ly),
      lyChange: formatChange(m, ly),
      formula: m.formula,
      version: m.version,
    });
    for (const c of ['current', 'prev', 'ly']) row.getCell(c).numFmt = numFmt(m.unit);
  }
  styleHeader(sws);
}

/** The trend sheet (per day) and the formulas sheet (every metric's exact definition). */
function trendAndFormulaSheets(wb: ExcelJS.Workbook, bundle: StatsBundle): void {
  const h = s.sheetHeads;
  const tws = wb.addWorksheet(sheetName(s.sheets.trend));
  tws.columns = [
    { header: h.day, key: 'day', width: 12 },
    { header: s.reported, key: 'reported', width: 8 },
    { header: s.closed, key: 'closed', width: 8 },
    { header: s.overdue, key: 'overdue', width: 10 },
  ];
  tws.addRows(bundle.overall.trend);
  styleHeader(tws);

  const fws = wb.addWorksheet(sheetName(s.sheets.formulas));
  fws.columns = [
    { header: h.id, key: 'id', width: 24 },
    { header: h.metric, key: 'label', width: 24 },
    { header: h.formula, key: 'formula', width: 50 },
    { header: h.definition, key: 'definition', width: 90 },
    { header: h.version, key: 'version', width: 8 },
  ];
  for (const d of METRIC_DEFINITIONS)
    fws.addRow({ id: d.id, label: d.label, formula: d.formula, definition: d.definition, version: d.version });
  fws.getColumn('definition').alignment = { wrapText: true, vertical: 'top' };
  styleHeader(fws);
}

/** One sheet per drill-down list: the cases behind a metric. */
function caseListSheets(wb: ExcelJS.Workbook, input: ExportInput): void {
  const { ref, caseLists } = input;
  const cfg = ref.calendar;
  const name = (id: string, table: 'communities' | 'departments' | 'grids') => {
    const list = ref[table] as readonly { id: string; name: string; shortName?: string }[];
    const x = list.find((e) => e.id === id);
    return x ? (x.shortName ?? x.name) : id;
  };
  const c = s.columns;
  for (const list of caseLists) {
    const ws = wb.addWorksheet(sheetName(fmt(s.sheets.cases, { label: list.label })));
    ws.columns = [
      { header: c.code, key: 'code', width: 20 },
      { header: c.title, key: 'title', width: 36 },
      { header: c.community, key: 'community', width: 12 },
      { header: c.grid, key: 'grid', width: 16 },
      { header: c.category, key: 'category', width: 12 },
      { header: c.source, key: 'source', width: 12 },
      { header: c.status, key: 'status', width: 14 },
      { header: c.lead, key: 'lead', width: 12 },
      { header: c.reportedAt, key: 'reportedAt', width: 18 },
      { header: c.urgeCount, key: 'urgeCount', width: 10 },
    ];
    for (const r of list.rows) {
      ws.addRow({
        code: r.code,
        title: r.title,
        community: name(r.communityId, 'communities'),
        grid: name(r.gridId, 'grids'),
        category: r.category ?? '',
        source: SOURCE_LABELS[r.source],
        status: STATUS_LABELS[r.status],
        lead: r.leadDepartmentId ? name(r.leadDepartmentId, 'departments') : '',
        reportedAt: formatLocal(r.reportedAt, cfg),
        urgeCount: r.urgeCount,
      });
    }
    styleHeader(ws);
  }
}

export async function buildStatsWorkbook(input: ExportInput, Excel: typeof ExcelJS): Promise<ExcelJS.Workbook> {
  const { bundle, ref } = input;
  const wb = new Excel.Workbook();
  wb.creator = ref.centreName;
  wb.created = new Date(input.exportedAt);
  periodSheet(wb, input);
  summarySheet(wb, bundle);
  groupSheet(wb, s.sheets.departments, s.department, bundle.groups.department);
  groupSheet(wb, s.sheets.communities, s.community, bundle.groups.community);
  groupSheet(wb, s.sheets.categories, s.category, bundle.groups.category);
  groupSheet(wb, s.sheets.sources, s.source, bundle.groups.source);
  groupSheet(wb, s.sheets.grids, s.grid, hotSpots(bundle.groups.grid, Number.POSITIVE_INFINITY));
  trendAndFormulaSheets(wb, bundle);
  caseListSheets(wb, input);
  return wb;
}

/** Grid groups with the most reports first (the hot spots), top `n`. */
export function hotSpots(groups: StatsBundle['overall']['groups'], n: number) {
  const reported = (g: (typeof groups)[number]) => metricById(g.metrics, 'reported')?.value ?? 0;
  return [...groups]
    .filter((g) => reported(g) > 0)
    .sort((a, b) => reported(b) - reported(a) || (a.key < b.key ? -1 : 1))
    .slice(0, n);
}

// The labels live in shared/engine/labels.ts; re-exported here for the stats and meeting views.
export { SOURCE_LABELS, STATUS_LABELS };

/** Builds the workbook and hands it to the browser as a download; returns the file name. */
export async function downloadStatsWorkbook(input: ExportInput): Promise<string> {
  const mod = await import('exceljs');
  const Excel = ((mod as unknown as { default?: typeof ExcelJS }).default ?? mod) as typeof ExcelJS;
  const wb = await buildStatsWorkbook(input, Excel);
  const buf = await wb.xlsx.writeBuffer();
  const file = fmt(s.exportLabels.fileName, { label: input.bundle.period.label.replace(/[\s（）()]/g, '') });
  downloadBlob(buf, file, XLSX_TYPE);
  return file;
}
