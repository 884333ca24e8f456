/**
 * 位置与周边: the case in its grid on the map, the open cases within a radius (default 100 m) listed and
 * drawn, and the grid check (a position in another grid or outside the street) said in words.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, List, Tag, Typography } from 'antd';
import { suggestDuplicates } from '../../../../shared/engine/duplicates.js';
import type { NearbyCase } from '../../../../shared/api.js';
import type { GridEvent } from '../../../../shared/gridEvent.js';
import type { RefData } from '../../../../shared/refData.js';
import { divisionInForce } from '../../../../shared/geo/index.js';
import { localDay } from '../../../../shared/calendar/localDay.js';
import { useApi } from '../../../store/hooks.js';
import { GridMap, type MapPoint } from '../../map/index.js';
import type { Lookups } from '../../ref/index.js';
import { streetOffset } from '../../../lib/format.js';
import { t, fmt } from '../../../i18n/zh-CN.js';

export const NEARBY_METRES = 100;
/** Text similarity from which a nearby case is called a likely duplicate (or the same catalogue item). */
const SUGGEST_TEXT = 0.3;

export function LocationCard({
  c,
  lk,
  refData,
  onOpen,
  onMerge,
  canMerge,
}: {
  c: GridEvent;
  lk: Lookups;
  refData: RefData | null;
  onOpen: (id: string) => void;
  /** Open the merge form with this case as the original (合并为重复上报). */
  onMerge: (originalId: string) => void;
  canMerge: boolean;
}) {
  const api = useApi();
  const [nearby, setNearby] = useState<NearbyCase[] | null>(null);
  const loc = c.location;
  useEffect(() => {
    if (!loc) return;
    let live = true;
    setNearby(null);
    api.call('case.nearby', { lon: loc.lon, lat: loc.lat, metres: NEARBY_METRES, excludeId: c.id, openOnly: true, limit: 50 }).then(
      (rows) => live && setNearby(rows),
      () => live && setNearby([]),
    );
    return () => {
      live = false;
    };
  }, [api, c.id, c.version, loc?.lon, loc?.lat]);

  const division = useMemo(() => {
    const all = refData?.divisions;
    if (!all?.length || !refData) return null;
    return divisionInForce(all, localDay(c.reportedAt, streetOffset(refData.calendar))) ?? all.at(-1) ?? null;
  }, [refData, c.reportedAt]);
  const ownGrid = lk.grid.get(c.gridId)?.code;
  const grids = useMemo(() => (division?.grids ?? []).map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })), [division]);
  const points = useMemo<MapPoint[]>(() => {
    const out: MapPoint[] = (nearby ?? []).map((n) => ({
      id: n.id,
      lon: n.lon,
      lat: n.lat,
      state: 'normal',
      code: n.code,
      title: n.title,
    }));
    if (loc) out.push({ id: c.id, lon: loc.lon, lat: loc.lat, state: 'overdue', code: c.code, title: c.title });
    return out;
  }, [nearby, loc, c.id, c.code, c.title]);

  // Likely duplicates among the nearby open cases: the scorer's reasons (distance, category, text, days).
  const suggested = useMemo(() => {
    if (!nearby?.length || !loc) return new Map<string, string[]>();
    const subjects = nearby.map((n) => ({
      id: n.id,
      code: n.code,
      location: { lon: n.lon, lat: n.lat },
      reportedAt: n.reportedAt,
      title: n.title,
      status: n.status,
    }));
    const out = suggestDuplicates(c, subjects, { radiusMeters: NEARBY_METRES, ...(refData ? { catalog: refData.catalog } : {}) });
    return new Map(
      out.filter((s) => s.textSimilarity >= SUGGEST_TEXT || s.categoryMatch === 'item').map((s) => [s.candidate.id, s.reasons]),
    );
  }, [nearby, loc, c, refData]);

  const check = c.gridCheck;
  const located = check?.locatedGridId ? lk.grid.get(check.locatedGridId) : undefined;
  return (
    <Card size="small" title={t.locationCard.title} className="wb-card" data-testid="case-location">
      {check?.outside ? (
        <Alert type="warning" showIcon title={t.locationCard.outside} style={{ marginBottom: 8 }} data-testid="grid-mismatch" />
      ) : null}
      {located ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="grid-mismatch"
          title={fmt(t.locationCard.mismatch, { grid: located.name, community: lk.community.get(located.communityId)?.name ?? '' })}
        />
      ) : null}
      {!loc ? (
        <Typography.Text type="secondary">{t.locationCard.none}</Typography.Text>
      ) : !division ? (
        <Typography.Text type="secondary">{t.locationCard.noDivision}</Typography.Text>
      ) : (
        <div style={{ display: 'flex', gap: 12 }}>
          <div style={{ flex: '1 1 55%', height: 280, border: '1px solid #dfe5ee', borderRadius: 4, overflow: 'hidden' }}>
            <GridMap
              grids={grids}
              outline={division.streetOutline}
              points={points}
              selectedId={c.id}
              focus={loc}
              focusZoom={17}
              radius={{ lon: loc.lon, lat: loc.lat, metres: NEARBY_METRES }}
              shading={ownGrid ? { values: { [ownGrid]: 1 }, steps: [1] } : undefined}
              onSelect={(id) => id !== c.id && onOpen(id)}
              clusterRadius={0}
              testId="case-map"
            />
          </div>
          <div style={{ flex: '1 1 45%', minWidth: 0 }}>
            {nearby === null ? (
              <Typography.Text type="secondary">{t.locationCard.loading}</Typography.Text>
            ) : (
              <List
                size="small"
                data-testid="nearby-list"
                header={
                  nearby.length
                    ? fmt(t.locationCard.nearbyTitle, { m: NEARBY_METRES, n: nearby.length })
                    : fmt(t.locationCard.nearbyNone, { m: NEARBY_METRES })
                }
                dataSource={nearby}
                renderItem={(n) => {
                  const reasons = suggested.get(n.id);
                  return (
                    <List.Item
                      style={{ cursor: 'pointer', display: 'block' }}
                      onClick={() => onOpen(n.id)}
                      data-testid="nearby-row"
                      data-case-id={n.id}
                      data-suggested={reasons ? 'true' : 'false'}
                    >
                      <div>
                        {reasons ? <Tag color="orange">{t.locationCard.likelyDuplicate}</Tag> : null}
                        {fmt(t.locationCard.nearbyRow, {
                          code: n.code,
                          title: n.title,
                          d: Math.round(n.metres),
                          status: t.enums.statuses[n.status],
                        })}
                      </div>
                      {reasons ? (
                        <div style={{ marginTop: 4 }}>
                          <Typography.Text type="secondary">{reasons.join('、')}</Typography.Text>
                          {canMerge ? (
                            <Button
                              size="small"
                              style={{ marginLeft: 8 }}
                              data-testid="merge-into"
                              onClick={(e) => {
                                e.stopPropagation();
                                onMerge(n.id);
                              }}
                            >
                              {t.locationCard.mergeInto}
                            </Button>
                          ) : null}
                        </div>
                      ) : null}
                    </List.Item>
                  );
                }}
              />
            )}
          </div>
        </div>
      )}
    </Card>
  );
}
