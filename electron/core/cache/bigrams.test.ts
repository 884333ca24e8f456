import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { BIGRAM_DDL, bigramsOf, isBigramTerm } from './bigrams.js';

describe('the bigram index', () => {
  it('holds the distinct pairs of letters and digits of each column, never across a column, a space or a mark', () => {
    expect(bigramsOf('井盖破损', '井盖，破', 'A1 路')).toBe('井盖 盖破 破损 a1');
    expect(bigramsOf('', null, undefined, '单')).toBe('');
    expect(isBigramTerm('井盖')).toBe(true);
    expect(isBigramTerm('井，')).toBe(false);
    expect(isBigramTerm('井')).toBe(false);
    expect(isBigramTerm('井盖子')).toBe(false);
  });

  it('finds a two-character term exactly where the text contains it (FTS5 unicode61 against includes)', () => {
    const db = new Database(':memory:');
    db.exec(BIGRAM_DDL);
    const insert = db.prepare('INSERT INTO cases_bigram (rowid, grams) VALUES (?, ?)');
    const match = db.prepare('SELECT rowid FROM cases_bigram WHERE cases_bigram MATCH ? ORDER BY rowid').pluck();
    const alphabet = [...'井盖垃圾噪音路灯破损AaBb12，。 '];
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 20 }), fc.constantFrom(...alphabet), fc.constantFrom(...alphabet), (rows, a, b) => {
        db.exec('DELETE FROM cases_bigram');
        rows.forEach(([t, d], i) => insert.run(i + 1, bigramsOf(t, d)));
        const term = a + b;
        fc.pre(isBigramTerm(term));
        const needle = term.toLowerCase();
        const expected = rows.flatMap(([t, d], i) => (t.toLowerCase().includes(needle) || d.toLowerCase().includes(needle) ? [i + 1] : []));
        expect(match.all(`"${needle}"`)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    db.close();
  });
});
