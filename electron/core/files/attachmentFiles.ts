/**
 * Attachment files at the workstation (issue 15.2), under <data-dir>/attachments/:
 *   staging/<uploadId>   a picked file arriving in pieces ('file.upload')
 *   pending/<sha256>     checked files not yet at the relay, with <sha256>.json (name, type, size); kept
 *                        until the relay has them, so offline work loses nothing. The push sends a
 *                        command only after the files it names are uploaded (ensureUploaded).
 *   cache/<sha256>[.thumb]  files and thumbnails fetched from the relay for viewing offline; bounded, the
 *                        least recently used removed first (modification time, renewed on every read).
 * A file is checked by content (shared/files.ts) before it is kept: a refused file never reaches the relay.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { FileContent } from '../../../shared/api.js';
import { checkFileContent, DEFAULT_MAX_FILE_BYTES } from '../../../shared/files.js';
import { ImageStructureError, stripImageMetadata } from '../../../shared/imageMetadata.js';
import { type Attachment, FileMime, Sha256Hex } from '../../../shared/model.js';
import type { Logger } from '../log.js';
import { ApiError } from '../api/errors.js';

export const DEFAULT_ATTACHMENT_CACHE_BYTES = 512 * 1024 * 1024;
const PRUNE_TO = 0.8;
const FETCH_TIMEOUT_MS = 30_000;

const PendingMeta = z.object({ name: z.string(), sha256: Sha256Hex, size: z.number().int().positive(), mime: FileMime });
type PendingMeta = z.infer<typeof PendingMeta>;

const UploadAnswer = z.union([
  z.object({ ok: z.literal(true), value: z.object({ sha256: Sha256Hex, size: z.number(), mime: FileMime }) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);

export interface AttachmentFilesOptions {
  dataDir: string;
  relayUrl: string;
  /** The session's relay token, or null (logged out / offline start). */
  token: () => string | null;
  log: Logger;
  cacheBytes?: number;
  maxFileBytes?: number;
}

interface Staging {
  name: string;
  total: number;
  next: number;
  size: number;
}

export class AttachmentFiles {
  private readonly root: string;
  private readonly staging = new Map<string, Staging>();
  private readonly cacheBytes: number;
  private readonly maxBytes: number;
  private uploading: Promise<void> | null = null;

  constructor(private readonly o: AttachmentFilesOptions) {
    this.root = path.join(o.dataDir, 'attachments');
    this.cacheBytes = o.cacheBytes ?? DEFAULT_ATTACHMENT_CACHE_BYTES;
    this.maxBytes = o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  private dir(kind: 'staging' | 'pending' | 'cache'): string {
    return path.join(this.root, kind);
  }

  /** One piece of a picked file; the last one checks and keeps it, and uploads it when the relay is reachable. */
  async receive(chunk: {
    uploadId: string;
    name: string;
    index: number;
    total: number;
    data: string;
  }): Promise<{ done: false; received: number } | { done: true; attachment: Attachment; uploaded: boolean }> {
    const file = path.join(this.dir('staging'), chunk.uploadId);
    let st = this.staging.get(chunk.uploadId);
    if (chunk.index === 0) {
      st = { name: chunk.name, total: chunk.total, next: 0, size: 0 };
      this.staging.set(chunk.uploadId, st);
      await fs.mkdir(this.dir('staging'), { recursive: true });
      await fs.writeFile(file, new Uint8Array());
    }
    if (!st || st.next !== chunk.index || st.total !== chunk.total || st.name !== chunk.name)
      throw new ApiError('INVALID_INPUT', '文件分段上传的顺序不正确，请重新选择文件。');
    const bytes = Buffer.from(chunk.data, 'base64');
    st.size += bytes.length;
    if (st.size > this.maxBytes) {
      this.staging.delete(chunk.uploadId);
      await fs.rm(file, { force: true });
      throw new ApiError('FILE_TOO_LARGE', `“${chunk.name}”超过了每个附件 ${Math.round(this.maxBytes / 1024 / 1024)} MB 的上限。`);
    }
    await fs.appendFile(file, bytes);
    st.next += 1;
    if (st.next < st.total) return { done: false, received: st.size };
    this.staging.delete(chunk.uploadId);
    try {
      return await this.keep(await fs.readFile(file), chunk.name);
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  /** Checks a whole file by content and keeps it as pending; tries the upload at once. */
  async keep(picked: Buffer, name: string): Promise<{ done: true; attachment: Attachment; uploaded: boolean }> {
    const check = await checkFileContent(picked, name, this.maxBytes);
    if (!check.ok) throw new ApiError(check.code, check.message);
    // Metadata (EXIF GPS, device…) removed here as the relay does (shared/imageMetadata.ts, a fixed point):
    // the workstation keeps no more than the relay will, and the hash named in the command is the one the
    // relay stores the file under.
    let bytes = picked;
    if (check.kind === 'photo') {
      try {
        const stripped = stripImageMetadata(picked, check.mime);
        bytes = Buffer.from(stripped.buffer, stripped.byteOffset, stripped.byteLength);
      } catch (e) {
        if (e instanceof ImageStructureError)
          throw new ApiError('FILE_UNREADABLE', `“${name.trim() || '图片'}”无法作为图片读取（文件可能已损坏）。`);
        throw e;
      }
    }
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const meta: PendingMeta = { name, sha256, size: bytes.length, mime: check.mime };
    const attachment: Attachment = { name, kind: check.kind, sha256, size: bytes.length, mime: check.mime };
    if (!(await this.cached(sha256))) {
      const dir = this.dir('pending');
      await fs.mkdir(dir, { recursive: true });
      await writeAtomic(path.join(dir, sha256), bytes);
      await writeAtomic(path.join(dir, sha256 + '.json'), Buffer.from(JSON.stringify(meta)));
    }
    let uploaded = (await this.pendingMeta(sha256)) === null;
    if (!uploaded && this.o.token()) {
      let refused: RefusedUpload[];
      try {
        refused = await this.ensureUploaded([sha256]);
      } catch (e) {
        this.o.log.info(`attachment ${sha256.slice(0, 12)} kept for upload later: ${(e as Error).message}`);
        return { done: true, attachment, uploaded };
      }
      // Refused by the relay (e.g. an image that does not decode): not kept for a later upload either.
      const r = refused[0];
      if (r) {
        await this.discardPending([sha256]);
        throw new ApiError(r.code, r.message);
      }
      uploaded = true;
    }
    return { done: true, attachment, uploaded };
  }

  private async pendingMeta(sha256: string): Promise<PendingMeta | null> {
    try {
      const m = PendingMeta.safeParse(JSON.parse(await fs.readFile(path.join(this.dir('pending'), sha256 + '.json'), 'utf8')));
      return m.success ? m.data : null;
    } catch {
      return null;
    }
  }

  /** The files still waiting for the relay. */
  async pendingList(): Promise<string[]> {
    const names = await fs.readdir(this.dir('pending')).catch(() => [] as string[]);
    return names.filter((n) => /^[0-9a-f]{64}$/u.test(n));
  }

  /**
   * Uploads those of the given files that are still pending (the push calls it before sending commands
   * naming them). Throws when one cannot be uploaded now (relay unreachable, 5xx, 401, 408, 429); the push
   * then tries again later. A file the relay refuses for good (any other 4xx: e.g. an image that does not
   * decode) is returned, still pending: the caller removes it from the commands naming it, then discards it
   * (discardPending), so a crash in between only repeats the refusal.
   */
  ensureUploaded(shas: readonly string[]): Promise<RefusedUpload[]> {
    const run = async (): Promise<RefusedUpload[]> => {
      const refused: RefusedUpload[] = [];
      for (const sha256 of new Set(shas)) {
        const meta = await this.pendingMeta(sha256);
        if (!meta) continue;
        const token = this.o.token();
        if (!token) throw new Error('not signed in at the relay');
        const file = path.join(this.dir('pending'), sha256);
        const bytes = await fs.readFile(file);
        let res: Response;
        try {
          res = await fetch(this.o.relayUrl.replace(/\/$/u, '') + '/api/files', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'x-file-name': encodeURIComponent(meta.name), 'content-type': meta.mime },
            body: new Uint8Array(bytes),
            signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
          });
        } catch (e) {
          throw new Error(`relay unreachable: ${(e as Error).message}`);
        }
        const answer = UploadAnswer.safeParse(await res.json().catch(() => null));
        if (isPermanentRefusal(res.status)) {
          const refusal: RefusedUpload = {
            sha256,
            name: meta.name,
            code: answer.success && !answer.data.ok ? answer.data.code : 'FILE_REFUSED',
            message: answer.success && !answer.data.ok ? answer.data.message : `中继服务器拒收了“${meta.name}”（HTTP ${res.status}）。`,
          };
          this.o.log.warn(`attachment ${sha256.slice(0, 12)} refused by the relay (HTTP ${res.status} ${refusal.code})`);
          refused.push(refusal);
          continue;
        }
        if (!answer.success) throw new Error(`relay answered HTTP ${res.status} to a file upload`);
        if (!answer.data.ok) throw new Error(`${answer.data.code}: ${answer.data.message}`);
        if (answer.data.value.sha256 !== sha256) {
          // The relay stored the file under another address (e.g. a file kept by an older version before
          // metadata was stripped here): commands naming this one would be refused, so it is dropped from them.
          this.o.log.warn(`attachment ${sha256.slice(0, 12)} stored by the relay as ${answer.data.value.sha256.slice(0, 12)}`);
          refused.push({
            sha256,
            name: meta.name,
            code: 'FILE_CHANGED',
            message: `中继服务器保存的“${meta.name}”与本机的文件不一致，请重新选择该文件`,
          });
          continue;
        }
        // Uploaded: the file moves to the viewing cache (this workstation still shows it offline).
        await fs.mkdir(this.dir('cache'), { recursive: true });
        await fs.rename(file, path.join(this.dir('cache'), sha256));
        await fs.rm(file + '.json', { force: true });
        this.o.log.info(`attachment ${sha256.slice(0, 12)} uploaded (${meta.size} bytes)`);
      }
      return refused;
    };
    // One upload at a time: the push and a form's upload never send the same file twice at once.
    const next = (this.uploading ?? Promise.resolve()).catch(() => undefined).then(run);
    this.uploading = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Removes files from pending (refused by the relay: they will never be uploaded). */
  async discardPending(shas: readonly string[]): Promise<void> {
    for (const sha256 of shas) {
      await fs.rm(path.join(this.dir('pending'), sha256), { force: true });
      await fs.rm(path.join(this.dir('pending'), sha256 + '.json'), { force: true });
    }
  }

  private async cached(sha256: string, thumb = false): Promise<Buffer | null> {
    const file = path.join(this.dir('cache'), sha256 + (thumb ? '.thumb' : ''));
    try {
      const bytes = await fs.readFile(file);
      const now = new Date();
      await fs.utimes(file, now, now).catch(() => undefined);
      return bytes;
    } catch {
      return null;
    }
  }

  /** A file or thumbnail: this workstation's copy, else fetched from the relay and cached. */
  async get(sha256: string, variant: 'full' | 'thumb'): Promise<FileContent> {
    const pending = await this.pendingMeta(sha256);
    if (pending) {
      // Not at the relay yet (no thumbnail there): the image itself stands in for its thumbnail.
      if (variant === 'thumb' && pending.mime === 'application/pdf') throw new ApiError('NO_THUMBNAIL', 'PDF 文档没有缩略图。');
      const bytes = await fs.readFile(path.join(this.dir('pending'), sha256));
      return { sha256, mime: pending.mime, data: bytes.toString('base64'), cached: true };
    }
    const hit = await this.cached(sha256, variant === 'thumb');
    if (hit) return { sha256, mime: mimeOf(hit), data: hit.toString('base64'), cached: true };
    // Offline, the full file cached but not its thumbnail (e.g. this workstation's own upload) stands in.
    const standIn = async (): Promise<FileContent | null> => {
      if (variant !== 'thumb') return null;
      const full = await this.cached(sha256);
      return full && mimeOf(full) !== 'application/pdf'
        ? { sha256, mime: mimeOf(full), data: full.toString('base64'), cached: true }
        : null;
    };
    const token = this.o.token();
    if (!token) {
      const alt = await standIn();
      if (alt) return alt;
      throw new ApiError('OFFLINE', '该附件尚未缓存在本工作站，连接中继后才能查看。');
    }
    let res: Response;
    try {
      res = await fetch(`${this.o.relayUrl.replace(/\/$/u, '')}/api/files/${sha256}${variant === 'thumb' ? '/thumb' : ''}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch {
      const alt = await standIn();
      if (alt) return alt;
      throw new ApiError('OFFLINE', '该附件尚未缓存在本工作站，中继暂时无法连接，恢复连接后才能查看。');
    }
    if (res.status === 404)
      throw new ApiError(
        'NOT_FOUND',
        variant === 'thumb' ? '该附件没有缩略图。' : '中继上没有该附件的文件（可能是旧事件只记录了文件名）。',
      );
    if (res.status !== 200) throw new ApiError('UNAVAILABLE', `中继返回 HTTP ${res.status}，附件暂时无法查看。`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const mime = mimeOf(bytes);
    if (variant === 'full' && crypto.createHash('sha256').update(bytes).digest('hex') !== sha256)
      throw new ApiError('UNAVAILABLE', '中继返回的文件与其摘要不符，已丢弃。');
    await this.store(sha256 + (variant === 'thumb' ? '.thumb' : ''), bytes);
    return { sha256, mime, data: bytes.toString('base64'), cached: false };
  }

  private async store(name: string, bytes: Buffer): Promise<void> {
    try {
      const dir = this.dir('cache');
      await fs.mkdir(dir, { recursive: true });
      await writeAtomic(path.join(dir, name), bytes);
      await this.prune();
    } catch (e) {
      // A disk error costs the cache, never the view.
      this.o.log.warn(`attachment cache write failed: ${(e as Error).message}`);
    }
  }

  /** Keeps the cache under its budget, least recently used first. */
  async prune(): Promise<void> {
    const dir = this.dir('cache');
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const entries: Array<{ file: string; size: number; mtimeMs: number }> = [];
    for (const n of names) {
      const st = await fs.stat(path.join(dir, n)).catch(() => null);
      if (st?.isFile()) entries.push({ file: path.join(dir, n), size: st.size, mtimeMs: st.mtimeMs });
    }
    let used = entries.reduce((s, e) => s + e.size, 0);
    if (used <= this.cacheBytes) return;
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const e of entries) {
      if (used <= this.cacheBytes * PRUNE_TO) break;
      await fs.rm(e.file, { force: true });
      used -= e.size;
    }
  }
}

/** A pending file the relay refused for good: removed from pending, never uploaded. */
export interface RefusedUpload {
  sha256: string;
  name: string;
  code: string;
  message: string;
}

/**
 * The relay refused the file itself (400 malformed upload, 413 too large, 415/422 not an accepted or decodable
 * type): retrying cannot help. Anything else (401 log in again, 403/404 a relay set up wrongly or of another
 * version, 408, 429, 5xx, the network) may pass, so the file waits.
 */
const FILE_REFUSED = new Set([400, 413, 415, 422]);
export function isPermanentRefusal(status: number): boolean {
  return FILE_REFUSED.has(status);
}

/** The user's notice for an attachment removed from a queued command. */
export function droppedAttachmentNotice(refusal: Pick<RefusedUpload, 'name' | 'code' | 'message'>): string {
  const why = refusal.code === 'FILE_UNREADABLE' ? '无法识别为图片' : `被中继服务器拒收（${refusal.message}）`;
  return `附件“${refusal.name}”${why}，已从该操作中移除，其余内容照常提交。`;
}

function mimeOf(bytes: Buffer): FileContent['mime'] {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  return 'image/webp';
}

/** The files named by commands' attachments. */
export function attachmentShas(commands: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const c of commands) {
    const atts = (c as { attachments?: unknown }).attachments;
    if (Array.isArray(atts))
      for (const a of atts) {
        const sha = (a as { sha256?: unknown }).sha256;
        if (typeof sha === 'string') out.push(sha);
      }
  }
  return out;
}

async function writeAtomic(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}
