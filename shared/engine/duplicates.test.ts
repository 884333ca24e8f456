/** The duplicate scorer: radius, time window, category, text similarity and the Chinese reasons. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceMeters, suggestDuplicates, textSimilarity, type DuplicateSubject } from './duplicates.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 26, 2);
/** About 1 m of latitude in degrees. */
const M = 1 / 111_195;
const here = { lon: 115.04, lat: 30.2 };
const north = (m: number) => ({ lon: here.lon, lat: here.lat + m * M });

const subject: DuplicateSubject = {
  id: 'new',
  location: here,
  catalogItemId: 'item-manhole',
  category: '市政设施',
  reportedAt: T,
  title: '井盖缺失',
  description: '黄石东路12号门口井盖缺失，行人容易踩空',
};

const cand = (id: string, over: Partial<DuplicateSubject> = {}): DuplicateSubject => ({
  id,
  location: north(35),
  catalogItemId: 'item-manhole',
  category: '市政设施',
  reportedAt: T - DAY,
  title: '井盖丢失',
  description: '黄石东路12号门前井盖不见了',
  status: 'dispatched',
  ...over,
});

describe('textSimilarity', () => {
  it('is the Jaccard similarity of character bigrams, ignoring spaces and punctuation', () => {
    expect(textSimilarity('井盖缺失', '井盖缺失')).toBe(1);
    expect(textSimilarity('井盖缺失', '路灯不亮')).toBe(0);
    // 井盖 盖缺 缺失 vs 井盖 盖丢 丢失: 1 shared of 5.
    expect(textSimilarity('井盖缺失', '井盖，丢失！')).toBeCloseTo(1 / 5, 10);
    expect(textSimilarity('', '井盖')).toBe(0);
    expect(textSimilarity('灯', '灯')).toBe(1);
  });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = textSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(textSimilarity(b, a)).toBe(s);
      }),
    );
  });
});

describe('suggestDuplicates', () => {
  it('suggests a nearby report of the same matter, with its reasons in Chinese', () => {
    const [s, ...rest] = suggestDuplicates(subject, [cand('old')]);
    expect(rest).toEqual([]);
    expect(s!.candidate.id).toBe('old');
    expect(s!.distanceMeters).toBe(35);
    expect(s!.categoryMatch).toBe('item');
    expect(s!.reasons[0]).toBe('相距 35 米');
    expect(s!.reasons).toContain('同类事项');
    expect(s!.reasons.find((r) => r.startsWith('描述相似 '))).toMatch(/^描述相似 0\.\d\d$/);
    expect(s!.reasons).toContain('相隔 1 天上报');
    expect(s!.score).toBeGreaterThan(0.5);
    expect(distanceMeters(here, north(35))).toBeCloseTo(35, 0);
  });

  it('leaves out: itself, too far, too old, other matters, closed/rejected/merged cases', () => {
    const out = suggestDuplicates(subject, [
      cand('new'),
      cand('far', { location: north(120) }),
      cand('old', { reportedAt: T - 8 * DAY }),
      cand('other', { catalogItemId: 'item-lamp', category: '照明设施' }),
      cand('closed', { status: 'closed' }),
      cand('rejected', { status: 'rejected' }),
      cand('merged', { mergedInto: 'x' }),
      cand('ok'),
    ]);
    expect(out.map((s) => s.candidate.id)).toEqual(['ok']);
    // A wider radius and window, and related categories, let them in.
    const wide = suggestDuplicates(subject, [cand('far', { location: north(120) }), cand('old', { reportedAt: T - 8 * DAY })], {
      radiusMeters: 150,
      windowDays: 10,
    });
    expect(wide.map((s) => s.candidate.id).sort()).toEqual(['far', 'old']);
    const rel = suggestDuplicates(subject, [cand('other', { catalogItemId: 'item-road', category: '道路设施' })], {
      relatedCategories: [['市政设施', '道路设施']],
    });
    expect(rel.map((s) => [s.categoryMatch, s.reasons.includes('相关类别')])).toEqual([['related', true]]);
  });

  it('without a location on both sides, needs similar text; the category comes from the catalogue when missing', () => {
    const noLoc = { ...subject, location: undefined, category: undefined };
    const out = suggestDuplicates(
      noLoc,
      [
        cand('similar', { location: undefined, category: undefined }),
        cand('unlike', { location: undefined, title: '路灯不亮', description: '晚上路灯不亮' }),
      ],
      { catalog: [{ id: 'item-manhole', category: '市政设施' }] },
    );
    expect(out.map((s) => s.candidate.id)).toEqual(['similar']);
    expect(out[0]!.distanceMeters).toBeUndefined();
    expect(out[0]!.reasons.some((r) => r.startsWith('相距'))).toBe(false);
  });

  it('ranks nearer, more similar reports first, deterministically, and respects the limit', () => {
    const cands = [
      cand('b', { location: north(60) }),
      cand('a', { location: north(5), title: '井盖缺失', description: subject.description! }),
      cand('c', { location: north(30) }),
    ];
    const out = suggestDuplicates(subject, cands);
    expect(out.map((s) => s.candidate.id)).toEqual(['a', 'c', 'b']);
    expect(suggestDuplicates(subject, [...cands].reverse())).toEqual(out);
    expect(suggestDuplicates(subject, cands, { limit: 1 }).map((s) => s.candidate.id)).toEqual(['a']);
  });
});
