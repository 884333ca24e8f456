/** Chinese labels the engine uses in its messages (also handy for the UI). */
import type { CommandType } from '../commands.js';
import type { ActorRole, CaseStatus, Grade, Satisfaction, UrgeLevel } from '../model.js';

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
  urge: '催办督办',
  replyUrge: '回复督办通知',
  recordAccountability: '记录责任追究',
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

export const ROLE_LABELS: Record<ActorRole, string> = {
  dispatcher: '调度员',
  supervisor: '督办员',
  leader: '领导',
  wall: '会议大屏',
  admin: '系统管理员',
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
};
