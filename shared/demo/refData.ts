/**
 * The demo reference data of 黄石街 (Baiyun District, Guangzhou), built from the street's 2015 work plan
 * (seed/huangshi-grid-service-plan-2015.txt): 13 communities, ~150 basic grids with one grid worker each,
 * the departments named in the plan, a catalogue of 入格事项 and the centre's users.
 * Community names beyond those known locally, people and phone numbers are invented. Deterministic.
 */
import { defaultCalendarConfig } from '../calendar/index.js';
import type { CatalogItem, Community, Department, GradeLimit, Grid, GridWorker, User } from '../model.js';
import type { RefData } from '../refData.js';
import { createRng, hashSeed } from './prng.js';

/** Password of every demo user (dispatcher, dispatcher2, supervisor, leader, wall, admin). */
export const DEMO_PASSWORD = 'grid2026';

/** 440111 = 白云区 (GB/T 2260); 010 = 黄石街 in the district's street numbering (demo value). */
export const DEMO_DIVISION_CODE = '440111';
export const DEMO_STREET_CODE = '010';

/** Working minutes of one office day in the default calendar (09:00-12:00 and 14:00-18:00). */
export const WORK_DAY_MINUTES = 7 * 60;

/** Community names and their number of basic grids (8-15 each, 150 in all). */
const COMMUNITIES: readonly (readonly [string, number])[] = [
  ['黄石东社区', 15],
  ['黄石西社区', 12],
  ['黄园社区', 10],
  ['江夏社区', 14],
  ['鹤边社区', 13],
  ['陈田社区', 9],
  ['马务社区', 11],
  ['金碧社区', 12],
  ['德康社区', 8],
  ['云苑社区', 10],
  ['江南社区', 13],
  ['松柏社区', 11],
  ['锦城社区', 12],
];

const DEPARTMENTS: readonly Department[] = [
  { id: 'dzb', name: '党政办公室', shortName: '党政办', phone: '020-36041101' },
  { id: 'mzk', name: '民政科', shortName: '民政科', phone: '020-36041102' },
  { id: 'zzb', name: '综治办（综治科）', shortName: '综治办', phone: '020-36041103' },
  { id: 'cgk', name: '城市管理科', shortName: '城管科', phone: '020-36041104' },
  { id: 'jsk', name: '经济和社会事务科', shortName: '经社科', phone: '020-36041105' },
  { id: 'jsb', name: '计划生育办公室', shortName: '计生办', phone: '020-36041106' },
  { id: 'lgzx', name: '来穗人员和出租屋服务管理中心', shortName: '流管中心', phone: '020-36041107' },
  { id: 'sqfw', name: '社区服务中心', shortName: '社区服务中心', phone: '020-36041108' },
  { id: 'szs', name: '市政管理所', shortName: '市政所', phone: '020-36041109' },
  { id: 'pcs', name: '黄石派出所', shortName: '派出所', phone: '020-36041110' },
  { id: 'zfd', name: '综合行政执法队', shortName: '综合执法队', phone: '020-36041111' },
  { id: 'aj', name: '安全生产监督管理办公室', shortName: '安监办', phone: '020-36041112' },
];

const D = WORK_DAY_MINUTES;
/** Urgent grades count natural time: 2 natural hours (local example). */
const URGENT: GradeLimit = { grade: 'urgent', handleMinutes: 120, natural: true };

/**
 * Grade limits from a normal limit (working minutes); important gets about half, at least one hour.
 * 'normal' comes first: the engine falls back to an item's first limit when a case has no grade.
 */
function limits(normal: number, important = Math.max(60, Math.round(normal / 2 / 30) * 30)): GradeLimit[] {
  return [
    { grade: 'normal', handleMinutes: normal, natural: false },
    { grade: 'important', handleMinutes: important, natural: false },
    { ...URGENT },
  ];
}

type ItemSpec = readonly [code: string, name: string, category: string, dept: string, limits: GradeLimit[], keywords: string[]];

/** The catalogue (入格事项指导目录). Limits follow the local examples in domain.md where there is one. */
const CATALOG: readonly ItemSpec[] = [
  // 市容环境
  ['SR01', '暴露垃圾', '市容环境', 'cgk', limits(4 * 60, 2 * 60), ['垃圾', '暴露', '垃圾桶', '满溢']],
  ['SR02', '道路不洁', '市容环境', 'cgk', limits(5 * 60, 2 * 60), ['保洁', '路面', '污渍', '不洁']],
  ['SR03', '乱张贴小广告', '市容环境', 'cgk', limits(D), ['小广告', '张贴', '涂写', '牛皮癣']],
  ['SR04', '占道经营', '市容环境', 'zfd', limits(4 * 60, 2 * 60), ['摆卖', '占道', '流动商贩', '走鬼']],
  ['SR05', '店外经营', '市容环境', 'zfd', limits(D), ['店外', '出店', '占用人行道']],
  ['SR06', '乱堆物堆料', '市容环境', 'cgk', limits(D), ['堆放', '杂物', '堆料']],
  ['SR07', '余泥渣土乱倒', '市容环境', 'zfd', limits(D), ['渣土', '余泥', '偷倒', '建筑垃圾']],
  ['SR08', '噪声扰民', '市容环境', 'zfd', limits(D), ['噪音', '噪声', '扰民', '施工']],
  // 公共设施
  ['GS01', '井盖缺失或破损', '公共设施', 'szs', limits(D, 4 * 60), ['井盖', '下水道', '缺失', '破损']],
  ['GS02', '路灯不亮', '公共设施', 'szs', limits(3 * D), ['路灯', '不亮', '照明']],
  ['GS03', '道路破损', '公共设施', 'szs', limits(5 * D), ['路面', '坑洼', '破损', '塌陷']],
  ['GS04', '排水不畅', '公共设施', 'szs', limits(D, 4 * 60), ['水浸', '积水', '排水', '堵塞', '污水']],
  ['GS05', '公共健身器材损坏', '公共设施', 'sqfw', limits(5 * D), ['健身器材', '损坏', '公园']],
  ['GS06', '树木倒伏', '公共设施', 'szs', limits(D, 4 * 60), ['树木', '倒伏', '断枝', '绿化']],
  // 安全隐患
  ['AQ01', '危险房屋', '安全隐患', 'aj', limits(2 * D, D), ['危房', '开裂', '墙体', '倾斜']],
  ['AQ02', '三小场所安全隐患', '安全隐患', 'aj', limits(3 * D), ['三小场所', '小作坊', '隐患']],
  ['AQ03', '瓶装燃气使用隐患', '安全隐患', 'aj', limits(D), ['液化气', '燃气', '气瓶']],
  ['AQ04', '私拉乱接电线', '安全隐患', 'aj', limits(2 * D), ['电线', '私拉', '乱接', '飞线']],
  // 消防安全
  ['XF01', '消防通道堵塞', '消防安全', 'aj', limits(D, 4 * 60), ['消防通道', '堵塞', '占用']],
  ['XF02', '消防设施缺失或损坏', '消防安全', 'aj', limits(3 * D), ['灭火器', '消防栓', '消防设施']],
  ['XF03', '电动自行车违规充电', '消防安全', 'aj', limits(D), ['电动车', '充电', '楼道']],
  // 出租屋管理
  ['CZ01', '出租屋未登记', '出租屋管理', 'lgzx', limits(5 * D), ['出租屋', '登记', '租赁']],
  ['CZ02', '来穗人员未申报居住登记', '出租屋管理', 'lgzx', limits(5 * D), ['来穗人员', '居住登记', '流动人口']],
  ['CZ03', '出租屋群租隔断', '出租屋管理', 'lgzx', limits(5 * D), ['群租', '隔断', '出租屋']],
  ['CZ04', '出租屋安全隐患', '出租屋管理', 'lgzx', limits(3 * D), ['出租屋', '隐患', '防盗网']],
  // 特殊人群
  ['TS01', '特殊人群异常情况', '特殊人群', 'zzb', limits(D, 4 * 60), ['社区矫正', '精神障碍', '吸毒', '异常']],
  ['TS02', '困难群众救助需求', '特殊人群', 'mzk', limits(5 * D), ['困难', '救助', '低保', '残疾']],
  ['TS03', '独居长者关怀', '特殊人群', 'sqfw', limits(3 * D), ['独居', '长者', '老人', '关怀']],
  // 违法建设: stop works 4 working hours, demolish 20 working days (local example)
  ['WJ01', '违法建设（在建）', '违法建设', 'zfd', limits(4 * 60, 4 * 60), ['违建', '在建', '加建', '停工']],
  ['WJ02', '违法建设（已建成）', '违法建设', 'zfd', limits(20 * D, 10 * D), ['违建', '拆除', '已建成']],
  ['WJ03', '违规搭建雨棚', '违法建设', 'zfd', limits(10 * D), ['雨棚', '搭建', '天台']],
  // 道路交通
  ['DL01', '机动车乱停放', '道路交通', 'pcs', limits(4 * 60, 2 * 60), ['乱停放', '占道停车', '机动车']],
  ['DL02', '共享单车乱停放', '道路交通', 'cgk', limits(4 * 60, 2 * 60), ['共享单车', '乱停放']],
  ['DL03', '交通设施损坏', '道路交通', 'szs', limits(3 * D), ['护栏', '交通标志', '减速带']],
  // 社会治安
  ['ZA01', '治安隐患', '社会治安', 'pcs', limits(D, 4 * 60), ['治安', '可疑人员', '隐患']],
  ['ZA02', '打架斗殴', '社会治安', 'pcs', limits(2 * 60, 60), ['打架', '斗殴', '冲突']],
  ['ZA03', '黄赌毒线索', '社会治安', 'pcs', limits(2 * D), ['赌博', '线索', '举报']],
  // 矛盾纠纷
  ['MD01', '邻里纠纷', '矛盾纠纷', 'zzb', limits(5 * D), ['邻里', '纠纷', '漏水', '噪音']],
  ['MD02', '劳资纠纷', '矛盾纠纷', 'jsk', limits(5 * D, 2 * D), ['欠薪', '工资', '劳资']],
  ['MD03', '物业纠纷', '矛盾纠纷', 'zzb', limits(5 * D), ['物业', '管理费', '纠纷']],
  // 计划生育
  ['JS01', '计生服务需求', '计划生育', 'jsb', limits(5 * D), ['计生', '生育登记', '证明']],
  // Citizens' general requests (most come by the 12345 hotline, which is a source, not a category):
  // general 7 working days, complex 15 (local example)
  ['RX01', '一般综合诉求', '综合诉求', 'dzb', limits(7 * D, 3 * D), ['12345', '热线', '咨询', '诉求']],
  ['RX02', '复杂综合诉求', '综合诉求', 'dzb', limits(15 * D, 7 * D), ['12345', '热线', '复杂', '多部门']],
  // Meeting decisions are tracked like cases; their deadline usually comes from the meeting itself.
  ['HY01', '会议议定事项', '会议议定', 'dzb', limits(10 * D, 5 * D), ['会议', '议定', '督办']],
];

const SURNAMES = '陈李黄张梁刘何林罗郑谢邓冯吴周曾叶杨赖彭蔡卢麦钟区潘余朱苏胡郭徐邝关'.split('');
const GIVEN = '伟强敏丽华军芳燕斌涛杰婷娟明辉勇静玲志红坚雄锋霞东海文龙洁嘉慧颖晓俊怡健诗彬浩宏秀琳'.split('');

/** Deterministic Chinese names, all distinct. */
function makeNames(count: number, seed: string): string[] {
  const rng = createRng(hashSeed(seed));
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const given = rng.chance(0.75) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
    const name = rng.pick(SURNAMES) + given;
    if (seen.has(name) || (given.length === 2 && given[0] === given[1])) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

const pad = (n: number, width = 3) => String(n).padStart(width, '0');

/** Deterministic demo RefData of 黄石街. Every call returns a fresh, equal object. */
export function createDemoRefData(): RefData {
  const communities: Community[] = [];
  const grids: Grid[] = [];
  const gridWorkers: GridWorker[] = [];
  const totalGrids = COMMUNITIES.reduce((s, [, n]) => s + n, 0);
  const names = makeNames(totalGrids + 40, 'huangshi-people');
  const phones = createRng(hashSeed('huangshi-phones'));
  const phone = () =>
    `1${phones.pick(['33', '35', '36', '37', '38', '39', '50', '52', '58', '59', '86', '88'])}${pad(phones.int(0, 99999999), 8)}`;
  const assistants = createRng(hashSeed('huangshi-assistants'));
  let nameIndex = 0;
  COMMUNITIES.forEach(([name, gridCount], ci) => {
    const code = pad(ci + 1);
    const communityId = `c${code}`;
    communities.push({ id: communityId, name, code });
    for (let g = 1; g <= gridCount; g++) {
      const seq = pad(g);
      const gridId = `g${code}${seq}`;
      grids.push({
        id: gridId,
        code: `${DEMO_DIVISION_CODE}${DEMO_STREET_CODE}${code}${seq}`,
        name: `${name.replace(/社区$/, '')}第${seq.slice(1)}网格`,
        communityId,
        validFrom: '2015-02-28',
      });
      gridWorkers.push({ id: `w${code}${seq}`, name: names[nameIndex++] as string, gridId, phone: phone(), kind: 'worker' });
      // 网格助理: some grids have a volunteer assistant (party member, social worker, building head).
      if (assistants.chance(0.2)) {
        gridWorkers.push({ id: `a${code}${seq}`, name: names[nameIndex++] as string, gridId, phone: phone(), kind: 'assistant' });
      }
    }
  });

  const catalog: CatalogItem[] = CATALOG.map(([code, name, category, dept, lim, keywords]) => ({
    id: code.toLowerCase(),
    code,
    name,
    category,
    defaultDepartmentId: dept,
    limits: lim.map((l) => ({ ...l })),
    keywords: [...keywords],
  }));

  const users: User[] = [
    { id: 'u-dispatcher', username: 'dispatcher', name: '张敏', role: 'dispatcher', unitId: 'centre', active: true },
    { id: 'u-dispatcher2', username: 'dispatcher2', name: '王磊', role: 'dispatcher', unitId: 'centre', active: true },
    { id: 'u-supervisor', username: 'supervisor', name: '李强', role: 'supervisor', unitId: 'centre', active: true },
    { id: 'u-leader', username: 'leader', name: '许文华', role: 'leader', unitId: 'centre', active: true },
    { id: 'u-wall', username: 'wall', name: '会议大屏', role: 'wall', unitId: 'centre', active: true },
    { id: 'u-admin', username: 'admin', name: '系统管理员', role: 'admin', unitId: 'centre', active: true },
  ];

  return {
    streetName: '黄石街',
    centreName: '黄石街社区网格化服务管理中心',
    communities,
    grids,
    gridWorkers,
    // One SMS contact (联络员) per department, synthetic numbers (the SMS notices of docs/sms.md reach them).
    departments: DEPARTMENTS.map((d, i) => ({
      ...d,
      contacts: [{ name: `${d.shortName}联络员`, mobile: `1390714${String(1001 + i).padStart(4, '0')}`, duty: '联络员', sms: true }],
    })),
    catalog,
    precedents: [],
    users,
    // The 督办通知's 文号 (printed notices, issue 15.9); the admin may change it in 基础数据 → 文号格式.
    docNumberPatterns: [{ id: 'urge-notice', name: '督办通知', template: '黄石督〔{year}〕{seq}号', width: 0 }],
    calendar: defaultCalendarConfig(),
    centreLimits: {
      registrationMinutes: 30,
      dispatchMinutes: 60,
      verificationMinutes: 2 * WORK_DAY_MINUTES,
      urgentCentreMinutes: 30,
    },
    gridCodeRule: {
      pattern: '^440111010\\d{6}$',
      description: '15位网格编码：行政区划代码6位（440111 白云区，GB/T 2260）+ 街道3位（010 黄石街）+ 社区3位 + 网格序号3位',
    },
  };
}
