/** A metric's name with its formula and version on hover (every rate on screen carries its definition). */
import { Tooltip } from 'antd';
import { metricDefinition } from '../../../shared/metrics/definitions.js';
import { fmt, s } from './strings.js';

export function metricFormulaText(id: string, fallback?: { formula: string; version: string }): string {
  const def = metricDefinition(id);
  const formula = fallback?.formula ?? def?.formula ?? '';
  const version = fallback?.version ?? def?.version ?? '';
  return `${fmt(s.formula, { formula })}；${fmt(s.version, { version })}`;
}

export function MetricTip({ id, label, formula, version }: { id: string; label?: string; formula?: string; version?: string }) {
  const def = metricDefinition(id);
  const text = metricFormulaText(id, formula !== undefined && version !== undefined ? { formula, version } : undefined);
  return (
    <Tooltip
      title={
        <div data-testid={`formula-tip-${id}`}>
          <div>{text}</div>
          {def ? <div style={{ marginTop: 4, opacity: 0.85 }}>{def.definition}</div> : null}
        </div>
      }
    >
      <span data-testid={`metric-head-${id}`} style={{ borderBottom: '1px dashed currentColor', cursor: 'help' }} aria-label={text}>
        {label ?? def?.label ?? id}
      </span>
    </Tooltip>
  );
}
