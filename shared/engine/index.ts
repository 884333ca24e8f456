/**
 * The command engine: decide/evolve, role permissions, deadline recalculation, precedent suggestions and
 * case numbers. Pure and deterministic; runs in the relay, the workstation core and the renderer alike.
 */
export type { Decide, Evolve, EngineContext, Decision, Rejection, RejectionCode } from './types.js';
export { decide, centreLimit, gradeLimit, involvedCaseIds } from './decide.js';
export { evolve, foldEvents, EvolveError } from './evolve.js';
export {
  ROLE_COMMANDS,
  COMMAND_FROM_STATUSES,
  MERGE_FROM,
  allowedCommands,
  allowedUrgeLevels,
  checkAccess,
  departmentOf,
  handlingOverdue,
} from './permissions.js';
export { recalculateDeadlines, upstreamRejected } from './recalculate.js';
export { suggestPrecedents, type PrecedentSuggestion } from './precedents.js';
export { caseCode, eventId, precedentIdFor, localDay } from './ids.js';
export { EVENT_DATA_SCHEMAS, parseEventData, precedentFromEvent, DeadlineChange, type EventData } from './eventData.js';
export {
  COMMAND_LABELS,
  STATUS_LABELS,
  MERGED_STATUS_LABELS,
  ROLE_LABELS,
  GRADE_LABELS,
  URGE_LEVEL_LABELS,
  SATISFACTION_LABELS,
} from './labels.js';
export {
  suggestDuplicates,
  textSimilarity,
  distanceMeters,
  DUPLICATE_DEFAULTS,
  type DuplicateSubject,
  type DuplicateOptions,
  type DuplicateSuggestion,
} from './duplicates.js';
