/** Chinese strings of meeting mode (会议模式). */

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1 → 一, 6 → 六, 10 → 十, 12 → 十二, 23 → 二十三 (1–99; other numbers stay in Arabic figures). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = DIGITS[n % 10]!;
  if (tens === 0) return ones;
  return `${tens === 1 ? '' : DIGITS[tens]!}十${ones}`;
}

export const m = {
  title: '会议模式',
  meetingName: '{street}网格化服务管理专项工作会议',
  /** The agenda's sections; numbered in agenda order on screen (一、本季度运行概况), plain in the minutes. */
  sections: {
    overview: '本季度运行概况',
    overdue: '超期案件',
    urged: '多次督办案件',
    precedents: '托底裁定与案例沿袭待确认',
    assessment: '考核评价结果',
    decisions: '会议议定事项',
  } as const,
  /** A numbered heading: 一、… */
  numbered: (n: number, text: string) => `${chineseNumeral(n)}、${text}`,
  /** How many items a section holds. */
  itemCount: '{n} 项',
  page: '（{page}/{pages}）',
  next: '下一项',
  back: '上一项',
  position: '第 {i} / {n} 项',
  keysHint: '翻页笔：PageDown / PageUp 或方向键翻页；数字键 1–9 打开对应案件；D 记录议定事项；Esc 关闭',
  openCase: '打开案件',
  recordDecision: '记录议定事项',
  printMinutes: '打印会议纪要',
  fullscreen: '全屏',
  exit: '退出会议模式',
  /** The meeting's chair and attendees (会议信息), asked when a meeting starts and editable from the controls. */
  info: {
    button: '会议信息',
    title: '会议信息',
    chair: '主持人',
    chairPlaceholder: '例如：王建国（街道党工委书记）',
    attendees: '参会人员',
    attendeesPlaceholder: '多人用顿号、逗号或换行分隔，例如：李明、张华、陈静',
    save: '确定',
    chairLine: '主持：{chair}',
    attendeesLine: '参会：{n} 人',
    notSet: '未填写',
  },
  /** Between names in a list of people. */
  listSeparator: '、',
  noItems: '本项无待议内容',
  /** How long a case is overdue: 超期 3.5 工作小时. */
  overdueBy: '超期 {t}',
  urgeCount: '督办 {n} 次',
  precedentRow: '{dept}：{reason}',
  ruledBy: '{by} 于 {at} 裁定',
  /** The leadership group's review of a fallback ruling (领导小组研究). */
  ruling: {
    confirm: '确认',
    overrule: '改判',
    overruleTitle: '改判托底案例',
    overruleSubmit: '改判并形成案例沿袭',
    current: '原托底单位：{dept}',
    newDept: '改判为（新的托底单位）',
    note: '改判理由',
    confirmNote: '领导小组会议确认',
    confirmed: '已确认：{dept} 按原判沿袭',
    overruled: '已改判：今后同类事件建议派往 {dept}',
    failed: '未能保存：{msg}',
  },
  rank: '第 {n} 名',
  totalScore: '{total} 分',
  /** An object without any data in the period: not ranked (the no-data rule). */
  unranked: '无数据',
  assessmentFrom: '{scheme}（版本 {version}）· {period}',
  assessmentFrozen: '已冻结结果',
  assessmentLive: '实时计算，尚未冻结',
  decisionForm: {
    title: '记录会议议定事项',
    content: '议定事项',
    contentPlaceholder: '例如：城管科牵头，两周内完成江夏北路占道经营整治',
    department: '责任单位',
    deadline: '办结期限',
    community: '所属社区',
    grid: '所属网格',
    related: '关联案件',
    none: '无',
    submit: '确定并交办',
    required: '此项为必填项',
    deadlineFuture: '办结期限必须晚于现在',
  },
  submitted: '议定事项已登记并交办给 {dept}（待同步）',
  submitFailed: '议定事项交办失败：{msg}',
  tracked: '议定事项跟踪（含以往会议）',
  thisMeeting: '本次会议',
  columns: { no: '序号', content: '议定事项', dept: '责任单位', deadline: '办结期限', status: '办理状态', code: '事件编号', clock: '时限' },
  clockOverdue: '已超期',
  clockOk: '办理中',
  pending: '待同步',
  minutes: {
    title: '纪要',
    overview: '{period}上报 {reported} 件，结案 {closed} 件，按期结案率 {onTime}',
    time: '会议时间：{t}',
    chair: '主持：{chair}',
    attendees: '参会人员：{attendees}',
    recorder: '记录：{recorder}',
    agenda: '会议议程',
    decisions: '会议议定事项',
    noDecisions: '本次会议未形成议定事项。',
    closing: '以上议定事项已作为网格事件登记交办，由中心按办结期限跟踪督办。',
    issuer: '{centre}　{date}',
  },
  caseModal: {
    title: '案件详情',
    status: '状态',
    community: '社区',
    address: '地址',
    lead: '牵头单位',
    reportedAt: '上报时间',
    urges: '督办记录',
    timeline: '办理过程',
    description: '描述',
    /** An urge's reply, after its message. */
    replied: '（已回复：{text}）',
  },
  loadFailed: '会议数据加载失败：{msg}',
  /** How a meeting decision is written into its commands (agenda.ts); the catalogue names are reference data. */
  decision: {
    catalogItemName: '会议议定事项',
    catalogCategory: '会议议定',
    noCatalogItem: '入格事项目录中没有“会议议定事项”，无法登记',
    description: '{meeting}议定：{content}{related}',
    related: '（关联案件 {code}）',
    title: '【会议议定】{title}',
    acceptNote: '会议议定事项，直接立案',
    dispatchNote: '{meeting}议定，限期办结',
  },
} as const;
