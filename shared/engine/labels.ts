/**
 * The one home of the Chinese label of every enum value: case status, grade, source, role, clock, queue
 * tab, event, command … The engine's messages, the renderer's i18n (renderer/i18n), the core, the metrics
 * and the xlsx export all read these tables; labels.test.ts checks that every enum value has one.
 */
import type { z } from 'zod';
import type { QueueTab } from '../api.js';
import type { BounceReasonCode, CommandType } from '../commands.js';
import type { CaseEventType } from '../gridEvent.js';
import type {
  AccountabilityKind,
  ActorRole,
  CaseSource,
  CaseStatus,
  ClockKind,
  ClockState,
  Grade,
  Satisfaction,
  UrgeLevel,
  UserRole,
} from '../model.js';

/** Commands as a verb in the engine's sentences (不能派遣、无权受理立案 …). */

export const COMMAND_LABELS: Record<CommandType, string> = {
  report: '上报事件',
  accept: '受理立案',
  reject: '不予受理',
  selfHandle: '自行处置',
  dispatch: '派遣',
  sign: '签收',
  bounce: '回弹',
  reportResult: '反馈处置结果',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  requestPark: '申请挂账',
  decidePark: '审批挂账',
  resume: '恢复办理',
  verify: '核查',
  close: '结案',
  reopen: '重新办理',
  urge: '催办督办',
  replyUrge: '回复督办通知',
  recordAccountability: '记录责任追究',
  merge: '合并',
  unmerge: '撤销合并',
  link: '关联',
  unlink: '取消关联',
  locate: '标注位置',
};

export const STATUS_LABELS: Record<CaseStatus, string> = {
  reported: '待受理',
  accepted: '待派遣',
  rejected: '不予受理',
  self_handled: '自行处置待核查',
  dispatched: '已派遣待签收',
  signed: '已签收处置中',
  bounced: '回弹待派',
  rework: '返工处置中',
  handled: '已反馈待核查',
  verified: '核查通过待结案',
  parked: '挂账',
  closed: '已结案',
};

export const USER_ROLE_LABELS: Record<UserRole, string> = {
  dispatcher: '调度员',
  supervisor: '督办员',
  leader: '中心领导',
  wall: '会议大屏',
  admin: '系统管理员',
};

export const ROLE_LABELS: Record<ActorRole, string> = {
  ...USER_ROLE_LABELS,
  department: '职能部门',
  gridWorker: '网格员',
  hotline: '12345热线',
  system: '系统',
};

export const GRADE_LABELS: Record<Grade, string> = { urgent: '紧急', important: '重要', normal: '一般' };

export const URGE_LEVEL_LABELS: Record<UrgeLevel, string> = { remind: '催办', supervise: '督办', listed: '挂牌督办' };

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
  not_rated: '未评价',
};

export const SOURCE_LABELS: Record<CaseSource, string> = {
  grid_worker: '网格员上报',
  hotline: '12345热线',
  centre: '中心登记',
  meeting: '会议议定',
};

export const QUEUE_TAB_LABELS: Record<QueueTab, string> = {
  pending_accept: '待受理',
  pending_dispatch: '待派遣',
  handling: '处置中',
  bounced: '回弹待派',
  pending_verify: '待核查',
  pending_close: '待结案',
  overdue: '已超期',
  parked: '挂账',
  closed: '已结案',
  all: '全部',
};

export const CLOCK_KIND_LABELS: Record<ClockKind, string> = {
  registration: '受理',
  dispatch: '派遣',
  handling: '处置',
  verification: '核查',
};

export const CLOCK_STATE_LABELS: Record<ClockState, string> = {
  normal: '正常',
  warning: '临期',
  overdue: '超期',
  paused: '暂停',
  met: '按期',
  late: '逾期完成',
  stopped: '已停止',
};

export const ACCOUNTABILITY_KIND_LABELS: Record<z.infer<typeof AccountabilityKind>, string> = {
  late: '处置超时',
  poor: '处置质量差',
  improper: '处置不当',
};

export const BOUNCE_REASON_LABELS: Record<z.infer<typeof BounceReasonCode>, string> = {
  not_our_duty: '非本单位职责',
  wrong_location: '地点有误',
  insufficient_info: '信息不全',
  other: '其他',
};

/** Events as they read in a case's history. */
export const EVENT_LABELS: Record<CaseEventType, string> = {
  reported: '上报',
  accepted: '受理立案',
  rejected: '不予受理',
  self_handled: '网格员自行处置',
  dispatched: '派遣',
  signed: '签收',
  bounced: '回弹',
  result_reported: '处置反馈',
  extension_requested: '申请延期',
  extension_decided: '延期审批',
  park_requested: '申请挂账',
  park_decided: '挂账审批',
  resumed: '恢复办理',
  verified: '核查',
  rework_ordered: '返工',
  closed: '结案',
  urged: '督查督办',
  urge_replied: '督办回复',
  accountability_recorded: '责任追究',
  deadlines_recalculated: '时限重算',
  upstream_rejected: '区级平台退回',
  merged: '合并为重复上报',
  duplicate_merged: '并入重复上报',
  unmerged: '撤销合并',
  duplicate_unmerged: '撤出重复上报',
  merge_closed: '随原事件结案',
  linked: '关联',
  unlinked: '取消关联',
  located: '标注位置',
  reopened: '重新办理',
};

/** How a merged duplicate reads where its status is shown (its status is 'closed' from the merge on). */
export const MERGED_STATUS_LABELS = { pending: '已合并（随原事件办理）', closed: '已随原事件结案' } as const;

/** Commands as the name of a button or form (登记事件、处置反馈 …); COMMAND_LABELS is the verb in a sentence. */
export const COMMAND_ACTION_LABELS: Record<CommandType, string> = {
  ...COMMAND_LABELS,
  report: '登记事件',
  reportResult: '处置反馈',
  decideExtension: '延期审批',
  decidePark: '挂账审批',
  replyUrge: '督办回复',
  recordAccountability: '责任追究',
  merge: '合并重复上报',
};

/** Chinese names of command fields, for validation messages. */
export const FIELD_LABELS: Record<string, string> = {
  type: '命令类型',
  caseId: '事件编号',
  source: '来源',
  title: '标题',
  description: '描述',
  address: '地址',
  communityId: '社区',
  gridId: '网格',
  catalogItemId: '入格事项',
  reporter: '报告人',
  name: '姓名',
  phone: '电话',
  attachments: '附件',
  kind: '类型',
  reportedAt: '上报时间',
  externalRef: '外部编号',
  grade: '等级',
  note: '说明',
  reason: '理由',
  leadDepartmentId: '牵头单位',
  coDepartmentIds: '配合单位',
  fallback: '托底',
  keywords: '关键词',
  precedentId: '参考案例',
  deadlineAt: '办理期限',
  reasonCode: '回弹原因',
  text: '内容',
  minutes: '延期分钟数',
  approve: '审批结果',
  passed: '核查结果',
  satisfaction: '满意度',
  urgeId: '通知编号',
  level: '督办级别',
  message: '通知内容',
  replyHours: '回复时限（小时）',
  recordId: '记录编号',
  unitId: '责任单位',
  targetCaseId: '原事件',
  otherCaseId: '关联事件',
  location: '位置',
  lon: '经度',
  lat: '纬度',
};
