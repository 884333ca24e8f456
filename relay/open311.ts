/**
 * Open311 GeoReport v2, read side (JSON): the street's cases for outside readers (the district's data
 * office, a city dashboard), behind a read token the district hands out (`--open311-token`), rate limited.
 *
 *   GET /open311/v2/services.json                       the catalogue items as services
 *   GET /open311/v2/requests.json?service_code=&status=&start_date=&end_date=&service_request_id=
 *   GET /open311/v2/requests/{service_request_id}.json
 *
 * A request is one case, identified by its public code. Personal data is left out: no reporter, the
 * reporter's name and phone numbers in free text masked, the house number dropped from addresses and text, positions rounded to
 * about 10 m. Dates are W3C / ISO 8601 with the street's offset. Defaults as the specification says: the
 * last 90 days, at most 1,000 requests, newest first. Errors are GeoReport error arrays
 * ([{code, description}]) with the HTTP status as code.
 */
import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { STATUS_LABELS, MERGED_STATUS_LABELS } from '../shared/engine/labels.js';
import { maskAddress, maskName, maskText } from '../shared/assessment/mask.js';
import type { GridEvent } from '../shared/gridEvent.js';
import type { RefData } from '../shared/refData.js';
import type { LogStore } from './store/types.js';

export const OPEN311_PREFIX = '/open311/v2/';
export const MAX_REQUESTS = 1000;
const DEFAULT_SPAN_MS = 90 * 86_400_000;
/** Requests per token and address per minute. */
export const OPEN311_RATE_PER_MINUTE = 120;

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string | null;
  service_code: string | null;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
}

/** An instant as W3C datetime in the street's offset: 2026-12-03T10:30:00+08:00. */
export function w3cDate(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const W3C = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** A W3C date or datetime; without an offset it is the street's local time. Null when malformed. */
export function parseW3c(text: string, offsetMinutes: number): number | null {
  if (!W3C.test(text)) return null;
  const hasZone = /(?:Z|[+-]\d{2}:\d{2})$/.test(text) && text.includes('T');
  const full = text.includes('T') ? text : `${text}T00:00:00`;
  const ms = Date.parse(hasZone ? full : `${full}Z`);
  if (!Number.isFinite(ms)) return null;
  return hasZone ? ms : ms - offsetMinutes * 60_000;
}

/** A surname with an honorific (a caller as 12345 writes them down: 吴先生, 曾女士): only the surname stays. */
const HONORIFIC = /([\u4e00-\u9fff])(?:先生|女士|小姐|阿姨|大爷|大妈|大姐|大哥|师傅)/gu;
export function maskHonorifics(text: string): string {
  return text.replace(HONORIFIC, '$1**');
}

const CLOSED: ReadonlySet<string> = new Set(['closed', 'rejected']);
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function toService(item: RefData['catalog'][number]): Open311Service {
  return {
    service_code: item.code,
    service_name: item.name,
    description: `${item.category} · ${item.name}`,
    metadata: false,
    type: 'realtime',
    keywords: (item.keywords ?? []).join(','),
    group: item.category,
  };
}

/** One case as a GeoReport request, without personal data. */
export function toRequest(c: GridEvent, ref: RefData): Open311Request {
  const offset = ref.calendar.utcOffsetMinutes;
  const item = c.catalogItemId ? ref.catalog.find((i) => i.id === c.catalogItemId) : undefined;
  const lead = c.leadDepartmentId ? ref.departments.find((d) => d.id === c.leadDepartmentId) : undefined;
  const closed = CLOSED.has(c.status);
  const running = c.clocks.find((k) => k.stoppedAt === undefined && k.pausedAt === undefined);
  const label =
    c.mergedInto !== undefined
      ? c.statusBeforeMerge !== undefined
        ? MERGED_STATUS_LABELS.pending
        : MERGED_STATUS_LABELS.closed
      : STATUS_LABELS[c.status];
  // The reporter is left out, and so is their name where the text repeats it (市民吴先生来电反映 → 市民吴**来电反映).
  const name = c.reporter?.name?.trim();
  const unnamed = (x: string) => maskHonorifics(name && Array.from(name).length >= 2 ? x.split(name).join(maskName(name)) : x);
  const title = maskText(unnamed(c.title));
  const text = maskText(unnamed(c.description));
  return {
    service_request_id: c.code,
    status: closed ? 'closed' : 'open',
    status_notes: label,
    service_name: item?.name ?? null,
    service_code: item?.code ?? null,
    description: text && text !== title ? `${title}：${text}` : title,
    agency_responsible: lead?.name ?? null,
    service_notice: running ? `当前环节截止 ${w3cDate(running.deadline, offset).slice(0, 16).replace('T', ' ')}` : null,
    requested_datetime: w3cDate(c.reportedAt, offset),
    updated_datetime: w3cDate(c.updatedAt, offset),
    expected_datetime: running ? w3cDate(running.deadline, offset) : null,
    address: maskAddress(c.address),
    address_id: null,
    zipcode: null,
    lat: c.location ? round4(c.location.lat) : null,
    long: c.location ? round4(c.location.lon) : null,
    media_url: null,
  };
}

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The query of GET requests.json, checked: each problem named. */
export function requestsQuery(params: URLSearchParams, ref: RefData, now: number) {
  const offset = ref.calendar.utcOffsetMinutes;
  const list = (k: string) =>
    (params.get(k) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const codes = list('service_code');
  for (const code of codes)
    if (!ref.catalog.some((i) => i.code === code)) throw new Open311Error(400, `service_code 无效：${code}（见 services.json）`);
  const statuses = list('status');
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw new Open311Error(400, `status 只能是 open 或 closed：${s}`);
  const date = (k: string) => {
    const v = params.get(k);
    if (v === null || v === '') return undefined;
    const ms = parseW3c(v, offset);
    if (ms === null) throw new Open311Error(400, `${k} 不是 W3C 日期时间（如 2026-12-01T00:00:00+08:00）：${v}`);
    return ms;
  };
  const end = date('end_date');
  const start = date('start_date');
  const to = end ?? now;
  const from = start ?? to - DEFAULT_SPAN_MS;
  if (from > to) throw new Open311Error(400, 'start_date 不能晚于 end_date');
  if (to - from > DEFAULT_SPAN_MS && start !== undefined && end !== undefined) throw new Open311Error(400, '查询区间不能超过 90 天');
  const ids = list('service_request_id');
  if (ids.length > MAX_REQUESTS) throw new Open311Error(400, `service_request_id 最多 ${MAX_REQUESTS} 个`);
  return {
    catalogItemIds: codes.map((code) => ref.catalog.find((i) => i.code === code)!.id),
    statuses: statuses as Array<'open' | 'closed'>,
    from,
    to,
    codes: ids,
  };
}

/** Fixed one-minute windows per key (token and address). */
export class RateLimit {
  private readonly windows = new Map<string, { start: number; n: number }>();
  constructor(private readonly perMinute: number) {}
  /** Seconds to wait, or 0 when the request may go. */
  take(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { start: now, n: 1 });
      return 0;
    }
    if (w.n >= this.perMinute) return Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
    w.n++;
    return 0;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Open311Deps {
  store: Pick<LogStore, 'open311Cases' | 'getCaseByCode'>;
  ref: () => RefData;
  /** The read token; null: Open311 is not offered (404). */
  token: string | null;
  limit?: RateLimit;
  now?: () => number;
}

function answer(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

const geoError = (status: number, description: string) => [{ code: status, description }];

/** Handles a request under OPEN311_PREFIX (any method): answers it, never throws. */
export function createOpen311Handler(d: Open311Deps) {
  const limit = d.limit ?? new RateLimit(OPEN311_RATE_PER_MINUTE);
  const now = d.now ?? Date.now;
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    req.resume();
    try {
      if (d.token === null) throw new Open311Error(404, '本中继未开放 Open311 接口');
      if (req.method !== 'GET') throw new Open311Error(405, 'Open311 只读接口只接受 GET');
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const given = bearer ?? url.searchParams.get('api_key') ?? '';
      if (!given || !sameSecret(given, d.token)) throw new Open311Error(401, '需要区级下发的读取令牌（api_key 或 Authorization: Bearer）');
      const wait = limit.take(`${given.slice(0, 8)}|${req.socket.remoteAddress ?? ''}`, now());
      if (wait > 0) {
        answer(res, 429, geoError(429, `请求过于频繁：每分钟最多 ${OPEN311_RATE_PER_MINUTE} 次，请 ${wait} 秒后再试`), {
          'retry-after': String(wait),
        });
        return;
      }
      const ref = d.ref();
      const rest = url.pathname.slice(OPEN311_PREFIX.length);
      if (rest === 'services.json') return answer(res, 200, ref.catalog.map(toService));
      if (rest === 'requests.json') {
        const q = requestsQuery(url.searchParams, ref, now());
        const cases =
          q.codes.length > 0
            ? (await Promise.all(q.codes.map((code) => d.store.getCaseByCode(code)))).filter((c): c is GridEvent => c !== null)
            : await d.store.open311Cases({
                from: q.from,
                to: q.to,
                catalogItemIds: q.catalogItemIds,
                statuses: q.statuses,
                limit: MAX_REQUESTS,
              });
        return answer(
          res,
          200,
          cases.map((c) => toRequest(c, ref)),
        );
      }
      const one = /^requests\/([^/]+)\.json$/.exec(rest);
      if (one) {
        const code = decodeURIComponent(one[1]!);
        const c = await d.store.getCaseByCode(code);
        if (!c) throw new Open311Error(404, `没有编号为 ${code} 的事件`);
        return answer(res, 200, [toRequest(c, ref)]);
      }
      throw new Open311Error(404, `${url.pathname} 不是 Open311 接口（services.json、requests.json、requests/{id}.json）`);
    } catch (e) {
      if (e instanceof Open311Error) return answer(res, e.status, geoError(e.status, e.message));
      answer(res, 500, geoError(500, '内部错误'));
    }
  };
}
