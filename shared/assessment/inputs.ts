/**
 * Turning statistics (stats.query groups: one MetricValue list per department, community, grid …) into
 * assessment inputs. Which metric feeds which indicator is configuration (a MetricMap), so the scores
 * read exactly the numbers the statistics screen shows, formulas and versions included.
 */
import type { AssessmentInput, AssessmentKind, IndicatorValue } from './types.js';

/** The subset of a MetricValue the assessment reads. */
export interface MetricLike {
  id: string;
  value: number | null;
  numerator?: number | undefined;
  denominator?: number | undefined;
}

export interface GroupLike {
  key: string;
  label: string;
  metrics: readonly MetricLike[];
}

/** indicator id → metric id (as in the metric definitions); missing metrics become "no data". */
export type MetricMap = Record<string, string>;

function indicatorOf(m: MetricLike | undefined): IndicatorValue {
  if (!m) return { value: null };
  const out: IndicatorValue = { value: m.value === null || Number.isFinite(m.value) ? m.value : null };
  if (m.numerator !== undefined) out.numerator = m.numerator;
  if (m.denominator !== undefined) out.denominator = m.denominator;
  return out;
}

/** One assessment input per statistics group. `relabel` maps a group (e.g. a grid) to the object (its worker). */
export function inputsFromGroups(
  kind: AssessmentKind,
  groups: readonly GroupLike[],
  map: MetricMap,
  relabel?: (g: GroupLike) => { id: string; label: string } | null,
): AssessmentInput[] {
  const out: AssessmentInput[] = [];
  for (const g of groups) {
    const who = relabel ? relabel(g) : { id: g.key, label: g.label };
    if (!who) continue;
    const byId = new Map(g.metrics.map((m) => [m.id, m]));
    const indicators: Record<string, IndicatorValue> = {};
    for (const [indicator, metricId] of Object.entries(map)) indicators[indicator] = indicatorOf(byId.get(metricId));
    out.push({ kind, id: who.id, label: who.label, indicators });
  }
  return out;
}
