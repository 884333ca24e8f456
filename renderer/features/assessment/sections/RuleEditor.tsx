/** One rule of a scheme in the scheme drawer: indicator, weight and its scoring parameters. */
import { Card, Input, InputNumber, Select, Space, Tag } from 'antd';
import { type AssessmentRule } from '../../../../shared/assessment/types.js';
import { a } from '../strings.js';

export function RuleEditor({ rule, onChange }: { rule: AssessmentRule; onChange: (r: AssessmentRule) => void }) {
  const r = a.rule;
  const pct = (v: number) => Math.round(v * 1000) / 10;
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      title={<Input value={rule.label} onChange={(e) => onChange({ ...rule, label: e.target.value })} aria-label={r.label} />}
    >
      <Space wrap>
        <Tag>{a.ruleTypes[rule.type]}</Tag>
        {rule.type !== 'perCount' ? (
          <span>
            {r.points}{' '}
            <InputNumber
              data-testid={`rule-${rule.id}-points`}
              min={0}
              max={100}
              value={rule.points}
              onChange={(v) => onChange({ ...rule, points: v ?? 0 })}
            />
          </span>
        ) : null}
        {rule.type === 'threshold' ? (
          <>
            <span>
              {r.threshold}{' '}
              <InputNumber
                min={0}
                max={100}
                value={pct(rule.threshold)}
                onChange={(v) => onChange({ ...rule, threshold: (v ?? 0) / 100 })}
              />
            </span>
            <span>
              {r.deductPerPoint}{' '}
              <InputNumber
                data-testid={`rule-${rule.id}-deduct`}
                min={0}
                max={100}
                step={0.1}
                value={rule.deductPerPoint}
                onChange={(v) => onChange({ ...rule, deductPerPoint: v ?? 0 })}
              />
            </span>
          </>
        ) : null}
        {rule.type === 'proportional' ? (
          <span>
            {r.target}{' '}
            <InputNumber
              min={1}
              max={100}
              value={pct(rule.target)}
              onChange={(v) => onChange({ ...rule, target: Math.max(0.01, (v ?? 100) / 100) })}
            />
          </span>
        ) : null}
        {rule.type === 'perCount' ? (
          <>
            <span>
              {r.perUnit}{' '}
              <InputNumber
                data-testid={`rule-${rule.id}-perUnit`}
                step={0.1}
                value={rule.perUnit}
                onChange={(v) => onChange({ ...rule, perUnit: v ?? 0 })}
              />
            </span>
            <span>
              {r.min} <InputNumber value={rule.min} onChange={(v) => onChange({ ...rule, min: v ?? 0 })} />
            </span>
            <span>
              {r.max} <InputNumber value={rule.max} onChange={(v) => onChange({ ...rule, max: v ?? 0 })} />
            </span>
          </>
        ) : null}
        <span>
          {r.noData}{' '}
          <Select
            value={rule.noData}
            style={{ width: 100 }}
            onChange={(v) => onChange({ ...rule, noData: v })}
            options={[
              { value: 'full', label: r.full },
              { value: 'zero', label: r.zero },
            ]}
          />
        </span>
      </Space>
    </Card>
  );
}
