/**
 * The no-data rule (docs/protocol.md §3.5.2) and the street's schemes: an object without any data in the
 * period is 无数据 and never ranked, whatever the scheme's weights; saves are numbered 1, 2, … per kind.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreAll, withoutAnyData } from './scoring.js';
import { DEFAULT_SCHEMES } from './defaults.js';
import { AssessmentScheme, type AssessmentInput, type AssessmentKind, type IndicatorValue } from './types.js';
import { schemeInForce, schemeSaveProblem, sameScheme, type StreetSchemes } from './streetSchemes.js';
import { RefChange, applyRefChange } from '../protocol.js';

const KINDS: AssessmentKind[] = ['department', 'community', 'gridWorker', 'seat'];

/** An indicator value: no data, or a rate / count. */
const value = fc.oneof(
  fc.constant<IndicatorValue>({ value: null }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((v): IndicatorValue => ({ value: v })),
  fc.nat(40).map((v): IndicatorValue => ({ value: v })),
);

function inputsOf(kind: AssessmentKind) {
  const scheme = AssessmentScheme.parse(DEFAULT_SCHEMES[kind]);
  const indicators = [...new Set(scheme.rules.map((r) => r.indicator))];
  const one = fc.record({ vals: fc.array(value, { minLength: indicators.length, maxLength: indicators.length }), empty: fc.boolean() });
  return fc.array(one, { maxLength: 25 }).map((rows) =>
    rows.map((r, i): AssessmentInput => ({
      kind,
      id: `o${String(i).padStart(2, '0')}`,
      label: `对象${i}`,
      // An "empty" object: nothing in the period (rates without data, counts 0).
      indicators: Object.fromEntries(
        indicators.map((ind, j) => [
          ind,
          r.empty ? { value: scheme.rules.find((x) => x.indicator === ind)!.type === 'perCount' ? 0 : null } : r.vals[j]!,
        ]),
      ),
    })),
  );
}

/** A scheme of the kind with arbitrary weights (the defaults' rules, points and base redrawn). */
function schemeOf(kind: AssessmentKind) {
  const base = AssessmentScheme.parse(DEFAULT_SCHEMES[kind]);
  return fc
    .record({
      base: fc.integer({ min: 0, max: 50 }),
      weights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: base.rules.length, maxLength: base.rules.length }),
    })
    .map(({ base: b, weights }) =>
      AssessmentScheme.parse({
        ...base,
        base: b,
        rules: base.rules.map((r, i) =>
          r.type === 'perCount' ? { ...r, max: Math.max(r.max, 0) } : { ...r, points: weights[i]!, noData: 'full' },
        ),
      }),
    );
}

describe('the no-data rule (withoutData: unranked)', () => {
  it('never ranks an object without data, and puts it after every ranked object with no points (property)', () => {
    for (const kind of KINDS) {
      fc.assert(
        fc.property(inputsOf(kind), schemeOf(kind), (inputs, scheme) => {
          const out = scoreAll(inputs, scheme);
          expect(out).toHaveLength(inputs.length);
          const ranked = out.filter((o) => !o.unranked);
          const unranked = out.filter((o) => o.unranked);
          // Unranked exactly when the object has no data for any rule.
          for (const o of out)
            expect(o.unranked === true).toBe(
              withoutAnyData(
                scheme,
                inputs.find((i) => i.id === o.id)!,
              ),
            );
          // Listed last, one rank after the last ranked one, with no points at all.
          expect(out.slice(ranked.length).every((o) => o.unranked)).toBe(true);
          for (const o of unranked) {
            expect(o.total).toBe(0);
            expect(o.rank).toBe(ranked.length + 1);
            expect(o.items.every((it) => it.points === 0)).toBe(true);
          }
          // Ranked ones keep competition ranks among themselves.
          for (const o of ranked) expect(o.rank).toBe(1 + ranked.filter((x) => x.total > o.total).length);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('adding objects without data never changes the scores or ranks of the others (property)', () => {
    fc.assert(
      fc.property(inputsOf('gridWorker'), fc.nat(80), schemeOf('gridWorker'), (inputs, extra, scheme) => {
        const empty: AssessmentInput[] = Array.from({ length: extra }, (_, i) => ({
          kind: 'gridWorker',
          id: `z${i}`,
          label: `无案件${i}`,
          indicators: {
            validReportRate: { value: null },
            onTimeVerificationRate: { value: null },
            satisfactionRate: { value: null },
            selfHandledCount: { value: 0 },
          },
        }));
        const before = scoreAll(inputs, scheme).filter((o) => !o.unranked);
        const after = scoreAll([...empty, ...inputs], scheme).filter((o) => !o.unranked);
        expect(after).toEqual(before);
      }),
      { numRuns: 80 },
    );
  });

  it('80 grid workers without cases no longer tie at the top (the reported bug)', () => {
    const scheme = DEFAULT_SCHEMES.gridWorker;
    const idle: AssessmentInput[] = Array.from({ length: 80 }, (_, i) => ({
      kind: 'gridWorker',
      id: `w${String(i).padStart(3, '0')}`,
      label: `网格员${i}`,
      indicators: {
        validReportRate: { value: null },
        onTimeVerificationRate: { value: null },
        satisfactionRate: { value: null },
        selfHandledCount: { value: 0 },
      },
    }));
    const busy: AssessmentInput = {
      kind: 'gridWorker',
      id: 'w-busy',
      label: '李四',
      indicators: {
        validReportRate: { value: 0.8 },
        onTimeVerificationRate: { value: 1 },
        satisfactionRate: { value: 0.9 },
        selfHandledCount: { value: 4 },
      },
    };
    const out = scoreAll([...idle, busy], scheme);
    expect(out[0]).toMatchObject({ id: 'w-busy', rank: 1, total: 20 + 30 + 18 + 2 });
    expect(out.filter((o) => o.unranked)).toHaveLength(80);
    // Without the rule (records frozen before it) they were 80 points each, ahead of the one who worked.
    const { withoutData: _w, ...old } = scheme;
    expect(scoreAll([...idle, busy], old)[0]).toMatchObject({ total: 80, rank: 1 });
  });
});

describe('street schemes (ref section assessmentSchemes)', () => {
  it('the built-in defaults pass the save checks; unknown indicators, duplicate ids and a scored no-data rule do not', () => {
    for (const k of KINDS) expect(schemeSaveProblem(DEFAULT_SCHEMES[k])).toBeNull();
    const d = AssessmentScheme.parse(DEFAULT_SCHEMES.gridWorker);
    expect(schemeSaveProblem({ ...d, rules: [{ ...d.rules[0]!, indicator: 'onTimeClosureRate' }] })).toMatch(/不是该考核对象的指标/);
    expect(schemeSaveProblem({ ...d, rules: [d.rules[0]!, d.rules[0]!] })).toMatch(/重复/);
    expect(schemeSaveProblem({ ...d, withoutData: 'scored' })).toMatch(/无数据不参与排名/);
    expect(schemeSaveProblem({ ...d, rules: [] })).toMatch(/格式不正确/);
  });

  it('a stamped save replaces only its kind and the version in force follows the saves (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...KINDS), { maxLength: 20 }), (kinds) => {
        let saved: StreetSchemes | undefined;
        const count: Record<string, number> = {};
        for (const k of kinds) {
          const inForce = schemeInForce(saved, k);
          const scheme = { ...inForce.scheme, name: `第${inForce.version + 1}次` };
          const change = RefChange.parse({
            section: 'assessmentScheme',
            value: { scheme, basedOn: inForce.version, version: inForce.version + 1, savedAt: 5, savedBy: '王主任', savedById: 'u-leader' },
          });
          saved = applyRefChange({ assessmentSchemes: saved }, change).assessmentSchemes;
          count[k] = (count[k] ?? 0) + 1;
        }
        for (const k of KINDS) {
          const inForce = schemeInForce(saved, k);
          expect(inForce.version).toBe(count[k] ?? 0);
          if (!count[k]) expect(sameScheme(inForce.scheme, DEFAULT_SCHEMES[k])).toBe(true);
          else expect(inForce).toMatchObject({ savedBy: '王主任', scheme: { name: `第${count[k]}次` } });
        }
      }),
    );
  });

  it('the section refuses bad input at the schema', () => {
    const scheme = AssessmentScheme.parse(DEFAULT_SCHEMES.seat);
    expect(RefChange.safeParse({ section: 'assessmentScheme', value: { scheme, basedOn: -1 } }).success).toBe(false);
    expect(RefChange.safeParse({ section: 'assessmentScheme', value: { scheme: { ...scheme, rules: [] }, basedOn: 0 } }).success).toBe(
      false,
    );
    expect(RefChange.safeParse({ section: 'assessmentScheme', value: { scheme, basedOn: 0, savedBy: 'a\u0000b' } }).success).toBe(false);
    expect(RefChange.safeParse({ section: 'assessmentScheme', value: { scheme, basedOn: 0 } }).success).toBe(true);
  });
});
