/**
 * Default assessment schemes and the indicators they read. These are configuration (the local example of
 * domain.md), not constants: a street that never saved a scheme of a kind ranks with these (version 0);
 * the assessment screen saves the street's own on the relay (streetSchemes.ts) and a frozen result keeps its own copy.
 */
import type { AssessmentKind, AssessmentSchemeInput } from './types.js';

/** Indicator ids and their Chinese names, per assessed kind. Rates are ratios 0..1. */
export const INDICATORS: Record<AssessmentKind, Record<string, { label: string; unit: 'ratio' | 'count' | 'hours' }>> = {
  department: {
    onTimeClosureRate: { label: '按期结案率', unit: 'ratio' },
    onTimeClosureStrictRate: { label: '按期结案率（严格口径）', unit: 'ratio' },
    closureRate: { label: '结案率', unit: 'ratio' },
    reworkRate: { label: '返工率', unit: 'ratio' },
    bounceRate: { label: '回弹率', unit: 'ratio' },
    satisfactionRate: { label: '满意率', unit: 'ratio' },
    failedVerificationCount: { label: '核查不通过次数', unit: 'count' },
    overdueNowCount: { label: '当前超期数', unit: 'count' },
    urgeCount: { label: '被督办次数', unit: 'count' },
    avgHandlingHours: { label: '平均处置时长（工作小时）', unit: 'hours' },
  },
  community: {
    onTimeClosureRate: { label: '按期结案率', unit: 'ratio' },
    closureRate: { label: '结案率', unit: 'ratio' },
    satisfactionRate: { label: '满意率', unit: 'ratio' },
    validReportRate: { label: '有效上报率', unit: 'ratio' },
    reportedCount: { label: '上报数', unit: 'count' },
  },
  gridWorker: {
    validReportRate: { label: '有效上报率', unit: 'ratio' },
    onTimeVerificationRate: { label: '按时核查率', unit: 'ratio' },
    selfHandledCount: { label: '自行处置数', unit: 'count' },
    satisfactionRate: { label: '满意率', unit: 'ratio' },
  },
  seat: {
    onTimeRegistrationRate: { label: '按时受理率', unit: 'ratio' },
    accurateDispatchRate: { label: '派遣准确率（未被回弹）', unit: 'ratio' },
    dispatchCount: { label: '派遣数', unit: 'count' },
  },
};

export const DEFAULT_SCHEMES: Record<AssessmentKind, AssessmentSchemeInput> = {
  department: {
    kind: 'department',
    name: '职能部门考核',
    version: '2026.1',
    base: 0,
    withoutData: 'unranked',
    rules: [
      {
        id: 'onTime',
        type: 'threshold',
        label: '按期结案率≥70%得50分，每低1个百分点扣1分',
        indicator: 'onTimeClosureRate',
        points: 50,
        threshold: 0.7,
        deductPerPoint: 1,
      },
      { id: 'closure', type: 'proportional', label: '结案率×20分', indicator: 'closureRate', points: 20 },
      { id: 'satisfaction', type: 'proportional', label: '满意率×30分', indicator: 'satisfactionRate', points: 30 },
      {
        id: 'failedVerify',
        type: 'perCount',
        label: '核查不通过每次扣0.2分',
        indicator: 'failedVerificationCount',
        perUnit: -0.2,
        min: -20,
        max: 0,
      },
    ],
  },
  community: {
    kind: 'community',
    name: '社区考核',
    version: '2026.1',
    base: 0,
    withoutData: 'unranked',
    rules: [
      {
        id: 'onTime',
        type: 'threshold',
        label: '按期结案率≥70%得40分，每低1个百分点扣1分',
        indicator: 'onTimeClosureRate',
        points: 40,
        threshold: 0.7,
        deductPerPoint: 1,
      },
      { id: 'closure', type: 'proportional', label: '结案率×30分', indicator: 'closureRate', points: 30 },
      { id: 'satisfaction', type: 'proportional', label: '满意率×30分', indicator: 'satisfactionRate', points: 30 },
    ],
  },
  gridWorker: {
    kind: 'gridWorker',
    name: '网格员考核',
    version: '2026.1',
    base: 0,
    withoutData: 'unranked',
    rules: [
      {
        id: 'validReport',
        type: 'threshold',
        label: '有效上报率≥90%得30分，每低1个百分点扣1分',
        indicator: 'validReportRate',
        points: 30,
        threshold: 0.9,
        deductPerPoint: 1,
      },
      {
        id: 'onTimeVerify',
        type: 'threshold',
        label: '按时核查率≥90%得30分，每低1个百分点扣1分',
        indicator: 'onTimeVerificationRate',
        points: 30,
        threshold: 0.9,
        deductPerPoint: 1,
      },
      { id: 'satisfaction', type: 'proportional', label: '满意率×20分', indicator: 'satisfactionRate', points: 20 },
      {
        id: 'selfHandled',
        type: 'perCount',
        label: '自行处置每件加0.5分，最多20分',
        indicator: 'selfHandledCount',
        perUnit: 0.5,
        min: 0,
        max: 20,
      },
    ],
  },
  seat: {
    kind: 'seat',
    name: '中心座席考核',
    version: '2026.1',
    base: 0,
    withoutData: 'unranked',
    rules: [
      {
        id: 'onTimeRegister',
        type: 'threshold',
        label: '按时受理率≥95%得50分，每低1个百分点扣2分',
        indicator: 'onTimeRegistrationRate',
        points: 50,
        threshold: 0.95,
        deductPerPoint: 2,
      },
      {
        id: 'accurateDispatch',
        type: 'threshold',
        label: '派遣准确率≥90%得50分，每低1个百分点扣2分',
        indicator: 'accurateDispatchRate',
        points: 50,
        threshold: 0.9,
        deductPerPoint: 2,
      },
    ],
  },
};
