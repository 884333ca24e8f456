/** 案例沿袭: ranking earlier fallback rulings for a case, so similar cases go where the centre sent them before. */
import type { GridEvent } from '../gridEvent.js';
import type { Precedent } from '../model.js';
import { reviewState } from './precedentRuling.js';

/** One suggested precedent with its score and the reasons, in Chinese, for showing to the dispatcher. */
export interface PrecedentSuggestion {
  precedent: Precedent;
  /** The leadership group's review: confirmed (确认, or the corrected ruling of a 改判), or not yet reviewed. */
  review: 'confirmed' | 'pending';
  score: number;
  reasons: string[];
}

type CaseLike = Pick<GridEvent, 'id' | 'title' | 'description' | 'catalogItemId' | 'category' | 'gridId' | 'communityId'>;

/**
 * Ranks precedents for a case: same catalogue item (else same category), same grid (else same community),
 * and keywords found in the title or description. Only precedents with some match are returned, best
 * first (ties: confirmed rulings, then the newest), at most `limit`. An overruled ruling (改判) is never
 * suggested: its corrected ruling is.
 */
export function suggestPrecedents(caseState: CaseLike, precedents: readonly Precedent[], limit = 5): PrecedentSuggestion[] {
  const text = `${caseState.title} ${caseState.description}`.toLowerCase();
  const out: PrecedentSuggestion[] = [];
  for (const p of precedents) {
    if (p.caseId === caseState.id) continue;
    const review = reviewState(p);
    if (review === 'overruled') continue;
    let score = 0;
    const reasons: string[] = [];
    if (p.catalogItemId !== undefined && p.catalogItemId === caseState.catalogItemId) {
      score += 5;
      reasons.push('同一入格事项');
    } else if (p.category !== undefined && p.category === caseState.category) {
      score += 3;
      reasons.push('同一类别');
    }
    if (p.gridId !== undefined && p.gridId === caseState.gridId) {
      score += 3;
      reasons.push('同一网格');
    } else if (p.communityId !== undefined && p.communityId === caseState.communityId) {
      score += 1.5;
      reasons.push('同一社区');
    }
    const hits = [...new Set(p.keywords.map((k) => k.trim()).filter((k) => k.length > 0 && text.includes(k.toLowerCase())))];
    if (hits.length) {
      score += Math.min(hits.length, 3) * 2;
      reasons.push(`关键词：${hits.join('、')}`);
    }
    if (score > 0) out.push({ precedent: p, review, score, reasons });
  }
  out.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.review === 'confirmed') - Number(a.review === 'confirmed') ||
      b.precedent.ruledAt - a.precedent.ruledAt ||
      a.precedent.id.localeCompare(b.precedent.id),
  );
  return out.slice(0, Math.max(0, limit));
}
