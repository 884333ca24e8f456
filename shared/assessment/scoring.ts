/**
 * Weighted scoring of assessment objects: pure functions of (inputs, scheme). Each rule's points are its
 * weight; an object's total is the scheme's base plus the sum of its rules. Rounded to 2 decimals at the
 * end of each rule, so the same inputs give the same scores on every machine.
 */
import {
  AssessmentScheme,
  type AssessmentInput,
  type AssessmentRule,
  type AssessmentSchemeInput,
  type ScoreItem,
  type ScoredObject,
} from './types.js';

/** Rounds half away from zero to `digits` decimals, killing binary noise (0.7 − 0.65 = 0.0500000001). */
export function roundTo(x: number, digits = 2): number {
  const f = 10 ** digits;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-7)) / f;
  return r === 0 ? 0 : r;
}

/** The most a rule can contribute (its weight). */
export function ruleMax(rule: AssessmentRule): number {
  switch (rule.type) {
    case 'threshold':
    case 'proportional':
      return rule.points;
    case 'perCount':
      return Math.max(0, rule.max);
  }
}

/** Points of one rule for one indicator value (null = no data). */
export function scoreRule(rule: AssessmentRule, value: number | null): ScoreItem {
  const max = ruleMax(rule);
  const base = { ruleId: rule.id, label: rule.label, indicator: rule.indicator, value, max };
  if (value === null || !Number.isFinite(value)) {
    const points = rule.noData === 'full' ? max : 0;
    return { ...base, value: null, points, noData: true };
  }
  let points: number;
  switch (rule.type) {
    case 'threshold': {
      // Percentage points below the threshold, de-noised before multiplying.
      const below = Math.max(0, roundTo((rule.threshold - value) * 100, 6));
      points = Math.max(rule.floor, rule.points - rule.deductPerPoint * below);
      break;
    }
    case 'proportional':
      points = rule.points * Math.min(1, Math.max(0, value) / rule.target);
      break;
    case 'perCount':
      points = Math.min(rule.max, Math.max(rule.min, rule.perUnit * value));
      break;
  }
  return { ...base, points: roundTo(points), noData: false };
}

/**
 * The no-data rule: an object has no data in the period when no rule of the scheme has any — every rate's
 * indicator is without data (nothing fell due, nothing was rated …) and every count is 0 (or without data).
 */
export function withoutAnyData(scheme: AssessmentScheme, input: AssessmentInput): boolean {
  return scheme.rules.every((rule) => {
    const v = input.indicators[rule.indicator]?.value ?? null;
    return v === null || !Number.isFinite(v) || (rule.type === 'perCount' && v === 0);
  });
}

/**
 * Scores every object of the scheme's kind and ranks them (1 = best; equal totals share a rank). With
 * scheme.withoutData 'unranked', objects without any data (withoutAnyData) get no points and are not
 * ranked: `unranked: true`, total 0, every item without points, rank = one after the last ranked object,
 * listed after the ranked ones by id. Without it (records frozen before the rule) each rule's noData applies.
 */
export function scoreAll(inputs: readonly AssessmentInput[], schemeInput: AssessmentSchemeInput | AssessmentScheme): ScoredObject[] {
  const scheme = AssessmentScheme.parse(schemeInput);
  const max = roundTo(scheme.base + scheme.rules.reduce((s, r) => s + ruleMax(r), 0));
  const ranked: ScoredObject[] = [];
  const unranked: ScoredObject[] = [];
  for (const input of inputs) {
    if (input.kind !== scheme.kind) continue;
    const items = scheme.rules.map((rule) => scoreRule(rule, input.indicators[rule.indicator]?.value ?? null));
    if (scheme.withoutData === 'unranked' && withoutAnyData(scheme, input)) {
      const none = items.map((it) => ({ ...it, points: 0 }));
      unranked.push({ kind: input.kind, id: input.id, label: input.label, total: 0, max, rank: 1, items: none, unranked: true });
      continue;
    }
    const total = roundTo(scheme.base + items.reduce((s, it) => s + it.points, 0));
    ranked.push({ kind: input.kind, id: input.id, label: input.label, total, max, rank: 1, items });
  }
  const last = ranked.length + 1;
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...rankScores(ranked), ...unranked.sort(byId).map((o) => ({ ...o, rank: last }))];
}

/** Competition ranking (1, 2, 2, 4) by total, ties ordered by id so the order never depends on locale. */
export function rankScores<T extends { id: string; total: number; rank: number }>(rows: readonly T[]): T[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let prevTotal = Number.NaN;
  let prevRank = 0;
  return sorted.map((row, i) => {
    const rank = row.total === prevTotal ? prevRank : i + 1;
    prevTotal = row.total;
    prevRank = rank;
    return { ...row, rank };
  });
}

const pctText = (ratio: number) => `${roundTo(ratio * 100, 1)}%`;

/**
 * The rule in words, generated from its parameters (so a printed report never shows a stale label):
 * 按期结案率≥70%得50分，每低1个百分点扣1分 / 满意率×30分 / 核查不通过次数每次扣0.2分（最多扣20分）.
 */
export function describeRule(rule: AssessmentRule, indicatorLabel: string): string {
  const noData = rule.noData === 'zero' ? '；无数据得0分' : '';
  switch (rule.type) {
    case 'threshold':
      return `${indicatorLabel}≥${pctText(rule.threshold)}得${rule.points}分，每低1个百分点扣${rule.deductPerPoint}分${rule.floor !== 0 ? `，最低${rule.floor}分` : ''}${noData}`;
    case 'proportional':
      return `${indicatorLabel}${rule.target === 1 ? '' : `÷${pctText(rule.target)}`}×${rule.points}分（最多${rule.points}分）${noData}`;
    case 'perCount': {
      const verb = rule.perUnit < 0 ? `每次扣${roundTo(-rule.perUnit, 4)}分` : `每次加${roundTo(rule.perUnit, 4)}分`;
      const cap = rule.perUnit < 0 ? `（最多扣${-rule.min}分）` : `（最多加${rule.max}分）`;
      return `${indicatorLabel}${verb}${cap}${noData}`;
    }
  }
}
