/**
 * 基础网格 (一张基础网格): the street's division in force on the map, with its grids, communities and grid
 * workers; earlier divisions stay readable (a case keeps the grid it was reported in). The admin imports a
 * new division (GeoJSON or zipped Shapefile), sees every problem drawn on the map, and files it (备案);
 * the admin also renames grids here and keeps the grid workers and communities (Registry.tsx).
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { divisionInForce } from '../../../shared/geo/index.js';
import { localDay } from '../../../shared/calendar/localDay.js';
import { useAppSelector } from '../../store/hooks.js';
import { useFollowedRef } from '../ref/index.js';
import { GridMap } from '../map/index.js';
import { fmtTime, streetOffset } from '../../lib/format.js';
import { t, fmt } from '../../i18n/zh-CN.js';
import { divisionLayers, type GridRow } from './layers.js';
import { ImportDrawer } from './ImportDrawer.js';
import { NameModal, RegistryDrawer, useSaveSection } from './Registry.js';
import { renameGrid } from './maintain.js';
import { BasemapModal } from './BasemapModal.js';

const d = t.division;

export default function DivisionPage() {
  const ref = useFollowedRef();
  const role = useAppSelector((s) => s.session.info?.user.role);
  const [version, setVersion] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [importing, setImporting] = useState(false);
  const divisions = useMemo(() => ref?.divisions ?? [], [ref]);
  const today = ref ? localDay(Date.now(), streetOffset(ref.calendar)) : '';
  const current = divisionInForce(divisions, today) ?? divisions.at(-1) ?? null;
  const shown = (version !== null ? divisions.find((x) => x.version === version) : undefined) ?? current;
  const layers = useMemo(() => (shown && ref ? divisionLayers(shown, ref, { current: shown === current }) : null), [shown, current, ref]);
  const [renaming, setRenaming] = useState<GridRow | null>(null);
  const [registry, setRegistry] = useState(false);
  const [basemap, setBasemap] = useState(false);
  const save = useSaveSection();
  const rows = useMemo(() => {
    const q = query.trim();
    if (!layers) return [];
    if (!q) return layers.rows;
    return layers.rows.filter((r) => r.code.includes(q) || r.name.includes(q) || r.community.includes(q) || (r.worker ?? '').includes(q));
  }, [layers, query]);
  const isAdmin = role === 'admin';

  if (!ref) return null;
  return (
    <div className="page division-page" data-testid="division-page">
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }} size={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {d.title}
        </Typography.Title>
        {shown ? (
          <>
            <span data-testid="division-in-force">
              {fmt(d.inForce, { v: shown.version, from: shown.effectiveFrom })}
              {shown.effectiveTo ? fmt(d.until, { to: shown.effectiveTo }) : ''}
            </span>
            {shown.filedBy ? (
              <Typography.Text type="secondary">{shown.filedAt ? fmt(d.filedBy, { who: shown.filedBy, at: fmtTime(shown.filedAt) }) : fmt(d.filedByOnly, { who: shown.filedBy })}</Typography.Text>
            ) : null}
            {shown.demo ? <Tag color="orange">{d.demo}</Tag> : null}
            {divisions.length > 1 ? (
              <Select
                data-testid="division-version"
                style={{ minWidth: 220 }}
                value={shown.version}
                onChange={(v: number) => setVersion(v)}
                options={divisions.map((x) => ({ value: x.version, label: fmt(d.version, { v: x.version, from: x.effectiveFrom }) }))}
              />
            ) : null}
          </>
        ) : null}
        {isAdmin ? (
          <>
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="division-import">
              {d.import}
            </Button>
            <Button onClick={() => setRegistry(true)} data-testid="division-registry">
              {d.maintain.registry}
            </Button>
            <Button onClick={() => setBasemap(true)} data-testid="division-basemap">
              {d.basemap.button}
            </Button>
            <Typography.Text type="secondary" data-testid="division-basemap-current">
              {ref.mapTiles ? fmt(d.basemap.current, { label: ref.mapTiles.label }) : d.basemap.none}
            </Typography.Text>
          </>
        ) : null}
      </Space>
      {!shown || !layers ? (
        <Alert type="info" showIcon title={d.none} data-testid="division-none" />
      ) : (
        <div style={{ display: 'flex', gap: 12, height: 'calc(100vh - 170px)', minHeight: 480 }}>
          <div style={{ flex: '1 1 60%', minWidth: 0, border: '1px solid #dfe5ee', borderRadius: 6, overflow: 'hidden' }}>
            <GridMap outline={shown.streetOutline} communities={layers.communities} grids={layers.grids} testId="division-map" />
          </div>
          <div style={{ flex: '1 1 40%', minWidth: 380, display: 'flex', flexDirection: 'column' }}>
            <Space style={{ marginBottom: 8 }}>
              <Input.Search allowClear placeholder={d.search} value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 280 }} data-testid="division-search" />
              <Typography.Text type="secondary">{fmt(d.gridsCount, { n: layers.rows.length, c: layers.communities.length })}</Typography.Text>
            </Space>
            <Table<GridRow>
              size="small"
              rowKey="key"
              dataSource={rows}
              pagination={false}
              scroll={{ y: 'calc(100vh - 260px)' }}
              data-testid="division-grids"
              columns={[
                { title: d.colCode, dataIndex: 'code', width: 150, render: (v: string) => <span className="mono">{v}</span> },
                { title: d.colName, dataIndex: 'name' },
                { title: d.colCommunity, dataIndex: 'community', width: 110 },
                { title: d.colWorker, dataIndex: 'worker', width: 90, render: (v: string | null) => v ?? <Typography.Text type="warning">{d.noWorker}</Typography.Text> },
                { title: d.colArea, dataIndex: 'areaM2', width: 110, align: 'right', render: (v: number) => v.toLocaleString('zh-CN') },
                ...(isAdmin && shown === current
                  ? [
                      {
                        title: d.maintain.colActions,
                        key: 'actions',
                        width: 70,
                        render: (_: unknown, r: GridRow) =>
                          r.gridId ? (
                            <Button size="small" type="link" onClick={() => setRenaming(r)} data-testid={`grid-rename-${r.code}`}>
                              {d.maintain.rename}
                            </Button>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
          </div>
        </div>
      )}
      {isAdmin && importing ? <ImportDrawer ref_={ref} filed={current} onClose={() => setImporting(false)} /> : null}
      {isAdmin && registry ? <RegistryDrawer ref_={ref} onClose={() => setRegistry(false)} /> : null}
      {isAdmin && basemap ? <BasemapModal current={ref.mapTiles} onClose={() => setBasemap(false)} /> : null}
      {renaming?.gridId ? (
        <NameModal
          title={fmt(d.maintain.gridTitle, { code: renaming.code })}
          label={d.maintain.gridName}
          initial={renaming.name}
          max={100}
          testId="grid-name"
          onSave={(name) => save(renameGrid(ref.grids, renaming.gridId as string, name))}
          onClose={() => setRenaming(null)}
        />
      ) : null}
    </div>
  );
}
