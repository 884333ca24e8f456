/**
 * The absolute deadline an urge's reply time gives, beside the number typed: reply times count working
 * hours (the centre's calendar), so "24" on a Wednesday afternoon is due the following Monday, and the form
 * says so instead of leaving the dispatcher to guess.
 */
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import { formatLocal } from '../../../shared/calendar/localDay.js';
import { calendarFor } from '../../../shared/calendar/workCalendar.js';
import { serverNow } from '../../lib/ticker.js';
import { fmt, t } from '../../i18n/zh-CN.js';

/** '按工作时间计，于 2026-12-07 10:00 前回复' for `hours` working hours from `now`, or '' when unknown. */
export function replyDeadlineText(hours: unknown, calendar: CalendarConfig | undefined, now: number): string {
  if (!calendar || typeof hours !== 'number' || !Number.isInteger(hours) || hours < 1 || hours > 240) return '';
  try {
    return fmt(t.form.replyDeadline, { at: formatLocal(calendarFor(calendar).add(now, hours * 60), calendar) });
  } catch {
    return '';
  }
}

export function ReplyDeadline({ hours, calendar }: { hours: unknown; calendar: CalendarConfig | undefined }) {
  const text = replyDeadlineText(hours, calendar, serverNow());
  return text ? <span data-testid="reply-deadline">{text}</span> : null;
}
