import { describe, expect, it } from 'vitest';
import { createDemoRefData } from '../../../shared/demo/refData.js';
import { replyDeadlineText } from './ReplyDeadline.js';

const calendar = createDemoRefData().calendar;

describe('the reply deadline beside an urge’s reply time', () => {
  it('counts working hours: 24 from a Wednesday afternoon is due the following Monday, and says so', () => {
    const wednesday = Date.UTC(2026, 11, 2, 7); // 2026-12-02 15:00 Beijing
    const text = replyDeadlineText(24, calendar, wednesday);
    expect(text).toMatch(/^按工作时间计，于 2026-12-07 \d\d:\d\d 前回复$/);
    expect(replyDeadlineText(1, calendar, wednesday)).toBe('按工作时间计，于 2026-12-02 16:00 前回复');
  });
  it('says nothing for an empty or impossible value', () => {
    expect(replyDeadlineText(undefined, calendar, 0)).toBe('');
    expect(replyDeadlineText(0, calendar, 0)).toBe('');
    expect(replyDeadlineText(1.5, calendar, 0)).toBe('');
    expect(replyDeadlineText(24, undefined, 0)).toBe('');
  });
});
