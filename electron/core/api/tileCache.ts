/**
 * The basemap tile cache on disk: `<root>/<service>/<z>/<x>/<y>.<ext>`, one folder per tile service (a
 * hash of its URL template). It is bounded: when the tiles of the service in use pass the budget, the
 * least recently used ones (by file modification time, renewed on every read) are removed until the cache
 * is back under 80 % of it. Folders of other services (a template the admin replaced) are removed on the
 * first use of a service. A disk error costs the cache, never the map: it is logged and the tile served.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';

export const DEFAULT_TILE_CACHE_BYTES = 256 * 1024 * 1024;
/** After a prune the cache holds at most this share of the budget, so pruning is not on every write. */
const PRUNE_TO = 0.8;

export interface TileFile {
  ext: string;
  bytes: Buffer;
}

interface Entry {
  file: string;
  size: number;
  mtimeMs: number;
}

async function listFiles(dir: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let names: import('node:fs').Dirent[];
  try {
    names = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const d of names) {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...(await listFiles(full)));
    else if (d.isFile()) {
      try {
        const st = await fs.stat(full);
        out.push({ file: full, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
  }
  return out;
}

export class TileDiskCache {
  /** Bytes of the current service's tiles, known after the first scan. */
  private used = 0;
  private service: string | null = null;
  private scanning: Promise<void> | null = null;
  private pruning: Promise<void> | null = null;

  constructor(
    private readonly root: string,
    private readonly budget: number,
    private readonly log: Logger,
    /** When a tile was last used (ms); the file's modification time is set to it. */
    private readonly clock: () => number = Date.now,
  ) {}

  private touch(file: string): Promise<void> {
    const t = new Date(this.clock());
    return fs.utimes(file, t, t).catch(() => undefined);
  }

  /** Bytes held for the service in use (after its first read or write). */
  get size(): number {
    return this.used;
  }

  private tilePath(service: string, z: number, x: number, y: number, ext: string): string {
    return path.join(this.root, service, String(z), String(x), `${y}.${ext}`);
  }

  /** On the first use of a service: drop the other services' folders, count this one's bytes. */
  private ready(service: string): Promise<void> {
    if (this.service === service && this.scanning) return this.scanning;
    this.service = service;
    this.used = 0;
    this.scanning = (async () => {
      try {
        for (const d of await fs.readdir(this.root, { withFileTypes: true }).catch(() => [])) {
          if (d.isDirectory() && d.name !== service) await fs.rm(path.join(this.root, d.name), { recursive: true, force: true });
        }
        const files = await listFiles(path.join(this.root, service));
        if (this.service === service) this.used = files.reduce((s, f) => s + f.size, 0);
      } catch (e) {
        this.log.warn(`tile cache scan failed: ${(e as Error).message}`);
      }
    })();
    return this.scanning;
  }

  async read(service: string, z: number, x: number, y: number, exts: readonly string[]): Promise<TileFile | null> {
    await this.ready(service);
    for (const ext of exts) {
      const file = this.tilePath(service, z, x, y, ext);
      try {
        const bytes = await fs.readFile(file);
        await this.touch(file);
        return { ext, bytes };
      } catch {
        // not cached as this type
      }
    }
    return null;
  }

  async write(service: string, z: number, x: number, y: number, ext: string, bytes: Buffer): Promise<void> {
    await this.ready(service);
    const file = this.tilePath(service, z, x, y, ext);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(tmp, bytes);
      const replaced = await fs.stat(file).then(
        (st) => st.size,
        () => 0,
      );
      await fs.rename(tmp, file);
      this.used -= replaced;
      await this.touch(file);
      this.used += bytes.length;
    } catch (e) {
      // A full disk costs the cache, not the map.
      this.log.warn(`tile cache write failed: ${(e as Error).message}`);
      return;
    }
    if (this.used > this.budget) await this.prune(service);
  }

  /** Removes the least recently used tiles until the service's tiles fit in PRUNE_TO of the budget. */
  prune(service: string): Promise<void> {
    this.pruning ??= (async () => {
      try {
        const files = (await listFiles(path.join(this.root, service))).sort((a, b) => a.mtimeMs - b.mtimeMs);
        let total = files.reduce((s, f) => s + f.size, 0);
        const target = this.budget * PRUNE_TO;
        for (const f of files) {
          if (total <= target) break;
          await fs.rm(f.file, { force: true });
          total -= f.size;
        }
        if (this.service === service) this.used = total;
      } catch (e) {
        this.log.warn(`tile cache prune failed: ${(e as Error).message}`);
      } finally {
        this.pruning = null;
      }
    })();
    return this.pruning;
  }
}
