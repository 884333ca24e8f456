/**
 * Deterministic demo history: weeks of cases of 黄石街, produced by DRIVING THE REAL ENGINE (decide/evolve)
 * with realistic actors — grid workers and the 12345 hotline report, dispatchers accept, reject and
 * dispatch, departments sign, bounce (about 1 in 20), ask for extensions and parking, are sometimes late,
 * report results; grid workers verify; residents rate; supervisors urge overdue cases; fallback rulings
 * become precedents that later dispatches follow. Actions planned after `now` simply have not happened
 * yet, which leaves recent cases in every open status. Same options → identical output.
 */
import {
  addDays,
  calendarFor,
  dayIndex,
  localDay,
  localInstant,
  measureFor,
  startOfLocalDay,
  weekdayOf,
  type WorkCalendar,
} from '../calendar/index.js';
import type { Command } from '../commands.js';
import { decide, evolve } from '../engine/index.js';
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import type {
  Actor,
  CaseClock,
  CaseSource,
  CaseStatus,
  CatalogItem,
  Grade,
  Grid,
  GridWorker,
  Precedent,
  Reporter,
  Satisfaction,
  UrgeLevel,
} from '../model.js';
import type { RefData } from '../refData.js';
import { CaseStatus as CaseStatusSchema } from '../model.js';
import {
  BOUNCE_TEXTS,
  EXTENSION_REASONS,
  FALLBACK_REASONS,
  ITEM_TEXT,
  MEETING_TOPICS,
  PARK_REASONS,
  PLACE_SUFFIXES,
  REJECT_REASONS,
  RESIDENT_SURNAMES,
  RESULT_TEXTS,
  ROADS,
} from './content.js';
import { createRng, hashSeed, type Rng } from './prng.js';
import { gridPlacer } from './geometry.js';
import type { LonLat } from '../geo/types.js';

export interface DemoHistoryOptions {
  seed: number;
  /** End of the history: nothing happens after it. */
  now: number;
  /** Number of local days covered, ending with the day of `now`. */
  days: number;
  /** Average number of reports per day (weekends and holidays get fewer). */
  casesPerDay: number;
  ref: RefData;
}

export interface DemoHistory {
  /** Every timeline entry of every case, in global time order (per case, in version order). */
  events: CaseEvent[];
  /** The cases as they stand at `now`, in report order. */
  cases: GridEvent[];
  /** Fallback rulings (案例沿袭) recorded by fallback dispatches; add them to RefData.precedents. */
  precedents: Precedent[];
}

const MINUTE = 60_000;
const ALL_STATUSES: readonly CaseStatus[] = CaseStatusSchema.options;

/** Matters a grid worker may fix on the spot. */
const MINOR = new Set(['SR01', 'SR02', 'SR03', 'SR06', 'DL02', 'XF01']);
/** Matters of unclear ownership, where the centre names a fallback department (托底). */
const UNCLEAR: Readonly<Record<string, readonly string[]>> = {
  SR06: ['zfd', 'sqfw'],
  GS06: ['cgk', 'sqfw'],
  MD03: ['sqfw', 'jsk'],
  DL02: ['zfd', 'pcs'],
  WJ03: ['cgk', 'aj'],
  SR08: ['pcs', 'aj'],
  RX02: ['zzb', 'cgk', 'jsk'],
};
/** Engineering or long-term matters, the usual candidates for parking (挂账). */
const PARKABLE = new Set(['GS03', 'GS04', 'WJ02', 'AQ01', 'CZ03', 'RX02']);
/** Matters that can be urgent (2 natural hours). */
const URGENT_ITEMS = new Set(['GS01', 'GS04', 'GS06', 'AQ01', 'AQ03', 'AQ04', 'XF01', 'XF03', 'ZA01', 'ZA02', 'TS01', 'WJ01']);
/** Departments related to a category: where a bounced case goes next, and typical co-departments. */
const RELATED: Readonly<Record<string, readonly string[]>> = {
  市容环境: ['cgk', 'zfd', 'sqfw'],
  公共设施: ['szs', 'sqfw', 'cgk'],
  安全隐患: ['aj', 'lgzx', 'zfd'],
  消防安全: ['aj', 'lgzx', 'pcs'],
  出租屋管理: ['lgzx', 'aj', 'pcs'],
  特殊人群: ['zzb', 'mzk', 'sqfw'],
  违法建设: ['zfd', 'cgk'],
  道路交通: ['pcs', 'szs', 'cgk'],
  社会治安: ['pcs', 'zzb'],
  矛盾纠纷: ['zzb', 'jsk', 'sqfw'],
  计划生育: ['jsb', 'sqfw'],
  综合诉求: ['dzb', 'zzb', 'cgk', 'jsk'],
};

/** Relative frequency of each category among reports. */
const CATEGORY_WEIGHT: Readonly<Record<string, number>> = {
  市容环境: 6,
  公共设施: 3,
  安全隐患: 2,
  消防安全: 2,
  出租屋管理: 3,
  特殊人群: 1,
  违法建设: 1.5,
  道路交通: 3,
  社会治安: 1,
  矛盾纠纷: 2,
  计划生育: 0.5,
};
/** Some communities are busier than their grid count suggests (old villages, markets). */
const COMMUNITY_LOAD = [1.4, 1.2, 0.8, 1.5, 1.3, 0.9, 1.1, 1, 0.7, 0.8, 1.2, 0.9, 1];

const GRID_WORKER_HOURS: readonly (readonly [number, number])[] = [
  [7, 0.5],
  [8, 1.5],
  [9, 4],
  [10, 5],
  [11, 4],
  [12, 1],
  [13, 1],
  [14, 4],
  [15, 5],
  [16, 4],
  [17, 3],
  [18, 1],
  [19, 0.5],
];
const HOTLINE_HOURS: readonly (readonly [number, number])[] = [
  [0, 0.2],
  [1, 0.1],
  [2, 0.1],
  [3, 0.1],
  [4, 0.1],
  [5, 0.2],
  [6, 0.4],
  [7, 1],
  [8, 2.5],
  [9, 3],
  [10, 3],
  [11, 3],
  [12, 2],
  [13, 2],
  [14, 3],
  [15, 3],
  [16, 3],
  [17, 2.5],
  [18, 2.5],
  [19, 2.5],
  [20, 2.5],
  [21, 2],
  [22, 1],
  [23, 0.4],
];

interface Plan {
  source: CaseSource;
  item: CatalogItem;
  /** The matter as described (for hotline tickets filed under a generic 12345 item). */
  topic: CatalogItem;
  grade: Grade;
  reporter?: Reporter;
  reject: boolean;
  selfHandle: boolean;
  bounce: boolean;
  extension: boolean;
  park: boolean;
  parkLong: boolean;
  verifyFail: boolean;
  unsatisfied: boolean;
  late: boolean;
  regLate: boolean;
  dispatchLate: boolean;
  /** Meeting decisions: the explicit deadline the meeting set. */
  meetingDeadline?: number;
  meetingDepartments?: string[];
}

interface Draft {
  at: number;
  plan: Plan;
  gridId: string;
  communityId: string;
  title: string;
  description: string;
  address: string;
  /** Where it is, inside its grid (when the reference data has a division drawing that grid). */
  location?: LonLat;
  /** Forced cases (to cover every status) stop at this status and use short natural-time delays. */
  stopAt?: CaseStatus;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const fill = (template: string, rng: Rng) => template.replaceAll('{n}', String(rng.int(2, 9)));

class Generator {
  readonly rng: Rng;
  readonly ref: RefData;
  readonly cal: WorkCalendar;
  readonly events: { e: CaseEvent; seq: number }[] = [];
  readonly cases: GridEvent[] = [];
  readonly precedents: Precedent[] = [];
  readonly workerOf = new Map<string, GridWorker>();
  readonly dispatchers: Actor[];
  readonly supervisor: Actor;
  readonly leader: Actor;
  readonly hotline: Actor = { id: 'hotline-12345', name: '12345政府服务热线', role: 'hotline', unitId: 'hotline' };
  readonly deptActors = new Map<string, Actor>();
  private readonly itemsByCode = new Map<string, CatalogItem>();
  private readonly topicWeights: (readonly [CatalogItem, number])[];
  private readonly gridWeights: (readonly [Grid, number])[];
  private readonly communityCode = new Map<string, string>();

  constructor(readonly opts: DemoHistoryOptions) {
    this.rng = createRng(hashSeed(`demo-history:${opts.seed}`));
    // A private copy: fallback dispatches add precedents that later dispatches may cite.
    this.ref = { ...opts.ref, precedents: [...opts.ref.precedents] };
    this.cal = calendarFor(opts.ref.calendar);
    for (const w of opts.ref.gridWorkers) if (w.kind === 'worker' && !this.workerOf.has(w.gridId)) this.workerOf.set(w.gridId, w);
    const userActor = (role: string): Actor[] =>
      opts.ref.users
        .filter((u) => u.role === role && u.active !== false)
        .map((u) => ({ id: u.id, name: u.name, role: u.role, unitId: u.unitId ?? 'centre' }));
    this.dispatchers = userActor('dispatcher');
    const fallbackUser = (role: 'supervisor' | 'leader', name: string): Actor =>
      userActor(role)[0] ?? { id: `demo-${role}`, name, role, unitId: 'centre' };
    if (this.dispatchers.length === 0)
      this.dispatchers.push({ id: 'demo-dispatcher', name: '调度员', role: 'dispatcher', unitId: 'centre' });
    this.supervisor = fallbackUser('supervisor', '督办员');
    this.leader = fallbackUser('leader', '中心主任');
    for (const d of opts.ref.departments)
      this.deptActors.set(d.id, { id: `staff-${d.id}`, name: `${d.shortName}经办人`, role: 'department', unitId: d.id });
    for (const i of opts.ref.catalog) this.itemsByCode.set(i.code, i);
    const topics = opts.ref.catalog.filter((i) => ITEM_TEXT[i.code] !== undefined);
    this.topicWeights = topics.map((i) => [i, CATEGORY_WEIGHT[i.category] ?? 1] as const);
    const load = new Map(opts.ref.communities.map((c, i) => [c.id, COMMUNITY_LOAD[i % COMMUNITY_LOAD.length] ?? 1]));
    this.gridWeights = opts.ref.grids.filter((g) => g.validTo === undefined).map((g) => [g, load.get(g.communityId) ?? 1] as const);
    for (const c of opts.ref.communities) this.communityCode.set(c.id, c.code);
    if (this.topicWeights.length === 0 || this.gridWeights.length === 0)
      throw new Error('demo history: the reference data needs catalogue items and current grids');
  }

  item(code: string): CatalogItem | undefined {
    return this.itemsByCode.get(code);
  }

  dept(id: string): Actor {
    const a = this.deptActors.get(id);
    if (!a) throw new Error(`demo history: unknown department ${id}`);
    return a;
  }

  gridWorker(gridId: string): Actor {
    const w = this.workerOf.get(gridId);
    return w
      ? { id: w.id, name: w.name, role: 'gridWorker', unitId: gridId }
      : { id: `worker-${gridId}`, name: '网格员', role: 'gridWorker', unitId: gridId };
  }

  dispatcher(): Actor {
    return this.rng.pick(this.dispatchers);
  }

  /** A time on local day `day` drawn from an hour profile. */
  timeOn(day: string, hours: readonly (readonly [number, number])[]): number {
    const h = this.rng.weighted(hours);
    return startOfLocalDay(day, this.opts.ref.calendar) + (h * 60 + this.rng.int(0, 59)) * MINUTE + this.rng.int(0, 59) * 1000;
  }

  residentName(): string {
    return `${this.rng.pick(RESIDENT_SURNAMES)}${this.rng.chance(0.5) ? '先生' : '女士'}`;
  }

  residentPhone(): string {
    return `1${this.rng.pick(['35', '36', '37', '38', '39', '58', '59', '86', '88'])}${pad(this.rng.int(0, 99_999_999), 8)}`;
  }

  place(communityCode: string): string {
    const roads = ROADS[communityCode] ?? ['黄石东路'];
    const suffix = this.rng.chance(0.7) ? this.rng.pick(PLACE_SUFFIXES) : '';
    return `${this.rng.pick(roads)}${this.rng.int(1, 180)}号${suffix}`;
  }

  pickTopic(): CatalogItem {
    return this.rng.weighted(this.topicWeights);
  }

  pickGrade(item: CatalogItem): Grade {
    const has = (g: Grade) => item.limits.some((l) => l.grade === g);
    if (URGENT_ITEMS.has(item.code) && has('urgent') && this.rng.chance(0.12)) return 'urgent';
    if (has('important') && this.rng.chance(0.22)) return 'important';
    return has('normal') ? 'normal' : (item.limits[0]?.grade ?? 'normal');
  }

  pickGrid(): { gridId: string; communityId: string; communityCode: string } {
    const g = this.rng.weighted(this.gridWeights);
    return { gridId: g.id, communityId: g.communityId, communityCode: this.communityCode.get(g.communityId) ?? '001' };
  }

  /** A new ordinary report (grid worker, hotline or centre walk-in) at `at`. */
  draftReport(at: number, source: CaseSource): Draft {
    const rng = this.rng;
    const { gridId, communityId, communityCode } = this.pickGrid();
    const topic = this.pickTopic();
    let item = topic;
    if (source === 'hotline') {
      const r = rng.next();
      item = (r < 0.6 ? this.item('RX01') : r < 0.75 ? this.item('RX02') : topic) ?? topic;
    }
    const text = ITEM_TEXT[topic.code] ?? { titles: [topic.name], details: [`${topic.name}。`] };
    const place = this.place(communityCode);
    const title = `${place}${rng.pick(text.titles)}`;
    const detail = fill(rng.pick(text.details), rng);
    const reporter: Reporter | undefined =
      source === 'hotline' || source === 'centre' || rng.chance(0.2)
        ? { name: this.residentName(), phone: this.residentPhone() }
        : undefined;
    const description =
      source === 'hotline'
        ? `12345热线转办：市民${reporter?.name ?? ''}来电反映，${place}${detail}请尽快处理并回复。`
        : source === 'centre'
          ? `群众到中心反映：${place}${detail}`
          : `网格员巡查发现：${place}${detail}${reporter ? `（居民${reporter.name}反映）` : ''}`;
    const grade = this.pickGrade(item);
    const parkChance = PARKABLE.has(item.code) ? 0.15 : 0.01;
    const plan: Plan = {
      source,
      item,
      topic,
      grade,
      reject: rng.chance(source === 'hotline' ? 0.06 : 0.035),
      selfHandle: source === 'grid_worker' && MINOR.has(topic.code) && grade !== 'urgent' && rng.chance(0.45),
      bounce: rng.chance(0.05),
      extension: rng.chance(0.07),
      park: rng.chance(parkChance),
      parkLong: rng.chance(0.4),
      verifyFail: rng.chance(0.06),
      unsatisfied: rng.chance(0.08),
      late: rng.chance(0.12),
      regLate: rng.chance(0.08),
      dispatchLate: rng.chance(0.06),
    };
    if (reporter) plan.reporter = reporter;
    return { at, plan, gridId, communityId, title: title.slice(0, 100), description, address: place };
  }

  /** A meeting decision (会议议定事项) tracked like a case, with its own deadline. */
  draftMeeting(at: number): Draft | null {
    const item = this.item('HY01') ?? this.ref.catalog.find((i) => i.category === '会议议定');
    if (!item) return null;
    const rng = this.rng;
    const { gridId, communityId } = this.pickGrid();
    const community = this.ref.communities.find((c) => c.id === communityId)?.name ?? '';
    const topic = rng.pick(MEETING_TOPICS).replaceAll('{c}', community);
    const lead = rng.pick(['cgk', 'zfd', 'szs', 'lgzx', 'aj'].filter((d) => this.deptActors.has(d)));
    const co = rng.pick(['sqfw', 'zzb', 'dzb'].filter((d) => this.deptActors.has(d) && d !== lead));
    const deadlineDay = addDays(localDay(at, this.ref.calendar), rng.int(10, 30));
    const meetingDeadline = localInstant(deadlineDay, '18:00', this.ref.calendar);
    const plan: Plan = {
      source: 'meeting',
      item,
      topic: item,
      grade: item.limits.some((l) => l.grade === 'important') ? 'important' : (item.limits[0]?.grade ?? 'normal'),
      reject: false,
      selfHandle: false,
      bounce: false,
      extension: rng.chance(0.15),
      park: false,
      parkLong: false,
      verifyFail: rng.chance(0.05),
      unsatisfied: false,
      late: rng.chance(0.15),
      regLate: false,
      dispatchLate: false,
      meetingDeadline,
      meetingDepartments: lead ? [lead, ...(co ? [co] : [])] : [],
    };
    const description = `社区建设工作领导小组（网格化专项工作）季度例会议定：${topic}，由${this.deptActors.get(lead ?? '')?.name.replace('经办人', '') ?? ''}牵头，于${deadlineDay}前完成并报告进展。`;
    return { at, plan, gridId, communityId, title: `会议议定：${topic}`.slice(0, 100), description, address: `${community}辖内` };
  }

  addEvents(events: readonly CaseEvent[], seq: number): void {
    for (const e of events) this.events.push({ e, seq });
  }
}

/** One case being driven through the engine. */
class CaseRun {
  state: GridEvent | null = null;
  halted = false;
  private lastAt = 0;
  private n = 0;
  private urgeN = 0;
  /** Working minutes the department ran late, summed over rounds (for accountability). */
  private lateMinutes = 0;
  private unsatisfiedDone = false;

  constructor(
    private readonly g: Generator,
    readonly id: string,
    private readonly seq: number,
    private readonly draft: Draft,
  ) {}

  private get rng(): Rng {
    return this.g.rng;
  }
  private get fast(): boolean {
    return this.draft.stopAt !== undefined;
  }
  private get urgent(): boolean {
    return this.draft.plan.grade === 'urgent';
  }
  private get s(): GridEvent {
    if (!this.state) throw new Error('demo history: no case yet');
    return this.state;
  }

  /** Applies a command at `at` (never before the previous one). false once the case stops (now reached). */
  private do(at: number, actor: Actor, command: Command): boolean {
    if (this.halted) return false;
    const t = Math.max(Math.round(at), this.lastAt);
    if (t > this.g.opts.now) {
      this.halted = true;
      return false;
    }
    const r = decide(this.state, command, { actor, now: t, ref: this.g.ref, commandId: `${this.id}:${++this.n}` });
    if (!r.ok)
      throw new Error(
        `demo history: engine refused ${command.type} on ${this.id} (${this.state?.status ?? 'new'}): ${r.code} ${r.message}`,
      );
    for (const e of r.events) {
      this.state = evolve(this.state, e);
      if (e.type === 'dispatched') {
        const p = (e.data as { precedent?: Precedent }).precedent;
        if (p) {
          this.g.precedents.push(p);
          this.g.ref.precedents.push(p);
        }
      }
    }
    this.g.addEvents(r.events, this.seq);
    this.lastAt = t;
    if (this.draft.stopAt !== undefined && this.s.status === this.draft.stopAt) this.halted = true;
    return true;
  }

  /** Delay of a centre or department action: working minutes, natural for urgent cases, short when forced. */
  private after(t: number, lo: number, hi: number): number {
    if (this.fast) return t + this.rng.int(2, 6) * MINUTE;
    if (this.urgent) return t + this.rng.int(3, Math.max(4, Math.min(hi, 25))) * MINUTE;
    return this.cal.add(t, this.rng.int(lo, hi));
  }

  private get cal(): WorkCalendar {
    return this.g.cal;
  }

  private runningHandling(): CaseClock | undefined {
    return [...this.s.clocks].reverse().find((k) => k.kind === 'handling' && k.stoppedAt === undefined);
  }

  run(): void {
    const d = this.draft;
    const p = d.plan;
    const reporterActor =
      p.source === 'hotline' ? this.g.hotline : p.source === 'grid_worker' ? this.g.gridWorker(d.gridId) : this.g.dispatcher();
    const report: Command = {
      type: 'report',
      caseId: this.id,
      source: p.source,
      title: d.title,
      description: d.description,
      address: d.address,
      communityId: d.communityId,
      gridId: d.gridId,
      attachments: p.source === 'grid_worker' ? [{ name: '现场照片1.jpg', kind: 'photo' }] : [],
    };
    if (d.location) report.location = d.location;
    if (p.reporter) report.reporter = p.reporter;
    if (p.source === 'grid_worker' && p.topic === p.item && this.rng.chance(0.7)) report.catalogItemId = p.item.id;
    if (p.source === 'hotline')
      report.externalRef = `GZ12345-${localDay(d.at, this.g.ref.calendar).replaceAll('-', '')}${pad(this.seq % 10000, 4)}`;
    if (!this.do(d.at, reporterActor, report)) return;

    // Registration (受理): within the centre's limit, sometimes late.
    let t = p.regLate ? this.after(d.at, 35, 120) : this.after(d.at, 3, 28);
    if (p.reject) {
      this.do(t, this.g.dispatcher(), { type: 'reject', caseId: this.id, reason: this.rng.pick(REJECT_REASONS) });
      return;
    }
    if (!this.do(t, this.g.dispatcher(), { type: 'accept', caseId: this.id, catalogItemId: p.item.id, grade: p.grade })) return;

    if (p.selfHandle) {
      t = this.fast ? t + 3 * MINUTE : t + this.rng.int(10, 90) * MINUTE;
      if (!this.do(t, this.g.gridWorker(d.gridId), { type: 'selfHandle', caseId: this.id, note: '网格员现场处置完毕，已拍照留存。' }))
        return;
      t = this.after(t, 20, 600);
      const passed = !p.verifyFail;
      if (
        !this.do(t, this.g.dispatcher(), {
          type: 'verify',
          caseId: this.id,
          passed,
          note: passed ? '经核对处置前后照片，问题已解决。' : '照片显示问题未彻底解决，转派职能部门处置。',
        })
      )
        return;
      if (passed) {
        this.close(t);
        return;
      }
    }

    t = p.dispatchLate ? this.after(this.lastAt, 65, 200) : this.after(this.lastAt, 5, 55);
    if (!this.dispatch(t, false)) return;
    this.handle();
  }

  private dispatch(t: number, afterBounce: boolean, bouncedBy?: string): boolean {
    const p = this.draft.plan;
    const rng = this.rng;
    const item = p.item;
    const cmd: Extract<Command, { type: 'dispatch' }> = {
      type: 'dispatch',
      caseId: this.id,
      leadDepartmentId: item.defaultDepartmentId,
      coDepartmentIds: [],
    };
    const deptIds = [...this.g.deptActors.keys()];
    const usable = (ids: readonly string[]) => ids.filter((x) => x !== bouncedBy && this.g.deptActors.has(x));
    if (p.meetingDepartments && p.meetingDepartments.length > 0) {
      cmd.leadDepartmentId = p.meetingDepartments[0] as string;
      cmd.coDepartmentIds = p.meetingDepartments.slice(1);
      if (p.meetingDeadline !== undefined && p.meetingDeadline > t) cmd.deadlineAt = p.meetingDeadline;
      cmd.note = '按季度例会议定事项派遣，请按期完成并报告。';
    } else if (afterBounce) {
      // Back to the catalogue's department if another one bounced it; else a related department.
      const related = usable([item.defaultDepartmentId, ...(UNCLEAR[item.code] ?? []), ...(RELATED[item.category] ?? [])]);
      cmd.leadDepartmentId =
        related[0] === item.defaultDepartmentId ? item.defaultDepartmentId : rng.pick(related.length > 0 ? related : usable(deptIds));
      if (rng.chance(0.5)) cmd.fallback = { reason: rng.pick(FALLBACK_REASONS), keywords: this.keywords() };
      else cmd.note = '回弹后再次派遣，承办单位应无条件处置。';
    } else {
      const unclear = UNCLEAR[item.code];
      // 案例沿袭: matters of unclear ownership follow the latest fallback ruling on the same item.
      const last = unclear ? this.g.precedents.filter((x) => x.catalogItemId === item.id && x.ruledAt < t).pop() : undefined;
      if (last && rng.chance(0.6)) {
        cmd.leadDepartmentId = last.departmentId;
        cmd.precedentId = last.id;
        cmd.note = '参照案例沿袭派遣。';
      } else if (unclear && rng.chance(0.25)) {
        cmd.leadDepartmentId = rng.pick(usable(unclear));
        cmd.fallback = { reason: rng.pick(FALLBACK_REASONS), keywords: this.keywords() };
      }
      if (rng.chance(0.1)) {
        const co = rng.pick(usable([...(RELATED[item.category] ?? []), ...deptIds]).filter((x) => x !== cmd.leadDepartmentId));
        cmd.coDepartmentIds = [co];
      }
    }
    return this.do(t, this.g.dispatcher(), cmd);
  }

  private keywords(): string[] {
    const kws = this.draft.plan.item.keywords.filter((k) => k.length <= 20);
    return kws.slice(0, 2);
  }

  /** Handling rounds: sign, maybe bounce, extension, parking, urges, result, verification, closing. */
  private handle(): void {
    const p = this.draft.plan;
    const rng = this.rng;
    for (let round = 1; round <= 4; round++) {
      const lead = this.s.leadDepartmentId;
      if (!lead) return;
      let t = this.lastAt;
      if (this.s.status === 'dispatched' && (this.fast || rng.chance(0.95))) {
        t = this.after(t, 10, 150);
        if (!this.do(t, this.g.dept(lead), { type: 'sign', caseId: this.id })) return;
      }
      if (round === 1 && p.bounce && !this.s.mandatory && this.s.bounceCount === 0) {
        t = this.after(this.lastAt, 30, 300);
        const reasonCode = rng.weighted([
          ['not_our_duty', 6],
          ['insufficient_info', 1],
          ['wrong_location', 1],
          ['other', 1],
        ] as const);
        if (!this.do(t, this.g.dept(lead), { type: 'bounce', caseId: this.id, reasonCode, text: rng.pick(BOUNCE_TEXTS[reasonCode]) }))
          return;
        t = this.after(this.lastAt, 15, 120);
        if (!this.dispatch(t, true, lead)) return;
        const newLead = this.s.leadDepartmentId as string;
        if (this.fast || rng.chance(0.95)) {
          t = this.after(this.lastAt, 10, 120);
          if (!this.do(t, this.g.dept(newLead), { type: 'sign', caseId: this.id })) return;
        }
      }
      const dept = this.g.dept(this.s.leadDepartmentId as string);
      let clock = this.runningHandling();
      if (!clock) return;
      const m = measureFor(clock.natural, this.g.ref.calendar);

      if (round === 1 && p.extension) {
        t = Math.max(this.lastAt, m.add(clock.startedAt, clock.limitMinutes * (0.5 + rng.next() * 0.35)));
        if (this.fast) t = this.lastAt + 3 * MINUTE;
        const minutes = clock.natural ? rng.int(60, 240) : rng.pick([1, 2, 3, 5]) * 7 * 60;
        if (!this.do(t, dept, { type: 'requestExtension', caseId: this.id, minutes, reason: rng.pick(EXTENSION_REASONS) })) return;
        t = this.after(this.lastAt, 30, 240);
        const approve = rng.chance(0.85);
        if (
          !this.do(t, this.g.supervisor, {
            type: 'decideExtension',
            caseId: this.id,
            approve,
            note: approve ? '同意延期，请在新期限内办结。' : '理由不充分，不同意延期，请按原期限办结。',
          })
        )
          return;
      }
      if (round === 1 && p.park) {
        t = Math.max(this.lastAt, m.add(clock.startedAt, clock.limitMinutes * (0.1 + rng.next() * 0.3)));
        if (this.fast) t = this.lastAt + 3 * MINUTE;
        if (!this.do(t, dept, { type: 'requestPark', caseId: this.id, reason: rng.pick(PARK_REASONS) })) return;
        t = this.after(this.lastAt, 60, 480);
        if (
          !this.do(t, this.g.supervisor, { type: 'decidePark', caseId: this.id, approve: true, note: '同意挂账，列入领导小组例会跟踪。' })
        )
          return;
        // Long-term matters stay parked; the others resume after some working days.
        t = p.parkLong ? this.cal.add(this.lastAt, 60 * 7 * 60) : this.cal.add(this.lastAt, rng.int(3, 20) * 7 * 60);
        if (!this.do(t, this.g.dispatcher(), { type: 'resume', caseId: this.id, note: '挂账原因已消除，恢复办理。' })) return;
      }

      clock = this.runningHandling();
      if (!clock) return;
      const late = round === 1 ? p.late : rng.chance(0.06);
      const start = this.lastAt;
      const remaining = m.between(start, clock.deadline);
      let result: number;
      if (this.fast) result = start + 5 * MINUTE;
      else if (late || remaining < 1)
        result = m.add(Math.max(start, clock.deadline), Math.max(30, clock.limitMinutes * (0.05 + rng.next() * 0.9)));
      else result = m.add(start, Math.max(1, remaining * (0.1 + rng.next() * 0.85)));
      if (!this.urges(start, clock, result, late)) return;
      const texts = RESULT_TEXTS[this.s.leadDepartmentId as string] ?? ['已处置完毕。'];
      if (
        !this.do(result, dept, {
          type: 'reportResult',
          caseId: this.id,
          text: rng.pick(texts),
          attachments: [{ name: '处置后照片.jpg', kind: 'photo' }],
        })
      )
        return;
      const stopped = this.s.clocks.find((k) => k.id === clock?.id);
      if (stopped?.outcome === 'late') this.lateMinutes += this.cal.between(stopped.deadline, stopped.stoppedAt ?? stopped.deadline);

      // Verification (核查) by the grid worker on site, within the centre's verification limit (mostly).
      t = rng.chance(0.93) ? this.after(this.lastAt, 30, 780) : this.after(this.lastAt, 900, 1500);
      const fail = round === 1 && p.verifyFail;
      if (
        !this.do(t, this.g.gridWorker(this.draft.gridId), {
          type: 'verify',
          caseId: this.id,
          passed: !fail,
          note: fail ? '现场核查问题仍未解决，要求返工。' : '经现场核查，问题已解决。',
        })
      )
        return;
      if (fail) continue;
      const closed = this.close(this.lastAt);
      if (closed === 'rework') continue;
      if (closed === 'closed' && this.lateMinutes > 2 * 7 * 60 && rng.chance(0.4)) {
        t = this.after(this.lastAt, 60, 600);
        this.do(t, this.g.supervisor, {
          type: 'recordAccountability',
          caseId: this.id,
          recordId: `${this.id}-acc-1`,
          unitId: this.s.leadDepartmentId as string,
          kind: 'late',
          text: '处置严重超时，未说明理由，按事件处置监督制度记录责任追究。',
        });
      }
      return;
    }
  }

  /** Urge notices between `from` and the result at `result`: 催办 near due, 督办 when overdue, 挂牌 when long overdue. */
  private urges(from: number, clock: CaseClock, result: number, late: boolean): boolean {
    if (this.fast) return true;
    const rng = this.rng;
    const lead = this.s.leadDepartmentId as string;
    const m = measureFor(clock.natural, this.g.ref.calendar);
    const planned: { at: number; level: UrgeLevel; by: Actor }[] = [];
    if ((late && rng.chance(0.4)) || rng.chance(0.04)) {
      const at = m.add(clock.deadline, -Math.max(1, clock.limitMinutes * 0.15));
      if (at > from && at < result) planned.push({ at, level: 'remind', by: this.g.supervisor });
    }
    if (late) {
      const at = this.cal.add(clock.deadline, rng.int(30, 300));
      if (at < result) planned.push({ at, level: 'supervise', by: this.g.supervisor });
      const listedAt = this.cal.add(clock.deadline, rng.int(900, 1300));
      if (listedAt < result && rng.chance(0.5)) planned.push({ at: listedAt, level: 'listed', by: this.g.leader });
    }
    planned.sort((a, b) => a.at - b.at);
    for (const u of planned) {
      const urgeId = `${this.id}-urge-${++this.urgeN}`;
      const message =
        u.level === 'remind'
          ? '该事件处置时限将至，请抓紧处置并按时反馈。'
          : u.level === 'supervise'
            ? '该事件已超过处置时限，请立即处置并书面说明超时原因。'
            : '该事件长期超时未办结，列为挂牌督办，请主要负责人亲自过问。';
      if (
        !this.do(u.at, u.by, { type: 'urge', caseId: this.id, urgeId, level: u.level, message, replyHours: u.level === 'remind' ? 4 : 8 })
      )
        return false;
      const replyAt = this.after(u.at, 30, 300);
      if (replyAt < result && rng.chance(0.85)) {
        if (
          !this.do(replyAt, this.g.dept(lead), {
            type: 'replyUrge',
            caseId: this.id,
            urgeId,
            text: '已收到，正在组织处置，将尽快反馈结果。',
          })
        )
          return false;
      }
    }
    return true;
  }

  /** Follow-up visit and closing; 'rework' when the resident was not satisfied. */
  private close(from: number): 'closed' | 'rework' | 'stopped' {
    const p = this.draft.plan;
    const rng = this.rng;
    const t = this.after(from, 10, 180);
    const rated = p.source === 'hotline' || p.reporter !== undefined;
    let satisfaction: Satisfaction;
    if (rated && p.unsatisfied && !this.unsatisfiedDone && this.s.leadDepartmentId) satisfaction = 'unsatisfied';
    else if (rated || rng.chance(0.3))
      satisfaction = rng.weighted([
        ['satisfied', 0.74],
        ['basic', 0.22],
        ['unsatisfied', 0],
      ] as const);
    else satisfaction = 'not_rated';
    const note =
      satisfaction === 'unsatisfied'
        ? '回访群众表示不满意，问题反复出现，要求返工。'
        : satisfaction === 'not_rated'
          ? '核查通过，予以结案。'
          : '已电话回访反映人，予以结案。';
    if (!this.do(t, this.g.dispatcher(), { type: 'close', caseId: this.id, satisfaction, note })) return 'stopped';
    if (satisfaction === 'unsatisfied') {
      this.unsatisfiedDone = true;
      return 'rework';
    }
    return 'closed';
  }
}

/** Plans that pass through a status, used to force a case into each status missing from the history. */
function forcedPlan(status: CaseStatus, base: Plan): Plan {
  const p: Plan = {
    ...base,
    reject: false,
    selfHandle: false,
    bounce: false,
    extension: false,
    park: false,
    parkLong: true,
    verifyFail: false,
    unsatisfied: false,
    late: false,
    regLate: false,
    dispatchLate: false,
  };
  if (status === 'rejected') p.reject = true;
  if (status === 'self_handled') p.selfHandle = true;
  if (status === 'bounced') p.bounce = true;
  if (status === 'rework') p.verifyFail = true;
  if (status === 'parked') p.park = true;
  return p;
}

/**
 * Generates `days` days of history ending at `now`, about `casesPerDay` reports a day plus a few meeting
 * decisions, by driving the real engine. Deterministic: the same options give identical output. Every case
 * status appears at least once (missing ones are added as short recent cases).
 */
/** Share of grid workers' reports that a 12345 caller reports again (合并 candidates: same spot, same matter). */
const DUPLICATE_SHARE = 0.04;
const CALLERS = ['陈女士', '黄先生', '李女士', '梁先生', '何女士', '吴先生'];

/**
 * Positions every draft inside its grid and adds the deliberate duplicates: a 12345 call about a grid
 * worker's report a few hours later, within about 20 m, same matter. Positions come from a stream of their
 * own (demo-location); without a division nothing changes (no positions, no duplicates).
 */
function placeAndDuplicate(drafts: Draft[], options: DemoHistoryOptions, now: number): void {
  const placer = gridPlacer(options.ref.divisions);
  if (!options.ref.divisions?.length) return;
  const rng = createRng(hashSeed(`demo-location:${options.seed}`));
  const copies: Draft[] = [];
  for (const d of drafts) {
    const p = placer.place(d.gridId, rng);
    if (p) d.location = p;
    if (d.location && d.plan.source === 'grid_worker' && !d.plan.selfHandle && rng.chance(DUPLICATE_SHARE)) {
      const at = d.at + (2 + rng.int(0, 20)) * 3_600_000;
      if (at > now) continue;
      const caller = CALLERS[rng.int(0, CALLERS.length - 1)] as string;
      copies.push({
        ...d,
        at,
        location: placer.near(d.gridId, d.location, 20, rng),
        title: `${d.title}（市民来电）`.slice(0, 100),
        description: `市民来电反映：${d.description}`.slice(0, 4000),
        plan: { ...d.plan, source: 'hotline', reporter: { name: caller, phone: `139${String(rng.int(10_000_000, 99_999_999))}` }, selfHandle: false, reject: false },
      });
    }
  }
  drafts.push(...copies);
  drafts.sort((a, b) => a.at - b.at);
}

export function generateDemoHistory(options: DemoHistoryOptions): DemoHistory {
  const { now, days, casesPerDay } = options;
  if (!Number.isFinite(now) || days < 1 || casesPerDay < 0)
    throw new RangeError('generateDemoHistory: now must be an instant, days >= 1, casesPerDay >= 0');
  const g = new Generator(options);
  const rng = g.rng;
  const cfg = options.ref.calendar;
  const today = localDay(now, cfg);
  const drafts: Draft[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    const kind = g.cal.dayKind(day);
    const off = kind === 'weekend' || kind === 'holiday' || kind === 'closed';
    const volume = casesPerDay * (off ? 0.7 : 1.12) * (0.85 + rng.next() * 0.3);
    const count = Math.floor(volume) + (rng.chance(volume % 1) ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const r = rng.next();
      const source: CaseSource = r < (off ? 0.45 : 0.62) ? 'grid_worker' : r < 0.93 ? 'hotline' : 'centre';
      const hours = source === 'hotline' ? HOTLINE_HOURS : GRID_WORKER_HOURS;
      const at = g.timeOn(day, hours);
      if (at <= now) drafts.push(g.draftReport(at, source));
    }
    // The leadership group meets every other Thursday afternoon (季度例会 and ad-hoc meetings).
    if (kind === 'workday' && weekdayOf(day) === 4 && Math.floor(dayIndex(day) / 7) % 2 === 0) {
      const at = localInstant(day, '16:30', cfg);
      for (let k = rng.int(1, 3); k > 0 && at <= now; k--) {
        const d = g.draftMeeting(at + k * MINUTE);
        if (d) drafts.push(d);
      }
    }
  }
  drafts.sort((a, b) => a.at - b.at);
  placeAndDuplicate(drafts, options, now);
  let seq = 0;
  const caseId = (n: number) => `demo-${pad(n, 5)}`;
  for (const d of drafts) {
    const run = new CaseRun(g, caseId(++seq), seq, d);
    run.run();
    if (run.state) g.cases.push(run.state);
  }

  // Make sure every status is present (small histories, or unlucky seeds).
  const present = new Set(g.cases.map((c) => c.status));
  const missing = ALL_STATUSES.filter((s) => !present.has(s));
  const forcedPlacer = gridPlacer(options.ref.divisions);
  missing.forEach((status, i) => {
    const base = g.draftReport(now - 6 * 3_600_000 + i * 7 * MINUTE, 'grid_worker');
    const where = forcedPlacer.place(base.gridId, createRng(hashSeed(`demo-location:${options.seed}:${status}`)));
    if (where) base.location = where;
    const plan = forcedPlan(status, base.plan);
    if (status === 'self_handled') {
      const minor = g.ref.catalog.find((c) => MINOR.has(c.code)) ?? plan.item;
      plan.item = minor;
      plan.topic = minor;
    }
    plan.grade = plan.item.limits.some((l) => l.grade === 'normal') ? 'normal' : (plan.item.limits[0]?.grade ?? 'normal');
    const run = new CaseRun(g, caseId(++seq), seq, { ...base, plan, stopAt: status });
    run.run();
    if (run.state) g.cases.push(run.state);
  });

  // And at least one open case overdue now, whatever the time of day: a history ending on a weekend
  // morning can have none (every late plan already resulted), and the queue's 超期 tab, the supervisors'
  // board and the meeting's 超期案件 section would show nothing. The matter with the shortest limit,
  // reported at the start of the history (at most ten days back), signed and never resulted.
  const overdueNow = (c: GridEvent) => c.clocks.some((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now);
  if (!g.cases.some(overdueNow)) {
    const base = g.draftReport(now - Math.min(10, options.days) * 86_400_000 + 3_600_000, 'grid_worker');
    const where = forcedPlacer.place(base.gridId, createRng(hashSeed(`demo-location:${options.seed}:overdue`)));
    if (where) base.location = where;
    const plan = forcedPlan('signed', base.plan);
    const limitOf = (c: CatalogItem) => Math.min(...c.limits.map((l) => l.handleMinutes));
    const quick = [...g.ref.catalog].filter((c) => !MINOR.has(c.code)).sort((a, b) => limitOf(a) - limitOf(b))[0] ?? plan.item;
    plan.item = quick;
    plan.topic = quick;
    plan.grade = [...quick.limits].sort((a, b) => a.handleMinutes - b.handleMinutes)[0]?.grade ?? 'normal';
    const run = new CaseRun(g, caseId(++seq), seq, { ...base, plan, stopAt: 'signed' });
    run.run();
    if (run.state) g.cases.push(run.state);
  }

  const events = g.events.sort((a, b) => a.e.at - b.e.at || a.seq - b.seq || a.e.version - b.e.version).map((x) => x.e);
  const cases = [...g.cases].sort((a, b) => a.reportedAt - b.reportedAt || (a.id < b.id ? -1 : 1));
  return { events, cases, precedents: g.precedents };
}
