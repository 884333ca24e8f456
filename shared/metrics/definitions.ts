/**
 * Metric definitions (统计指标口径): id, Chinese label, the formula shown on screen, a precise definition,
 * unit and version. The version changes whenever a definition changes, so a frozen period result can say
 * which definition produced it.
 *
 * Common conventions (口径说明), applied by compute.ts:
 * - Period P = [from, to). Evaluation instant t* = min(to, now): every metric looks at the cases as they
 *   stood at t* (timeline entries after t* are ignored), so recomputing a past period later gives the same
 *   numbers.
 * - Counts are numbers of distinct cases (a case bounced twice in P counts once), so each count has an
 *   exact drill-down list.
 * - A rate's numerator is always a subset of its denominator, so every rate lies in [0, 1]; a rate whose
 *   denominator is 0 is null (no data), never 0 or 100 %.
 * - Grouped by department, a case belongs to its lead department at t*, except for dispatches, bounces,
 *   extensions and urges, which count for the department they concern (the one dispatched to, that bounced,
 *   whose clock was extended, that was urged). So a bounce counts against the department that bounced, not
 *   against the one that received the mandatory re-dispatch, and per-department counts of these four may
 *   add up to more than the total.
 * - A duplicate report merged into another case (合并) is no case of its own: see MERGED_DUPLICATE_RULE.
 */

export type MetricUnit = 'count' | 'ratio' | 'hours';

export interface MetricDefinition {
  id: MetricId;
  label: string;
  /** Short formula for the screen. */
  formula: string;
  /** Exact definition (口径), Chinese, for the definition panel and printed reports. */
  definition: string;
  unit: MetricUnit;
  version: string;
}

export const COUNT_METRIC_IDS = [
  'reported',
  'accepted',
  'dispatched',
  'handled',
  'due',
  'closed',
  'closedOnTime',
  'overdueNow',
  'bounced',
  'reworked',
  'extended',
  'parked',
  'urged',
  'reopened',
] as const;
export type CountMetricId = (typeof COUNT_METRIC_IDS)[number];

export const RATE_METRIC_IDS = [
  'onTimeClosureRate',
  'onTimeClosureRateStrict',
  'closureRate',
  'reworkRate',
  'bounceRate',
  'extensionRate',
  'satisfactionRate',
  'avgHandlingHours',
] as const;
export type RateMetricId = (typeof RATE_METRIC_IDS)[number];

export type MetricId = CountMetricId | RateMetricId;

const V = '1.0';
/** 1.1: grouped by department, dispatches, bounces, extensions and urges count for the department they concern. */
const V_UNIT = '1.1';

/** Every metric, in display order: counts first, then rates and the average. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  {
    id: 'reported',
    label: '上报数',
    unit: 'count',
    version: V,
    formula: '本期上报的案件数',
    definition: '上报时间（reportedAt）在统计期内的案件。',
  },
  {
    id: 'accepted',
    label: '受理数',
    unit: 'count',
    version: V,
    formula: '本期受理立案的案件数',
    definition: '统计期内有“受理”记录的案件。',
  },
  {
    id: 'dispatched',
    label: '派遣数',
    unit: 'count',
    version: V_UNIT,
    formula: '本期派遣（含回弹后再派遣）的案件数',
    definition: '统计期内有“派遣”记录的案件（同一案件多次派遣只计一次）。按部门统计时计入被派遣（牵头）的部门。',
  },
  {
    id: 'handled',
    label: '处置数',
    unit: 'count',
    version: V,
    formula: '本期反馈处置结果或网格员自行处置的案件数',
    definition: '统计期内有“处置反馈”或“自行处置”记录的案件。',
  },
  {
    id: 'due',
    label: '应结案数',
    unit: 'count',
    version: V,
    formula: '本期结案数 + 处置时限已在本期届满但仍未结案的案件数',
    definition:
      '统计期内结案的案件，加上首个计入部门的处置时限（不含因回弹终止的时限，含已批准的延期）在 [期初, 评估时点) 内届满、且在期初之前尚未结案的案件。尚未到期的在办案件不计入。',
  },
  { id: 'closed', label: '结案数', unit: 'count', version: V, formula: '本期结案的案件数', definition: '统计期内有“结案”记录的案件。' },
  {
    id: 'closedOnTime',
    label: '按期结案数',
    unit: 'count',
    version: V,
    formula: '本期结案且所有处置时限均未超期的案件数',
    definition:
      '本期结案的案件中，每一个处置时限（含返工时限）都在截止时间前完成的案件。因回弹终止的时限计入中心、不计超期；网格员自行处置的案件没有部门时限，视为按期。',
  },
  {
    id: 'overdueNow',
    label: '当前超期数',
    unit: 'count',
    version: V,
    formula: '评估时点（期末与当前时刻取早者）仍未结案且有计时已超期的案件数',
    definition:
      '评估时点未结案（非结案、非不予受理），且至少有一个正在计时（未停止、未暂停）的时限已过截止时间的案件，含登记、派遣、处置、核查各类时限。',
  },
  {
    id: 'bounced',
    label: '回弹数',
    unit: 'count',
    version: V_UNIT,
    formula: '本期发生回弹的案件数',
    definition: '统计期内有“回弹”记录的案件。按部门统计时计入作出回弹的部门，而不是回弹后被强制派遣的部门。',
  },
  {
    id: 'reworked',
    label: '返工数',
    unit: 'count',
    version: V,
    formula: '本期被要求返工的案件数',
    definition: '统计期内有“返工”记录的案件（核查不通过或回访不满意）。',
  },
  {
    id: 'extended',
    label: '延期数',
    unit: 'count',
    version: V_UNIT,
    formula: '本期获批延期的案件数',
    definition: '统计期内有时限获批延期（时限的延期记录）的案件。按部门统计时计入时限获批延期的部门。',
  },
  {
    id: 'parked',
    label: '挂账数',
    unit: 'count',
    version: V,
    formula: '应结案案件中评估时点处于挂账状态的案件数',
    definition: '属于本期应结案、且在评估时点处于经批准的挂账状态的案件；按期结案率和结案率的分母扣除这些案件。',
  },
  {
    id: 'urged',
    label: '督办数',
    unit: 'count',
    version: V_UNIT,
    formula: '本期收到催办、督办或挂牌督办通知的案件数',
    definition: '统计期内发出过督办通知（任一级别）的案件。按部门统计时计入收到通知的部门。',
  },
  {
    id: 'reopened',
    label: '重新办理数',
    unit: 'count',
    version: V,
    formula: '本期结案后重新办理的案件数',
    definition: '统计期内有“重新办理”记录的案件（已结案的案件因问题未解决等原因重新进入办理）。单独统计，不改变原结案记录。',
  },
  {
    id: 'onTimeClosureRate',
    label: '按期结案率',
    unit: 'ratio',
    version: V,
    formula: '按期结案数 ÷ (应结案数 − 挂账数)',
    definition: '分子为按期结案数；分母为应结案数扣除其中处于挂账状态的案件。分母为 0 时无数据。',
  },
  {
    id: 'onTimeClosureRateStrict',
    label: '按期结案率（严格口径）',
    unit: 'ratio',
    version: V,
    formula: '按期结案数 ÷ (结案数 + 当前超期数)',
    definition: '把评估时点仍未结案的超期案件计入分母。“按期结案数 ÷ 结案数”会掩盖未结案的超期案件，故不采用。',
  },
  {
    id: 'closureRate',
    label: '结案率',
    unit: 'ratio',
    version: V,
    formula: '结案数 ÷ (应结案数 − 挂账数)',
    definition: '分子为本期结案数；分母同按期结案率。',
  },
  {
    id: 'reworkRate',
    label: '返工率',
    unit: 'ratio',
    version: V,
    formula: '返工案件数 ÷ 处置数',
    definition: '分母为本期处置数；分子为其中本期有返工记录的案件。',
  },
  {
    id: 'bounceRate',
    label: '回弹率',
    unit: 'ratio',
    version: V_UNIT,
    formula: '回弹案件数 ÷ 派遣数',
    definition: '分母为本期派遣数；分子为其中本期有回弹记录的案件。按部门统计时，分母为派遣给该部门的案件，分子为其中被该部门回弹的案件。',
  },
  {
    id: 'extensionRate',
    label: '延期率',
    unit: 'ratio',
    version: V_UNIT,
    formula: '获批延期案件数 ÷ 派遣数',
    definition: '分母为本期派遣数；分子为其中本期有获批延期的案件。',
  },
  {
    id: 'satisfactionRate',
    label: '满意率',
    unit: 'ratio',
    version: V,
    formula: '(满意 + 基本满意) 案件数 ÷ 已评价案件数',
    definition:
      '已评价：本期回访中给出满意、基本满意或不满意评价的案件（“未评价”不计）。满意：本期各次评价均为满意或基本满意；本期任一次评价为不满意即计为不满意。',
  },
  {
    id: 'avgHandlingHours',
    label: '平均处置时长',
    unit: 'hours',
    version: V,
    formula: '处置用时合计（工作小时）÷ 本期反馈处置结果的案件数',
    definition:
      '本期有部门处置反馈的案件，其全部处置时限（含返工）在评估时点已用时间之和，按工作日历计算并扣除挂账等暂停时段；紧急事项按自然时间计算。单位：小时。',
  },
];

const BY_ID = new Map(METRIC_DEFINITIONS.map((d) => [d.id, d]));

/** The definition of a metric id, or undefined for an unknown id. */
export function metricDefinition(id: string): MetricDefinition | undefined {
  return BY_ID.get(id as MetricId);
}

export const isMetricId = (id: string): id is MetricId => BY_ID.has(id as MetricId);

/**
 * 重复上报合并口径: how merged duplicates (合并) count, for every metric above. Shown wherever rates are shown.
 * It has its own version: the metric definitions give the same numbers as before for every case never
 * merged, so their versions did not change.
 */
export const MERGED_DUPLICATE_RULE = {
  id: 'mergedDuplicates',
  label: '重复上报合并口径',
  version: '1.0',
  formula: '合并的重复上报不单独计数：原事件计一件，重复上报不计入任何计数和比率',
  definition:
    '统计时点（t*）已合并到其他事件的重复上报（含已随原事件结案的），不计入上报数、受理数、派遣数、处置数、应结案数、结案数、按期结案数、当前超期数、回弹数、返工数、延期数、挂账数、督办数，也不计入满意率和平均处置时长，其合并前的受理、派遣、回弹、延期等记录随之不计；原事件照常计一件，其按期与否只看原事件自己的处置时限。' +
    '在统计时点尚未合并、或已撤销合并的事件照常计数，所以重算过去的统计期结果不变。随原事件结案不是一次单独的结案，不计入结案数和趋势中的结案。',
} as const;
