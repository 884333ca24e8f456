/**
 * The meeting agenda, built from the data: the quarter's overview, overdue cases, repeatedly urged cases,
 * fallback rulings and precedents to confirm, assessment results, and the meeting's decisions. Long
 * sections are split into slides of at most SLIDE_ITEMS rows so the room can read them. Pure functions.
 */
import { reviewState } from '../../../shared/engine/precedentRuling.js';
import type { MetricValue, QueueRow } from '../../../shared/api.js';
import type { Command } from '../../../shared/commands.js';
import { fmt } from '../../i18n/format.js';
import { m } from '../../i18n/zh-CN/meeting.js';
import type { Precedent } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import type { ScoredObject } from '../../../shared/assessment/types.js';

export const SLIDE_ITEMS = 7;
/** A case urged this many times or more is "repeatedly urged". */
export const URGED_MIN = 2;

export type Section = 'overview' | 'overdue' | 'urged' | 'precedents' | 'assessment' | 'decisions';
export const SECTIONS: readonly Section[] = ['overview', 'overdue', 'urged', 'precedents', 'assessment', 'decisions'];

/** A section's heading, numbered in agenda order: 一、本季度运行概况. */
export const sectionTitle = (sec: Section): string => m.numbered(SECTIONS.indexOf(sec) + 1, m.sections[sec]);

const DECISION_PREFIX = fmt(m.decision.title, { title: '' });
/** A decision case's title without the 【会议议定】 mark its report command gave it. */
export const decisionText = (title: string): string => (title.startsWith(DECISION_PREFIX) ? title.slice(DECISION_PREFIX.length) : title);

export type Slide =
  | { section: 'overview'; page: number; pages: number; metrics: MetricValue[] }
  | { section: 'overdue' | 'urged'; page: number; pages: number; total: number; rows: QueueRow[] }
  | { section: 'precedents'; page: number; pages: number; total: number; items: Precedent[] }
  | { section: 'assessment'; page: number; pages: number; total: number; results: ScoredObject[] }
  | { section: 'decisions'; page: number; pages: number };

export interface AgendaInput {
  metrics: MetricValue[];
  overdue: QueueRow[];
  overdueTotal: number;
  urged: QueueRow[];
  precedents: Precedent[];
  assessment: ScoredObject[];
}

function chunk<T>(items: readonly T[], n = SLIDE_ITEMS): T[][] {
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** Repeatedly urged open cases, most urged first. */
export function repeatedlyUrged(rows: readonly QueueRow[]): QueueRow[] {
  return rows
    .filter((r) => r.urgeCount >= URGED_MIN && r.status !== 'closed' && r.status !== 'rejected')
    .sort((a, b) => b.urgeCount - a.urgeCount || a.reportedAt - b.reportedAt);
}

export function buildAgenda(input: AgendaInput): Slide[] {
  const slides: Slide[] = [{ section: 'overview', page: 1, pages: 1, metrics: input.metrics }];
  const overdue = chunk(input.overdue);
  overdue.forEach((rows, i) => slides.push({ section: 'overdue', page: i + 1, pages: overdue.length, total: input.overdueTotal, rows }));
  const urgedAll = repeatedlyUrged(input.urged);
  const urged = chunk(urgedAll);
  urged.forEach((rows, i) => slides.push({ section: 'urged', page: i + 1, pages: urged.length, total: urgedAll.length, rows }));
  const pending = input.precedents.filter((p) => reviewState(p) === 'pending').sort((a, b) => a.ruledAt - b.ruledAt);
  const prec = chunk(pending);
  prec.forEach((items, i) => slides.push({ section: 'precedents', page: i + 1, pages: prec.length, total: pending.length, items }));
  const ass = chunk(input.assessment);
  ass.forEach((results, i) =>
    slides.push({ section: 'assessment', page: i + 1, pages: ass.length, total: input.assessment.length, results }),
  );
  slides.push({ section: 'decisions', page: 1, pages: 1 });
  return slides;
}

/** Index of the first slide of each section (for the agenda sidebar). */
export function sectionStarts(slides: readonly Slide[]): Map<Section, number> {
  const m = new Map<Section, number>();
  slides.forEach((s, i) => !m.has(s.section) && m.set(s.section, i));
  return m;
}

/** Presenter keys: clickers send PageDown/PageUp; keyboards use arrows and space. */
export function presenterKey(key: string): 'next' | 'back' | 'first' | 'last' | 'close' | 'decision' | { open: number } | null {
  switch (key) {
    case 'PageDown':
    case 'ArrowRight':
    case 'ArrowDown':
    case ' ':
      return 'next';
    case 'PageUp':
    case 'ArrowLeft':
    case 'ArrowUp':
      return 'back';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Escape':
      return 'close';
    case 'd':
    case 'D':
      return 'decision';
    default:
      return /^[1-9]$/.test(key) ? { open: Number(key) - 1 } : null;
  }
}

export interface DecisionDraft {
  caseId: string;
  content: string;
  departmentId: string;
  deadlineAt: number;
  communityId: string;
  gridId: string;
  address: string;
  relatedCode?: string;
  meetingName: string;
}

/**
 * A meeting decision becomes a tracked case: report (source 'meeting', catalogue item 会议议定事项), accept,
 * then dispatch to the responsible unit with the meeting's deadline, so it gets clocks and urging.
 */
export function decisionCommands(d: DecisionDraft, ref: RefData): Command[] {
  const item =
    ref.catalog.find((c) => c.name === m.decision.catalogItemName) ?? ref.catalog.find((c) => c.category === m.decision.catalogCategory);
  if (!item) throw new Error(m.decision.noCatalogItem);
  const title = d.content.length > 60 ? `${d.content.slice(0, 60)}…` : d.content;
  const related = d.relatedCode ? fmt(m.decision.related, { code: d.relatedCode }) : '';
  const description = fmt(m.decision.description, { meeting: d.meetingName, content: d.content, related });
  return [
    {
      type: 'report',
      caseId: d.caseId,
      source: 'meeting',
      title: fmt(m.decision.title, { title }),
      description: description.slice(0, 4000),
      address: d.address.slice(0, 200),
      communityId: d.communityId,
      gridId: d.gridId,
      catalogItemId: item.id,
      attachments: [],
    },
    { type: 'accept', caseId: d.caseId, catalogItemId: item.id, grade: 'important', note: m.decision.acceptNote },
    {
      type: 'dispatch',
      caseId: d.caseId,
      leadDepartmentId: d.departmentId,
      coDepartmentIds: [],
      deadlineAt: d.deadlineAt,
      note: fmt(m.decision.dispatchNote, { meeting: d.meetingName }),
    },
  ];
}
