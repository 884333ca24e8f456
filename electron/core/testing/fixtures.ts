/**
 * Case fixtures for tests and the benchmark (never imported by the running core): engine-made template
 * cases, one per status and grade, cloned cheaply with shifted times, and generated Chinese case text.
 */
import { decide, evolve } from '../../../shared/engine/index.js';
import type { Command } from '../../../shared/commands.js';
import type { Rng } from '../../../shared/demo/prng.js';
import type { GridEvent } from '../../../shared/gridEvent.js';
import type { Actor, CaseStatus, Grade } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';

export const ROADS = ['黄石东路', '黄石西路', '江夏北路', '鹤边一路', '马务大街', '陈田路', '金碧街', '德康路', '云苑路', '江南大道北', '松柏巷', '锦城南路', '黄园路', '白云大道', '机场路', '嘉禾路', '石井大道', '广园中路', '新市西街', '棠景街', '同和路', '京溪路', '永泰大街', '太和南路'];
export const PLACES = ['小区门口', '菜市场旁', '公交站旁', '学校附近', '巷口', '商铺门前', '小区内', '路段', '天桥下', '公园入口', '出租屋楼下', '城中村内', '地铁站出口', '停车场', '幼儿园对面', '卫生站旁', '篮球场边', '祠堂前'];
export const OBJECTS = ['井盖', '路灯', '垃圾桶', '消防栓', '护栏', '绿化带', '人行道砖', '排水沟', '电动车', '广告牌', '共享单车', '雨水篦子', '化粪池', '违建棚', '晾衣架', '电线', '树木', '围墙', '楼梯扶手', '监控探头'];
export const PROBLEMS = ['破损', '缺失', '不亮', '堵塞', '占道', '乱停放', '倾斜', '松动', '漏水', '私拉乱接', '堆放杂物', '冒溢', '倒伏', '脱落', '噪音扰民', '异味', '违规搭建', '积水'];
export const DETAILS = ['影响市容，居民意见较大', '已持续两天无人处理', '周边商户反映多次', '存在安全隐患，需尽快修复', '夜间通行不便', '已设置临时警示', '下雨后情况加重', '居民担心发生事故', '需专业部门现场查看', '影响行人通行', '早晚高峰拥堵', '群众反映强烈', '来电人要求尽快处理并回复', '请求社区协调'];

export function caseText(rng: Rng): { title: string; description: string; address: string } {
  const road = rng.pick(ROADS);
  const place = rng.pick(PLACES);
  const obj = rng.pick(OBJECTS);
  const problem = rng.pick(PROBLEMS);
  const no = rng.int(1, 399);
  const address = `${road}${no}号${place}`;
  return { title: `${road}${place}${obj}${problem}`, description: `${address}${obj}${problem}，${rng.pick(DETAILS)}。${rng.chance(0.5) ? rng.pick(DETAILS) + '。' : ''}`, address };
}

export const DISPATCHER: Actor = { id: 'u-dispatcher', name: '张敏', role: 'dispatcher', unitId: 'centre' };
export const SUPERVISOR: Actor = { id: 'u-supervisor', name: '李强', role: 'supervisor', unitId: 'centre' };

export function mustDecide(state: GridEvent | null, cmd: Command, actor: Actor, now: number, ref: RefData, commandId: string): GridEvent {
  const d = decide(state, cmd, { actor, now, ref, commandId });
  if (!d.ok) throw new Error(`template ${cmd.type} refused: ${d.code} ${d.message}`);
  let s = state;
  for (const e of d.events) s = evolve(s, e);
  return s!;
}

/** One engine-made case per status and grade, reported at t0. */
export function buildTemplates(ref: RefData, t0: number): Map<string, GridEvent> {
  const out = new Map<string, GridEvent>();
  for (const grade of ['normal', 'important', 'urgent'] as Grade[]) {
    const item = ref.catalog.find((c) => c.limits.some((l) => l.grade === grade))!;
    const dept: Actor = { id: `d-${item.defaultDepartmentId}`, name: '部门', role: 'department', unitId: item.defaultDepartmentId };
    const id = `tpl-${grade}`;
    let t = t0;
    const step = () => (t += 20 * 60_000);
    const put = (status: CaseStatus, s: GridEvent) => out.set(`${grade}:${status}`, s);
    const reported = mustDecide(null, { type: 'report', caseId: id, source: 'grid_worker', title: 't', description: 'd', address: 'a', communityId: ref.communities[0]!.id, gridId: ref.grids[0]!.id, attachments: [] }, DISPATCHER, t, ref, `${id}:1`);
    put('reported', reported);
    put('rejected', mustDecide(reported, { type: 'reject', caseId: id, reason: '不属于受理范围' }, DISPATCHER, step(), ref, `${id}:rej`));
    const accepted = mustDecide(reported, { type: 'accept', caseId: id, catalogItemId: item.id, grade }, DISPATCHER, step(), ref, `${id}:2`);
    put('accepted', accepted);
    put('self_handled', mustDecide(accepted, { type: 'selfHandle', caseId: id, note: '网格员现场处理' }, DISPATCHER, step(), ref, `${id}:sh`));
    const dispatched = mustDecide(accepted, { type: 'dispatch', caseId: id, leadDepartmentId: item.defaultDepartmentId, coDepartmentIds: [] }, DISPATCHER, step(), ref, `${id}:3`);
    put('dispatched', dispatched);
    put('bounced', mustDecide(dispatched, { type: 'bounce', caseId: id, reasonCode: 'not_our_duty', text: '不属本部门职责' }, dept, step(), ref, `${id}:b`));
    const signed = mustDecide(dispatched, { type: 'sign', caseId: id }, dept, step(), ref, `${id}:4`);
    put('signed', signed);
    const parkReq = mustDecide(signed, { type: 'requestPark', caseId: id, reason: '需纳入年度工程' }, dept, step(), ref, `${id}:pr`);
    put('parked', mustDecide(parkReq, { type: 'decidePark', caseId: id, approve: true }, SUPERVISOR, step(), ref, `${id}:pd`));
    const handled = mustDecide(signed, { type: 'reportResult', caseId: id, text: '已处理完毕', attachments: [] }, dept, step(), ref, `${id}:5`);
    put('handled', handled);
    put('rework', mustDecide(handled, { type: 'verify', caseId: id, passed: false, note: '现场仍未修复' }, DISPATCHER, step(), ref, `${id}:rw`));
    const verified = mustDecide(handled, { type: 'verify', caseId: id, passed: true, note: '现场核查已修复' }, DISPATCHER, step(), ref, `${id}:6`);
    put('verified', verified);
    put('closed', mustDecide(verified, { type: 'close', caseId: id, satisfaction: 'satisfied' }, DISPATCHER, step(), ref, `${id}:7`));
  }
  return out;
}

const TIME_KEYS = new Set(['startedAt', 'deadline', 'pausedAt', 'stoppedAt', 'from', 'to', 'at', 'oldDeadline', 'newDeadline', 'reportedAt', 'acceptedAt', 'dispatchedAt', 'handledAt', 'verifiedAt', 'closedAt', 'updatedAt', 'issuedAt', 'replyDeadline', 'recordedAt', 'ruledAt']);

/** Deep copy with every instant field shifted by `delta` ms. */
export function shifted<T>(v: T, delta: number): T {
  if (Array.isArray(v)) return v.map((x) => shifted(x, delta)) as T;
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = TIME_KEYS.has(k) && typeof x === 'number' ? x + delta : shifted(x, delta);
    return o as T;
  }
  return v;
}


/** Statuses that have a template. */
export const TEMPLATE_STATUSES: readonly CaseStatus[] = ['reported', 'rejected', 'accepted', 'self_handled', 'dispatched', 'bounced', 'signed', 'parked', 'handled', 'rework', 'verified', 'closed'];
export const TEMPLATE_GRADES: readonly Grade[] = ['normal', 'important', 'urgent'];
