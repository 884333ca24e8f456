/**
 * SMS notices (短信) to people outside the product: the lead department's contacts on dispatch, urge and
 * overdue, the grid worker on a verification task. Pure rules shared by the relay (which queues and sends)
 * and the workstation (which shows the log): message kinds, Chinese templates with placeholders, quiet hours
 * (免打扰时段) and masking of mobile numbers. See docs/sms.md.
 */
import { z } from 'zod';
import { formatIssues } from './validation.js';

export const SmsKind = z.enum(['dispatch', 'urge', 'overdue', 'verification']);
export type SmsKind = z.infer<typeof SmsKind>;

/** Chinese name of each kind (log screen, template errors). */
export const SMS_KIND_LABEL: Record<SmsKind, string> = {
  dispatch: '派遣',
  urge: '催办',
  overdue: '超期',
  verification: '核查',
};

/** The placeholders a template may use, with what they stand for. */
export const SMS_PLACEHOLDERS = {
  code: '事件编号',
  title: '事件标题',
  deadline: '办理期限',
  department: '承办部门',
  grid: '网格',
} as const;
export type SmsPlaceholder = keyof typeof SMS_PLACEHOLDERS;

export const DEFAULT_SMS_TEMPLATES: Record<SmsKind, string> = {
  dispatch: '事件{code}“{title}”已派遣至{department}，请于{deadline}前办结。',
  urge: '事件{code}“{title}”被催办，请{department}尽快办理，期限{deadline}。',
  overdue: '事件{code}“{title}”已超过办理期限{deadline}，请{department}立即处置。',
  verification: '事件{code}“{title}”已办结待核查，请于{deadline}前到{grid}现场核查。',
};

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why a template cannot be used (unknown placeholder, stray brace, empty), in Chinese; null when fine. */
export function templateProblem(kind: SmsKind, text: string): string | null {
  const label = SMS_KIND_LABEL[kind];
  if (text.trim() === '') return `“${label}”短信模板不能为空`;
  if (text.length > 300) return `“${label}”短信模板过长（最多 300 字）`;
  const known = Object.keys(SMS_PLACEHOLDERS);
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (!known.includes(name)) return `“${label}”短信模板含未知占位符 {${name}}（可用：${known.map((k) => `{${k}}`).join('、')}）`;
  }
  if (/[{}]/.test(text.replace(PLACEHOLDER, ''))) return `“${label}”短信模板的花括号不成对`;
  return null;
}

/** Fill a (valid) template; a value missing from `values` becomes an empty string. */
export function renderTemplate(text: string, values: Partial<Record<SmsPlaceholder, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name as SmsPlaceholder] ?? '');
}

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应为 HH:MM（00:00–23:59）');

/** 免打扰时段: from..to in the street's local time; from > to spans midnight; from = to is no quiet time. */
export const QuietHours = z.object({ from: HHMM, to: HHMM });
export type QuietHours = z.infer<typeof QuietHours>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const DAY = 24 * 60;

/**
 * When the quiet time that holds `t` ends (epoch ms), or null when `t` is outside quiet hours.
 * `utcOffsetMinutes` is the street's offset (the calendar's).
 */
export function quietUntil(t: number, quiet: QuietHours | undefined, utcOffsetMinutes: number): number | null {
  if (!quiet) return null;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const localMs = t + utcOffsetMinutes * 60_000;
  const minuteOfDay = Math.floor((((localMs % (DAY * 60_000)) + DAY * 60_000) % (DAY * 60_000)) / 60_000);
  const inside = from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
  if (!inside) return null;
  const startOfMinute = t - (((localMs % 60_000) + 60_000) % 60_000);
  const ahead = (to - minuteOfDay + DAY) % DAY;
  return startOfMinute + ahead * 60_000;
}

/**
 * The rule: an urgent-grade case's message goes at once; any other waits for the end of quiet hours.
 * Returns the earliest time the message may be sent.
 */
export function sendableAt(t: number, urgent: boolean, quiet: QuietHours | undefined, utcOffsetMinutes: number): number {
  if (urgent) return t;
  return quietUntil(t, quiet, utcOffsetMinutes) ?? t;
}

/** The centre's SMS settings (gateway, quiet hours, templates); the key never leaves the relay. */
export const SmsSettings = z
  .object({
    /** Gateway endpoint (generic JSON POST), or 'none': messages are queued and never sent. */
    gatewayUrl: z.union([z.literal('none'), z.url({ protocol: /^https?$/, error: '网关地址应为 http(s) 地址或 none' })]),
    auth: z.enum(['hmac', 'bearer']),
    key: z.string().min(8, '网关密钥至少 8 个字符').max(256),
    /** 签名, shown as 【签名】 before the text. */
    signName: z.string().min(2, '短信签名为 2–12 个字').max(12, '短信签名为 2–12 个字'),
    quietHours: QuietHours.optional(),
    templates: z.record(SmsKind, z.string()),
  })
  .superRefine((s, ctx) => {
    for (const kind of SmsKind.options) {
      const t = s.templates[kind];
      if (t === undefined) {
        ctx.addIssue({ code: 'custom', path: ['templates', kind], message: `缺少“${SMS_KIND_LABEL[kind]}”短信模板` });
        continue;
      }
      const p = templateProblem(kind, t);
      if (p) ctx.addIssue({ code: 'custom', path: ['templates', kind], message: p });
    }
  });
export type SmsSettings = z.infer<typeof SmsSettings>;

/** Parse settings; the first problem in Chinese. */
export function parseSmsSettings(input: unknown): { ok: true; settings: SmsSettings } | { ok: false; message: string } {
  const r = SmsSettings.safeParse(input);
  return r.success ? { ok: true, settings: r.data } : { ok: false, message: formatIssues(r.error, { max: 1 }) };
}

export const SmsStatus = z.enum(['queued', 'sent', 'delivered', 'failed']);
export type SmsStatus = z.infer<typeof SmsStatus>;

/** One message of the log (a row of the relay's SMS outbox). */
export const SmsMessage = z.object({
  id: z.number().int().positive(),
  /** Idempotency key, sent to the gateway: one message per key, ever. */
  key: z.string().min(1).max(200),
  kind: SmsKind,
  caseId: z.string(),
  caseCode: z.string(),
  recipient: z.string(),
  mobile: z.string(),
  text: z.string(),
  urgent: z.boolean(),
  createdAt: z.number().int(),
  nextAt: z.number().int(),
  status: SmsStatus,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  sentAt: z.number().int().optional(),
  gatewayId: z.string().optional(),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

/** 138****5678: the first three and last four digits kept. */
export function maskMobile(mobile: string): string {
  return mobile.length >= 11 ? mobile.slice(0, 3) + '****' + mobile.slice(-4) : mobile.replace(/\d(?=\d{2})/g, '*');
}

/** Who sees mobile numbers in the log in full: the admin (who maintains the contacts); others see them masked. */
export const SMS_FULL_MOBILE_ROLES: readonly string[] = ['admin'];
/** Who may read the SMS log at all. */
export const SMS_LOG_ROLES: readonly string[] = ['supervisor', 'leader', 'admin'];

// ---------------------------------------------------------------- settings maintained by the admin

/** Who may read and change the SMS settings (短信设置): the admin only. */
export const SMS_SETTINGS_ROLES: readonly string[] = ['admin'];
export const SMS_SETTINGS_FORBIDDEN = '无权查看或修改短信设置：仅系统管理员可以操作';
export const SMS_SETTINGS_OFFLINE = '短信设置保存在中继服务器，当前离线，无法查看或修改；恢复连接后再试';

/** The settings fields an admin changes, for the change record (the key is named, never its value). */
export const SmsSettingsField = z.enum([
  'gatewayUrl',
  'auth',
  'key',
  'signName',
  'quietHours',
  'templates.dispatch',
  'templates.urge',
  'templates.overdue',
  'templates.verification',
]);
export type SmsSettingsField = z.infer<typeof SmsSettingsField>;

/** One save of the settings: who, when and which fields changed (values are not recorded: the key never is). */
export const SmsSettingsChange = z.object({
  at: z.number().int(),
  actorId: z.string(),
  actorName: z.string(),
  fields: z.array(SmsSettingsField),
});
export type SmsSettingsChange = z.infer<typeof SmsSettingsChange>;

/**
 * 'sms:settings:save': the settings as the admin edits them. `key` absent keeps the key in force (it is
 * write-only: no answer carries it); `quietHours` null means no quiet hours.
 */
export const SmsSettingsSaveRequest = z
  .object({
    gatewayUrl: z.string().trim().max(500, '网关地址过长'),
    auth: z.enum(['hmac', 'bearer']),
    key: z.string().max(256, '网关密钥过长').optional(),
    signName: z.string().trim(),
    quietHours: QuietHours.nullable(),
    templates: z.record(SmsKind, z.string()),
  })
  .strict();
export type SmsSettingsSaveRequest = z.infer<typeof SmsSettingsSaveRequest>;

/** What the relay answers about its settings: everything but the key, which is only said to be set. */
export const SmsSettingsView = z.object({
  gatewayUrl: z.string(),
  auth: z.enum(['hmac', 'bearer']),
  keySet: z.boolean(),
  signName: z.string(),
  quietHours: QuietHours.nullable(),
  templates: z.record(SmsKind, z.string()),
  /** 'stored': saved by an admin at the relay; 'config': the relay's start flags/environment (nothing saved yet). */
  source: z.enum(['stored', 'config']),
  /** The saves, newest first (at most SMS_SETTINGS_HISTORY). */
  history: z.array(SmsSettingsChange),
});
export type SmsSettingsView = z.infer<typeof SmsSettingsView>;

export const SMS_SETTINGS_HISTORY = 50;

/** The settings without the key. */
export function smsSettingsView(s: SmsSettings, source: SmsSettingsView['source'], history: SmsSettingsChange[]): SmsSettingsView {
  return {
    gatewayUrl: s.gatewayUrl,
    auth: s.auth,
    keySet: s.key.length > 0,
    signName: s.signName,
    quietHours: s.quietHours ?? null,
    templates: { ...s.templates },
    source,
    history,
  };
}

/** The fields that differ between two settings (the key compared, never shown). */
export function smsSettingsChanges(before: SmsSettings, after: SmsSettings): SmsSettingsField[] {
  const out: SmsSettingsField[] = [];
  if (before.gatewayUrl !== after.gatewayUrl) out.push('gatewayUrl');
  if (before.auth !== after.auth) out.push('auth');
  if (before.key !== after.key) out.push('key');
  if (before.signName !== after.signName) out.push('signName');
  if (JSON.stringify(before.quietHours ?? null) !== JSON.stringify(after.quietHours ?? null)) out.push('quietHours');
  for (const k of SmsKind.options) if (before.templates[k] !== after.templates[k]) out.push(`templates.${k}`);
  return out;
}

/** Sample values for a template preview (the settings screen). */
export const SMS_PREVIEW_VALUES: Record<SmsPlaceholder, string> = {
  code: 'HS20260312001',
  title: '小区门口垃圾堆放',
  deadline: '2026-03-14 17:30',
  department: '城管中队',
  grid: '第三网格',
};
