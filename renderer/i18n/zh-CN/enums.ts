/** Enum labels, from their one home shared/engine/labels.ts. */
import {
  ACCOUNTABILITY_KIND_LABELS,
  BOUNCE_REASON_LABELS,
  COMMAND_ACTION_LABELS,
  EVENT_LABELS,
  GRADE_LABELS,
  ROLE_LABELS,
  SATISFACTION_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  URGE_LEVEL_LABELS,
  USER_ROLE_LABELS,
} from '../../../shared/engine/labels.js';

// Enum labels have one home, shared/engine/labels.ts (also read by the engine, the core and the export).
const statuses = STATUS_LABELS;
const sources = SOURCE_LABELS;
const grades = GRADE_LABELS;
const satisfaction = SATISFACTION_LABELS;
const urgeLevels = URGE_LEVEL_LABELS;
const roles = USER_ROLE_LABELS;
const actorRoles = ROLE_LABELS;
const accountabilityKinds = ACCOUNTABILITY_KIND_LABELS;
const bounceReasons = BOUNCE_REASON_LABELS;
const events = EVENT_LABELS;
const commands = COMMAND_ACTION_LABELS;

export const enums = {
  enums: { statuses, sources, grades, satisfaction, urgeLevels, roles, actorRoles, accountabilityKinds, bounceReasons, events, commands },
} as const;
