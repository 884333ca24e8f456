/**
 * The API's handler table: one handler per method of shared/api.ts, built from the feature modules
 * (session, cases, reference, connection, statistics, assessment, geo) over the core's parts.
 */
import type { z } from 'zod';
import type { Api, ApiMethod, SyncStatus } from '../../../shared/api.js';
import type { RefData } from '../../../shared/refData.js';
import type { Store } from '../cache/store.js';
import type { Logger } from '../log.js';
import type { QueueReader } from '../reads/queue.js';
import type { StatsReader } from '../reads/stats.js';
import type { Replica } from '../sync/replica.js';
import type { SyncEngine } from '../sync/syncEngine.js';
import type { CallContext } from '../types.js';
import type { AssessmentService } from './assessment.js';
import { assessmentHandlers } from './assessmentHandlers.js';
import { caseHandlers } from './cases.js';
import { connectionHandlers } from './connection.js';
import { geoHandlers } from './geo.js';
import { tileHandlers } from './tiles.js';
import { referenceHandlers } from './reference.js';
import { docNumberHandlers } from './docNumber.js';
import { sessionHandlers, type Session } from './session.js';
import { smsLogHandlers } from './smsLog.js';
import { smsSettingsHandlers } from './smsSettings.js';
import { statisticsHandlers } from './statistics.js';
import type { Streams } from './streams.js';
import type { AuditReader } from '../reads/audit.js';
import type { AttachmentFiles } from '../files/attachmentFiles.js';

/** What the handlers work with. */
export interface CoreParts {
  log: Logger;
  /** The workstation's data directory (the cache file, the basemap tile cache). */
  dataDir: string;
  /** Budget of the basemap tile cache on disk (bytes; default DEFAULT_TILE_CACHE_BYTES). */
  tileCacheBytes?: number;
  /** Attachment files: picked files waiting for the relay, and the viewing cache. */
  files: AttachmentFiles;
  store: Store;
  replica: Replica;
  sync: SyncEngine;
  queue: QueueReader;
  audit: AuditReader;
  stats: StatsReader;
  assessments: AssessmentService;
  session: Session;
  streams: Streams;
  /** The relay's time (the local clock corrected by the measured offset). */
  now(): number;
  /** The reference data; NOT_READY before the first sync brought it. */
  requireRef(): RefData;
  syncStatus(): SyncStatus;
}

export type Handler<M extends ApiMethod> = (
  input: z.infer<(typeof Api)[M]['input']>,
  ctx: CallContext,
) => Promise<z.infer<(typeof Api)[M]['output']>> | z.infer<(typeof Api)[M]['output']>;
export type Handlers = { [M in ApiMethod]: Handler<M> };
/** The handlers of some methods (one feature module's share of the table). */
export type HandlersFor<M extends ApiMethod> = Pick<Handlers, M>;

export function buildHandlers(p: CoreParts): Handlers {
  return {
    ...sessionHandlers(p.session),
    ...caseHandlers(p),
    ...referenceHandlers(p),
    ...connectionHandlers(p),
    ...statisticsHandlers(p),
    ...assessmentHandlers(p),
    ...geoHandlers(p),
    ...tileHandlers(p),
    'audit.list': (input) => p.audit.list(input),
    ...smsLogHandlers(p),
    ...smsSettingsHandlers(p),
    ...docNumberHandlers(p),
    'file.upload': (input) => p.files.receive(input),
    'file.get': (input) => p.files.get(input.sha256, input.variant),
  };
}
