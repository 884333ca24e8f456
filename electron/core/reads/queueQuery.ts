/**
 * The SQL pieces of a queue query (queue.ts): which tabs an arm covers, the WHERE of the filters and the
 * search, the facet conditions and the sort order, with the thresholds that choose between the plans.
 */
import type { QueueQuery } from '../../../shared/api.js';
import type { CaseStatus } from '../../../shared/model.js';
import { GRADE_RANK, STATUS_TAB } from '../cache/caseRow.js';
import { isBigramTerm } from '../cache/bigrams.js';

export const STATUS_TABS = [
  'pending_accept',
  'pending_dispatch',
  'handling',
  'bounced',
  'pending_verify',
  'pending_close',
  'parked',
  'closed',
] as const;
export type StatusTab = (typeof STATUS_TABS)[number];
/** Tabs whose cases can have running clocks (the engine stops every clock on close and reject). */
export const OPEN_TABS: readonly StatusTab[] = STATUS_TABS.filter((t) => t !== 'closed');

/** Characters a trigram FTS query needs at least; shorter terms are matched with LIKE. */
export const FTS_MIN_CHARS = 3;
/** Above this many FTS matches a page walks the sort index instead of sorting the matches. */
export const WALK_ABOVE = 5000;
/**
 * Above this many FTS matches the walk checks entries against the matches in memory (search_hit) instead
 * of a temp table: writing them all would cost more than the short walk (dense matches) saves.
 */
export const BITMAP_ABOVE = 12_000;
/** At most this many matches of a grid / department / category filter are collected and sorted. */
export const COLLECT_AT_MOST = 20_000;

export interface Where {
  sql: string;
  params: unknown[];
  /** Number of conditions. */
  n: number;
}

export function likeEscape(s: string): string {
  return '%' + s.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
}

/**
 * Splits a search string into terms for the trigram FTS index (>= 3 characters), for the bigram index
 * (two letters or digits: 井盖, 垃圾; cache/bigrams.ts) and for LIKE (one character, or two with a
 * punctuation mark).
 */
export function searchTerms(q: string | undefined): { fts: string[]; bigram: string[]; like: string[]; codes: string[]; phones: string[] } {
  const terms = (q ?? '').split(/\s+/u).filter((t) => t.length > 0);
  const fts: string[] = [];
  const bigram: string[] = [];
  const like: string[] = [];
  const codes: string[] = [];
  const phones: string[] = [];
  for (const t of terms) {
    const key = keyTerm(t);
    if (key?.kind === 'code') codes.push(key.value);
    else if (key?.kind === 'phone') phones.push(key.value);
    else ([...t].length >= FTS_MIN_CHARS ? fts : isBigramTerm(t) ? bigram : like).push(t);
  }
  return { fts, bigram, like, codes, phones };
}

/** A whole case number: SJ20261203-SDLMIW. */
const CASE_CODE = /^[A-Za-z]{2}\d{8}-[A-Za-z0-9]{2,}$/;
/** A phone number as people type it: 7-15 digits, maybe with +86, dashes or spaces removed before. */
const PHONE = /^\+?[\d-]{7,20}$/;

/** A search term that is a case number or a phone number (searched as a key, not as text), else null. */
export function keyTerm(t: string): { kind: 'code' | 'phone'; value: string } | null {
  if (CASE_CODE.test(t)) return { kind: 'code', value: t.toUpperCase() };
  if (!PHONE.test(t)) return null;
  let digits = t.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length >= 7 && digits.length <= 15 ? { kind: 'phone', value: digits } : null;
}

/** The reporter's phone in a case document, digits only: the expression of the index case_docs_phone (migration 7). */
export const phoneOf = (docColumn: string) => `replace(replace(json_extract(${docColumn}, '$.reporter.phone'), '-', ''), ' ', '')`;

/** Phone terms dropped (the wall may not look cases up by a resident's phone number). */
export function withoutPhones(q: string | undefined): string | undefined {
  if (q === undefined) return q;
  return q
    .split(/\s+/u)
    .filter((t) => keyTerm(t)?.kind !== 'phone')
    .join(' ');
}

/** An FTS5 query matching every term as a phrase (substring, via trigrams; in the bigram index one token). */
export function ftsMatch(terms: readonly string[]): string {
  return terms.map((t) => '"' + t.toLowerCase().replace(/"/g, '""') + '"').join(' AND ');
}

/** The cache key of a search's index part: its trigram and bigram queries. */
export function searchKey(fts: readonly string[], bigram: readonly string[]): string {
  return `${ftsMatch(fts)}\u0000${ftsMatch(bigram)}`;
}

/** Sort columns (selected by every arm) and the ORDER BY of the compound. */
export function sortSpec(q: QueueQuery): { cols: string; order: string; index: string } {
  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  const rev = dir === 'ASC' ? 'DESC' : 'ASC';
  switch (q.sort.field) {
    case 'grade':
      // Within a grade, newest first (matches cases_tab_grade).
      return {
        cols: 'c.grade_rank AS k1, c.reported_at AS k2',
        order: `ORDER BY k1 ${dir}, k2 ${rev}, rid ${dir}`,
        index: 'cases_tab_grade',
      };
    case 'reportedAt':
      return { cols: 'c.reported_at AS k1', order: `ORDER BY k1 ${dir}, rid ${dir}`, index: 'cases_tab_reported' };
    case 'updatedAt':
      return { cols: 'c.updated_at AS k1', order: `ORDER BY k1 ${dir}, rid ${dir}`, index: 'cases_tab_updated' };
    case 'deadline':
      return { cols: 'c.deadline AS k1', order: `ORDER BY k1 ${dir}, rid ${dir}`, index: 'cases_tab_deadline' };
    case 'code':
      return { cols: 'c.code AS k1', order: `ORDER BY k1 ${dir}, rid ${dir}`, index: 'cases_tab_code' };
  }
}

export const RUNNING_STATES = new Set(['normal', 'warning', 'overdue']);

/** The tabs whose rows can match the query (one server arm each). */
export function armTabs(q: QueueQuery): StatusTab[] {
  let tabs: StatusTab[] = q.tab === 'all' ? [...STATUS_TABS] : q.tab === 'overdue' ? [...OPEN_TABS] : [q.tab as StatusTab];
  if (q.status && q.status.length > 0) {
    const wanted = new Set(q.status.map((s: CaseStatus) => STATUS_TAB[s]));
    tabs = tabs.filter((t) => wanted.has(t));
  }
  if (q.clockState !== undefined && RUNNING_STATES.has(q.clockState)) tabs = tabs.filter((t) => OPEN_TABS.includes(t));
  return tabs;
}

/**
 * How a server row is checked against the FTS matches: 'table' probes temp.search_rids (the planner can
 * also drive from it: few matches), 'bitmap' calls search_hit(rid) on the matches held in memory (an
 * index walk checks a few thousand entries; many matches are never written to a table).
 */
export type SearchProbe = 'table' | 'bitmap';

/** The FTS matches of one search for one server version: ascending comma-separated rids (and a bitmap once walked). */
export interface SearchMatches {
  match: string;
  version: number;
  list: string;
  n: number;
  bits: Uint8Array | null;
}

/** Conditions other than the tab (which each arm sets). */
export function filters(q: QueueQuery, now: number, arm: 'server' | 'local', probe: SearchProbe = 'table'): Where {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (q.tab === 'overdue') {
    sql.push('c.deadline < ?');
    params.push(now);
  }
  if (q.status && q.status.length > 0) {
    sql.push(`c.status IN (${q.status.map(() => '?').join(', ')})`);
    params.push(...q.status);
  }
  const eq: Array<[string, unknown]> = [
    ['community_id', q.communityId],
    ['grid_id', q.gridId],
    ['category', q.category],
    ['lead_dept', q.departmentId],
    // grade_rank, not grade: it is in every sort index (the grade sort can seek to it).
    ['grade_rank', q.grade === undefined ? undefined : GRADE_RANK[q.grade]],
    ['source', q.source],
  ];
  for (const [col, v] of eq) {
    if (v === undefined) continue;
    sql.push(`c.${col} = ?`);
    params.push(v);
  }
  if (q.urged !== undefined) sql.push(q.urged ? 'c.urge_count > 0' : 'c.urge_count = 0');
  switch (q.clockState) {
    case undefined:
      break;
    case 'overdue':
      sql.push("c.clock_base = 'running' AND c.deadline < ?");
      params.push(now);
      break;
    case 'warning':
      sql.push("c.clock_base = 'running' AND c.deadline >= ? AND c.warn_at <= ?");
      params.push(now, now);
      break;
    case 'normal':
      sql.push("c.clock_base = 'running' AND c.deadline >= ? AND (c.warn_at IS NULL OR c.warn_at > ?)");
      params.push(now, now);
      break;
    default:
      sql.push('c.clock_base = ?');
      params.push(q.clockState);
  }
  const { fts, bigram, like, codes, phones } = searchTerms(q.q);
  for (const code of codes) {
    sql.push('c.code = ?');
    params.push(code);
  }
  for (const phone of phones) {
    sql.push(arm === 'server' ? `c.rid IN (SELECT rid FROM case_docs WHERE ${phoneOf('doc')} = ?)` : `${phoneOf('c.doc')} = ?`);
    params.push(phone);
  }
  if (arm === 'server' && fts.length + bigram.length > 0)
    sql.push(probe === 'bitmap' ? 'search_hit(c.rid)' : 'c.rid IN (SELECT rid FROM temp.search_rids)');
  for (const t of arm === 'local' ? [...fts, ...bigram, ...like] : like) {
    sql.push("(c.title LIKE ? ESCAPE '\\' OR c.description LIKE ? ESCAPE '\\' OR c.address LIKE ? ESCAPE '\\')");
    const p = likeEscape(t);
    params.push(p, p, p);
  }
  return { sql: sql.join(' AND '), params, n: sql.length };
}

/** A bitmap of rids (index = rid) from ascending comma-separated rids. */
export function ridBits(list: string): Uint8Array {
  const bits = new Uint8Array(Number(list.slice(list.lastIndexOf(',') + 1)) + 1);
  let v = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list.charCodeAt(i);
    if (ch === 44) {
      bits[v] = 1;
      v = 0;
    } else v = v * 10 + ch - 48;
  }
  bits[v] = 1;
  return bits;
}

export const and = (...parts: string[]) => parts.filter((p) => p.length > 0).join(' AND ');

/**
 * The query's filters that the count tables know (its other filters are ignored here): facet_counts, or
 * facet_counts_by for a grid / department / category filter. `exact`: every one of those filters is in
 * the conditions (false with two of grid / department / category: only the first is).
 */
export function facetConds(q: QueueQuery): { table: string; w: string[]; p: unknown[]; exact: boolean } {
  const w: string[] = [];
  const p: unknown[] = [];
  const dims = (
    [
      ['grid', q.gridId],
      ['dept', q.departmentId],
      ['category', q.category],
    ] as const
  ).filter(([, v]) => v !== undefined);
  const table = dims.length > 0 ? 'facet_counts_by' : 'facet_counts';
  if (dims.length > 0) {
    w.push('dim = ?', 'value = ?');
    p.push(dims[0]![0], dims[0]![1]);
  }
  const add = (cond: string, ...values: unknown[]) => {
    w.push(cond);
    p.push(...values);
  };
  if (q.status?.length) add(`status IN (${q.status.map(() => '?').join(', ')})`, ...q.status);
  if (q.communityId !== undefined) add('community_id = ?', q.communityId);
  if (q.source !== undefined) add('source = ?', q.source);
  if (q.grade !== undefined) add('grade = ?', q.grade);
  if (q.clockState !== undefined && !RUNNING_STATES.has(q.clockState)) add('clock_base = ?', q.clockState);
  if (q.urged !== undefined) add('urged = ?', q.urged ? 1 : 0);
  return { table, w, p, exact: dims.length <= 1 };
}
