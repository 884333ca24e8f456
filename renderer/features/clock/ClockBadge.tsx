/**
 * One supervision clock as a live countdown, coloured by state AND labelled with text and an icon, so it
 * reads without colour (colour-blind safe). Only these badges tick every second.
 */
import { memo, useEffect, useMemo, useReducer, useRef } from 'react';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  MinusCircleOutlined,
  PauseCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { CalendarConfig } from '../../../shared/calendar/types.js';
import type { CaseClock, ClockState } from '../../../shared/model.js';
import { clockMeasure } from '../../../shared/clocks.js';
import { serverNow, subscribe } from '../../lib/ticker.js';
import { fmtClockMinutes, fmtSpan, fmtTime, overdueSpan } from '../../lib/format.js';
import { t, fmt } from '../../i18n/zh-CN.js';

const ICONS: Record<ClockState, React.ReactNode> = {
  normal: <ClockCircleOutlined />,
  warning: <ExclamationCircleOutlined />,
  overdue: <WarningOutlined />,
  paused: <PauseCircleOutlined />,
  met: <CheckCircleOutlined />,
  late: <CloseCircleOutlined />,
  stopped: <MinusCircleOutlined />,
};

/**
 * The badge's time, in the clock's own measure (the one convention of every screen): a natural-time clock
 * counts wall-clock time (剩余 01:23:45, 超期 2天 03:10); a working-time clock counts working time only
 * (剩余 3 工作小时 20 分钟, 超期 35 工作小时), as the wall and the statistics do. The absolute deadline is in
 * the badge's title.
 */
export function clockText(clock: CaseClock, state: ClockState, now: number, calendar?: CalendarConfig): string {
  const working = !clock.natural && calendar !== undefined;
  if (state === 'paused') return fmt(t.clock.pausedLeft, { m: fmtClockMinutes(clock.remainingAtPause ?? 0, clock.natural) });
  if (state === 'met' || state === 'late' || state === 'stopped') return fmtTime(clock.stoppedAt);
  if (state === 'overdue') {
    if (!working) return `${t.clock.overdueBy} ${fmtSpan(now - clock.deadline)}`;
    return `${t.clock.overdueBy} ${overdueSpan(clockMeasure(clock, calendar).between(clock.deadline, now), false)}`;
  }
  if (!working) return `${t.clock.remaining} ${fmtSpan(clock.deadline - now)}`;
  return `${t.clock.remaining} ${fmtClockMinutes(Math.ceil(clockMeasure(clock, calendar).between(now, clock.deadline)), false)}`;
}

/** Text glyphs for the virtualised queue rows, where icon components cost too much per scrolled row. */
const GLYPHS: Record<ClockState, string> = {
  normal: '\u25F7',
  warning: '\u25B2',
  overdue: '\u2716',
  paused: '\u2016',
  met: '\u2714',
  late: '\u2716',
  stopped: '\u2014',
};

export interface ClockBadgeProps {
  clock: CaseClock;
  calendar: CalendarConfig | undefined;
  /** Show the clock kind (受理/派遣/处置/核查) before the state. */
  showKind?: boolean;
  /** A text glyph instead of an icon component (queue rows). */
  glyph?: boolean;
}

/**
 * When a running clock enters its warning band: `warnRatio` of the limit before the deadline, counted in
 * the clock's own measure. Computed once per clock so the per-second tick is only comparisons.
 */
export function warnAtOf(clock: CaseClock, calendar: CalendarConfig): number {
  return clockMeasure(clock, calendar).add(clock.deadline, -calendar.warnRatio * clock.limitMinutes);
}

/** Same answer as clockStateAt for a running clock, from a precomputed warning instant. */
export function stateAt(clock: CaseClock, now: number, warnAt: number | undefined): ClockState {
  if (clock.stoppedAt !== undefined) return clock.outcome ?? 'stopped';
  if (clock.pausedAt !== undefined) return 'paused';
  if (now > clock.deadline) return 'overdue';
  // warnAt is the latest instant with exactly warnRatio × limit left (calendar add with negative minutes),
  // and the shared rule warns only when strictly less is left: so strictly after warnAt.
  return warnAt !== undefined && now > warnAt ? 'warning' : 'normal';
}

export const ClockBadge = memo(function ClockBadge({ clock, calendar, showKind = true, glyph = false }: ClockBadgeProps) {
  // The countdown text is rewritten in place each second (no React render per badge per tick); a change
  // of state (normal → warning → overdue) re-renders the badge for its colour, icon and label.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const timeRef = useRef<HTMLSpanElement>(null);
  const warnAt = useMemo(
    () => (calendar && clock.stoppedAt === undefined && clock.pausedAt === undefined ? warnAtOf(clock, calendar) : undefined),
    [clock, calendar],
  );
  const now = serverNow();
  const state: ClockState = stateAt(clock, now, warnAt);
  const stateRef = useRef(state);
  stateRef.current = state;
  const ticking = clock.stoppedAt === undefined && clock.pausedAt === undefined;
  useEffect(() => {
    if (!ticking) return;
    return subscribe(() => {
      const n = serverNow();
      const st = stateAt(clock, n, warnAt);
      if (st !== stateRef.current) rerender();
      else if (timeRef.current) timeRef.current.textContent = clockText(clock, st, n, calendar);
    });
  }, [clock, warnAt, ticking, calendar]);
  const title = `${t.clock.kinds[clock.kind]} · ${t.clock.deadline} ${fmtTime(clock.deadline)} · ${clock.natural ? t.clock.natural : t.clock.working}`;
  return (
    <span className={`clk clk-${state}`} title={title} data-testid="clock-badge" data-state={state} data-kind={clock.kind}>
      {glyph ? (
        <span className="clk-glyph" aria-hidden="true">
          {GLYPHS[state]}
        </span>
      ) : (
        ICONS[state]
      )}
      <span className="clk-label">
        {showKind ? `${t.clock.kinds[clock.kind]}·` : ''}
        {t.clock.states[state]}
      </span>
      <span className="clk-time" ref={timeRef}>
        {clockText(clock, state, now, calendar)}
      </span>
    </span>
  );
});
