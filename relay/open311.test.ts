/**
 * Open311 GeoReport v2 (read) against a real relay with the demo street, read the way an Open311 client
 * does (plain HTTP GET, api_key, JSON): services, requests with each filter, one request; no personal data;
 * errors as GeoReport error arrays in Chinese; the token required; the rate limit; off without a token.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridEvent } from '../shared/gridEvent.js';
import { startRelay, type RelayHandle } from './server.js';
import { parseW3c, RateLimit, w3cDate, MAX_REQUESTS, OPEN311_RATE_PER_MINUTE } from './open311.js';
import { removeTempDirs, tempDir, testRelayOptions } from './testing/testkit.js';

const TOKEN = 'open311-read-token-0123456789abcdef';
let relay: RelayHandle;
let cases: GridEvent[];

beforeAll(async () => {
  relay = await startRelay(testRelayOptions(tempDir(), { demo: true, demoDays: 20, demoCasesPerDay: 12, open311Token: TOKEN }));
  cases = (await relay.store.listCases(undefined, 100_000)).cases;
});
afterAll(async () => {
  await relay?.close();
  removeTempDirs();
});

async function get(path: string, opts: { token?: string | null; bearer?: boolean } = {}) {
  const token = opts.token === undefined ? TOKEN : opts.token;
  const sep = path.includes('?') ? '&' : '?';
  const url = `${relay.url}/open311/v2/${path}${token && !opts.bearer ? `${sep}api_key=${token}` : ''}`;
  const res = await fetch(url, { headers: token && opts.bearer ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
}

type Req = Record<string, unknown> & {
  service_request_id: string;
  status: string;
  requested_datetime: string;
  service_code: string | null;
};

describe('Open311 GeoReport v2', () => {
  it('lists the catalogue as services', async () => {
    const r = await get('services.json');
    expect(r.status).toBe(200);
    const services = r.body as Array<{ service_code: string; service_name: string; type: string }>;
    expect(services.map((s) => s.service_code).sort()).toEqual(relay.hub.ref.catalog.map((i) => i.code).sort());
    expect(services.every((s) => s.type === 'realtime' && s.service_name.length > 0)).toBe(true);
  });

  it('lists the last 90 days of requests, newest first, mapped from the cases, without personal data', async () => {
    const r = await get('requests.json', { bearer: true });
    expect(r.status).toBe(200);
    const list = r.body as Req[];
    expect(list.length).toBe(Math.min(MAX_REQUESTS, cases.length));
    const times = list.map((x) => Date.parse(x.requested_datetime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(list.every((x) => /\+08:00$/.test(x.requested_datetime))).toBe(true);
    const byCode = new Map(cases.map((c) => [c.code, c]));
    for (const x of list) {
      const c = byCode.get(x.service_request_id)!;
      expect(c).toBeDefined();
      expect(x.status).toBe(c.status === 'closed' || c.status === 'rejected' ? 'closed' : 'open');
      expect(Date.parse(x.requested_datetime)).toBe(Math.floor(c.reportedAt / 1000) * 1000);
      if (c.location) expect(Math.abs((x.lat as number) - c.location.lat)).toBeLessThan(1e-4);
    }
    expect(list.some((x) => typeof x.lat === 'number' && typeof x.agency_responsible === 'string')).toBe(true);
    // No reporter anywhere: names and phone numbers of residents never appear in the answer.
    const text = JSON.stringify(list);
    const residents = cases.flatMap((c) => [c.reporter?.name, c.reporter?.phone]).filter((v): v is string => !!v && v.length >= 2);
    expect(residents.length).toBeGreaterThan(10);
    for (const v of new Set(residents)) expect(text).not.toContain(v);
    expect(text).not.toContain('reporter');
  });

  it('filters by status, service_code, dates and ids', async () => {
    const closed = (await get('requests.json?status=closed')).body as Req[];
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((x) => x.status === 'closed')).toBe(true);
    const open = (await get('requests.json?status=open')).body as Req[];
    expect(open.every((x) => x.status === 'open')).toBe(true);
    expect(open.length + closed.length).toBe(Math.min(MAX_REQUESTS, cases.length));

    const code = relay.hub.ref.catalog.find((i) => cases.some((c) => c.catalogItemId === i.id))!.code;
    const one = (await get(`requests.json?service_code=${code}`)).body as Req[];
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((x) => x.service_code === code)).toBe(true);

    const sorted = [...cases].sort((a, b) => a.reportedAt - b.reportedAt);
    const mid = sorted[Math.floor(sorted.length / 2)]!.reportedAt;
    const start = w3cDate(mid, 480);
    const end = w3cDate(mid + 2 * 86_400_000, 480);
    const window = (await get(`requests.json?start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(end)}`)).body as Req[];
    const expected = cases.filter(
      (c) => c.reportedAt >= Math.floor(mid / 1000) * 1000 && c.reportedAt <= Math.floor(mid / 1000) * 1000 + 2 * 86_400_000,
    );
    expect(window.length).toBe(expected.length);

    const ids = sorted.slice(0, 3).map((c) => c.code);
    const picked = (await get(`requests.json?service_request_id=${ids.join(',')}`)).body as Req[];
    expect(picked.map((x) => x.service_request_id).sort()).toEqual([...ids].sort());
  });

  it('answers one request by its id, and 404 for an unknown one', async () => {
    const c = cases[0]!;
    const r = await get(`requests/${encodeURIComponent(c.code)}.json`);
    expect(r.status).toBe(200);
    expect((r.body as Req[]).map((x) => x.service_request_id)).toEqual([c.code]);
    const missing = await get('requests/SJ00000000-NOPE.json');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ code: 404, description: expect.stringContaining('没有编号为') }]);
  });

  it('names bad input in Chinese as GeoReport errors', async () => {
    const bad = await get('requests.json?status=pending');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([{ code: 400, description: expect.stringContaining('status 只能是 open 或 closed') }]);
    expect((await get('requests.json?start_date=yesterday')).body).toEqual([{ code: 400, description: expect.stringContaining('W3C') }]);
    expect((await get('requests.json?service_code=NOPE')).status).toBe(400);
    expect((await get('requests.json?start_date=2026-01-01&end_date=2026-06-30')).body).toEqual([
      { code: 400, description: expect.stringContaining('90 天') },
    ]);
    expect((await get('nothing.json')).status).toBe(404);
  });

  it('requires the read token; a staff login token is not one', async () => {
    const none = await get('services.json', { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual([{ code: 401, description: expect.stringContaining('读取令牌') }]);
    expect((await get('services.json', { token: 'x'.repeat(TOKEN.length) })).status).toBe(401);
    expect((await get('services.json', { token: TOKEN.slice(0, -1) })).status).toBe(401);
  });
});

describe('Open311 limits', () => {
  it('limits each key per minute and says when to come back', () => {
    const l = new RateLimit(3);
    const t = 1_000_000;
    expect([l.take('a', t), l.take('a', t + 1), l.take('a', t + 2)]).toEqual([0, 0, 0]);
    expect(l.take('a', t + 30_000)).toBe(30);
    expect(l.take('b', t + 30_000)).toBe(0);
    expect(l.take('a', t + 60_000)).toBe(0);
  });

  it('answers 429 with retry-after past the rate over HTTP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= OPEN311_RATE_PER_MINUTE + 5; i++) {
      const r = await fetch(`${relay.url}/open311/v2/services.json?api_key=${TOKEN}`);
      statuses.push(r.status);
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        break;
      }
      await r.arrayBuffer();
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it('is not offered by a relay without a read token', async () => {
    const plain = await startRelay(testRelayOptions(tempDir()));
    try {
      const r = await fetch(`${plain.url}/open311/v2/services.json?api_key=${TOKEN}`);
      expect(r.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('reads back the dates it writes, in any offset (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: -720, max: 840 }), (s, offset) => {
        const ms = s * 1000;
        expect(parseW3c(w3cDate(ms, offset), 0)).toBe(ms);
      }),
    );
    expect(parseW3c('2026-12-01', 480)).toBe(Date.UTC(2026, 10, 30, 16));
    expect(parseW3c('2026-12-01T08:00:00Z', 480)).toBe(Date.UTC(2026, 11, 1, 8));
  });
});
