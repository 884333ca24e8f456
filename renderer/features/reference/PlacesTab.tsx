/** Communities and their grids (with workers, validity and replacements), and the grid code rule. */
import { useMemo } from 'react';
import { Table, Typography } from 'antd';
import type { Grid } from '../../../shared/model.js';
import type { RefData } from '../../../shared/refData.js';
import { useLookups } from '../ref/index.js';
import { t } from '../../i18n/zh-CN.js';

export function PlacesTab({ refData: ref }: { refData: RefData }) {
  const lk = useLookups();
  const gridsByCommunity = useMemo(() => {
    const m = new Map<string, Grid[]>();
    for (const g of ref.grids) m.set(g.communityId, [...(m.get(g.communityId) ?? []), g]);
    return m;
  }, [ref]);
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t.reference.gridCodeRule}：{ref.gridCodeRule.description}（<code>{ref.gridCodeRule.pattern}</code>）
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        dataSource={ref.communities}
        pagination={false}
        columns={[
          { key: 'code', title: t.reference.code, dataIndex: 'code', width: 80 },
          { key: 'name', title: t.reference.community, dataIndex: 'name' },
          { key: 'grids', title: t.reference.gridCount, render: (_, c) => gridsByCommunity.get(c.id)?.length ?? 0, width: 90 },
        ]}
        expandable={{
          expandedRowRender: (c) => (
            <Table<Grid>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={gridsByCommunity.get(c.id) ?? []}
              columns={[
                { key: 'code', title: t.reference.code, dataIndex: 'code', width: 170 },
                { key: 'name', title: t.reference.grid, dataIndex: 'name' },
                {
                  key: 'worker',
                  title: t.reference.workers,
                  render: (_, g) =>
                    ref.gridWorkers
                      .filter((w) => w.gridId === g.id)
                      .map((w) => `${w.name}${w.kind === 'assistant' ? `（${t.reference.assistant}）` : ''}`)
                      .join('、'),
                },
                { key: 'from', title: t.reference.validFrom, dataIndex: 'validFrom', width: 110 },
                { key: 'to', title: t.reference.validTo, dataIndex: 'validTo', width: 110 },
                {
                  key: 'rep',
                  title: t.reference.replacedBy,
                  render: (_, g) => (g.replacedBy ? (lk.grid.get(g.replacedBy)?.code ?? g.replacedBy) : ''),
                  width: 150,
                },
              ]}
            />
          ),
        }}
      />
    </>
  );
}
