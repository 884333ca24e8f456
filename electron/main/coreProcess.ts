/**
 * Runs the workstation core in an Electron utilityProcess and restarts it after a crash.
 *
 * Why a utilityProcess and not a worker_thread: the core does SQLite (a native module) and sync work; in its
 * own OS process a native crash or a long transaction can neither freeze the UI thread nor take the main
 * process down, Chromium's process model sandboxes and supervises it, and it works with the runAsNode fuse
 * off (child_process.fork would need ELECTRON_RUN_AS_NODE). A worker_thread shares main's process and heap.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostInit } from '../coreHost/protocol.js';
import { createCoreClient, restartDelayMs, type CoreClient } from './coreClient.js';

export interface CoreProcessOptions {
  modulePath: string;
  init: Omit<HostInit, 't'>;
  /** A crash loop stops after this many restarts without a successful start in between. */
  maxRestarts?: number;
}

export interface CoreProcess {
  readonly client: CoreClient;
  start(): void;
  /** Graceful shutdown: asks the core to close its database, kills it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export function createCoreProcess(options: CoreProcessOptions): CoreProcess {
  let child: UtilityProcess | null = null;
  let stopping = false;
  let restarts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const client = createCoreClient({
    post(message) {
      if (!child) return false;
      child.postMessage(message);
      return true;
    },
    onFatal(message) {
      console.error(`[core] ${message}`);
    },
  });

  function spawn(): void {
    const proc = utilityProcess.fork(options.modulePath, [], { serviceName: 'grid-core', stdio: 'inherit' });
    child = proc;
    proc.on('message', (message: unknown) => {
      client.handleMessage(message);
      if (client.ready) restarts = 0;
    });
    proc.on('exit', (code) => {
      if (child === proc) child = null;
      client.handleExit(`exit code ${code}`);
      if (stopping) return;
      const max = options.maxRestarts ?? 10;
      if (restarts >= max) {
        console.error(`[core] stopped restarting after ${restarts} attempts`);
        return;
      }
      const delay = restartDelayMs(restarts++);
      console.warn(`[core] exited with ${code}; restarting in ${delay} ms`);
      restartTimer = setTimeout(spawn, delay);
    });
    // Messages posted before 'spawn' are queued by Electron, so init goes out right away.
    proc.postMessage({ t: 'init', ...options.init } satisfies HostInit);
  }

  return {
    client,
    start() {
      stopping = false;
      if (!child) spawn();
    },
    stop(timeoutMs = 3000) {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      if (!proc) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          proc.kill();
          resolve();
        }, timeoutMs);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.postMessage({ t: 'shutdown' });
      });
    },
  };
}
