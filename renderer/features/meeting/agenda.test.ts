import { describe, expect, it } from 'vitest';
import { Command } from '../../../shared/commands.js';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import type { QueueRow } from '../../../shared/api.js';
import type { Precedent } from '../../../shared/model.js';
import {
  buildAgenda,
  decisionCommands,
  decisionText,
  presenterKey,
  repeatedlyUrged,
  sectionStarts,
  sectionTitle,
  SECTIONS,
  SLIDE_ITEMS,
} from './agenda.js';
import { chineseNumeral } from '../../i18n/zh-CN/meeting.js';

const ref = createDemoRefData();
const row = (i: number, over: Partial<QueueRow> = {}): QueueRow => ({
  id: `c${i}`,
  code: `SJ${i}`,
  title: `案件${i}`,
  address: '黄石东路',
  communityId: 'c001',
  gridId: 'g1',
  source: 'grid_worker',
  status: 'signed',
  reportedAt: i,
  updatedAt: i,
  clocks: [],
  bounceCount: 0,
  mandatory: false,
  fallback: false,
  urgeCount: 0,
  pendingCount: 0,
  upstreamIssue: false,
  ...over,
});
const precedent = (i: number, confirmed: boolean): Precedent => ({
  id: `p${i}`,
  caseId: `c${i}`,
  keywords: [],
  departmentId: 'cgk',
  reason: '职责交叉',
  ruledBy: { id: 'u', name: '张敏', role: 'dispatcher' },
  ruledAt: i,
  confirmed,
});

describe('buildAgenda', () => {
  it('orders the sections and splits long lists into slides of at most 7', () => {
    const slides = buildAgenda({
      metrics: [],
      overdue: Array.from({ length: 16 }, (_, i) => row(i)),
      overdueTotal: 16,
      urged: [row(1, { urgeCount: 3 }), row(2, { urgeCount: 1 }), row(3, { urgeCount: 2, status: 'closed' }), row(4, { urgeCount: 2 })],
      precedents: [precedent(1, false), precedent(2, true)],
      assessment: [],
    });
    expect(slides.map((s) => `${s.section}${s.page}/${s.pages}`)).toEqual([
      'overview1/1',
      'overdue1/3',
      'overdue2/3',
      'overdue3/3',
      'urged1/1',
      'precedents1/1',
      'assessment1/1',
      'decisions1/1',
    ]);
    for (const s of slides) if ('rows' in s) expect(s.rows.length).toBeLessThanOrEqual(SLIDE_ITEMS);
    const urged = slides.find((s) => s.section === 'urged');
    expect(urged && 'rows' in urged ? urged.rows.map((r) => r.id) : []).toEqual(['c1', 'c4']);
    const prec = slides.find((s) => s.section === 'precedents');
    expect(prec && 'items' in prec ? prec.items.map((p) => p.id) : []).toEqual(['p1']);
    expect(sectionStarts(slides).get('urged')).toBe(4);
  });
  it('repeatedly urged = open and urged at least twice, most urged first', () => {
    expect(
      repeatedlyUrged([row(1, { urgeCount: 2 }), row(2, { urgeCount: 5 }), row(3, { urgeCount: 9, status: 'rejected' })]).map((r) => r.id),
    ).toEqual(['c2', 'c1']);
  });
});

describe('presenter keys', () => {
  it('maps clicker and keyboard keys', () => {
    expect(['PageDown', 'ArrowRight', 'ArrowDown', ' '].map(presenterKey)).toEqual(['next', 'next', 'next', 'next']);
    expect(['PageUp', 'ArrowLeft', 'ArrowUp'].map(presenterKey)).toEqual(['back', 'back', 'back']);
    expect(presenterKey('3')).toEqual({ open: 2 });
    expect(presenterKey('0')).toBeNull();
    expect(presenterKey('d')).toBe('decision');
    expect(presenterKey('Escape')).toBe('close');
  });
});

describe('decisionCommands', () => {
  it('turns a decision into report (source meeting) → accept → dispatch with the deadline', () => {
    const deadlineAt = Date.UTC(2026, 11, 10, 10);
    const cmds = decisionCommands(
      {
        caseId: 'mt-1',
        content: '城管科牵头整治占道经营',
        departmentId: 'cgk',
        deadlineAt,
        communityId: 'c001',
        gridId: ref.grids[0]!.id,
        address: '黄石街',
        meetingName: '专项工作会议',
        relatedCode: 'SJ1',
      },
      ref,
    );
    for (const c of cmds) expect(Command.safeParse(c).success).toBe(true);
    expect(cmds.map((c) => c.type)).toEqual(['report', 'accept', 'dispatch']);
    const [report, accept, dispatch] = cmds as [
      Extract<Command, { type: 'report' }>,
      Extract<Command, { type: 'accept' }>,
      Extract<Command, { type: 'dispatch' }>,
    ];
    const item = ref.catalog.find((c) => c.name === '会议议定事项')!;
    expect(report).toMatchObject({ source: 'meeting', catalogItemId: item.id, title: '【会议议定】城管科牵头整治占道经营' });
    expect(report.description).toContain('关联案件 SJ1');
    expect(accept.catalogItemId).toBe(item.id);
    expect(dispatch).toMatchObject({ leadDepartmentId: 'cgk', deadlineAt });
  });
  it('refuses when the catalogue has no meeting item', () => {
    expect(() =>
      decisionCommands(
        { caseId: 'x', content: 'a', departmentId: 'cgk', deadlineAt: 1, communityId: 'c', gridId: 'g', address: 'a', meetingName: 'm' },
        { ...ref, catalog: [] },
      ),
    ).toThrow(/会议议定事项/);
  });
});

describe('section headings and decision titles', () => {
  it('numbers the sections in agenda order with Chinese numerals', () => {
    expect(SECTIONS.map(sectionTitle)).toEqual([
      '一、本季度运行概况',
      '二、超期案件',
      '三、多次督办案件',
      '四、托底裁定与案例沿袭待确认',
      '五、考核评价结果',
      '六、会议议定事项',
    ]);
    expect([1, 9, 10, 11, 20, 23, 99, 100].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十三', '九十九', '100']);
  });

  it('shows a decision case without its 【会议议定】 mark', () => {
    expect(decisionText('【会议议定】城管科牵头整治占道经营')).toBe('城管科牵头整治占道经营');
    expect(decisionText('其他标题')).toBe('其他标题');
  });
});
