/** Which scheme the scores on screen come from (its version, who saved it when) and its rules in words, the no-data rule included. */
import { Alert } from 'antd';
import type { AssessmentKind, AssessmentScheme, FrozenAssessment } from '../../../../shared/assessment/types.js';
import type { SchemeInForce } from '../../../../shared/assessment/streetSchemes.js';
import { INDICATORS } from '../../../../shared/assessment/defaults.js';
import { describeRule } from '../../../../shared/assessment/scoring.js';
import { formatLocal, type HasOffset } from '../../../../shared/calendar/localDay.js';
import { a, fmt } from '../strings.js';

/** The one-line statement of the scheme behind a ranking (live: the street's in force; frozen: the record's). */
export function schemeLine(live: SchemeInForce, viewing: FrozenAssessment | null, cfg: HasOffset): string {
  if (viewing) {
    return viewing.schemeVersion !== undefined && viewing.schemeVersion > 0
      ? fmt(a.schemeOfFrozen, { name: viewing.scheme.name, version: viewing.schemeVersion })
      : fmt(a.schemeOfFrozenOld, { name: viewing.scheme.name, version: viewing.scheme.version });
  }
  if (live.version === 0) return fmt(a.schemeDefault, { name: live.scheme.name, version: live.scheme.version });
  return fmt(a.schemeInForce, {
    name: live.scheme.name,
    version: live.version,
    by: live.savedBy || '—',
    when: live.savedAt !== undefined ? formatLocal(live.savedAt, cfg) : '—',
  });
}

/** The rules of a scheme in words, generated from their parameters. */
export function ruleTexts(scheme: AssessmentScheme, kind: AssessmentKind): string[] {
  return scheme.rules.map((r) => describeRule(r, INDICATORS[kind][r.indicator]?.label ?? r.indicator));
}

/** The no-data rule that applies to these scores. */
export const noDataRuleText = (scheme: AssessmentScheme): string => (scheme.withoutData === 'unranked' ? a.noDataRule : a.noDataRuleOld);

export function SchemeInfo({ line, scheme, kind }: { line: string; scheme: AssessmentScheme; kind: AssessmentKind }) {
  return (
    <Alert
      data-testid="scheme-info"
      type="info"
      style={{ marginBottom: 12 }}
      title={<span data-testid="scheme-line">{line}</span>}
      description={
        <div>
          <div data-testid="scheme-rules">{fmt(a.rulesLine, { rules: ruleTexts(scheme, kind).join(a.ruleSeparator) })}</div>
          <div data-testid="no-data-rule">{noDataRuleText(scheme)}</div>
        </div>
      }
    />
  );
}
