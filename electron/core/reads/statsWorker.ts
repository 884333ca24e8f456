/**
 * A stats worker (worker_threads): counts periods from the fact records on a read-only connection of its
 * own to the cache file (RecordPeriods), so that the periods of a dashboard refresh are counted side by
 * side instead of one after the other on the core's thread. Started and fed by statsPool.ts.
 *
 * workerData: { file }. Messages in: StatsJob. Messages out: StatsJobResult.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { RecordPeriods } from './recordPeriods.js';
import type { StatsJob, StatsJobResult } from './statsPool.js';
import type { RefData } from '../../../shared/refData.js';

const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const periods = new RecordPeriods(db);
let ref: RefData | undefined;

parentPort!.on('message', (job: StatsJob) => {
  let out: StatsJobResult;
  try {
    if (job.ref) ref = job.ref;
    if (!ref) throw new Error('stats worker: no reference data yet');
    const r = periods.period(job.period, ref, job.now, job.metricsOnly === true);
    out = { id: job.id, ok: true, snapshot: r.ps.snapshot(), candidates: r.candidates, exactPath: r.exactPath };
  } catch (e) {
    out = { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(out);
});
