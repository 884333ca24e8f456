/** The wall's screen: the design canvas fitted to the viewport, a ticking clock and the live clock of the title bar. */
import { useEffect, useState } from 'react';
import { dayIndexOf, localDay } from '../../../shared/calendar/localDay.js';
import { w, fmt } from './strings.js';
import { DESIGN_W, DESIGN_H, C } from './theme.js';

/** The scale that fits the design canvas into the viewport, and the offsets that centre it. */
export function fitCanvas(vw: number, vh: number): { scale: number; left: number; top: number } {
  const scale = Math.min(vw / DESIGN_W, vh / DESIGN_H);
  return { scale, left: (vw - DESIGN_W * scale) / 2, top: (vh - DESIGN_H * scale) / 2 };
}

export function useViewportFit() {
  const [fit, setFit] = useState(() => fitCanvas(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const on = () => setFit(fitCanvas(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return fit;
}

export function useNow(stepMs: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), stepMs);
    return () => clearInterval(id);
  }, [stepMs]);
  return now;
}

/** Local 'HH:mm:ss' of an instant at the street's UTC offset. */
export function hhmmss(t: number, offsetMinutes: number): string {
  const local = new Date(t + offsetMinutes * 60_000);
  return [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function LiveClock({ offsetMinutes }: { offsetMinutes: number }) {
  const now = useNow(1000);
  const cfg = { utcOffsetMinutes: offsetMinutes };
  const day = localDay(now, cfg);
  const [y, m, d] = day.split('-');
  const weekday = w.weekdays[(dayIndexOf(now, cfg) + 4) % 7];
  const hms = hhmmss(now, offsetMinutes);
  return (
    <div style={{ textAlign: 'right', lineHeight: 1.1 }}>
      <div data-testid="wall-clock" style={{ fontSize: 52, fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: C.accent }}>
        {hms}
      </div>
      <div data-testid="wall-date" style={{ fontSize: 30, color: C.muted }}>
        {fmt(w.date, { y: y ?? '', m: Number(m), d: Number(d), weekday: weekday ?? '' })}
      </div>
    </div>
  );
}
