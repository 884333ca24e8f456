/** Catalogue suggestions from a report's text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../demo/refData.js';
import { suggestCatalogItems } from './catalogSuggest.js';

const ref = createDemoRefData();

describe('suggestCatalogItems', () => {
  it('suggests the item whose keywords the text contains, with the words that matched', () => {
    const item = ref.catalog.find((c) => c.keywords.length >= 2)!;
    const text = `居民反映：${item.keywords[0]}，而且${item.keywords[1]}，请尽快处理。`;
    const [first] = suggestCatalogItems(text, ref.catalog);
    expect(first!.item.id).toBe(item.id);
    expect(first!.matched).toEqual(expect.arrayContaining([item.keywords[0], item.keywords[1]]));
    expect(suggestCatalogItems('天气很好', ref.catalog)).toEqual([]);
  });

  it('only ever suggests items with a word in the text, at most `limit` (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom(...ref.catalog), fc.integer({ min: 0, max: 5 }), (noise, item, limit) => {
        const text = `${noise}${item.keywords[0] ?? item.name}${noise}`;
        const out = suggestCatalogItems(text, ref.catalog, limit);
        expect(out.length).toBeLessThanOrEqual(limit);
        for (const s of out) expect(s.matched.every((w) => text.toLowerCase().includes(w.toLowerCase()))).toBe(true);
      }),
    );
  });
});
