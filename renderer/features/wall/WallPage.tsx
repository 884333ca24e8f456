/**
 * 会议大屏: the review-meeting wall display. A 1920x1080 design canvas scaled to the screen with a CSS
 * transform (3840x2160 looks the same, only sharper); dark navy; title bar with the centre's name, date and
 * live clock; rotating panels at ?pace=seconds (or one panel pinned with ?panel=name); nothing scrolls and
 * nothing needs a mouse or keyboard. Live: refetches on every `changes` push and every minute (clocks go
 * overdue without a change); a lost link shows discreetly in a corner with the time of the last update.
 * Residents' personal data is masked.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApi, useHostLink } from '../stats/kit/index.js';
import { w, fmt } from './strings.js';
import { t } from '../../i18n/zh-CN.js';
import { useViewportFit, useNow, hhmmss, LiveClock } from './layout.js';
import { PANELS, type PanelKey, wallOptions } from './options.js';
import { FiguresPanel } from './panels/FiguresPanel.js';
import { HotspotsPanel } from './panels/HotspotsPanel.js';
import { OverduePanel } from './panels/OverduePanel.js';
import { RankingPanel } from './panels/RankingPanel.js';
import { ReviewPanel } from './panels/ReviewPanel.js';
import { TrendPanel } from './panels/TrendPanel.js';
import { MapPanel } from './panels/MapPanel.js';
import { DESIGN_W, DESIGN_H, C, FONT } from './theme.js';
import { useWallData } from './useWallData.js';
import { streetOffset } from '../../lib/format.js';
import { useAppSelector } from '../../store/hooks.js';

export default function WallPage() {
  const api = useApi();
  const fit = useViewportFit();
  const opts = useMemo(() => wallOptions(window.location), []);
  const link = useHostLink(api);
  const q = useWallData(api, opts.refreshMs);
  const now = useNow(Math.min(30_000, opts.refreshMs));
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (opts.pinned) return;
    const id = setInterval(() => setIndex((i) => (i + 1) % PANELS.length), opts.paceMs);
    return () => clearInterval(id);
  }, [opts.paceMs, opts.pinned]);
  const panel: PanelKey = opts.pinned ?? PANELS[index]!;
  const data = q.data;
  const offset = streetOffset(data?.ref.calendar).utcOffsetMinutes;
  // The page's link to its host, and the workstation core's link to the relay: either one lost, the figures
  // are as old as the last update, and the corner says so with that time.
  const relay = useAppSelector((s) => s.sync.status);
  const relayLost = relay !== null && relay.connection !== 'online' && relay.connection !== 'syncing';
  const stale = link !== 'up' || q.error !== null || relayLost;
  const staleText =
    link !== 'up' || q.error !== null
      ? fmt(w.linkLost, { t: q.updatedAt ? hhmmss(q.updatedAt, offset) : '—' })
      : fmt(w.relayLost, { t: relay?.lastSyncAt ? hhmmss(relay.lastSyncAt, offset) : '—' });

  let body: ReactNode;
  if (!data)
    body = (
      <div style={{ fontSize: 48, color: C.muted, textAlign: 'center', marginTop: 300 }}>
        {q.error ? fmt(w.loadFailed, { msg: q.error }) : w.loading}
      </div>
    );
  else if (panel === 'figures') body = <FiguresPanel data={data} />;
  else if (panel === 'overdue') body = <OverduePanel data={data} now={now} />;
  else if (panel === 'ranking') body = <RankingPanel data={data} />;
  else if (panel === 'trend') body = <TrendPanel data={data} />;
  else if (panel === 'hotspots') body = <HotspotsPanel data={data} />;
  else if (panel === 'map') body = <MapPanel data={data} scale={fit.scale} />;
  else body = <ReviewPanel data={data} />;

  return (
    <div data-testid="wall-page" style={{ position: 'fixed', inset: 0, overflow: 'hidden', background: C.bg, cursor: 'none' }}>
      <div
        data-testid="wall-canvas"
        data-scale={fit.scale}
        style={{
          position: 'absolute',
          left: fit.left,
          top: fit.top,
          width: DESIGN_W,
          height: DESIGN_H,
          transform: `scale(${fit.scale})`,
          transformOrigin: '0 0',
          background: `radial-gradient(ellipse at top, ${C.bg2} 0%, ${C.bg} 70%)`,
          color: C.text,
          fontFamily: FONT,
          overflow: 'hidden',
        }}
      >
        <header
          style={{
            height: 130,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            padding: '0 48px',
            borderBottom: `3px solid ${C.border}`,
            background: 'linear-gradient(180deg, rgba(31,79,154,0.45), rgba(4,18,46,0))',
          }}
        >
          <div>
            <div data-testid="wall-title" style={{ fontSize: 50, fontWeight: 700, letterSpacing: 4 }}>
              {data?.ref.centreName ?? t.app.title}
            </div>
            <div style={{ fontSize: 28, color: C.muted, letterSpacing: 2 }}>
              {w.subtitle}
              {data ? ` · ${fmt(w.periodCaption, { period: data.bundle.period.label })}` : ''}
            </div>
          </div>
          <div data-testid="wall-panel-title" style={{ fontSize: 50, fontWeight: 700, color: C.accent, letterSpacing: 6 }}>
            {w.panels[panel]}
          </div>
          <LiveClock offsetMinutes={offset} />
        </header>
        <main data-testid={`wall-panel-${panel}`} style={{ position: 'absolute', top: 160, left: 48, right: 48, height: 810 }}>
          {body}
        </main>
        <footer
          style={{ position: 'absolute', bottom: 0, left: 48, right: 560, height: 90, display: 'flex', alignItems: 'center', gap: 16 }}
        >
          {PANELS.map((p) => (
            <span
              key={p}
              style={{
                fontSize: 28,
                padding: '6px 14px',
                whiteSpace: 'nowrap',
                borderRadius: 24,
                color: p === panel ? C.bg : C.muted,
                background: p === panel ? C.accent : 'transparent',
                border: `2px solid ${p === panel ? C.accent : C.border}`,
              }}
            >
              {w.panels[p]}
            </span>
          ))}
        </footer>
        {stale ? (
          <div
            data-testid="wall-link-lost"
            data-reason={link !== 'up' || q.error !== null ? 'host' : 'relay'}
            style={{ position: 'absolute', right: 36, bottom: 24, fontSize: 28, color: C.warn, opacity: 0.85 }}
          >
            ● {staleText}
          </div>
        ) : null}
      </div>
    </div>
  );
}
