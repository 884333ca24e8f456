/**
 * The two-character search index (cases_bigram, migration 6). The trigram FTS index cannot answer a
 * two-character term (井盖, 垃圾, 噪音: the most common Chinese searches), which would otherwise scan every
 * case with LIKE. Each case's own text columns are stored as their distinct overlapping pairs of letters
 * or digits, space-separated, in a contentless FTS5 table with the unicode61 tokenizer: every pair is one
 * token, so a two-character term is one token lookup. Pairs never span two columns or a punctuation mark
 * or space (such a term is matched with LIKE, see reads/queueQuery.ts).
 */

import type Database from 'better-sqlite3';

const WORD = /[\p{L}\p{N}]/u;

/** Distinct lower-cased pairs of adjacent letters/digits of the texts, space-separated. */
export function bigramsOf(...texts: readonly (string | null | undefined)[]): string {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const chars = [...text.toLowerCase()];
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i] as string;
      const b = chars[i + 1] as string;
      if (WORD.test(a) && WORD.test(b)) out.add(a + b);
    }
  }
  return [...out].join(' ');
}

/** Whether a search term can be looked up in the bigram index: exactly two letters/digits. */
export function isBigramTerm(term: string): boolean {
  const chars = [...term];
  return chars.length === 2 && WORD.test(chars[0] as string) && WORD.test(chars[1] as string);
}

export const BIGRAM_DDL = `CREATE VIRTUAL TABLE cases_bigram USING fts5(grams, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`;

/** Fills cases_bigram from the server rows (the migration; the bench's bulk build), in batches of rids. */
export function fillBigramIndex(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO cases_bigram (rowid, grams) VALUES (?, ?)');
  // A connection cannot write while it iterates: read a batch, write it, go on after its last rid.
  const batch = db.prepare('SELECT rid, title, description, address FROM cases WHERE rid > ? ORDER BY rid LIMIT 5000');
  for (let after = -1; ; ) {
    const rows = batch.all(after) as { rid: number; title: string; description: string; address: string }[];
    if (rows.length === 0) break;
    for (const r of rows) insert.run(r.rid, bigramsOf(r.title, r.description, r.address));
    after = rows[rows.length - 1]!.rid;
  }
}

/**
 * Keeps a case's row of cases_bigram (Store writes, in the same transaction as the row). Prepared on first
 * use, and idle on a cache from before migration 6 (only tests build one): the migration fills the index
 * from the rows when it runs.
 */
export class BigramWriter {
  private st: { insert: Database.Statement; remove: Database.Statement } | null | undefined;

  constructor(private readonly db: Database.Database) {}

  put(rid: number, text: { title: string; description: string; address: string }, replace: boolean): void {
    if (this.st === undefined) {
      const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'cases_bigram'").get() !== undefined;
      this.st = exists
        ? { insert: this.db.prepare('INSERT INTO cases_bigram (rowid, grams) VALUES (?, ?)'), remove: this.db.prepare('DELETE FROM cases_bigram WHERE rowid = ?') }
        : null;
    }
    if (!this.st) return;
    if (replace) this.st.remove.run(rid);
    this.st.insert.run(rid, bigramsOf(text.title, text.description, text.address));
  }
}
