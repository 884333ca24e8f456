import { describe, expect, it } from 'vitest';
import { QueueTab } from '../api.js';
import { BounceReasonCode, COMMAND_TYPES } from '../commands.js';
import { CaseEventType } from '../gridEvent.js';
import {
  AccountabilityKind,
  CaseSource,
  CaseStatus,
  ClockKind,
  ClockState,
  ExternalRole,
  Grade,
  Satisfaction,
  UrgeLevel,
  UserRole,
} from '../model.js';
import {
  ACCOUNTABILITY_KIND_LABELS,
  BOUNCE_REASON_LABELS,
  CLOCK_KIND_LABELS,
  CLOCK_STATE_LABELS,
  COMMAND_ACTION_LABELS,
  COMMAND_LABELS,
  EVENT_LABELS,
  GRADE_LABELS,
  QUEUE_TAB_LABELS,
  ROLE_LABELS,
  SATISFACTION_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  URGE_LEVEL_LABELS,
  USER_ROLE_LABELS,
} from './labels.js';

const tables: [string, readonly string[], Record<string, string>][] = [
  ['case status', CaseStatus.options, STATUS_LABELS],
  ['queue tab', QueueTab.options, QUEUE_TAB_LABELS],
  ['source', CaseSource.options, SOURCE_LABELS],
  ['grade', Grade.options, GRADE_LABELS],
  ['clock kind', ClockKind.options, CLOCK_KIND_LABELS],
  ['clock state', ClockState.options, CLOCK_STATE_LABELS],
  ['satisfaction', Satisfaction.options, SATISFACTION_LABELS],
  ['urge level', UrgeLevel.options, URGE_LEVEL_LABELS],
  ['user role', UserRole.options, USER_ROLE_LABELS],
  ['actor role', [...UserRole.options, ...ExternalRole.options], ROLE_LABELS],
  ['accountability kind', AccountabilityKind.options, ACCOUNTABILITY_KIND_LABELS],
  ['bounce reason', BounceReasonCode.options, BOUNCE_REASON_LABELS],
  ['event', CaseEventType.options, EVENT_LABELS],
  ['command (verb)', COMMAND_TYPES, COMMAND_LABELS],
  ['command (action)', COMMAND_TYPES, COMMAND_ACTION_LABELS],
];

describe('enum labels', () => {
  it.each(tables)('every %s has a Chinese label, and no label is left over', (_name, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const v of values) expect(labels[v], v).toMatch(/\p{Script=Han}/u);
  });

  it('names the signed status 已签收处置中', () => {
    expect(STATUS_LABELS.signed).toBe('已签收处置中');
  });
});
