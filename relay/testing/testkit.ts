/**
 * Helpers for the relay's tests and bench: temp data dirs, login, sockets, signed webhooks, and a direct
 * read of the log file to check its invariants. Real parts only: nothing here stands in for the relay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { Command } from '../../shared/commands.js';
import { Ack, DistrictChange, LogEntry } from '../../shared/protocol.js';
import { signBody } from '../auth.js';
import type { StartRelayOptions } from '../server.js';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123';
export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdef';

const made: string[] = [];

/** A fresh directory under the OS temp dir; removed by removeTempDirs(). */
export function tempDir(prefix = 'relay-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Remove the directories tempDir() made in this process (call after the relays using them are closed). */
/** A relay for tests: port 0, the data dir given, no demo, the test secrets, no district, quiet, no presence timer. */
export function testRelayOptions(dataDir: string, over: StartRelayOptions = {}): StartRelayOptions {
  return {
    port: 0,
    dataDir,
    demo: false,
    webhookSecret: TEST_WEBHOOK_SECRET,
    tokenSecret: TEST_TOKEN_SECRET,
    districtUrl: 'none',
    quiet: true,
    presenceIntervalMs: 0,
    ...over,
  };
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export type Json = Record<string, unknown>;

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = { text };
  }
  return { status: res.status, json };
}

/**
 * Client secrets issued to this process's clientIds, by clientId (a relay restarted on another port keeps its
 * registrations; a fresh relay ignores a secret it never issued and registers the clientId anew).
 */
const clientSecrets = new Map<string, string>();

/** Log in as a workstation would: the secret issued at a clientId's first login is presented at later ones. */
export async function login(baseUrl: string, username: string, clientId: string, password = 'grid2026'): Promise<string> {
  const key = clientId;
  const secret = clientSecrets.get(key);
  const r = await postJson(`${baseUrl}/api/login`, { username, password, clientId, ...(secret ? { clientSecret: secret } : {}) });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.json)}`);
  const value = r.json.value as { token: string; clientSecret?: string };
  if (value.clientSecret) clientSecrets.set(key, value.clientSecret);
  return value.token;
}

/** Connect and wait for 'connect' (or reject with the connect_error). */
export function connect(
  baseUrl: string,
  auth: Record<string, unknown> | undefined,
  opts: { reconnection?: boolean } = {},
): Promise<Socket> {
  const socket = ioClient(baseUrl, { auth, transports: ['websocket'], reconnection: opts.reconnection ?? false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export async function request<T = unknown>(socket: Socket, event: string, payload?: unknown, timeoutMs = 10_000): Promise<Ack<T>> {
  const ack =
    payload === undefined
      ? await socket.timeout(timeoutMs).emitWithAck(event)
      : await socket.timeout(timeoutMs).emitWithAck(event, payload);
  return ack as Ack<T>;
}

export async function requestOk<T = unknown>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  const a = await request<T>(socket, event, payload);
  if (!a.ok) throw new Error(`${event} failed: ${a.error.code} ${a.error.message}`);
  return a.value;
}

/** Collect 'change' messages of a socket. */
export function collectChanges(socket: Socket): LogEntry[] {
  const out: LogEntry[] = [];
  socket.on('change', (e: LogEntry) => out.push(e));
  return out;
}

/** Resolve when `predicate` holds, re-checking on every event of the socket (no sleeps). */
export function waitFor(socket: Socket, predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      socket.offAny(check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    let done = false;
    const check = () => {
      // onAny runs before the event's own listeners: look once they have run.
      queueMicrotask(() => {
        if (done || !predicate()) return;
        done = true;
        clearTimeout(t);
        socket.offAny(check);
        resolve();
      });
    };
    socket.onAny(check);
  });
}

export async function postWebhook(
  baseUrl: string,
  change: unknown,
  secret = TEST_WEBHOOK_SECRET,
  signature?: string,
): Promise<{ status: number; json: Json }> {
  const raw = typeof change === 'string' ? change : JSON.stringify(change);
  return postJson(`${baseUrl}/district/webhook`, raw, { 'x-signature': signature ?? signBody(raw, secret) });
}

let counter = 0;
export const uid = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A valid report command for the demo reference data. */
export function reportCmd(caseId: string, extra: Partial<Extract<Command, { type: 'report' }>> = {}): Command {
  return {
    type: 'report',
    caseId,
    source: 'grid_worker',
    title: '暴露垃圾',
    description: '小区门口垃圾桶满溢，垃圾散落路面。',
    address: '黄石东路1号',
    communityId: 'c001',
    gridId: 'g001001',
    attachments: [],
    ...extra,
  } as Command;
}

/** A grid worker's report as a district change. */
export function districtReport(caseId: string, changeId = uid('chg')): DistrictChange {
  return {
    changeId,
    occurredAt: Date.now(),
    actor: { kind: 'gridWorker', id: 'w001001', name: '杨明俊' },
    command: reportCmd(caseId, { externalRef: changeId }),
  };
}

/** Read the log file directly and check its invariants: gap-free seqs and entries that parse with LogEntry. */
export function readLogFile(dataDir: string): { entries: LogEntry[]; problems: string[] } {
  const db = new Database(path.join(dataDir, 'relay.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT seq, change_id AS changeId, entry FROM log ORDER BY seq').all() as Array<{
      seq: number;
      changeId: string;
      entry: string;
    }>;
    const problems: string[] = [];
    const entries: LogEntry[] = [];
    let prev: number | null = null;
    for (const r of rows) {
      if (prev !== null && r.seq !== prev + 1) problems.push(`gap: ${prev} -> ${r.seq}`);
      prev = r.seq;
      const parsed = LogEntry.safeParse(JSON.parse(r.entry));
      if (!parsed.success) problems.push(`seq ${r.seq} does not parse: ${parsed.error.issues[0]?.message}`);
      else {
        if (parsed.data.seq !== r.seq) problems.push(`seq ${r.seq} holds entry seq ${parsed.data.seq}`);
        if (parsed.data.changeId !== r.changeId) problems.push(`seq ${r.seq} change id mismatch`);
        entries.push(parsed.data);
      }
    }
    return { entries, problems };
  } finally {
    db.close();
  }
}

/** Wait for a condition that has no event of its own (the outbox, the simulator's inbox): checked every 20 ms, bounded. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
