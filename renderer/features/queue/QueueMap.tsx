/**
 * The queue as a map (一张图): the same tab, filters and search as the table beside it; cases as points
 * coloured and shaped by clock state (the state in words in the tooltip), clustered at low zoom; grid
 * boundaries and names; a point selects its row and the selected row's point is ringed. Live: the change
 * stream invalidates the 'Cases' tag.
 */
import { useMemo } from 'react';
import { Typography } from 'antd';
import type { QueueMap as QueueMapData, QueueMapQuery } from '../../../shared/api.js';
import { divisionInForce } from '../../../shared/geo/index.js';
import { localDay } from '../../../shared/calendar/localDay.js';
import { serverApi } from '../../store/serverApi.js';
import type { ServerCall } from '../../store/serverApi.js';
import { useAppSelector } from '../../store/hooks.js';
import { useFollowedRef } from '../ref/index.js';
import { GridMap, type MapPoint } from '../map/index.js';
import { streetOffset } from '../../lib/format.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import type { QueueView } from './queueSlice.js';

const mapApi = serverApi.injectEndpoints({
  endpoints: (b) => ({
    queueMap: b.query<QueueMapData, QueueMapQuery>({
      query: (input): ServerCall<'queue.map'> => ({ method: 'queue.map', input }),
      providesTags: ['Cases'],
    }),
  }),
});

export function mapQueryOf(v: QueueView): QueueMapQuery {
  const q = v.q.trim();
  return { ...v.filters, tab: v.tab, limit: 100_000, ...(q ? { q } : {}) } as QueueMapQuery;
}

/** The columnar answer as map points. */
export function pointsOf(m: QueueMapData | undefined): MapPoint[] {
  if (!m) return [];
  return m.ids.map((id, i) => ({ id, lon: m.lons[i]!, lat: m.lats[i]!, state: m.states[i]!, code: m.codes[i]!, title: m.titles[i]! }));
}

export function QueueMapView({
  selectedId,
  onSelect,
  onOpen,
}: {
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  const view = useAppSelector((s) => s.queue.view);
  const ref = useFollowedRef();
  const query = useMemo(() => mapQueryOf(view), [view]);
  const { data } = mapApi.useQueueMapQuery(query);
  const points = useMemo(() => pointsOf(data), [data]);
  const division = useMemo(() => {
    if (!ref?.divisions?.length) return null;
    return divisionInForce(ref.divisions, localDay(Date.now(), streetOffset(ref.calendar))) ?? ref.divisions.at(-1) ?? null;
  }, [ref]);
  const grids = useMemo(() => (division?.grids ?? []).map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })), [division]);
  const communities = useMemo(() => {
    const name = new Map((ref?.communities ?? []).map((c) => [c.id, c.name]));
    return (division?.communities ?? []).map((c) => ({
      id: c.communityId,
      name: name.get(c.communityId) ?? c.name ?? '',
      boundary: c.boundary,
    }));
  }, [division, ref]);
  if (!division) return <Typography.Text type="secondary">{t.division.none}</Typography.Text>;
  return (
    <div style={{ position: 'relative', height: '100%' }} data-testid="queue-map" data-points={points.length}>
      <GridMap
        outline={division.streetOutline}
        communities={communities}
        grids={grids}
        points={points}
        selectedId={selectedId ?? undefined}
        onSelect={(id) => (id === selectedId ? onOpen(id) : onSelect(id))}
        unplaced={data?.unplaced ?? 0}
        testId="queue-grid-map"
      />
      {data?.truncated ? (
        <div
          role="status"
          style={{ position: 'absolute', left: 8, top: 8, background: '#fff8e6', padding: '2px 8px', borderRadius: 3, fontSize: 12 }}
        >
          {fmt(t.map.truncated, { n: data.ids.length })}
        </div>
      ) : null}
    </div>
  );
}
