/**
 * Realistic report content for the district simulator: grid-worker patrol reports and 12345 hotline
 * tickets across the street's communities, grids and catalogue, with a time-of-day mix. Deterministic for
 * a given random stream.
 */
import type { Command } from '../../shared/commands.js';
import type { Rng } from '../../shared/demo/prng.js';
import { gridPlacer, type GridPlacer } from '../../shared/demo/geometry.js';
import type { CatalogItem, GridWorker } from '../../shared/model.js';
import type { DistrictChange } from '../../shared/protocol.js';
import type { RefData } from '../../shared/refData.js';

const ROADS = [
  '黄石东路',
  '黄石西路',
  '江夏北路',
  '鹤边一路',
  '马务大街',
  '陈田路',
  '金碧街',
  '德康路',
  '云苑路',
  '江南大道北',
  '松柏巷',
  '锦城南路',
  '黄园路',
];
const PLACES = [
  '小区门口',
  '菜市场旁',
  '公交站旁',
  '学校附近',
  '巷口',
  '商铺门前',
  '小区内',
  '路段',
  '天桥下',
  '公园入口',
  '出租屋楼下',
  '城中村内',
];

/** One line of detail per category, so descriptions read like what a grid worker or caller would say. */
const DETAILS: Record<string, readonly string[]> = {
  市容环境: ['影响市容，居民意见较大', '已持续两天无人处理', '周边商户反映多次', '气味较大，影响通行'],
  公共设施: ['存在安全隐患，需尽快修复', '夜间通行不便', '已设置临时警示', '下雨后情况加重'],
  安全隐患: ['存在较大安全隐患', '居民担心发生事故', '需专业部门现场查看', '已提醒住户注意'],
  消防安全: ['影响消防车通行', '楼内住户较多', '夜间尤其严重', '多次劝导未改'],
  出租屋管理: ['涉及租户约十人', '房东联系不上', '需上门核实登记', '有新入住人员'],
  特殊人群: ['家属请求帮助', '需要上门了解情况', '邻居反映近日异常', '生活困难需要关注'],
  违法建设: ['正在施工', '已基本建成', '邻居投诉影响采光', '疑似未办理报建手续'],
  道路交通: ['影响行人通行', '早晚高峰拥堵', '占用盲道', '存在安全隐患'],
  社会治安: ['群众反映强烈', '夜间多发', '需警方关注', '已有视频线索'],
  矛盾纠纷: ['双方情绪激动', '已协商多次未果', '请求社区调解', '涉及多户居民'],
  计划生育: ['群众咨询办理流程', '需要开具证明', '请求上门服务'],
  综合诉求: ['市民来电反映', '来电人要求尽快处理并回复', '来电人多次反映', '市民网上留言反映'],
  会议议定: ['会议议定事项'],
};

/** Relative likelihood of catalogue categories in reports (grid patrol finds street matters most). */
const GRID_WEIGHT: Record<string, number> = {
  市容环境: 10,
  公共设施: 6,
  道路交通: 5,
  消防安全: 3,
  安全隐患: 3,
  出租屋管理: 3,
  违法建设: 2,
  特殊人群: 1,
  社会治安: 1,
  矛盾纠纷: 1,
  计划生育: 0.3,
};
const HOTLINE_WEIGHT: Record<string, number> = {
  综合诉求: 6,
  市容环境: 5,
  矛盾纠纷: 3,
  公共设施: 3,
  社会治安: 1.5,
  道路交通: 2,
  特殊人群: 1,
  违法建设: 1,
  消防安全: 1,
};

/** Street-local hour of an instant (UTC+8 by default). */
export const localHour = (at: number, utcOffsetMinutes = 480) => new Date(at + utcOffsetMinutes * 60_000).getUTCHours();

/** Share of grid-worker reports (vs 12345 hotline) by local hour: patrols run in office hours. */
export function gridShare(hour: number): number {
  if (hour >= 9 && hour < 12) return 0.75;
  if (hour >= 14 && hour < 18) return 0.7;
  if (hour >= 8 && hour < 20) return 0.45;
  return 0.08;
}

const SURNAMES = '陈李黄张梁刘何林罗郑谢邓冯吴周曾叶杨'.split('');

export interface ReportPlan {
  change: DistrictChange;
  /** The grid worker handles a minor matter on the spot (selfHandle follows). */
  selfHandle: boolean;
  workerId?: string;
}

const placers = new WeakMap<object, GridPlacer>();
function placerFor(ref: RefData): GridPlacer {
  const key = ref.divisions ?? ref;
  let p = placers.get(key);
  if (!p) placers.set(key, (p = gridPlacer(ref.divisions)));
  return p;
}

/** Build one new case report (grid worker or hotline) as a district change. */
export function makeReport(
  rng: Rng,
  ref: RefData,
  ids: { caseId: string; changeId: string; ticket: string },
  now: number,
  simNow: number,
): ReportPlan {
  const fromGrid = rng.chance(gridShare(localHour(simNow, ref.calendar.utcOffsetMinutes)));
  const weights = fromGrid ? GRID_WEIGHT : HOTLINE_WEIGHT;
  const items = ref.catalog.filter((c) => (weights[c.category] ?? 0) > 0);
  const item: CatalogItem =
    items.length > 0 ? rng.weighted(items.map((c) => [c, weights[c.category] ?? 1] as const)) : rng.pick(ref.catalog);
  const community = rng.pick(ref.communities);
  const grids = ref.grids.filter((g) => g.communityId === community.id && !g.validTo);
  const grid = grids.length > 0 ? rng.pick(grids) : rng.pick(ref.grids);
  const worker: GridWorker | undefined =
    ref.gridWorkers.find((w) => w.gridId === grid.id && w.kind === 'worker') ?? ref.gridWorkers.find((w) => w.gridId === grid.id);
  const road = rng.pick(ROADS);
  const place = rng.pick(PLACES);
  const address = `${community.name}${road}${rng.int(1, 388)}号${place}`;
  const detail = rng.pick(DETAILS[item.category] ?? ['请尽快处理']);
  const title = `${place}${item.name}`.slice(0, 100);
  const command: Command = {
    type: 'report',
    caseId: ids.caseId,
    source: fromGrid ? 'grid_worker' : 'hotline',
    title,
    description: `${address}${item.name}，${detail}。`,
    address,
    communityId: community.id,
    gridId: grid.id,
    attachments: fromGrid && rng.chance(0.8) ? [{ name: `现场照片${rng.int(1, 9)}.jpg`, kind: 'photo' }] : [],
    reportedAt: now,
    externalRef: ids.ticket,
    ...(fromGrid
      ? {}
      : { reporter: { name: `${rng.pick(SURNAMES)}${rng.chance(0.5) ? '先生' : '女士'}`, phone: `13${rng.int(100000000, 999999999)}` } }),
    ...(fromGrid && rng.chance(0.6) ? { catalogItemId: item.id } : {}),
  };
  // A position inside the grid, from the division in force (the base grid), when the street has one.
  const where = placerFor(ref).place(grid.id, rng);
  if (where) command.location = where;
  const actor: DistrictChange['actor'] =
    fromGrid && worker
      ? { kind: 'gridWorker', id: worker.id, name: worker.name }
      : { kind: 'hotline', id: 'hotline-12345', name: '12345政务服务热线' };
  const minor = ['市容环境', '道路交通'].includes(item.category);
  return {
    change: { changeId: ids.changeId, occurredAt: now, actor, command },
    selfHandle: fromGrid && worker !== undefined && minor && rng.chance(0.15),
    ...(worker ? { workerId: worker.id } : {}),
  };
}

export const BOUNCE_TEXTS: ReadonlyArray<readonly ['not_our_duty' | 'wrong_location' | 'insufficient_info' | 'other', string]> = [
  ['not_our_duty', '经核实该事项不属于本单位职责范围，建议转派相关部门。'],
  ['wrong_location', '现场核查地址有误，未找到所报问题，请核实具体位置。'],
  ['insufficient_info', '上报信息不全，缺少现场照片和具体位置，无法处置。'],
];

export const RESULT_TEXTS = [
  '已安排人员到场处置完毕，现场已恢复正常。',
  '已联系责任方整改，经复查已整改到位。',
  '已完成维修，并设置提示标识。',
  '已上门处理，当事人表示认可。',
  '已清理完毕，并加强巡查频次。',
];
export const EXTENSION_REASONS = [
  '需协调产权单位共同处置，申请延期。',
  '需采购维修材料，预计需更多时间。',
  '涉及多户居民，需逐户上门做工作。',
];
export const URGE_REPLIES = ['已收到督办通知，正在加紧处置，预计近期完成。', '已安排专人跟进，处置进度将及时反馈。'];
