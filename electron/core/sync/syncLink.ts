/**
 * What the pull side and the push side of the sync engine share, as the engine (the coordinator) gives it
 * to them: the options, the connection state and error, one acknowledged request to the relay, and the
 * "synced" report that needs both loops idle.
 */
import type { z } from 'zod';
import type { Connection, SyncAuth, SyncOptions } from './syncTypes.js';

export interface SyncLink {
  readonly o: SyncOptions;
  /** The socket to the relay is connected (requests can be sent). */
  readonly connected: boolean;
  /** The engine was stopped (logout, close) and not started again. */
  readonly closed: boolean;
  /** The engine has a socket (started, connected or not). */
  readonly started: boolean;
  readonly auth: SyncAuth | null;
  readonly connection: Connection;
  /** The pull loop is at work. */
  readonly pulling: boolean;
  setConnection(c: Connection, error?: string | null): void;
  /** Sets the status error (reporting it when it changed). */
  setError(error: string | undefined): void;
  /** Clears the status error without a report (the next status report carries it). */
  clearError(): void;
  /** One acknowledged request (rejects with RelayError OFFLINE, TIMEOUT or BAD_ANSWER). */
  request<T extends z.ZodType>(event: string, payload: unknown, schema: T): Promise<z.infer<T>>;
  /** Caught up: online when neither loop is busy, else a status report. */
  markSynced(): void;
  /** Error of a failed cache write (SQLITE_FULL gets its own text): logged and shown. */
  reportApplyError(e: unknown): void;
}
