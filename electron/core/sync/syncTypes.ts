/** The sync engine's options, hooks and connection types. */
import type { AssessmentFrozenNotice, Mutation, PresenceEntry } from '../../../shared/protocol.js';
import type { SyncStatus } from '../../../shared/api.js';
import type { Logger } from '../log.js';
import type { OutboxRecord } from '../cache/outboxRecord.js';
import type { ApplyOutcome, Replica } from './replica.js';

export type Connection = SyncStatus['connection'];

export interface SyncAuth {
  token: string;
  userId: string;
}

export interface SyncHooks {
  /** Called after every applied batch (live or pulled). */
  applied(outcome: ApplyOutcome): void;
  /** Push answers that rejected commands (final). */
  rejected(items: OutboxRecord[]): void;
  /** Connection, cursor, head or error changed. */
  status(): void;
  presence(list: PresenceEntry[]): void;
  /** Another (or this) workstation froze an assessment. */
  assessmentFrozen(notice: AssessmentFrozenNotice): void;
  /** The relay refused the token: the user must log in again (online). */
  authFailed(code: string, message: string): void;
  /** Outbox changed (pushed, confirmed). */
  outbox(): void;
}

export interface SyncOptions {
  relayUrl: string;
  clientId: string;
  replica: Replica;
  log: Logger;
  hooks: SyncHooks;
  /** Timeout of one request to the relay. */
  requestTimeoutMs?: number;
  /** Test hook: called just before a push is emitted (after the outbox was read). */
  beforePush?: (mutationIds: string[]) => void;
  /**
   * Before commands are sent: uploads the attachment files they name (throws: the push waits and retries).
   * True when it changed queued commands (a refused file removed from them): the push reads the outbox again.
   */
  beforeSend?: (mutations: Mutation[]) => Promise<boolean>;
  /** Persisted clock offset, used until the relay answers 'time'. */
  initialOffsetMs?: number;
  saveOffset?: (ms: number) => void;
}
