/**
 * Stats workers (statsWorker.ts): a few worker threads, each with a read-only connection to the cache file,
 * that count periods from the fact records. A dashboard refresh asks for three periods at once (the period,
 * the one before, the same one last year); counted side by side they take about as long as the slowest, and
 * the core's own thread stays free for queue pages and sync meanwhile.
 *
 * Workers start at the first job. A worker that cannot start or dies fails its job and the pool (callers
 * then count on their own thread: see StatsReader), so statistics never depend on the workers.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Period } from '../../../shared/metrics/index.js';
import { PeriodStats, type PeriodStatsSnapshot } from '../../../shared/metrics/periodStats.js';
import type { RefData } from '../../../shared/refData.js';
import type { Logger } from '../log.js';

export interface StatsJob {
  id: number;
  period: Period;
  now: number;
  /** Only the overall counters (PeriodStats metricsOnly). */
  metricsOnly?: boolean;
  /** Sent when the worker has not seen this reference data yet. */
  ref?: RefData;
}

export type StatsJobResult =
  | { id: number; ok: true; snapshot: PeriodStatsSnapshot; candidates: number; exactPath: number }
  | { id: number; ok: false; error: string };

/** A period counted by a worker. */
export interface PooledPeriod {
  ps: PeriodStats;
  candidates: number;
  exactPath: number;
}

interface Waiting {
  job: Omit<StatsJob, 'id' | 'ref'>;
  ref: RefData;
  resolve: (r: PooledPeriod) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The reference data the worker holds. */
  ref: RefData | null;
  job: (Omit<Waiting, 'job'> & { id: number }) | null;
}

/** How to start a stats worker: a script file, or (under tsx) a bootstrap that loads tsx and then the script. */
export interface StatsWorkerScript {
  url: URL;
  /** Code for an eval worker that registers tsx and imports `url` (sources run as TypeScript). */
  bootstrap?: string;
}

/**
 * The worker script next to this module: statsWorker.cjs beside the Electron bundle
 * (build/build-electron.mjs), statsWorker.js when compiled, statsWorker.ts when the sources run under tsx
 * or a test runner (the worker then registers tsx itself: loader flags are not passed on to workers).
 */
export function statsWorkerScript(moduleUrl = import.meta.url): StatsWorkerScript {
  const ext = moduleUrl.endsWith('.ts') ? '.ts' : moduleUrl.endsWith('.cjs') ? '.cjs' : '.js';
  const url = new URL(`./statsWorker${ext}`, moduleUrl);
  if (ext !== '.ts') return { url };
  // tsx's ESM entry of its API, by its package exports (require.resolve would give the CommonJS one).
  const pkgFile = createRequire(moduleUrl).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsxApi = pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
  return {
    url,
    bootstrap: `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`,
  };
}

export class StatsPool {
  private slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private nextId = 1;
  /** Why the pool stopped taking jobs (a worker failed, or it was closed); null while usable. */
  broken: string | null = null;

  constructor(
    private readonly file: string,
    readonly size: number,
    private readonly log: Logger,
    private readonly script: StatsWorkerScript = statsWorkerScript(),
  ) {}

  /** Whether a job would start at once (a worker is free or can be started). */
  hasIdleWorker(): boolean {
    return !this.broken && this.queue.length === 0 && (this.slots.length < this.size || this.slots.some((s) => s.job === null));
  }

  /** Counts a period in a worker. Rejects when the pool is (or becomes) unusable. */
  run(period: Period, ref: RefData, now: number, metricsOnly = false): Promise<PooledPeriod> {
    if (this.broken) return Promise.reject(new Error(this.broken));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { period, now, metricsOnly }, ref, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.broken) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift()!;
      const id = this.nextId++;
      slot.job = { id, resolve: next.resolve, reject: next.reject, ref: next.ref };
      const msg: StatsJob = { id, ...next.job, ...(slot.ref === next.ref ? {} : { ref: next.ref }) };
      slot.ref = next.ref;
      slot.worker.postMessage(msg);
    }
  }

  private spawn(): Slot {
    const { url, bootstrap } = this.script;
    const workerData = { file: this.file };
    const worker = bootstrap ? new Worker(bootstrap, { eval: true, workerData, execArgv: [] }) : new Worker(url, { workerData, execArgv: [] });
    // Never keeps the process alive by itself (close() ends it).
    worker.unref();
    const slot: Slot = { worker, ref: null, job: null };
    worker.on('message', (m: StatsJobResult) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = null;
      if (m.ok) job.resolve({ ps: PeriodStats.fromSnapshot(m.snapshot, job.ref), candidates: m.candidates, exactPath: m.exactPath });
      else job.reject(new Error(m.error));
      this.pump();
    });
    worker.on('error', (e) => this.fail(`stats worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (!this.broken) this.fail(`stats worker exited (code ${code})`);
    });
    this.slots.push(slot);
    return slot;
  }

  private fail(why: string): void {
    if (this.broken) return;
    this.broken = why;
    this.log.warn(`${why}; statistics are counted on the core's thread from now on`);
    this.stop(why);
  }

  private stop(why: string): void {
    const err = new Error(why);
    for (const s of this.slots) {
      s.job?.reject(err);
      s.job = null;
      void s.worker.terminate();
    }
    this.slots = [];
    for (const q of this.queue.splice(0)) q.reject(err);
  }

  /** Ends the workers; pending jobs reject. */
  async close(): Promise<void> {
    if (!this.broken) this.broken = 'statistics workers closed';
    const workers = this.slots.map((s) => s.worker);
    this.stop(this.broken);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
