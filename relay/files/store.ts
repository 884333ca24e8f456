/**
 * The relay's attachment store (issue 15.2): files kept by content address (the hex SHA-256 of their
 * bytes) under <data-dir>/files/<first two hex digits>/, each with a small JSON sidecar (type and size) and,
 * for images, a WebP thumbnail made with sharp. Only what shared/files.ts accepts by content is stored;
 * an image must also decode, and is stored without its metadata (EXIF GPS, device, XMP, comments; removed
 * losslessly by shared/imageMetadata.ts, the orientation kept), so its content address is the hash of the
 * stripped bytes, which the upload answer returns. Writes go to a temporary name and are renamed into place, so a crash never
 * leaves a half file under a content address; the same bytes stored twice are kept once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { checkFileContent, DEFAULT_MAX_FILE_BYTES, type ContentCheck } from '../../shared/files.js';
import { ImageStructureError, stripImageMetadata } from '../../shared/imageMetadata.js';
import { FileMime, Sha256Hex } from '../../shared/model.js';
import { z } from 'zod';

/** Longest side of a thumbnail, in pixels. */
export const THUMB_SIZE = 320;

export const StoredFile = z.object({ sha256: Sha256Hex, size: z.number().int().positive(), mime: FileMime });
export type StoredFile = z.infer<typeof StoredFile>;

export class FileRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FileStoreOptions {
  /** Directory of the store (created when missing). */
  dir: string;
  /** Largest file accepted, in bytes (default 10 MB). */
  maxBytes?: number;
}

export class FileStore {
  readonly dir: string;
  readonly maxBytes: number;

  constructor(opts: FileStoreOptions) {
    this.dir = opts.dir;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    fs.mkdirSync(this.dir, { recursive: true });
  }

  private base(sha256: string): string {
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Checks and stores a file; the answer names it by content. Throws FileRefused (Chinese message). */
  async put(received: Buffer, name: string): Promise<StoredFile & { stored: boolean }> {
    const check: ContentCheck = await checkFileContent(received, name, this.maxBytes);
    if (!check.ok) throw new FileRefused(check.code, check.message);
    const unreadable = () => new FileRefused('FILE_UNREADABLE', `“${name.trim() || '图片'}”无法作为图片读取（文件可能已损坏），已拒收。`);
    // Metadata (EXIF GPS, device, XMP, comments…) is removed first: what is stored, hashed and served is the
    // stripped image, so the content address is that of the stripped bytes (shared/imageMetadata.ts).
    let bytes = received;
    if (check.kind === 'photo') {
      try {
        const stripped = stripImageMetadata(received, check.mime);
        bytes = Buffer.from(stripped.buffer, stripped.byteOffset, stripped.byteLength);
      } catch (err) {
        if (err instanceof ImageStructureError) throw unreadable();
        throw err;
      }
    }
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const existing = await this.stat(sha256);
    if (existing) return { ...existing, stored: false };
    let thumb: Buffer | null = null;
    if (check.kind === 'photo') {
      try {
        thumb = await sharp(bytes, { failOn: 'error' })
          .rotate()
          .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 75 })
          .toBuffer();
      } catch {
        throw unreadable();
      }
    }
    const base = this.base(sha256);
    await fs.promises.mkdir(path.dirname(base), { recursive: true });
    const meta: StoredFile = { sha256, size: bytes.length, mime: check.mime };
    if (thumb) await writeAtomic(base + '.thumb.webp', thumb);
    await writeAtomic(base, bytes);
    // The sidecar last: a file counts as stored once its sidecar exists.
    await writeAtomic(base + '.json', Buffer.from(JSON.stringify(meta)));
    return { ...meta, stored: true };
  }

  /** Type and size of a stored file, or null. */
  async stat(sha256: string): Promise<StoredFile | null> {
    if (!Sha256Hex.safeParse(sha256).success) return null;
    try {
      const parsed = StoredFile.safeParse(JSON.parse(await fs.promises.readFile(this.base(sha256) + '.json', 'utf8')));
      return parsed.success && parsed.data.sha256 === sha256 ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  /** The file's bytes (or its thumbnail: WebP, images only), or null when not stored. */
  async read(sha256: string, variant: 'full' | 'thumb' = 'full'): Promise<{ meta: StoredFile; bytes: Buffer; mime: string } | null> {
    const meta = await this.stat(sha256);
    if (!meta) return null;
    if (variant === 'thumb') {
      if (meta.mime === 'application/pdf') return null;
      const bytes = await fs.promises.readFile(this.base(sha256) + '.thumb.webp').catch(() => null);
      return bytes ? { meta, bytes, mime: 'image/webp' } : null;
    }
    const bytes = await fs.promises.readFile(this.base(sha256)).catch(() => null);
    return bytes ? { meta, bytes, mime: meta.mime } : null;
  }
}

async function writeAtomic(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.promises.writeFile(tmp, bytes);
  await fs.promises.rename(tmp, file);
}
