/**
 * Basemap tiles ('map.tile'): the configured tile service (ref `mapTiles`, set by an admin) is fetched by
 * the core, never by the page, so the pages' Content-Security-Policy stays 'self' and a workstation that
 * lost the government network still draws the tiles it has seen. Each tile is checked (HTTP 200, an image
 * type whose first bytes agree, at most 1 MB) and cached on disk under the data directory, per service
 * (a hash of its URL template: another service never serves a stale tile of the last one), bounded by a
 * budget with the least recently used tiles removed first (TileDiskCache).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { TileImage } from '../../../shared/api.js';
import { ApiError } from './errors.js';
import type { CoreParts, HandlersFor } from './handlers.js';
import { DEFAULT_TILE_CACHE_BYTES, TileDiskCache } from './tileCache.js';

const MAX_TILE_BYTES = 1_000_000;
const FETCH_TIMEOUT_MS = 8_000;

type TileType = TileImage['type'];
const EXT: Record<TileType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** The image type the bytes start with (PNG, JPEG, WebP), or null. */
export function sniffImage(b: Uint8Array): TileType | null {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP')
    return 'image/webp';
  return null;
}

export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y));
}

async function fetchTile(url: string): Promise<{ type: TileType; bytes: Buffer }> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  } catch (e) {
    throw new ApiError(
      'TILE_UNAVAILABLE',
      `底图服务无法连接（${(e as Error).name === 'TimeoutError' ? '超时' : '网络不通'}），地图以无底图方式显示。`,
    );
  }
  if (res.status !== 200) throw new ApiError('TILE_UNAVAILABLE', `底图服务返回 HTTP ${res.status}，地图以无底图方式显示。`);
  const declared = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > MAX_TILE_BYTES) throw new ApiError('TILE_INVALID', '底图服务返回的瓦片过大（超过 1 MB），已拒收。');
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > MAX_TILE_BYTES) throw new ApiError('TILE_INVALID', '底图服务返回的瓦片过大（超过 1 MB），已拒收。');
  const type = sniffImage(bytes);
  if (!type || (declared !== type && !(declared === 'image/jpg' && type === 'image/jpeg'))) {
    throw new ApiError('TILE_INVALID', `底图服务返回的不是图片（声明类型：${declared || '未说明'}），已拒收。请检查底图地址。`);
  }
  return { type, bytes };
}

export function tileHandlers(p: CoreParts): HandlersFor<'map.tile'> {
  const cache = new TileDiskCache(path.join(p.dataDir, 'tiles'), p.tileCacheBytes ?? DEFAULT_TILE_CACHE_BYTES, p.log);
  const types = Object.keys(EXT) as TileType[];
  return {
    'map.tile': async ({ z, x, y }) => {
      const tiles = p.requireRef().mapTiles;
      if (!tiles) throw new ApiError('NO_TILE_SERVICE', '未配置底图服务：地图以无底图方式显示。');
      if (z > tiles.maxZoom) throw new ApiError('TILE_UNAVAILABLE', `底图服务只提供到第 ${tiles.maxZoom} 级。`);
      const service = createHash('sha256').update(tiles.url).digest('hex').slice(0, 16);
      const hit = await cache.read(
        service,
        z,
        x,
        y,
        types.map((t) => EXT[t]),
      );
      if (hit) return { type: types.find((t) => EXT[t] === hit.ext)!, data: hit.bytes.toString('base64'), cached: true };
      const { type, bytes } = await fetchTile(tileUrl(tiles.url, z, x, y));
      await cache.write(service, z, x, y, EXT[type], bytes);
      return { type, data: bytes.toString('base64'), cached: false };
    },
  };
}
