import { describe, expect, it } from 'vitest';
import { localMinuteOfDay } from '../calendar/index.js';
import { foldEvents } from '../engine/index.js';
import { GridEvent, type CaseEvent } from '../gridEvent.js';
import { CaseStatus } from '../model.js';
import { RefData } from '../refData.js';
import { generateDemoHistory } from './history.js';
import { DEMO_PASSWORD, WORK_DAY_MINUTES, createDemoRefData } from './refData.js';

const ref = createDemoRefData();
/** 2026-11-26 14:30 in the street (UTC+8). */
const NOW = Date.UTC(2026, 10, 26, 6, 30);

describe('demo reference data of 黄石街', () => {
  it('is valid RefData and deterministic', () => {
    expect(RefData.safeParse(ref).success).toBe(true);
    expect(createDemoRefData()).toEqual(ref);
    expect(ref.streetName).toBe('黄石街');
    expect(ref.centreName).toBe('黄石街社区网格化服务管理中心');
    expect(DEMO_PASSWORD).toBe('grid2026');
  });

  it('has 13 communities coded 001…013', () => {
    expect(ref.communities).toHaveLength(13);
    expect(ref.communities.map((c) => c.code)).toEqual(Array.from({ length: 13 }, (_, i) => String(i + 1).padStart(3, '0')));
    expect(new Set(ref.communities.map((c) => c.name)).size).toBe(13);
  });

  it('has about 150 grids, 8-15 per community, whose codes match the configured rule and their community', () => {
    expect(ref.grids.length).toBeGreaterThanOrEqual(140);
    expect(ref.grids.length).toBeLessThanOrEqual(160);
    const rule = new RegExp(ref.gridCodeRule.pattern);
    for (const c of ref.communities) {
      const grids = ref.grids.filter((g) => g.communityId === c.id);
      expect(grids.length).toBeGreaterThanOrEqual(8);
      expect(grids.length).toBeLessThanOrEqual(15);
      grids.forEach((g, i) => {
        expect(g.code).toMatch(rule);
        expect(g.code).toBe(`440111010${c.code}${String(i + 1).padStart(3, '0')}`);
      });
    }
    expect(new Set(ref.grids.map((g) => g.code)).size).toBe(ref.grids.length);
    expect(new Set(ref.grids.map((g) => g.id)).size).toBe(ref.grids.length);
    // The distribution is uneven.
    const sizes = ref.communities.map((c) => ref.grids.filter((g) => g.communityId === c.id).length);
    expect(new Set(sizes).size).toBeGreaterThan(3);
    expect(ref.gridCodeRule.description).toMatch(/网格/);
  });

  it('gives every grid exactly one grid worker, and assistants only to existing grids', () => {
    const grids = new Set(ref.grids.map((g) => g.id));
    for (const g of ref.grids) {
      expect(
        ref.gridWorkers.filter((w) => w.gridId === g.id && w.kind === 'worker'),
        g.id,
      ).toHaveLength(1);
    }
    const assistants = ref.gridWorkers.filter((w) => w.kind === 'assistant');
    expect(assistants.length).toBeGreaterThan(0);
    for (const w of ref.gridWorkers) {
      expect(grids.has(w.gridId)).toBe(true);
      expect(w.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(w.phone).toMatch(/^1\d{10}$/);
    }
    expect(new Set(ref.gridWorkers.map((w) => w.id)).size).toBe(ref.gridWorkers.length);
    expect(new Set(ref.gridWorkers.map((w) => w.name)).size).toBe(ref.gridWorkers.length);
  });

  it('lists the departments named in the work plan, with short names', () => {
    const shortNames = ref.departments.map((d) => d.shortName);
    for (const n of [
      '党政办',
      '民政科',
      '综治办',
      '城管科',
      '经社科',
      '计生办',
      '流管中心',
      '社区服务中心',
      '市政所',
      '派出所',
      '综合执法队',
    ])
      expect(shortNames).toContain(n);
    expect(ref.departments.length).toBeGreaterThanOrEqual(10);
    expect(new Set(ref.departments.map((d) => d.id)).size).toBe(ref.departments.length);
  });

  it('has a catalogue of about 40 items, each with an existing default department and keywords', () => {
    expect(ref.catalog.length).toBeGreaterThanOrEqual(35);
    expect(ref.catalog.length).toBeLessThanOrEqual(50);
    const depts = new Set(ref.departments.map((d) => d.id));
    for (const item of ref.catalog) {
      expect(depts.has(item.defaultDepartmentId), item.code).toBe(true);
      expect(item.keywords.length).toBeGreaterThan(0);
      expect(new Set(item.limits.map((l) => l.grade)).size).toBe(item.limits.length);
      for (const l of item.limits) expect(l.natural).toBe(l.grade === 'urgent');
    }
    expect(new Set(ref.catalog.map((i) => i.id)).size).toBe(ref.catalog.length);
    const categories = new Set(ref.catalog.map((i) => i.category));
    for (const c of [
      '市容环境',
      '公共设施',
      '安全隐患',
      '矛盾纠纷',
      '消防安全',
      '出租屋管理',
      '特殊人群',
      '违法建设',
      '道路交通',
      '社会治安',
      '综合诉求',
      '会议议定',
    ]) {
      expect(categories.has(c), c).toBe(true);
    }
  });

  it('uses the local time-limit examples of domain.md', () => {
    const limit = (code: string, grade: string) => ref.catalog.find((i) => i.code === code)?.limits.find((l) => l.grade === grade);
    expect(WORK_DAY_MINUTES).toBe(420);
    expect(limit('SR01', 'normal')?.handleMinutes).toBe(4 * 60); // exposed rubbish: 4 working hours
    expect(limit('SR02', 'important')?.handleMinutes).toBe(2 * 60); // road cleanliness: 2-5 working hours
    expect(limit('SR02', 'normal')?.handleMinutes).toBe(5 * 60);
    expect(limit('WJ01', 'normal')?.handleMinutes).toBe(4 * 60); // illegal building: stop works 4 working hours
    expect(limit('WJ02', 'normal')?.handleMinutes).toBe(20 * 7 * 60); // demolish: 20 working days
    expect(limit('RX01', 'normal')?.handleMinutes).toBe(7 * 7 * 60); // hotline general: 7 working days
    expect(limit('RX02', 'normal')?.handleMinutes).toBe(15 * 7 * 60); // hotline complex: 15 working days
    expect(limit('SR01', 'urgent')).toEqual({ grade: 'urgent', handleMinutes: 120, natural: true }); // urgent: 2 natural hours
    expect(ref.catalog.find((i) => i.category === '会议议定')?.name).toBe('会议议定事项');
  });

  it('has the demo users, centre limits and calendar', () => {
    const users = Object.fromEntries(ref.users.map((u) => [u.username, u.role]));
    expect(users).toEqual({
      dispatcher: 'dispatcher',
      dispatcher2: 'dispatcher',
      supervisor: 'supervisor',
      leader: 'leader',
      wall: 'wall',
      admin: 'admin',
    });
    expect(ref.users.find((u) => u.username === 'dispatcher')?.name).toBe('张敏');
    expect(ref.users.find((u) => u.username === 'dispatcher2')?.name).toBe('王磊');
    expect(ref.users.find((u) => u.username === 'supervisor')?.name).toBe('李强');
    expect(ref.users.find((u) => u.username === 'wall')?.name).toBe('会议大屏');
    expect(ref.centreLimits).toEqual({ registrationMinutes: 30, dispatchMinutes: 60, verificationMinutes: 840, urgentCentreMinutes: 30 });
    expect(ref.calendar.utcOffsetMinutes).toBe(480);
    expect(ref.precedents).toEqual([]);
  });
});

describe('demo history', () => {
  const opts = { seed: 7, now: NOW, days: 21, casesPerDay: 30, ref };
  const h = generateDemoHistory(opts);

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDemoHistory(opts);
    expect(again.events).toEqual(h.events);
    expect(again.cases).toEqual(h.cases);
    expect(again.precedents).toEqual(h.precedents);
    const other = generateDemoHistory({ ...opts, seed: 8 });
    expect(other.cases.map((c) => c.title)).not.toEqual(h.cases.map((c) => c.title));
  });

  it('has about casesPerDay × days cases, in every status', () => {
    expect(h.cases.length).toBeGreaterThan(21 * 30 * 0.8);
    expect(h.cases.length).toBeLessThan(21 * 30 * 1.2);
    const statuses = new Set(h.cases.map((c) => c.status));
    expect([...statuses].sort()).toEqual([...CaseStatus.options].sort());
  });

  it('covers every status even for a tiny history', () => {
    const tiny = generateDemoHistory({ seed: 1, now: NOW, days: 1, casesPerDay: 2, ref });
    expect(new Set(tiny.cases.map((c) => c.status)).size).toBe(CaseStatus.options.length);
  });

  it('emits events in global time order that fold back into exactly the returned cases', () => {
    for (let i = 1; i < h.events.length; i++) expect((h.events[i] as CaseEvent).at >= (h.events[i - 1] as CaseEvent).at).toBe(true);
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of h.events) {
      expect(e.at).toBeLessThanOrEqual(NOW);
      const list = byCase.get(e.caseId) ?? [];
      list.push(e);
      byCase.set(e.caseId, list);
    }
    expect(byCase.size).toBe(h.cases.length);
    for (const c of h.cases) expect(foldEvents(byCase.get(c.id) ?? [])).toEqual(c);
  });

  it('produces cases that pass the GridEvent schema', () => {
    for (const c of h.cases.filter((_, i) => i % 7 === 0)) {
      const r = GridEvent.safeParse(c);
      expect(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
    }
  });

  it('looks like the street: sources, office hours, bounces, fallbacks, urges, ratings, grid codes', () => {
    const cases = h.cases;
    const bySource = (s: string) => cases.filter((c) => c.source === s);
    expect(bySource('grid_worker').length).toBeGreaterThan(cases.length * 0.4);
    expect(bySource('hotline').length).toBeGreaterThan(cases.length * 0.15);
    expect(bySource('meeting').length).toBeGreaterThan(0);
    for (const c of bySource('hotline')) expect(c.externalRef).toMatch(/^GZ12345-/);
    // Grid workers report mostly in office hours.
    const inOffice = bySource('grid_worker').filter((c) => {
      const m = localMinuteOfDay(c.reportedAt, ref.calendar);
      return m >= 8 * 60 && m < 18 * 60;
    });
    expect(inOffice.length).toBeGreaterThan(bySource('grid_worker').length * 0.8);
    // About 1 in 20 dispatched cases bounces; never more than once.
    const dispatched = cases.filter((c) => c.timeline.some((e) => e.type === 'dispatched'));
    const bounced = cases.filter((c) => c.bounceCount > 0);
    expect(bounced.length).toBeGreaterThan(0);
    expect(bounced.length / dispatched.length).toBeLessThan(0.12);
    expect(Math.max(...cases.map((c) => c.bounceCount))).toBe(1);
    // Fallback rulings become precedents, and later dispatches follow them.
    expect(h.precedents.length).toBeGreaterThan(0);
    expect(cases.some((c) => c.timeline.some((e) => e.type === 'dispatched' && typeof e.data['precedentId'] === 'string'))).toBe(true);
    // Supervision, extensions, rework, ratings and accountability all happen.
    expect(cases.some((c) => c.urges.some((u) => u.level === 'supervise'))).toBe(true);
    expect(cases.some((c) => c.urges.some((u) => u.reply))).toBe(true);
    expect(cases.some((c) => c.extensionCount > 0)).toBe(true);
    expect(cases.some((c) => c.reworkCount > 0)).toBe(true);
    expect(cases.some((c) => c.clocks.some((k) => k.kind === 'handling' && k.outcome === 'late'))).toBe(true);
    const ratings = new Set(cases.flatMap((c) => c.timeline.map((e) => e.data['satisfaction'])).filter(Boolean));
    for (const s of ['satisfied', 'basic', 'unsatisfied', 'not_rated']) expect(ratings.has(s), s).toBe(true);
    // Every case sits in a real grid of its community.
    const grids = new Map(ref.grids.map((g) => [g.id, g]));
    for (const c of cases) expect(grids.get(c.gridId)?.communityId).toBe(c.communityId);
    expect(cases.some((c) => /路\d+号/.test(c.title))).toBe(true);
  });
});

describe('demo history at any hour', () => {
  // The e2e street seeds the demo at the real time; a Saturday 05:49 (street time) once had no overdue case,
  // and the meeting's 超期案件 section showed none. Now every history has one open case overdue at `now`.
  const overdueAt = (cases: readonly { clocks: readonly { stoppedAt?: number; pausedAt?: number; deadline: number }[] }[], now: number) =>
    cases.filter((c) => c.clocks.some((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now)).length;
  const instants = [
    Date.UTC(2026, 11, 4, 21, 49), // Sat 2026-12-05 05:49 +08:00
    Date.UTC(2026, 11, 6, 2, 0), // Sun 10:00
    Date.UTC(2026, 11, 7, 0, 30), // Mon 08:30
  ];
  for (const now of instants)
    for (const days of [3, 30])
      it(`has an overdue open case at ${new Date(now + 8 * 3_600_000).toISOString().slice(0, 16)} (+08:00), ${days} days`, () => {
        // 3 days of 25 a day: the e2e street (e2e/harness); 30 days: the embedded demo's default.
        const h = generateDemoHistory({ seed: days === 3 ? 42 : 7, now, days, casesPerDay: days === 3 ? 25 : 30, ref });
        expect(overdueAt(h.cases, now)).toBeGreaterThan(0);
      });
});
