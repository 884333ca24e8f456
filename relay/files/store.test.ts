import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFileContent } from '../../shared/files.js';
import { Attachment } from '../../shared/model.js';
import { stripImageMetadata } from '../../shared/imageMetadata.js';
import { hasPhoneMetadata, testExe, testHtml, testImage, testPdf, testPhonePhoto } from '../testing/files.js';
import { FileRefused, FileStore, THUMB_SIZE } from './store.js';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'files-test-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('checkFileContent (type by content)', () => {
  it('accepts JPEG, PNG, WebP and PDF by their bytes', async () => {
    for (const [fmt, mime] of [
      ['jpeg', 'image/jpeg'],
      ['png', 'image/png'],
      ['webp', 'image/webp'],
    ] as const) {
      const r = await checkFileContent(await testImage(fmt), `现场.${fmt === 'jpeg' ? 'jpg' : fmt}`);
      expect(r).toEqual({ ok: true, mime, kind: 'photo' });
    }
    expect(await checkFileContent(testPdf(), '处理报告.pdf')).toEqual({ ok: true, mime: 'application/pdf', kind: 'document' });
    // A name without extension is judged by content alone.
    expect((await checkFileContent(await testImage('png'), '照片')).ok).toBe(true);
  });

  it('refuses a program renamed .jpg and a web page named .pdf, in Chinese', async () => {
    const exe = await checkFileContent(testExe(), '现场照片.jpg');
    expect(exe).toMatchObject({ ok: false, code: 'FILE_DISGUISED' });
    if (!exe.ok)
      expect(exe.message).toBe('“现场照片.jpg”名为JPEG 图片，但内容是EXE 文件，已拒收。附件只接受 JPEG、PNG、WebP 图片和 PDF 文档。');
    const html = await checkFileContent(testHtml(), '通知.pdf');
    expect(html).toMatchObject({ ok: false, code: 'FILE_DISGUISED' });
    if (!html.ok) expect(html.message).toContain('无法识别类型的文件');
    const plain = await checkFileContent(testExe(), 'setup.exe');
    expect(plain).toMatchObject({ ok: false, code: 'FILE_TYPE_REFUSED' });
  });

  it('refuses a PNG named .jpg (name and content disagree), an empty and an oversized file', async () => {
    const png = await checkFileContent(await testImage('png'), 'a.jpg');
    expect(png).toMatchObject({ ok: false, code: 'FILE_DISGUISED' });
    if (!png.ok) expect(png.message).toContain('内容是PNG 图片');
    expect(await checkFileContent(new Uint8Array(), 'a.png')).toMatchObject({ ok: false, code: 'FILE_EMPTY' });
    const big = await checkFileContent(await testImage('png'), 'a.png', 100);
    expect(big).toMatchObject({ ok: false, code: 'FILE_TOO_LARGE' });
    if (!big.ok) expect(big.message).toMatch(/超过了每个附件 .* MB 的上限/u);
  });
});

describe('Attachment (backwards compatible)', () => {
  it('parses an old names-only attachment and a stored one; refuses a bad digest', () => {
    expect(Attachment.parse({ name: '现场照片1.jpg', kind: 'photo' })).toEqual({ name: '现场照片1.jpg', kind: 'photo' });
    expect(Attachment.parse({ name: 'x.jpg' })).toEqual({ name: 'x.jpg', kind: 'photo' });
    const sha256 = 'a'.repeat(64);
    expect(Attachment.parse({ name: 'x.jpg', kind: 'photo', sha256, size: 10, mime: 'image/jpeg' })).toMatchObject({ sha256 });
    expect(Attachment.safeParse({ name: 'x.jpg', sha256: 'XYZ' }).success).toBe(false);
    expect(Attachment.safeParse({ name: 'x.exe', mime: 'application/x-msdownload' }).success).toBe(false);
  });
});

describe('FileStore (real files in a temp dir)', () => {
  it('stores by SHA-256 with a thumbnail, and the same file twice once', async () => {
    const dir = tmp();
    const store = new FileStore({ dir });
    const jpg = await testImage('jpeg', '#c0392b', 1200, 900);
    const sha = crypto.createHash('sha256').update(jpg).digest('hex');
    const a = await store.put(jpg, '处置前.jpg');
    expect(a).toEqual({ sha256: sha, size: jpg.length, mime: 'image/jpeg', stored: true });
    const b = await store.put(jpg, '另一个名字.jpeg');
    expect(b).toEqual({ sha256: sha, size: jpg.length, mime: 'image/jpeg', stored: false });
    const files = fs.readdirSync(path.join(dir, sha.slice(0, 2))).sort();
    expect(files).toEqual([sha, `${sha}.json`, `${sha}.thumb.webp`]);
    const full = await store.read(sha);
    expect(full?.bytes.equals(jpg)).toBe(true);
    const thumb = await store.read(sha, 'thumb');
    expect(thumb?.mime).toBe('image/webp');
    const meta = await sharp(thumb!.bytes).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBe(THUMB_SIZE);
  });

  it('stores a PDF without a thumbnail', async () => {
    const store = new FileStore({ dir: tmp() });
    const pdf = await store.put(testPdf(), '报告.pdf');
    expect(pdf.mime).toBe('application/pdf');
    expect(await store.read(pdf.sha256, 'thumb')).toBeNull();
    expect((await store.read(pdf.sha256))?.mime).toBe('application/pdf');
  });

  it('refuses an oversized, a disguised and an undecodable file, leaving nothing behind', async () => {
    const dir = tmp();
    const store = new FileStore({ dir, maxBytes: 50_000 });
    const big = await testImage('png', '#123456', 2000, 2000);
    const noise = Buffer.concat([await testImage('png', '#000000', 10, 10), crypto.randomBytes(60_000)]);
    await expect(store.put(big.length > 50_000 ? big : noise, 'big.png')).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    await expect(store.put(testExe(), '照片.jpg')).rejects.toBeInstanceOf(FileRefused);
    await expect(store.put(testHtml(), '文件.pdf')).rejects.toMatchObject({ code: 'FILE_DISGUISED' });
    // JPEG magic bytes followed by garbage: the type check passes, decoding does not.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]);
    await expect(store.put(broken, '坏图.jpg')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await store.stat('0'.repeat(64))).toBeNull();
    expect(await store.stat('../etc/passwd')).toBeNull();
  });

  it('stores a phone photo without its metadata, under the hash of the stripped bytes, the orientation kept', async () => {
    const store = new FileStore({ dir: tmp() });
    for (const fmt of ['jpeg', 'png', 'webp'] as const) {
      const photo = await testPhonePhoto(fmt, 6);
      expect(hasPhoneMetadata(photo)).toBe(true);
      const mime = `image/${fmt}` as const;
      const stripped = Buffer.from(stripImageMetadata(photo, mime));
      const sha = crypto.createHash('sha256').update(stripped).digest('hex');
      const put = await store.put(photo, `现场.${fmt === 'jpeg' ? 'jpg' : fmt}`);
      expect(put).toEqual({ sha256: sha, size: stripped.length, mime, stored: true });
      const full = await store.read(sha);
      expect(full?.bytes.equals(stripped)).toBe(true);
      expect(hasPhoneMetadata(full!.bytes)).toBe(false);
      expect((await sharp(full!.bytes).metadata()).orientation).toBe(6);
      // Lossless: the same pixels as the phone's file.
      expect((await sharp(full!.bytes).raw().toBuffer()).equals(await sharp(photo).raw().toBuffer())).toBe(true);
      // The thumbnail carries no metadata either and is turned the right way up (64×48 held at 90°).
      const thumb = await sharp((await store.read(sha, 'thumb'))!.bytes).metadata();
      expect(thumb.exif).toBeUndefined();
      expect([thumb.width, thumb.height]).toEqual([48, 64]);
      // The stripped file sent again is the same file; nothing is stored under the original's hash.
      expect((await store.put(stripped, 'again')).stored).toBe(false);
      expect(await store.has(crypto.createHash('sha256').update(photo).digest('hex'))).toBe(false);
    }
  });
});
