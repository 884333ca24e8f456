// @vitest-environment jsdom
// Its own file: the shared ticker is module state, and its first timer must be a fake one.
import '../../testing/dom.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { ClockBadge } from './ClockBadge.js';
import { handlingClock, ref, T0 } from '../../testing/fixtures.js';

const NOW = T0;
const clock = handlingClock;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ClockBadge ticking', () => {
  it('counts down on the shared tick without a render, and re-renders when the state changes', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    let renders = 0;
    const Probe = () => {
      renders++;
      return <ClockBadge clock={clock({ deadline: NOW + 2_000 })} calendar={ref.calendar} />;
    };
    render(<Probe />);
    const el = screen.getByTestId('clock-badge');
    const before = el.textContent;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_100);
    });
    // The text moved on; the badge's parent never rendered again.
    expect(el.textContent).not.toBe(before);
    expect(el.textContent).toContain('剩余 00:00:0');
    expect(renders).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_000);
    });
    expect(screen.getByTestId('clock-badge').getAttribute('data-state')).toBe('overdue');
    expect(screen.getByTestId('clock-badge').textContent).toContain('超期 00:00:0');
  });
});
