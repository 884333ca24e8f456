/** The key figures of the period, each with both comparisons (previous period, same period last year). */
import { Card, Col, Row } from 'antd';
import type { MetricValue } from '../../../../shared/api.js';
import { KEY_METRICS, type StatsBundle } from '../kit/data.js';
import { formatChange, metricById } from '../kit/format.js';
import { MetricTip } from '../MetricTip.js';
import { s } from '../strings.js';
import { DrillNumber } from './DrillNumber.js';

function KeyFigure({
  m,
  prev,
  ly,
  onDrill,
  running,
}: {
  m: MetricValue | undefined;
  prev: MetricValue | undefined;
  ly: MetricValue | undefined;
  onDrill: () => void;
  /** Compared over the same elapsed span (labels say 同期). */
  running: boolean;
}) {
  if (!m) return null;
  return (
    <Card size="small" data-testid={`key-${m.id}`} style={{ height: '100%' }}>
      <div style={{ color: '#666', marginBottom: 4 }}>
        <MetricTip id={m.id} label={m.label} formula={m.formula} version={m.version} />
      </div>
      <div style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.2 }}>
        <DrillNumber m={m} onDrill={onDrill} testId={`key-value-${m.id}`} />
      </div>
      <div style={{ fontSize: 12, color: '#666', marginTop: 4 }}>
        <div data-testid={`key-prev-${m.id}`}>
          {running ? s.previousSameShort : s.previous} {formatChange(m, prev)}
        </div>
        <div data-testid={`key-ly-${m.id}`}>
          {running ? s.lastYearSameShort : s.lastYear} {formatChange(m, ly)}
        </div>
      </div>
    </Card>
  );
}

export function KeyFigures({ bundle, onDrill }: { bundle: StatsBundle; onDrill: (m: MetricValue) => void }) {
  return (
    <Row gutter={[12, 12]} data-testid="key-figures">
      {KEY_METRICS.map((id) => {
        const m = metricById(bundle.overall.metrics, id);
        return (
          <Col key={id} xs={12} md={6} xl={3}>
            <KeyFigure
              m={m}
              prev={metricById(bundle.previousMetrics ?? undefined, id)}
              ly={metricById(bundle.lastYearMetrics ?? undefined, id)}
              onDrill={() => m && onDrill(m)}
              running={bundle.running}
            />
          </Col>
        );
      })}
    </Row>
  );
}
