/** The printable assessment report (the print stylesheet shows only this). */
import { AssessmentScheme, type AssessmentKind, type FrozenAssessment, type ScoredObject } from '../../../../shared/assessment/types.js';
import { formatLocal } from '../../../../shared/calendar/localDay.js';
import { INDICATORS } from '../../../../shared/assessment/defaults.js';
import { PrintPortal } from '../../stats/kit/index.js';
import { a, fmt } from '../strings.js';
import { itemValueText } from '../scheme.js';
import { noDataRuleText, ruleTexts } from './SchemeInfo.js';

export function AssessmentReport({
  centreName,
  shownPeriod,
  shownKind,
  scheme,
  results,
  cfg,
  viewing,
  schemeText,
}: {
  /** Which scheme version the scores come from (schemeLine). */
  schemeText: string;
  centreName: string;
  shownPeriod: { from: number; to: number; label: string };
  shownKind: AssessmentKind;
  scheme: AssessmentScheme;
  results: ScoredObject[];
  cfg: { utcOffsetMinutes: number };
  viewing: FrozenAssessment | null;
}) {
  return (
    <PrintPortal testId="assessment-report">
      <div className="assessment-print">
        <h1>{fmt(a.reportTitle, { centre: centreName, period: shownPeriod.label })}</h1>
        <p>
          {fmt(a.reportMeta, {
            kind: a.kinds[shownKind],
            scheme: scheme.name,
            version: scheme.version,
            from: formatLocal(shownPeriod.from, cfg).slice(0, 10),
            to: formatLocal(shownPeriod.to - 1, cfg).slice(0, 10),
          })}
        </p>
        <p>{schemeText}</p>
        <ol className="rules">
          {ruleTexts(scheme, shownKind).map((text, i) => (
            <li key={scheme.rules[i]!.id}>{text}</li>
          ))}
        </ol>
        <p>{noDataRuleText(scheme)}</p>
        <table>
          <thead>
            <tr>
              <th>{a.rank}</th>
              <th>{a.object}</th>
              {scheme.rules.map((r) => (
                <th key={r.id}>{INDICATORS[shownKind][r.indicator]?.label ?? r.indicator}</th>
              ))}
              <th>{a.total}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((o) => (
              <tr key={o.id}>
                <td className="c">{o.unranked ? a.unranked : o.rank}</td>
                <td>{o.label}</td>
                {scheme.rules.map((r) => {
                  const it = o.items.find((x) => x.ruleId === r.id);
                  return (
                    <td key={r.id} className="r">
                      {!it
                        ? '—'
                        : o.unranked
                          ? itemValueText(shownKind, r.indicator, it)
                          : fmt(a.pointsWithValue, { points: it.points, value: itemValueText(shownKind, r.indicator, it) })}
                    </td>
                  );
                })}
                <td className="r">
                  {o.unranked ? (
                    a.unrankedTotal
                  ) : (
                    <>
                      <b>{o.total}</b> / {o.max}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="footer">
          {fmt(a.reportFooter, {
            frozen: viewing
              ? fmt(a.reportFrozen, { when: formatLocal(viewing.frozenAt, cfg), digest: viewing.inputsDigest })
              : a.reportLive,
          })}
        </p>
      </div>
    </PrintPortal>
  );
}
