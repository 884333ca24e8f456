/**
 * The SMS log read by the workstation (issue 15.4): the relay request 'sms:list' and the workstation API
 * method 'sms.list'. Only SMS_LOG_ROLES may read it; the relay masks mobile numbers for every role outside
 * SMS_FULL_MOBILE_ROLES before they leave it. See docs/sms.md and docs/protocol.md.
 */
import { z } from 'zod';
import { SMS_FULL_MOBILE_ROLES, SMS_LOG_ROLES, SmsKind, SmsMessage, SmsStatus, maskMobile } from './sms.js';

/** At most one year per query (366 days, leap years included). */
export const SMS_LIST_MAX_SPAN_MS = 366 * 24 * 3600_000;
/** Paging: at most this many rows per page and this deep in total (offset + limit). */
export const SMS_LIST_MAX_LIMIT = 200;
export const SMS_LIST_MAX_DEPTH = 5000;

const Time = z.number().int('时间必须是整数毫秒').min(0, '时间无效').max(8.64e15, '时间无效');

export const SmsListRequest = z
  .object({
    from: Time,
    to: Time,
    status: SmsStatus.optional(),
    kind: SmsKind.optional(),
    /** The case number (事件编号), exact. */
    caseCode: z.string().trim().min(1, '事件编号不能为空').max(64, '事件编号不能超过64个字符').optional(),
    offset: z.number().int().min(0, '分页位置无效').default(0),
    limit: z.number().int().min(1, '每页至少 1 条').max(SMS_LIST_MAX_LIMIT, `每页最多 ${SMS_LIST_MAX_LIMIT} 条`).default(50),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束时间不能早于开始时间' });
    else if (q.to - q.from > SMS_LIST_MAX_SPAN_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: '查询时段不能超过一年' });
    if (q.offset + q.limit > SMS_LIST_MAX_DEPTH)
      ctx.addIssue({ code: 'custom', path: ['offset'], message: `最多查看前 ${SMS_LIST_MAX_DEPTH} 条，请缩小查询时段` });
  });
export type SmsListRequest = z.input<typeof SmsListRequest>;

export const SmsListResponse = z.object({
  messages: z.array(SmsMessage),
  /** More rows match beyond this page. */
  hasMore: z.boolean(),
  /** Mobile numbers in this answer are masked (138****5678). */
  masked: z.boolean(),
});
export type SmsListResponse = z.infer<typeof SmsListResponse>;

export const SMS_LOG_FORBIDDEN = '无权查看短信记录：仅督办员、领导和管理员可以查看';
export const SMS_LOG_OFFLINE = '短信记录保存在中继服务器，当前离线，无法查看；恢复连接后再试';

export function maySeeSmsLog(role: string | undefined): boolean {
  return role !== undefined && SMS_LOG_ROLES.includes(role);
}

/**
 * One message as the role may see it: the mobile masked unless the role sees it in full (also inside the
 * idempotency key, which names the recipient's number).
 */
export function smsForRole(m: SmsMessage, role: string): SmsMessage {
  if (SMS_FULL_MOBILE_ROLES.includes(role)) return m;
  const masked = maskMobile(m.mobile);
  return { ...m, mobile: masked, key: m.mobile ? m.key.split(m.mobile).join(masked) : m.key };
}
