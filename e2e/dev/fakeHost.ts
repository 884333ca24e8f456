/**
 * DEV-ONLY stand-in for the browser host: the workstation API over WebSocket (`/api`, same wire format)
 * backed by an in-memory case set run through the REAL shared engine (decide/evolve) and the demo
 * reference data. It serves dist/renderer like the real host. Used for fast UI iteration and by the UI
 * benchmark (bench/ui.ts), where 50,000 cases and a steady change rate must be cheap and deterministic.
 * The end-to-end tests run against the real relay + simulator + core + web host, never this.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { Api, type ApiMethod, type QueueQuery, type QueueRow, type QueueTab, type SyncStatus } from '../../shared/api.js';
import type { Command } from '../../shared/commands.js';
import type { GridEvent } from '../../shared/gridEvent.js';
import type { Actor, User } from '../../shared/model.js';
import { decide, evolve } from '../../shared/engine/index.js';
import { createDemoRefData, DEMO_PASSWORD } from '../../shared/demo/refData.js';
import { nearestDeadline, clockStateAt } from '../../shared/clocks.js';

const TAB: Record<GridEvent['status'], Exclude<QueueTab, 'overdue' | 'all'>> = {
  reported: 'pending_accept',
  accepted: 'pending_dispatch',
  bounced: 'bounced',
  dispatched: 'handling',
  signed: 'handling',
  rework: 'handling',
  handled: 'pending_verify',
  self_handled: 'pending_verify',
  verified: 'pending_close',
  parked: 'parked',
  closed: 'closed',
  rejected: 'closed',
};
const GRADE_RANK = { urgent: 0, important: 1, normal: 2 } as const;

export interface FakeHostOptions {
  staticDir?: string;
  port?: number;
  /** Number of cases to generate at start. */
  cases?: number;
  now?: () => number;
}

export interface FakeHost {
  url: string;
  port: number;
  /** Cases currently held. */
  size(): number;
  /** Apply `n` synthetic incoming changes (half new reports, half updates) and push them. */
  churn(n: number): void;
  close(): Promise<void>;
}

const SYSTEM: Actor = { id: 'sim', name: '区级平台', role: 'hotline' };
const CENTRE: Actor = { id: 'u-dispatcher', name: '调度员', role: 'dispatcher', unitId: 'centre' };

export async function startFakeHost(opts: FakeHostOptions = {}): Promise<FakeHost> {
  const ref = createDemoRefData();
  const now = opts.now ?? Date.now;
  const cases = new Map<string, GridEvent>();
  let order: GridEvent[] = [];
  let dirty = true;
  let seq = 0;
  let user: User | null = null;
  const sockets = new Set<WebSocket>();

  const apply = (state: GridEvent | null, cmd: Command, actor: Actor, at: number): GridEvent | null => {
    const d = decide(state, cmd, { actor, now: at, ref, commandId: `c${++seq}` });
    if (!d.ok) return null;
    let s = state;
    for (const e of d.events) s = evolve(s, e);
    return s;
  };

  // Templates made with the real engine, then cloned: 50,000 decides would take too long to start.
  const templates: GridEvent[] = [];
  const t0 = now() - 3 * 86_400_000;
  for (let i = 0; i < 60; i++) {
    const item = ref.catalog[i % ref.catalog.length]!;
    const grid = ref.grids[(i * 7) % ref.grids.length]!;
    const id = `tpl-${i}`;
    const at = t0 + i * 3_600_000;
    let s = apply(
      null,
      {
        type: 'report',
        caseId: id,
        source: i % 3 === 0 ? 'hotline' : 'grid_worker',
        title: `${item.name}（${grid.name}）`,
        description: `${item.name}，请尽快处理。`,
        address: `${grid.name}附近`,
        communityId: grid.communityId,
        gridId: grid.id,
        attachments: [],
      },
      SYSTEM,
      at,
    );
    if (!s) continue;
    const stage = i % 6;
    if (stage >= 1)
      s =
        apply(
          s,
          { type: 'accept', caseId: id, catalogItemId: item.id, grade: i % 10 === 0 ? 'urgent' : i % 4 === 0 ? 'important' : 'normal' },
          CENTRE,
          at + 600_000,
        ) ?? s;
    if (stage >= 2)
      s =
        apply(
          s,
          { type: 'dispatch', caseId: id, leadDepartmentId: item.defaultDepartmentId, coDepartmentIds: [] },
          CENTRE,
          at + 1_200_000,
        ) ?? s;
    templates.push(s);
  }

  const clone = (tpl: GridEvent, n: number, at: number): GridEvent => {
    const id = `case-${n}`;
    const shift = at - tpl.reportedAt;
    return {
      ...tpl,
      id,
      code: `SJ${String(20260000 + (n % 10000)).padStart(8, '0')}-${n.toString(36).toUpperCase().padStart(6, '0')}`,
      reportedAt: at,
      updatedAt: tpl.updatedAt + shift,
      clocks: tpl.clocks.map((c) => ({ ...c, startedAt: c.startedAt + shift, deadline: c.deadline + shift })),
      timeline: tpl.timeline.map((e) => ({ ...e, caseId: id, at: e.at + shift })),
    };
  };

  let counter = 0;
  const total = opts.cases ?? 300;
  for (let n = 0; n < total; n++) {
    const c = clone(templates[n % templates.length]!, counter++, now() - (total - n) * 30_000);
    cases.set(c.id, c);
  }

  const sorted = (): GridEvent[] => {
    if (dirty) {
      order = [...cases.values()];
      dirty = false;
    }
    return order;
  };

  const toRow = (c: GridEvent): QueueRow => {
    const row: QueueRow = {
      id: c.id,
      code: c.code,
      title: c.title,
      address: c.address,
      communityId: c.communityId,
      gridId: c.gridId,
      source: c.source,
      status: c.status,
      reportedAt: c.reportedAt,
      updatedAt: c.updatedAt,
      clocks: c.clocks.filter((k) => k.stoppedAt === undefined),
      bounceCount: c.bounceCount,
      mandatory: c.mandatory,
      fallback: c.fallback,
      urgeCount: c.urges.length,
      pendingCount: 0,
      upstreamIssue: !!c.upstreamIssue,
    };
    if (c.category) row.category = c.category;
    if (c.catalogItemId) row.catalogItemId = c.catalogItemId;
    if (c.grade) row.grade = c.grade;
    if (c.leadDepartmentId) row.leadDepartmentId = c.leadDepartmentId;
    const d = nearestDeadline(c);
    if (d !== undefined) row.deadline = d;
    return row;
  };

  const list = (q: QueueQuery) => {
    const t = now();
    const inTab = (c: GridEvent, tab: QueueTab) =>
      tab === 'all' ? true : tab === 'overdue' ? (nearestDeadline(c) ?? Infinity) < t : TAB[c.status] === tab;
    const filtered = sorted().filter(
      (c) =>
        (!q.communityId || c.communityId === q.communityId) &&
        (!q.gridId || c.gridId === q.gridId) &&
        (!q.category || c.category === q.category) &&
        (!q.departmentId || c.leadDepartmentId === q.departmentId) &&
        (!q.grade || c.grade === q.grade) &&
        (!q.source || c.source === q.source) &&
        (q.urged === undefined || c.urges.length > 0 === q.urged) &&
        (!q.clockState || c.clocks.some((k) => k.stoppedAt === undefined && clockStateAt(k, t, ref.calendar) === q.clockState)) &&
        (!q.q || `${c.title}${c.description}${c.address}`.includes(q.q)),
    );
    const counts = Object.fromEntries(
      (
        [
          'pending_accept',
          'pending_dispatch',
          'handling',
          'bounced',
          'pending_verify',
          'pending_close',
          'overdue',
          'parked',
          'closed',
          'all',
        ] as QueueTab[]
      ).map((tab) => [tab, 0]),
    ) as Record<QueueTab, number>;
    for (const c of filtered) {
      counts.all++;
      counts[TAB[c.status]]++;
      if (inTab(c, 'overdue')) counts.overdue++;
    }
    const rows = filtered.filter((c) => inTab(c, q.tab));
    const dir = q.sort.dir === 'asc' ? 1 : -1;
    const key = (c: GridEvent): number | string =>
      q.sort.field === 'code'
        ? c.code
        : q.sort.field === 'grade'
          ? c.grade
            ? GRADE_RANK[c.grade]
            : 3
          : q.sort.field === 'deadline'
            ? (nearestDeadline(c) ?? 8.64e15)
            : c[q.sort.field];
    rows.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1) * dir;
    });
    return { rows: rows.slice(q.offset, q.offset + q.limit).map(toRow), total: rows.length, counts };
  };

  const syncStatus = (): SyncStatus => ({
    connection: 'online',
    outboxSize: 0,
    rejectedCount: 0,
    lastSyncAt: now(),
    cursor: seq,
    head: seq,
    clockOffsetMs: 0,
    relayUrl: 'fake://dev',
  });

  const push = (stream: string, data: unknown) => {
    const frame = JSON.stringify({ t: 'stream', stream, data });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(frame);
  };

  const handle = (method: ApiMethod, input: unknown): unknown => {
    const parsed = Api[method].input.safeParse(input);
    if (!parsed.success) throw Object.assign(new Error(parsed.error.message), { code: 'INVALID_INPUT' });
    const inp = parsed.data as Record<string, unknown>;
    switch (method) {
      case 'session.login': {
        const u = ref.users.find((x) => x.username === inp.username);
        if (!u || inp.password !== DEMO_PASSWORD) throw Object.assign(new Error('用户名或密码错误'), { code: 'BAD_CREDENTIALS' });
        user = u;
        return { user: u, offline: false, clientId: 'fake-client' };
      }
      case 'session.current':
        return user ? { user, offline: false, clientId: 'fake-client' } : null;
      case 'session.logout':
        user = null;
        return {};
      case 'queue.list':
        return list(parsed.data as QueueQuery);
      case 'case.get': {
        const c = cases.get(inp.id as string);
        if (!c) throw Object.assign(new Error('找不到该事件'), { code: 'NOT_FOUND' });
        return { case: c, pending: [], viewers: [] };
      }
      case 'command.submit': {
        const cmd = inp.command as Command;
        if (!user) throw Object.assign(new Error('未登录'), { code: 'UNAUTHENTICATED' });
        const actor: Actor = { id: user.id, name: user.name, role: user.role, unitId: user.unitId ?? 'centre' };
        const prev = cases.get(cmd.caseId) ?? null;
        const d = decide(prev, cmd, { actor, now: now(), ref, commandId: `m${++seq}` });
        if (!d.ok) throw Object.assign(new Error(d.message), { code: d.code });
        let s = prev;
        for (const e of d.events) s = evolve(s, e);
        cases.set(cmd.caseId, s!);
        dirty = true;
        push('changes', { caseIds: [cmd.caseId], seq, newCaseIds: prev ? [] : [cmd.caseId] });
        return { mutationId: `m${seq}`, n: seq };
      }
      case 'outbox.list':
        return [];
      case 'outbox.dismiss':
        return {};
      case 'ref.get':
        return ref;
      case 'sync.status':
      case 'sync.now':
        return syncStatus();
      case 'presence.list':
        return [];
      case 'presence.open':
        return {};
      case 'time.now':
        return { now: now(), offsetMs: 0 };
      default:
        throw Object.assign(new Error(`${method} is not in the fake host`), { code: 'NOT_IMPLEMENTED' });
    }
  };

  const staticDir = path.resolve(opts.staticDir ?? 'dist/renderer');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(staticDir, '.' + rel);
    if (!file.startsWith(staticDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type =
      { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' }[
        path.extname(file)
      ] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/api')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (raw) => {
        let msg: { t?: string; id?: string; method?: ApiMethod; input?: unknown };
        try {
          msg = JSON.parse(String(raw));
        } catch {
          return;
        }
        if (msg.t !== 'call' || !msg.id || !msg.method || !(msg.method in Api)) return;
        let result: unknown;
        try {
          result = { ok: true, value: handle(msg.method, msg.input) };
        } catch (e) {
          const err = e as Error & { code?: string };
          result = { ok: false, error: { code: err.code ?? 'INTERNAL', message: err.message } };
        }
        ws.send(JSON.stringify({ t: 'result', id: msg.id, result }));
      });
      ws.send(JSON.stringify({ t: 'stream', stream: 'sync', data: syncStatus() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    size: () => cases.size,
    churn(n) {
      const ids: string[] = [];
      const fresh: string[] = [];
      for (let i = 0; i < n; i++) {
        if (i % 2 === 0) {
          const c = clone(templates[counter % templates.length]!, counter++, now());
          cases.set(c.id, c);
          fresh.push(c.id);
          ids.push(c.id);
        } else {
          const keys = sorted();
          const c = keys[(counter * 7919) % keys.length]!;
          cases.set(c.id, { ...c, updatedAt: now(), version: c.version });
          ids.push(c.id);
        }
      }
      dirty = true;
      seq += n;
      push('changes', { caseIds: ids, seq, newCaseIds: fresh });
    },
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// `npx tsx e2e/dev/fakeHost.ts [cases] [port]`: serve dist/renderer on a fixed port for manual work.
if (process.argv[1] && import.meta.url === `file://${path.resolve(process.argv[1])}`) {
  const host = await startFakeHost({ cases: Number(process.argv[2] ?? 300), port: Number(process.argv[3] ?? 0) });
  console.log(`fake host at ${host.url} with ${host.size()} cases`);
}
