/** The ranking on screen: each object's points per rule (with the indicator behind them) and total. */
import { Table, Tag, Tooltip, Typography } from 'antd';
import { AssessmentScheme, type AssessmentKind, type ScoredObject } from '../../../../shared/assessment/types.js';
import { INDICATORS } from '../../../../shared/assessment/defaults.js';
import { describeRule } from '../../../../shared/assessment/scoring.js';
import { a, fmt } from '../strings.js';
import { indicatorText, itemValueText } from '../scheme.js';

export function RankingTable({
  results,
  scheme,
  shownKind,
  loading,
}: {
  results: ScoredObject[];
  scheme: AssessmentScheme;
  shownKind: AssessmentKind;
  loading: boolean;
}) {
  return (
    <div data-testid="assessment-screen">
      <Table<ScoredObject>
        data-testid="ranking-table"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={results}
        pagination={results.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        columns={[
          {
            title: a.rank,
            dataIndex: 'rank',
            width: 72,
            align: 'center',
            render: (rank: number, o: ScoredObject) =>
              o.unranked ? <Tag data-testid={`unranked-${o.id}`}>{a.unranked}</Tag> : <span data-testid={`rank-${o.id}`}>{rank}</span>,
          },
          { title: a.object, dataIndex: 'label' },
          ...scheme.rules.map((r) => ({
            key: r.id,
            title: (
              <Tooltip title={describeRule(r, INDICATORS[shownKind][r.indicator]?.label ?? r.indicator)}>
                <span>{INDICATORS[shownKind][r.indicator]?.label ?? r.indicator}</span>
              </Tooltip>
            ),
            align: 'right' as const,
            render: (_: unknown, o: ScoredObject) => {
              const it = o.items.find((x) => x.ruleId === r.id);
              if (!it) return '—';
              if (o.unranked) return <Typography.Text type="secondary">{itemValueText(shownKind, r.indicator, it)}</Typography.Text>;
              return (
                <Tooltip title={`${a.indicator}：${indicatorText(shownKind, r.indicator, it.value)}`}>
                  <span data-testid={`score-${o.id}-${r.id}`}>
                    {it.points}
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                      {fmt(a.valueInBrackets, { value: itemValueText(shownKind, r.indicator, it) })}
                    </Typography.Text>
                  </span>
                </Tooltip>
              );
            },
          })),
          {
            title: a.total,
            dataIndex: 'total',
            align: 'right' as const,
            render: (t: number, o: ScoredObject) =>
              o.unranked ? (
                <Typography.Text type="secondary" data-testid={`total-${o.id}`}>
                  {a.unranked} · {a.unrankedTotal}
                </Typography.Text>
              ) : (
                <b data-testid={`total-${o.id}`}>
                  {t} <Typography.Text type="secondary">/ {o.max}</Typography.Text>
                </b>
              ),
          },
        ]}
      />
    </div>
  );
}
