/** How long a clock has been overdue, in words for the wall and the meeting. */
import { fmt } from '../stats/strings.js';
import { w } from './strings.js';

/** 12 分钟 / 3.5 工作小时 / 26 小时: minutes under an hour, one decimal under ten hours. */
export function overdueSpan(minutes: number, natural: boolean): string {
  if (minutes < 60) return fmt(w.minutes, { m: Math.max(1, Math.round(minutes)) });
  const h = minutes >= 600 ? Math.round(minutes / 60) : Math.round(minutes / 6) / 10;
  return fmt(natural ? w.hoursNatural : w.hoursWorking, { h });
}
