/** A metric's number that opens its case list (stats.drill) when clicked. */
import { Tooltip, Typography } from 'antd';
import type { MetricValue } from '../../../../shared/api.js';
import { formatMetric, formatMetricShort } from '../kit/format.js';
import { s } from '../strings.js';

export function DrillNumber({
  m,
  onDrill,
  testId,
  short,
}: {
  m: MetricValue | undefined;
  onDrill: () => void;
  testId: string;
  short?: boolean;
}) {
  if (!m) return <span>—</span>;
  const text = short ? formatMetricShort(m.value, m.unit) : formatMetric(m.value, m.unit);
  return (
    <Tooltip
      title={
        m.unit === 'ratio' && m.denominator !== undefined ? `${m.numerator ?? 0} / ${m.denominator}，${s.clickToDrill}` : s.clickToDrill
      }
    >
      <Typography.Link data-testid={testId} data-value={m.value ?? ''} onClick={onDrill} style={{ fontSize: 'inherit' }}>
        {text}
      </Typography.Link>
    </Tooltip>
  );
}
