// @vitest-environment jsdom
import '../../testing/dom.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ClockBadge } from './ClockBadge.js';
import { clockMeasure } from '../../../shared/clocks.js';
import { handlingClock, ref, T0 } from '../../testing/fixtures.js';

const NOW = T0;
const clock = handlingClock;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ClockBadge', () => {
  it.each([
    ['normal', clock({}), '正常', '剩余 09:00:00'],
    ['warning', clock({ startedAt: NOW - 9.5 * 3_600_000, deadline: NOW + 1_800_000 }), '临期', '剩余 00:30:00'],
    ['overdue', clock({ deadline: NOW - 90_000 }), '超期', '超期 00:01:30'],
    ['paused', clock({ pausedAt: NOW - 60_000, remainingAtPause: 125 }), '暂停', '剩余 2 小时 5 分钟'],
    ['met', clock({ stoppedAt: NOW - 60_000, outcome: 'met' }), '按期', '2026-11-24 09:59'],
  ])('%s: colour class plus text and icon', (state, c, label, text) => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    render(<ClockBadge clock={c} calendar={ref.calendar} />);
    const el = screen.getByTestId('clock-badge');
    expect(el.getAttribute('data-state')).toBe(state);
    expect(el.className).toContain(`clk-${state}`);
    expect(el.textContent).toContain(`处置·${label}`);
    expect(el.textContent).toContain(text);
    expect(el.querySelector('.anticon')).not.toBeNull();
  });

  it('counts a working-time clock in working time, as the wall does; the deadline is in the title', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const measure = clockMeasure({ natural: false }, ref.calendar);
    // Tue 10:00 with office hours 09:00-12:00, 14:00-18:00: 200 working minutes ahead is 15:20, 5 h 20 min of wall-clock time.
    const ahead = clock({ natural: false, startedAt: NOW, limitMinutes: 200, deadline: measure.add(NOW, 200) });
    const { unmount } = render(<ClockBadge clock={ahead} calendar={ref.calendar} />);
    expect(screen.getByTestId('clock-badge').textContent).toContain('剩余 3 工作小时 20 分钟');
    expect(screen.getByTestId('clock-badge').getAttribute('title')).toContain('截止 2026-11-24 15:20');
    unmount();
    // Overdue by 35 working hours is days of wall-clock time: it reads in working hours.
    const late = clock({ natural: false, startedAt: measure.add(NOW, -40 * 60), limitMinutes: 300, deadline: measure.add(NOW, -35 * 60) });
    render(<ClockBadge clock={late} calendar={ref.calendar} />);
    expect(screen.getByTestId('clock-badge').textContent).toContain('超期 35 工作小时');
  });

  it('counts days for long deadlines', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    render(<ClockBadge clock={clock({ limitMinutes: 100_000, deadline: NOW + 3 * 86_400_000 + 2 * 3_600_000 })} calendar={ref.calendar} />);
    expect(screen.getByTestId('clock-badge').textContent).toContain('3天 02:00');
  });
});
