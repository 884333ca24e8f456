/** The actions the engine allows, each opening its validated form (d and u as shortcuts); none for the wall user. */
import { Button, Card, Space, Tooltip, Typography } from 'antd';
import type { CommandType } from '../../../../shared/commands.js';
import { CommandForm } from '../CommandForm.js';
import { t, fmt } from '../../../i18n/zh-CN.js';

import type { Actor } from '../../../../shared/model.js';
import type { GridEvent } from '../../../../shared/gridEvent.js';

const SHORTCUT: Partial<Record<CommandType, string>> = { dispatch: 'd', urge: 'u' };

export function ActionsCard({
  c,
  allowed,
  active,
  setActive,
  readOnly,
  actor,
  target,
}: {
  c: GridEvent;
  allowed: CommandType[];
  active: CommandType | null;
  setActive: (a: CommandType | null) => void;
  readOnly: boolean;
  /** The other case an arriving merge/link form starts with. */
  target?: string | undefined;
  actor: Actor | null;
}) {
  return (
    <Card size="small" title={t.case.actions} className="wb-card wb-actions" data-testid="case-actions">
      {readOnly ? (
        <Typography.Text type="secondary" data-testid="read-only-note">
          {t.case.readOnly}
        </Typography.Text>
      ) : allowed.length === 0 ? (
        <Typography.Text type="secondary" data-testid="no-actions">
          {t.case.noActions}
        </Typography.Text>
      ) : (
        <Space wrap>
          {allowed.map((a) => {
            const label = a === 'dispatch' && c.status === 'bounced' ? t.form.mandatoryDispatch : t.enums.commands[a];
            const btn = (
              <Button
                key={a}
                type={active === a ? 'primary' : 'default'}
                danger={a === 'reject' || (a === 'dispatch' && c.status === 'bounced')}
                onClick={() => setActive(active === a ? null : a)}
                data-testid={`action-${a}`}
              >
                {label}
              </Button>
            );
            return SHORTCUT[a] ? (
              <Tooltip key={a} title={fmt(t.case.shortcutHint, { label, key: SHORTCUT[a]! })}>
                {btn}
              </Tooltip>
            ) : (
              btn
            );
          })}
        </Space>
      )}
      {active && !readOnly && actor && allowed.includes(active) && (
        <div className="wb-form">
          <Typography.Title level={5}>
            {active === 'dispatch' && c.status === 'bounced' ? t.form.mandatoryDispatch : t.enums.commands[active]}
          </Typography.Title>
          <CommandForm
            key={`${active}:${target ?? ''}`}
            type={active}
            caseState={c}
            actor={actor}
            {...(target ? { target } : {})}
            onDone={() => setActive(null)}
            onCancel={() => setActive(null)}
          />
        </div>
      )}
    </Card>
  );
}
