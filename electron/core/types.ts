/** The core's public types: its options, the caller's context, the stream listener and the Core itself. */
import type { z } from 'zod';
import type { Api, ApiMethod, ApiResult, ApiStreamData, ApiStreamName } from '../../shared/api.js';
import type { Logger } from './log.js';
import type { PeriodInfo } from './reads/recordPeriods.js';

export interface CoreOptions {
  /** Folder of the cache (workstation.db). */
  dataDir: string;
  /** Base URL of the relay, e.g. http://127.0.0.1:4800. */
  relayUrl: string;
  /** Stable id of this workstation; generated and kept in the cache when absent. */
  clientId?: string;
  log?: Logger;
  /** Validate every answer against the method's output schema (tests; costs time). */
  validateOutput?: boolean;
  /** Test hook: cap the cache file size (PRAGMA max_page_count) to simulate a full disk. */
  maxPageCount?: number;
  /** Test hook: called just before a push goes to the relay. */
  beforePush?: (mutationIds: string[]) => void;
  /** Timeout of one relay request (ms). */
  requestTimeoutMs?: number;
  /** How often a core that could not open its cache at start (full disk) tries again (ms, default 3000). */
  openRetryMs?: number;
  /** Stats worker threads that count statistics periods beside the core's thread (StatsReaderOptions.workers); default 0. */
  statsWorkers?: number;
  /** Budget of the basemap tile cache on disk in bytes (default 256 MB); least recently used tiles go first. */
  tileCacheBytes?: number;
  /** Budget of the attachment viewing cache on disk in bytes (default 512 MB); least recently used files go first. */
  attachmentCacheBytes?: number;
}

/** Who is calling: transports set it. A wall-display connection is capped to the read-only 'wall' role. */
export interface CallContext {
  roleCap?: 'wall';
  /** Transport-level id of the caller (for logs). */
  connectionId?: string;
}

export type StreamListener = <S extends ApiStreamName>(stream: S, data: ApiStreamData<S>) => void;

export interface Core {
  readonly clientId: string;
  readonly dataDir: string;
  /** Set when the cache file was unusable at start: where it was moved and why. */
  readonly recovered: { movedTo: string; reason: string; salvagedOutbox: number } | undefined;
  call<M extends ApiMethod>(method: M, input: unknown, ctx?: CallContext): Promise<ApiResult<z.infer<(typeof Api)[M]['output']>>>;
  call(method: string, input: unknown, ctx?: CallContext): Promise<ApiResult<unknown>>;
  /** Subscribes to one push stream; returns the unsubscribe function. */
  subscribe<S extends ApiStreamName>(stream: S, listener: (data: ApiStreamData<S>) => void): () => void;
  /** Subscribes to every push stream (transports forward them all). */
  subscribeAll(listener: StreamListener): () => void;
  /** How the last statistics period was counted (benchmarks and checks). */
  statsInfo(): PeriodInfo;
  close(): Promise<void>;
}
