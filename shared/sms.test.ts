import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SMS_TEMPLATES,
  maskMobile,
  parseSmsSettings,
  quietUntil,
  renderTemplate,
  sendableAt,
  SmsKind,
  templateProblem,
  type QuietHours,
} from './sms.js';

const CN = 8 * 60; // UTC+8
const at = (hhmm: string, day = '2026-03-02') => Date.parse(`${day}T${hhmm}:00+08:00`);
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const minuteOfDay = (t: number) => Math.floor(((t + CN * 60_000) % 86_400_000) / 60_000);
const inQuiet = (t: number, q: QuietHours) => {
  const f = Number(q.from.slice(0, 2)) * 60 + Number(q.from.slice(3));
  const e = Number(q.to.slice(0, 2)) * 60 + Number(q.to.slice(3));
  const m = minuteOfDay(t);
  return f === e ? false : f < e ? m >= f && m < e : m >= f || m < e;
};

describe('templates', () => {
  it('the default templates are valid and fill every placeholder', () => {
    for (const kind of SmsKind.options) expect(templateProblem(kind, DEFAULT_SMS_TEMPLATES[kind])).toBeNull();
    expect(
      renderTemplate(DEFAULT_SMS_TEMPLATES.dispatch, { code: 'HS-1', title: '垃圾', deadline: '2026-03-02 18:00', department: '城管科' }),
    ).toBe('事件HS-1“垃圾”已派遣至城管科，请于2026-03-02 18:00前办结。');
  });

  it('refuses an unknown placeholder, unpaired braces and an empty template in Chinese', () => {
    expect(templateProblem('urge', '请处理{caseNo}')).toBe(
      '“催办”短信模板含未知占位符 {caseNo}（可用：{code}、{title}、{deadline}、{department}、{grid}）',
    );
    expect(templateProblem('dispatch', '请处理{code')).toBe('“派遣”短信模板的花括号不成对');
    expect(templateProblem('overdue', '  ')).toBe('“超期”短信模板不能为空');
    const bad = parseSmsSettings({
      gatewayUrl: 'http://127.0.0.1:1/api/sms',
      auth: 'hmac',
      key: 'k'.repeat(16),
      signName: '网格中心',
      templates: { ...DEFAULT_SMS_TEMPLATES, verification: '{网格}请核查' },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('未知占位符 {网格}');
  });

  it('rendering never leaves a known placeholder behind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SmsKind.options), fc.string({ maxLength: 20 }), (kind, v) => {
        const out = renderTemplate(DEFAULT_SMS_TEMPLATES[kind], { code: v, title: v, deadline: v, department: v, grid: v });
        return !/\{(code|title|deadline|department|grid)\}/.test(out.split(v).join(''));
      }),
    );
  });
});

describe('quiet hours', () => {
  const q: QuietHours = { from: '22:00', to: '07:00' };
  it('22:00-07:00: a message at 23:30 waits until 07:00; one at 12:00 goes; an urgent one always goes', () => {
    expect(sendableAt(at('23:30'), false, q, CN)).toBe(at('07:00', '2026-03-03'));
    expect(sendableAt(at('06:59'), false, q, CN)).toBe(at('07:00'));
    expect(sendableAt(at('07:00'), false, q, CN)).toBe(at('07:00'));
    expect(sendableAt(at('12:00'), false, q, CN)).toBe(at('12:00'));
    expect(sendableAt(at('23:30'), true, q, CN)).toBe(at('23:30'));
    expect(quietUntil(at('23:30'), { from: '08:00', to: '08:00' }, CN)).toBeNull();
  });

  it('property: a non-urgent message is never sendable inside quiet hours, and waits no longer than a day', () => {
    fc.assert(
      fc.property(hhmm, hhmm, fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.boolean(), (from, to, t, urgent) => {
        const quiet = { from, to };
        const s = sendableAt(t, urgent, quiet, CN);
        if (urgent) return s === t;
        return s >= t && s - t <= 86_400_000 && !inQuiet(s, quiet) && (inQuiet(t, quiet) || s === t);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('masking', () => {
  it('keeps the first three and the last four digits', () => {
    expect(maskMobile('13907141001')).toBe('139****1001');
  });
});
