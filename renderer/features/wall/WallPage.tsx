/**
 * 会议大屏: the review-meeting wall display. A 1920x1080 design canvas scaled to the screen with a CSS
 * transform (3840x2160 looks the same, only sharper); dark navy; title bar with the centre's name, date and
 * live clock; rotating panels at ?pace=seconds (or one panel pinned with ?panel=name); nothing scrolls and
 * nothing needs a mouse or keyboard. Live: refetches on every `changes` push and every minute (clocks go
 * overdue without a change); a lost link shows discreetly in a corner with the time of the last update.
 * Residents' personal data is masked.
 */
import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { MetricValue, QueueResult, QueueRow, StatsResult } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import { addDays, dayIndexOf, dayString, formatLocal, localDay } from '../../../shared/calendar/localDay.js';
import { clockMeasure } from '../../../shared/clocks.js';
import { maskAddress, maskText } from '../../../shared/assessment/mask.js';
import type { ApiClient } from '../../api/client.js';
import { loadStatsBundle, type StatsBundle } from '../stats/data.js';
import { formatChange, formatMetricShort, metricById } from '../stats/format.js';
import { comparisonPeriods, currentPeriod, periodOf } from '../stats/period.js';
import { fmt } from '../stats/strings.js';
import { useApi, useHostLink, useLiveQuery } from '../stats/useApi.js';
import { w } from './strings.js';
import { overdueSpan } from './overdue.js';
import { streetOffset } from '../../lib/format.js';

export { overdueSpan };

export const DESIGN_W = 1920;
export const DESIGN_H = 1080;
export const PANELS = ['figures', 'overdue', 'ranking', 'trend', 'hotspots', 'review'] as const;
export type PanelKey = (typeof PANELS)[number];
/** At most this many items in any list, so the back row can read them. */
export const MAX_ITEMS = 7;

const C = {
  bg: '#04122e',
  bg2: '#0a2150',
  panel: 'rgba(18, 52, 110, 0.55)',
  border: '#1f4f9a',
  text: '#e6f0ff',
  muted: '#9fb6da',
  accent: '#3fd0ff',
  good: '#3ee08f',
  warn: '#ffc53d',
  bad: '#ff5b5b',
};
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** Options from the page URL: ?pace=seconds&panel=name&refresh=seconds, in the search part or after the hash. */
export function wallOptions(loc: Pick<Location, 'search' | 'hash'>): { paceMs: number; pinned: PanelKey | null; refreshMs: number } {
  const params = new URLSearchParams(loc.search);
  const hashQuery = loc.hash.split('?')[1];
  if (hashQuery) new URLSearchParams(hashQuery).forEach((v, k) => params.set(k, v));
  const pace = Number(params.get('pace'));
  const panel = params.get('panel');
  const refresh = Number(params.get('refresh'));
  return {
    paceMs: Number.isFinite(pace) && pace >= 3 && pace <= 3600 ? pace * 1000 : 20_000,
    refreshMs: Number.isFinite(refresh) && refresh >= 5 && refresh <= 3600 ? refresh * 1000 : 60_000,
    pinned: panel && (PANELS as readonly string[]).includes(panel) ? (panel as PanelKey) : null,
  };
}

/** The scale that fits the design canvas into the viewport, and the offsets that centre it. */
export function fitCanvas(vw: number, vh: number): { scale: number; left: number; top: number } {
  const scale = Math.min(vw / DESIGN_W, vh / DESIGN_H);
  return { scale, left: (vw - DESIGN_W * scale) / 2, top: (vh - DESIGN_H * scale) / 2 };
}

function useViewportFit() {
  const [fit, setFit] = useState(() => fitCanvas(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const on = () => setFit(fitCanvas(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return fit;
}

function useNow(stepMs: number) {
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

function LiveClock({ offsetMinutes }: { offsetMinutes: number }) {
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
        {`${y}年${Number(m)}月${Number(d)}日 ${weekday}`}
      </div>
    </div>
  );
}

interface WallData {
  ref: RefData;
  bundle: StatsBundle;
  trend: StatsResult['trend'];
  overdue: QueueResult;
  bounced: QueueResult;
}

async function loadWall(api: ApiClient, now: number): Promise<WallData> {
  const ref = await api.call('ref.get', {});
  const cfg = ref.calendar;
  const month = currentPeriod('month', now, cfg);
  const today = dayString(dayIndexOf(now, cfg));
  const last30 = periodOf('custom', addDays(today, -29), cfg, today);
  const [bundle, trend, overdue, bounced] = await Promise.all([
    // This month so far against last month over the same elapsed span (上期同期), never against all of it.
    loadStatsBundle(api, month, { previous: comparisonPeriods(month, now, cfg).previous, lastYear: null }, ['department', 'grid']),
    api.call('stats.query', { period: { from: last30.from, to: last30.to }, groupBy: 'none' }),
    api.call('queue.list', { tab: 'overdue', sort: { field: 'deadline', dir: 'asc' }, limit: MAX_ITEMS }),
    api.call('queue.list', { tab: 'bounced', sort: { field: 'updatedAt', dir: 'asc' }, limit: MAX_ITEMS }),
  ]);
  return { ref, bundle, trend: trend.trend, overdue, bounced };
}

const panelBox: CSSProperties = {
  background: C.panel,
  border: `2px solid ${C.border}`,
  borderRadius: 12,
  padding: '28px 36px',
  boxSizing: 'border-box',
};

function FigureTile({ m, prev, tone, running }: { m: MetricValue | undefined; prev: MetricValue | undefined; tone?: string; running: boolean }) {
  if (!m) return <div style={panelBox} />;
  const change = formatChange(m, prev);
  return (
    <div
      style={{ ...panelBox, display: 'flex', flexDirection: 'column', justifyContent: 'space-between' }}
      data-testid={`wall-figure-${m.id}`}
    >
      <div style={{ fontSize: 38, color: C.muted }}>{m.label}</div>
      <div
        style={{ fontSize: 124, fontWeight: 700, color: tone ?? C.text, fontVariantNumeric: 'tabular-nums', lineHeight: 1.05 }}
        data-testid={`wall-figure-value-${m.id}`}
      >
        {formatMetricShort(m.value, m.unit)}
        {m.unit === 'hours' ? <span style={{ fontSize: 44, marginLeft: 12 }}>小时</span> : null}
      </div>
      <div style={{ fontSize: 30, color: C.muted }} data-testid={`wall-figure-change-${m.id}`}>
        {change === '无可比数据' ? w.noBase : `${running ? w.versusPreviousSame : w.versusPrevious} ${change}`}
      </div>
    </div>
  );
}

function FiguresPanel({ data }: { data: WallData }) {
  const { overall, previousMetrics } = data.bundle;
  const pick = (id: string) => metricById(overall.metrics, id);
  const prev = (id: string) => metricById(previousMetrics ?? undefined, id);
  const v = (id: string) => pick(id)?.value ?? null;
  // Colour follows the value (with the figure always beside it): green when fine, amber / red when not.
  const rateTone = (x: number | null, good: number, fair: number) =>
    x === null ? undefined : x >= good ? C.good : x >= fair ? C.warn : C.bad;
  const tiles: [string, string | undefined][] = [
    ['reported', undefined],
    ['closed', undefined],
    ['onTimeClosureRate', rateTone(v('onTimeClosureRate'), 0.7, 0.5)],
    ['overdueNow', (v('overdueNow') ?? 0) > 0 ? C.bad : C.good],
    ['satisfactionRate', rateTone(v('satisfactionRate'), 0.9, 0.7)],
    ['avgHandlingHours', undefined],
  ];
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
        gridTemplateRows: 'repeat(2, minmax(0, 1fr))',
        gap: 32,
        height: '100%',
      }}
    >
      {tiles.map(([id, tone]) => (
        <FigureTile key={id} m={pick(id)} prev={prev(id)} running={data.bundle.running} {...(tone ? { tone } : {})} />
      ))}
    </div>
  );
}

function lateClock(row: QueueRow, now: number) {
  return row.clocks
    .filter((k) => k.stoppedAt === undefined && k.pausedAt === undefined && k.deadline < now)
    .sort((a, b) => a.deadline - b.deadline)[0];
}

function overdueText(row: QueueRow, ref: RefData, now: number): string {
  const late = lateClock(row, now);
  if (!late) return '';
  const minutes = clockMeasure(late, ref.calendar).between(late.deadline, now);
  return fmt(w.overdueBy, { t: overdueSpan(minutes, late.natural) });
}

/** The unit a clock runs against: the centre itself or a department. */
const unitOf = (unitId: string | undefined, ref: RefData) => (unitId === 'centre' ? w.centre : nameOf(ref.departments, unitId));

const nameOf = (list: readonly { id: string; name: string; shortName?: string }[], id: string | undefined) => {
  const x = id ? list.find((e) => e.id === id) : undefined;
  return x ? (x.shortName ?? x.name) : '—';
};

function Row({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div
      data-testid={testId}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 28,
        height: 92,
        borderBottom: `1px solid ${C.border}`,
        fontSize: 34,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
      }}
    >
      {children}
    </div>
  );
}

const ellipsis: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };

function BigCount({ label, n, tone, testId }: { label: string; n: number; tone: string; testId: string }) {
  return (
    <div style={{ display: 'flex', alignItems: 'baseline', gap: 20, marginBottom: 16 }}>
      <span style={{ fontSize: 40, color: C.muted }}>{label}</span>
      <span data-testid={testId} style={{ fontSize: 96, fontWeight: 700, color: tone, fontVariantNumeric: 'tabular-nums', lineHeight: 1 }}>
        {n}
      </span>
      <span style={{ fontSize: 40, color: C.muted }}>{w.pieces}</span>
    </div>
  );
}

function OverduePanel({ data, now }: { data: WallData; now: number }) {
  const { overdue, ref } = data;
  const rows = overdue.rows.slice(0, MAX_ITEMS);
  return (
    <div style={{ ...panelBox, height: '100%' }}>
      <BigCount label={w.overdueTotal} n={overdue.total} tone={overdue.total > 0 ? C.bad : C.good} testId="wall-overdue-total" />
      {rows.length === 0 ? <div style={{ fontSize: 40, color: C.good, marginTop: 60 }}>{w.noOverdue}</div> : null}
      {rows.map((r) => (
        <Row key={r.id} testId="wall-overdue-row">
          <span style={{ ...ellipsis, flex: '1 1 0', color: C.text }}>{maskText(r.title)}</span>
          <span style={{ ...ellipsis, width: 420, color: C.muted }}>
            {nameOf(ref.communities, r.communityId)} · {maskAddress(r.address) || '—'}
          </span>
          <span style={{ ...ellipsis, width: 200 }}>{unitOf(lateClock(r, now)?.unitId ?? r.leadDepartmentId, ref)}</span>
          <span style={{ width: 330, textAlign: 'right', color: C.bad, fontWeight: 700 }}>{overdueText(r, ref, now)}</span>
        </Row>
      ))}
    </div>
  );
}

function Bar({ ratio, color }: { ratio: number; color: string }) {
  return (
    <div style={{ flex: '1 1 0', height: 30, background: 'rgba(255,255,255,0.08)', borderRadius: 15, overflow: 'hidden' }}>
      <div style={{ width: `${Math.max(0, Math.min(1, ratio)) * 100}%`, height: '100%', background: color, borderRadius: 15 }} />
    </div>
  );
}

function RankBadge({ n }: { n: number }) {
  const bg = n === 1 ? '#f5b800' : n === 2 ? '#b8c4d6' : n === 3 ? '#cd7f32' : C.border;
  return (
    <span
      style={{
        display: 'inline-flex',
        width: 60,
        height: 60,
        borderRadius: 30,
        background: bg,
        color: '#04122e',
        fontWeight: 700,
        fontSize: 34,
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      {n}
    </span>
  );
}

/** Departments with cases due in the period, best on-time closure first (top 7). */
export function departmentRanking(groups: StatsResult['groups']) {
  return groups
    .map((g) => ({ g, m: metricById(g.metrics, 'onTimeClosureRate'), o: metricById(g.metrics, 'overdueNow')?.value ?? 0 }))
    .filter((x) => x.g.key !== '' && x.m && x.m.value !== null)
    .sort((a, b) => b.m!.value! - a.m!.value! || (b.m!.denominator ?? 0) - (a.m!.denominator ?? 0) || (a.g.key < b.g.key ? -1 : 1))
    .slice(0, MAX_ITEMS);
}

function RankingPanel({ data }: { data: WallData }) {
  const rows = departmentRanking(data.bundle.groups.department);
  return (
    <div style={{ ...panelBox, height: '100%' }}>
      <div style={{ fontSize: 40, color: C.muted, marginBottom: 16 }}>{fmt(w.rankingTitle, { period: data.bundle.period.label })}</div>
      {rows.length === 0 ? <div style={{ fontSize: 40, marginTop: 60 }}>{w.noRanking}</div> : null}
      {rows.map(({ g, m, o }, i) => (
        <Row key={g.key} testId="wall-ranking-row">
          <RankBadge n={i + 1} />
          <span style={{ ...ellipsis, width: 260, fontSize: 38 }}>{g.label}</span>
          <Bar ratio={m!.value!} color={m!.value! >= 0.7 ? C.good : m!.value! >= 0.5 ? C.warn : C.bad} />
          <span style={{ width: 190, textAlign: 'right', fontSize: 52, fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}>
            {formatMetricShort(m!.value, 'ratio')}
          </span>
          <span style={{ width: 420, color: C.muted, fontSize: 30 }}>
            {fmt(w.rankingSub, { n: m!.numerator ?? 0, d: m!.denominator ?? 0, o })}
          </span>
        </Row>
      ))}
    </div>
  );
}

const SERIES = [
  { key: 'reported', label: w.reported, color: C.accent },
  { key: 'closed', label: w.closed, color: C.good },
  { key: 'overdue', label: w.overdue, color: C.bad },
] as const;

function TrendPanel({ data }: { data: WallData }) {
  return (
    <div style={{ ...panelBox, height: '100%', display: 'flex', flexDirection: 'column' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 48, fontSize: 38, marginBottom: 12 }}>
        <span style={{ color: C.muted }}>{w.trendTitle}</span>
        {SERIES.map((x) => (
          <span key={x.key} style={{ display: 'inline-flex', alignItems: 'center', gap: 14 }}>
            <span style={{ display: 'inline-block', width: 56, height: 10, background: x.color, borderRadius: 5 }} />
            {x.label}
          </span>
        ))}
      </div>
      <div style={{ flex: '1 1 0' }} data-testid="wall-trend-chart">
        <ResponsiveContainer>
          <LineChart data={data.trend} margin={{ top: 24, right: 40, left: 10, bottom: 10 }}>
            <CartesianGrid stroke="rgba(159,182,218,0.2)" vertical={false} />
            <XAxis
              dataKey="day"
              tickFormatter={(d: string) => d.slice(5)}
              tick={{ fill: C.muted, fontSize: 28 }}
              interval={4}
              stroke={C.border}
              tickMargin={12}
            />
            <YAxis allowDecimals={false} tick={{ fill: C.muted, fontSize: 28 }} stroke={C.border} width={80} />
            {SERIES.map((x) => (
              <Line
                key={x.key}
                type="linear"
                dataKey={x.key}
                stroke={x.color}
                strokeWidth={6}
                dot={{ r: 6, fill: x.color }}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

function HotspotsPanel({ data }: { data: WallData }) {
  const communityOfGrid = new Map(data.ref.grids.map((g) => [g.id, g.communityId]));
  const rows = data.bundle.groups.grid
    .map((g) => ({ g, n: metricById(g.metrics, 'reported')?.value ?? 0, o: metricById(g.metrics, 'overdueNow')?.value ?? 0 }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || (a.g.key < b.g.key ? -1 : 1))
    .slice(0, MAX_ITEMS);
  const max = rows[0]?.n ?? 1;
  return (
    <div style={{ ...panelBox, height: '100%' }}>
      <div style={{ fontSize: 40, color: C.muted, marginBottom: 16 }}>{fmt(w.hotspotsTitle, { period: data.bundle.period.label })}</div>
      {rows.length === 0 ? <div style={{ fontSize: 40, marginTop: 60 }}>{w.noHotspots}</div> : null}
      {rows.map(({ g, n, o }, i) => (
        <Row key={g.key} testId="wall-hotspot-row">
          <RankBadge n={i + 1} />
          <span style={{ ...ellipsis, width: 520, fontSize: 36 }}>
            {nameOf(data.ref.communities, communityOfGrid.get(g.key))} · {g.label}
          </span>
          <Bar ratio={n / max} color={C.accent} />
          <span style={{ width: 150, textAlign: 'right', fontSize: 52, fontWeight: 700 }}>{n}</span>
          <span style={{ width: 220, color: o > 0 ? C.bad : C.muted, fontSize: 30 }}>超期 {o} 件</span>
        </Row>
      ))}
    </div>
  );
}

function ReviewPanel({ data }: { data: WallData }) {
  const { bounced, ref } = data;
  const pending = ref.precedents.filter((p) => !p.confirmed).sort((a, b) => b.ruledAt - a.ruledAt);
  const cfg = ref.calendar;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 32, height: '100%' }}>
      <div style={panelBox}>
        <BigCount label={w.bounced} n={bounced.total} tone={bounced.total > 0 ? C.warn : C.good} testId="wall-bounced-total" />
        {bounced.rows.length === 0 ? <div style={{ fontSize: 36, marginTop: 40 }}>{w.noBounced}</div> : null}
        {bounced.rows.slice(0, 6).map((r) => (
          <Row key={r.id} testId="wall-bounced-row">
            <span style={{ ...ellipsis, flex: '1 1 0' }}>{maskText(r.title)}</span>
            <span style={{ width: 200, color: C.muted, ...ellipsis }}>{nameOf(ref.communities, r.communityId)}</span>
          </Row>
        ))}
      </div>
      <div style={panelBox}>
        <BigCount label={w.fallback} n={pending.length} tone={pending.length > 0 ? C.warn : C.good} testId="wall-fallback-total" />
        {pending.length === 0 ? <div style={{ fontSize: 36, marginTop: 40 }}>{w.noFallback}</div> : null}
        {pending.slice(0, 6).map((p) => (
          <Row key={p.id} testId="wall-fallback-row">
            <span style={{ ...ellipsis, flex: '1 1 0' }}>
              {fmt(w.fallbackRow, { dept: nameOf(ref.departments, p.departmentId), reason: maskText(p.reason) })}
            </span>
            <span style={{ width: 170, color: C.muted }}>{formatLocal(p.ruledAt, cfg).slice(5, 10)}</span>
          </Row>
        ))}
      </div>
    </div>
  );
}

export default function WallPage() {
  const api = useApi();
  const fit = useViewportFit();
  const opts = useMemo(() => wallOptions(window.location), []);
  const link = useHostLink(api);
  const q = useLiveQuery<WallData>(api, () => loadWall(api, Date.now()), [api], { refreshMs: opts.refreshMs, debounceMs: 500 });
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
  const stale = link !== 'up' || q.error !== null;

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
              {data?.ref.centreName ?? '社区网格化服务管理中心'}
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
          style={{ position: 'absolute', bottom: 0, left: 48, right: 560, height: 90, display: 'flex', alignItems: 'center', gap: 24 }}
        >
          {PANELS.map((p) => (
            <span
              key={p}
              style={{
                fontSize: 28,
                padding: '6px 20px',
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
            style={{ position: 'absolute', right: 36, bottom: 24, fontSize: 28, color: C.warn, opacity: 0.85 }}
          >
            ● {fmt(w.linkLost, { t: q.updatedAt ? hhmmss(q.updatedAt, offset) : '—' })}
          </div>
        ) : null}
      </div>
    </div>
  );
}
