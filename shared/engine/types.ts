/** Contracts of the command engine. */
import type { Command } from '../commands.js';
import type { CaseEvent, GridEvent } from '../gridEvent.js';
import type { Actor } from '../model.js';
import type { RefData } from '../refData.js';

/** Machine-readable rejection codes; each has a Chinese message in the rejection. */
export type RejectionCode =
  | 'INVALID_COMMAND'
  | 'FORBIDDEN_ROLE'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'BOUNCE_LIMIT'
  | 'MANDATORY_NO_BOUNCE'
  | 'NOT_LEAD_DEPARTMENT'
  | 'NOT_ASSIGNED_DEPARTMENT'
  /** A grid worker acting on a case of another grid. */
  | 'NOT_ASSIGNED_GRID'
  | 'UNKNOWN_REFERENCE'
  | 'PENDING_REQUEST'
  | 'NO_PENDING_REQUEST'
  | 'RATING_REQUIRED'
  | 'URGE_LEVEL'
  | 'DUPLICATE_ID'
  /** Merging or linking a case with itself (also: merging into a case whose root original is this case). */
  | 'SAME_CASE'
  /** Merging into a case that is closed or rejected (a merged case's root must be open). */
  | 'MERGE_TARGET_CLOSED'
  /** Merging a case that has duplicates merged into it: undo those merges, or merge the other way. */
  | 'HAS_DUPLICATES'
  /** Unmerging a case that is not (or no longer reversibly) merged. */
  | 'NOT_MERGED'
  | 'ALREADY_LINKED'
  | 'NOT_LINKED';

export interface Rejection {
  ok: false;
  code: RejectionCode;
  /** Plain Chinese: what went wrong and what to do next. */
  message: string;
}

export interface Decision {
  ok: true;
  /** Entries on the command's own case. */
  events: CaseEvent[];
  /**
   * Entries the same command makes on OTHER cases (merge, unmerge, link, unlink, and the closure of an
   * original with duplicates), each the next version of its case as `ctx.cases` gave it, with the same
   * commandId and an id derived from (that case, its version, the command). Only produced when the deciding
   * writer passed `ctx.cases`; absent otherwise. See README.md, "Duplicates and related cases".
   */
  paired?: CaseEvent[];
}

export interface EngineContext {
  actor: Actor;
  /**
   * The instant to decide at. The engine dates entries at max(now, the case's last entry): a timeline never
   * goes back in time (see README.md, "Time").
   */
  now: number;
  /**
   * When the actor's side says it happened (a district change's occurredAt), if that is not `now`. Recorded
   * on the entries as `occurredAt` whenever they are dated otherwise.
   */
  occurredAt?: number;
  ref: RefData;
  /** Id of the command (mutation id or district change id); recorded on the events. */
  commandId?: string;
  /**
   * The other cases a cross-case command involves (`involvedCaseIds`), as the single writer (the relay) has
   * them: null/undefined for an unknown case. Without it (an optimistic local decision) decide checks what
   * the case itself shows and makes no paired entries; the relay decides again with it and has the final word.
   */
  cases?: (id: string) => GridEvent | null | undefined;
}

/** decide(state, command, ctx): the engine's single entry point. `state` is null for a new case. */
export type Decide = (state: GridEvent | null, command: Command, ctx: EngineContext) => Decision | Rejection;
/** evolve(state, event): fold one timeline entry into the case (pure, no calendar needed). */
export type Evolve = (state: GridEvent | null, event: CaseEvent) => GridEvent;
