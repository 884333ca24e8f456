/**
 * Duplicate suggestions (疑似重复上报): a pure scorer. Given a case and candidate cases, it returns the candidates
 * that may report the same problem — near it (within a radius), reported within a time window, of the same
 * or a related category, with similar text — each with its score and its reasons in Chinese
 * ("相距 35 米", "同类事项", "描述相似 0.62"). Nothing here merges: the dispatcher decides (command `merge`).
 *
 * FixMyStreet's practice (shared/domain.md): reports within about 50 m of the same category. Default here:
 * 80 m and 7 days.
 */
import distance from '@turf/distance';
import type { CaseStatus, CatalogItem, GeoPoint } from '../model.js';

/** What the scorer looks at (a GridEvent has all of it). */
export interface DuplicateSubject {
  id: string;
  code?: string;
  location?: GeoPoint;
  catalogItemId?: string;
  category?: string;
  reportedAt: number;
  title?: string;
  description?: string;
  /** When given: closed, rejected and merged candidates are not suggested (nothing can merge into them). */
  status?: CaseStatus;
  mergedInto?: string;
}

export interface DuplicateOptions {
  /** Candidates further away than this are not suggested (when both have a location). Default 80 m. */
  radiusMeters?: number;
  /** Candidates reported further apart than this are not suggested. Default 7 days. */
  windowDays?: number;
  /**
   * Without a location on both sides, a candidate needs at least this text similarity (0..1). Default 0.3.
   * With locations it only adds to the score.
   */
  minTextSimilarity?: number;
  /** Groups of categories treated as related (e.g. [['市容环境', '环境卫生']]). Default: none. */
  relatedCategories?: ReadonlyArray<readonly string[]>;
  /** Resolves a catalogue item to its category when a subject has only `catalogItemId`. */
  catalog?: readonly Pick<CatalogItem, 'id' | 'category'>[];
  /** Most suggestions returned (best first). Default 10. */
  limit?: number;
}

export interface DuplicateSuggestion<T extends DuplicateSubject = DuplicateSubject> {
  candidate: T;
  /** 0..1, higher is more likely the same problem. */
  score: number;
  /** Metres between the two locations, when both have one (rounded to the metre). */
  distanceMeters?: number;
  /** Jaccard similarity of the character bigrams of title + description (0..1, two decimals). */
  textSimilarity: number;
  /** 'item': same catalogue item; 'category': same category; 'related': related categories; 'unknown': one side unclassified. */
  categoryMatch: 'item' | 'category' | 'related' | 'unknown';
  /** Chinese reasons, for the suggestion list: 相距 35 米、同类事项（or 相关类别）、描述相似 0.62、相隔 2 天上报. */
  reasons: string[];
}

export const DUPLICATE_DEFAULTS = { radiusMeters: 80, windowDays: 7, minTextSimilarity: 0.3, limit: 10 } as const;

const DAY_MS = 86_400_000;

/** Letters, digits and CJK characters of the text, lower-cased (punctuation and spaces dropped). */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Character bigrams (a one-character text gives itself). */
export function bigrams(text: string): Set<string> {
  const chars = [...normalise(text)];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Jaccard similarity of the character bigrams of two texts (0 when either is empty). */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return both / (x.size + y.size - both);
}

const validPoint = (p: GeoPoint | undefined): p is GeoPoint =>
  p !== undefined && Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90;

/** Great-circle distance in metres (turf, haversine). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const textOf = (s: DuplicateSubject) => `${s.title ?? ''} ${s.description ?? ''}`;

/** Suggested duplicates of `subject` among `candidates`, best first. Pure: same input, same answer. */
export function suggestDuplicates<T extends DuplicateSubject>(
  subject: DuplicateSubject,
  candidates: readonly T[],
  options: DuplicateOptions = {},
): DuplicateSuggestion<T>[] {
  const radius = options.radiusMeters ?? DUPLICATE_DEFAULTS.radiusMeters;
  const windowMs = (options.windowDays ?? DUPLICATE_DEFAULTS.windowDays) * DAY_MS;
  const minText = options.minTextSimilarity ?? DUPLICATE_DEFAULTS.minTextSimilarity;
  const limit = options.limit ?? DUPLICATE_DEFAULTS.limit;
  const itemCategory = new Map((options.catalog ?? []).map((i) => [i.id, i.category]));
  const categoryOf = (s: DuplicateSubject) => s.category ?? (s.catalogItemId !== undefined ? itemCategory.get(s.catalogItemId) : undefined);
  const related = (a: string, b: string) => (options.relatedCategories ?? []).some((g) => g.includes(a) && g.includes(b));
  const mine = categoryOf(subject);
  const myText = textOf(subject);

  const out: DuplicateSuggestion<T>[] = [];
  for (const c of candidates) {
    if (c.id === subject.id) continue;
    if (c.mergedInto !== undefined || c.status === 'closed' || c.status === 'rejected') continue;
    const dt = Math.abs(c.reportedAt - subject.reportedAt);
    if (dt > windowMs) continue;

    let categoryMatch: DuplicateSuggestion['categoryMatch'] = 'unknown';
    const theirs = categoryOf(c);
    if (subject.catalogItemId !== undefined && subject.catalogItemId === c.catalogItemId) categoryMatch = 'item';
    else if (mine !== undefined && theirs !== undefined) {
      if (mine === theirs) categoryMatch = 'category';
      else if (related(mine, theirs)) categoryMatch = 'related';
      else continue; // different, unrelated matters are not the same problem
    }

    const sim = textSimilarity(myText, textOf(c));
    let meters: number | undefined;
    if (validPoint(subject.location) && validPoint(c.location)) {
      meters = distanceMeters(subject.location, c.location);
      if (meters > radius) continue;
    } else if (sim < minText) continue;

    const near = meters === undefined ? 0 : 1 - meters / radius;
    const cat = { item: 1, category: 0.8, related: 0.5, unknown: 0.3 }[categoryMatch];
    const time = 1 - dt / windowMs;
    const score = meters === undefined ? 0.6 * sim + 0.25 * cat + 0.15 * time : 0.45 * near + 0.2 * cat + 0.25 * sim + 0.1 * time;

    const reasons: string[] = [];
    if (meters !== undefined) reasons.push(`相距 ${Math.round(meters)} 米`);
    if (categoryMatch === 'item' || categoryMatch === 'category') reasons.push('同类事项');
    else if (categoryMatch === 'related') reasons.push('相关类别');
    if (sim > 0) reasons.push(`描述相似 ${round2(sim).toFixed(2)}`);
    const days = Math.floor(dt / DAY_MS);
    reasons.push(days === 0 ? '一天内上报' : `相隔 ${days} 天上报`);

    const s: DuplicateSuggestion<T> = {
      candidate: c,
      score: Math.round(score * 1000) / 1000,
      textSimilarity: round2(sim),
      categoryMatch,
      reasons,
    };
    if (meters !== undefined) s.distanceMeters = Math.round(meters);
    out.push(s);
  }
  out.sort(
    (a, b) =>
      b.score - a.score ||
      (a.distanceMeters ?? Infinity) - (b.distanceMeters ?? Infinity) ||
      (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0),
  );
  return out.slice(0, limit);
}
