/**
 * The catalogue items (入格事项) a report's text suggests, for acceptance and centre registration: each
 * item's keywords (and its name) found in the title or description, best first (more keywords found, then
 * longer ones), with the words that matched as the reason.
 */
import type { CatalogItem } from '../model.js';

export interface CatalogSuggestion {
  item: CatalogItem;
  matched: string[];
}

export function suggestCatalogItems(text: string, catalog: readonly CatalogItem[], limit = 3): CatalogSuggestion[] {
  const hay = text.toLowerCase();
  const out: Array<CatalogSuggestion & { weight: number }> = [];
  for (const item of catalog) {
    const words = [...new Set([item.name, ...item.keywords].map((k) => k.trim()).filter((k) => k.length >= 2))];
    const matched = words.filter((w) => hay.includes(w.toLowerCase()));
    if (matched.length === 0) continue;
    out.push({ item, matched, weight: matched.reduce((n, w) => n + [...w].length, 0) });
  }
  out.sort((a, b) => b.matched.length - a.matched.length || b.weight - a.weight || a.item.code.localeCompare(b.item.code));
  return out.slice(0, Math.max(0, limit)).map(({ item, matched }) => ({ item, matched }));
}
