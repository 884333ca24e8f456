/**
 * map.tile against a real relay and a real tile server on loopback: an admin sets the tile service
 * (ref.update 'mapTiles'), the core fetches a tile, checks and caches it, and serves it from its disk when
 * the service is gone; a service that answers with something that is not an image, or an error, is named
 * in Chinese; without a service there are no tiles; a bad URL template never reaches the relay.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MapTiles } from '../../../shared/refData.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';
import { sniffImage } from './tiles.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The smallest valid PNG (1×1). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function tileServer(answer: (path: string) => { status: number; type: string; body: Buffer | string }) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const a = answer(req.url ?? '');
    res.writeHead(a.status, { 'content-type': a.type });
    res.end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const close = () => new Promise<void>((r) => server.close(() => r()));
  cleanups.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close };
}

async function adminCore(): Promise<Core> {
  const r = await startTestRelay();
  cleanups.push(() => r.close());
  const c = createCore({ dataDir: tempDir(), relayUrl: r.url, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => c.close());
  ok(await c.call('session.login', { username: 'admin', password: 'grid2026' }));
  await waitSettled(c);
  return c;
}

async function setTiles(c: Core, value: { url: string; label: string; maxZoom: number } | null) {
  const out = ok(await c.call('ref.update', { change: { section: 'mapTiles', value } }));
  await waitSettled(c, out.seq!);
}

describe('map.tile', () => {
  it('fetches, checks and caches a tile; serves it from the cache when the service is gone', async () => {
    const c = await adminCore();
    expect(await c.call('map.tile', { z: 14, x: 13400, y: 7100 })).toMatchObject({ ok: false, error: { code: 'NO_TILE_SERVICE' } });
    const srv = await tileServer(() => ({ status: 200, type: 'image/png', body: PNG }));
    await setTiles(c, { url: `${srv.url}/tiles/{z}/{x}/{y}.png`, label: '区政务底图', maxZoom: 18 });
    expect(ok(await c.call('ref.get', {})).mapTiles?.label).toBe('区政务底图');

    const first = ok(await c.call('map.tile', { z: 14, x: 13400, y: 7100 }));
    expect(first).toMatchObject({ type: 'image/png', cached: false });
    expect(Buffer.from(first.data, 'base64').equals(PNG)).toBe(true);
    expect(srv.hits).toEqual(['/tiles/14/13400/7100.png']);

    await srv.close();
    const again = ok(await c.call('map.tile', { z: 14, x: 13400, y: 7100 }));
    expect(again).toMatchObject({ type: 'image/png', cached: true });
    // A tile it never saw: named, not a crash.
    const missing = await c.call('map.tile', { z: 14, x: 13401, y: 7100 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'TILE_UNAVAILABLE' } });
    if (!missing.ok) expect(missing.error.message).toContain('底图服务无法连接');
    // Past the service's last zoom level: refused without asking it.
    expect(await c.call('map.tile', { z: 19, x: 1, y: 1 })).toMatchObject({ ok: false, error: { code: 'TILE_UNAVAILABLE' } });
    // A tile address outside the zoom level's grid: refused by the contract.
    expect(await c.call('map.tile', { z: 2, x: 4, y: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // Cleared: no tiles any more, even cached ones (the admin turned the basemap off).
    await setTiles(c, null);
    expect(await c.call('map.tile', { z: 14, x: 13400, y: 7100 })).toMatchObject({ ok: false, error: { code: 'NO_TILE_SERVICE' } });
  });

  it('refuses what is not an image (an HTML error page, a type that lies) and an HTTP error, with a Chinese reason', async () => {
    const c = await adminCore();
    const srv = await tileServer((p) =>
      p.includes('/1/')
        ? { status: 200, type: 'text/html', body: '<html>登录</html>' }
        : p.includes('/2/')
          ? { status: 200, type: 'image/png', body: 'GIF89a-not-a-png' }
          : { status: 503, type: 'text/plain', body: 'busy' },
    );
    await setTiles(c, { url: `${srv.url}/{z}/{x}/{y}`, label: '测试底图', maxZoom: 18 });
    const html = await c.call('map.tile', { z: 1, x: 0, y: 0 });
    expect(html).toMatchObject({ ok: false, error: { code: 'TILE_INVALID' } });
    if (!html.ok) expect(html.error.message).toContain('不是图片');
    expect(await c.call('map.tile', { z: 2, x: 0, y: 0 })).toMatchObject({ ok: false, error: { code: 'TILE_INVALID' } });
    const busy = await c.call('map.tile', { z: 3, x: 0, y: 0 });
    expect(busy).toMatchObject({ ok: false, error: { code: 'TILE_UNAVAILABLE' } });
    if (!busy.ok) expect(busy.error.message).toContain('HTTP 503');
  });

  it('a dispatcher may not set the tile service; a bad template is refused by the contract', async () => {
    const c = await adminCore();
    const bad = await c.call('ref.update', {
      change: { section: 'mapTiles', value: { url: 'file:///etc/{z}/{x}/{y}', label: '本地', maxZoom: 18 } },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(MapTiles.safeParse({ url: 'http://user:pw@gis.local/{z}/{x}/{y}', label: 'x' }).success).toBe(false);
    expect(MapTiles.safeParse({ url: 'http://gis.local/{z}/{x}', label: 'x' }).success).toBe(false);
    expect(MapTiles.safeParse({ url: 'https://gis.local:8443/wmts/{z}/{x}/{y}.png', label: '天地图' }).success).toBe(true);
    // A WMTS GetTile request (KVP) in the Web Mercator matrix set, as the district's 天地图 serves it.
    const wmts =
      'http://gis.local/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';
    expect(MapTiles.safeParse({ url: wmts, label: '天地图' }).success).toBe(true);
    ok(await c.call('session.logout', {}));
    ok(await c.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    const refused = await c.call('ref.update', { change: { section: 'mapTiles', value: null } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('knows an image by its first bytes', () => {
    expect(sniffImage(PNG)).toBe('image/png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('<html>'))).toBeNull();
  });
});
