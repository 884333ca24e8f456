/**
 * Attachment files at the workstation against a real relay (issue 15.2): a picked file uploaded in pieces;
 * a file picked while the relay is down kept on disk and uploaded before the command naming it is pushed;
 * a downloaded file shown again after the relay is gone; refused files named in Chinese; the cache bounded;
 * a file picked offline that the relay refuses for good never holds the push up (the command goes without it,
 * the user is told), while a passing failure of the relay keeps the push retrying.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES } from '../../../shared/api.js';
import type { ApiResult } from '../../../shared/api.js';
import type { Attachment } from '../../../shared/model.js';
import type { RelayHandle } from '../../../relay/server.js';
import { hasPhoneMetadata, testExe, testImage, testNoiseImage, testPhonePhoto } from '../../../relay/testing/files.js';
import { stripImageMetadata } from '../../../shared/imageMetadata.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { startTestRelay } from '../testing/relayTestkit.js';
import { ok, reportCommand, tempDir, waitForSync, waitSettled } from '../testing/testkit.js';
import { AttachmentFiles, isPermanentRefusal } from './attachmentFiles.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relay(dataDir = tempDir('relay-'), port = 0): Promise<RelayHandle> {
  const r = await startTestRelay({ port, dataDir });
  cleanups.push(() => r.close());
  return r;
}

function core(relayUrl: string, dataDir = tempDir()): Core {
  const c = createCore({ dataDir, relayUrl, log: memoryLogger(), validateOutput: true, requestTimeoutMs: 5000 });
  cleanups.push(() => c.close());
  return c;
}

/** Sends a file the way the renderer does: base64 pieces of FILE_CHUNK_BYTES, in order. */
async function upload(c: Core, bytes: Buffer, name: string): Promise<ApiResult<{ attachment: Attachment; uploaded: boolean }>> {
  const uploadId = crypto.randomBytes(8).toString('hex');
  const total = Math.max(1, Math.ceil(bytes.length / FILE_CHUNK_BYTES));
  for (let index = 0; index < total; index++) {
    const data = bytes.subarray(index * FILE_CHUNK_BYTES, (index + 1) * FILE_CHUNK_BYTES).toString('base64');
    const r = await c.call('file.upload', { uploadId, name, index, total, data });
    if (!r.ok) return r;
    if (r.value.done) return { ok: true, value: r.value };
  }
  throw new Error('no final piece');
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A well-formed JPEG structure (start, one scan, end) around garbage that no decoder reads as an image. */
function undecodableJpeg(): Buffer {
  const garbage = crypto.randomBytes(3000).map((x) => (x === 0xff ? 0x00 : x));
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0]), garbage, Buffer.from([0xff, 0xd9])]);
}

describe('attachments at the workstation', () => {
  it('uploads a picked file in pieces; the relay stores it; a second workstation views it and its thumbnail', async () => {
    const r = await relay();
    const a = core(r.url);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(a);
    const photo = await testNoiseImage('jpeg', 800, 600);
    expect(photo.length).toBeGreaterThan(FILE_CHUNK_BYTES);
    const up = ok(await upload(a, photo, '现场照片.jpg'));
    expect(up.uploaded).toBe(true);
    expect(up.attachment).toEqual({ name: '现场照片.jpg', kind: 'photo', sha256: sha(photo), size: photo.length, mime: 'image/jpeg' });
    expect((await r.files.read(sha(photo)))?.bytes.equals(photo)).toBe(true);

    const b = core(r.url);
    ok(await b.call('session.login', { username: 'supervisor', password: 'grid2026' }));
    const full = ok(await b.call('file.get', { sha256: sha(photo), variant: 'full' }));
    expect(full).toMatchObject({ mime: 'image/jpeg', cached: false });
    expect(Buffer.from(full.data, 'base64').equals(photo)).toBe(true);
    const thumb = ok(await b.call('file.get', { sha256: sha(photo), variant: 'thumb' }));
    expect(thumb.mime).toBe('image/webp');
    expect(ok(await b.call('file.get', { sha256: sha(photo), variant: 'full' })).cached).toBe(true);
  });

  it('refuses a disguised file in Chinese and keeps nothing', async () => {
    const r = await relay();
    const dir = tempDir();
    const a = core(r.url, dir);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    const res = await upload(a, testExe(), '现场照片.jpg');
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('FILE_DISGUISED');
      expect(res.error.message).toContain('已拒收');
    }
    expect(fs.readdirSync(path.join(dir, 'attachments', 'staging'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'attachments', 'pending'))).toBe(false);
    // JPEG magic bytes and garbage: past the type check, refused by the core's metadata filter, not kept.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(3000)]);
    const res2 = await upload(a, broken, '坏图.jpg');
    expect(res2.ok ? 'stored' : res2.error.code).toBe('FILE_UNREADABLE');
    expect(fs.existsSync(path.join(dir, 'attachments', 'pending'))).toBe(false);
    // A well-formed JPEG structure whose image data is garbage: only the relay's decoder can tell; not kept.
    const res3 = await upload(a, undecodableJpeg(), '坏图2.jpg');
    expect(res3.ok ? 'stored' : res3.error.code).toBe('FILE_UNREADABLE');
    expect(fs.readdirSync(path.join(dir, 'attachments', 'pending'))).toEqual([]);
  });

  it('offline: keeps the file, pushes the command only after uploading it; shown from the cache once the relay is gone', async () => {
    const relayDir = tempDir('relay-');
    let r = await relay(relayDir);
    const port = r.port;
    const dir = tempDir();
    const a = core(r.url, dir);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(a);
    await r.close();
    await waitForSync(a, (s) => s.connection === 'offline', { label: 'offline' });

    const photo = await testImage('png', '#e67e22', 300, 200);
    const up = ok(await upload(a, photo, '窨井盖.png'));
    expect(up.uploaded).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'attachments', 'pending')).sort()).toEqual([sha(photo), `${sha(photo)}.json`]);
    // Viewable offline from the workstation's own copy.
    expect(ok(await a.call('file.get', { sha256: sha(photo), variant: 'thumb' }))).toMatchObject({ mime: 'image/png', cached: true });
    const cmd = reportCommand({ attachments: [up.attachment] });
    ok(await a.call('command.submit', { command: cmd }));

    r = await relay(relayDir, port);
    await waitSettled(a);
    expect((await r.files.stat(sha(photo)))?.size).toBe(photo.length);
    expect((await r.store.getCase(cmd.caseId))?.attachments).toEqual([up.attachment]);
    expect(fs.readdirSync(path.join(dir, 'attachments', 'pending'))).toEqual([]);

    // A file another workstation uploaded, viewed once, then the relay goes away: still shown.
    const other = await testImage('webp', '#16a085');
    const stored = await r.files.put(other, '处置后.webp');
    ok(await a.call('file.get', { sha256: stored.sha256, variant: 'full' }));
    await r.close();
    await waitForSync(a, (s) => s.connection === 'offline', { label: 'offline again' });
    const again = ok(await a.call('file.get', { sha256: stored.sha256, variant: 'full' }));
    expect(again.cached).toBe(true);
    expect(Buffer.from(again.data, 'base64').equals(other)).toBe(true);
    expect(ok(await a.call('file.get', { sha256: sha(photo), variant: 'full' })).cached).toBe(true);
    const never = await a.call('file.get', { sha256: 'e'.repeat(64), variant: 'full' });
    expect(never.ok).toBe(false);
    if (!never.ok) expect(never.error.message).toMatch(/尚未缓存在本工作站/u);
  });

  it('a phone photo is kept without its GPS and camera data, named by the stripped hash, online and offline alike', async () => {
    const relayDir = tempDir('relay-');
    let r = await relay(relayDir);
    const port = r.port;
    const dir = tempDir();
    const a = core(r.url, dir);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(a);
    // Online: the relay answers the same hash as the workstation computed (both strip the same way).
    const online = await testPhonePhoto('jpeg', 6, '#1abc9c');
    const stripped = Buffer.from(stripImageMetadata(online, 'image/jpeg'));
    const up = ok(await upload(a, online, '现场.jpg'));
    expect(up).toMatchObject({ uploaded: true, attachment: { sha256: sha(stripped), size: stripped.length } });
    expect(hasPhoneMetadata((await r.files.read(sha(stripped)))!.bytes)).toBe(false);

    // Offline: kept stripped, the queued command names the stripped hash, the relay accepts it on reconnect.
    await r.close();
    await waitForSync(a, (s) => s.connection === 'offline', { label: 'offline' });
    const photo = await testPhonePhoto('png', 3, '#c0392b');
    const off = ok(await upload(a, photo, '处置后.png'));
    expect(off.uploaded).toBe(false);
    const kept = fs.readFileSync(path.join(dir, 'attachments', 'pending', off.attachment.sha256!));
    expect(sha(kept)).toBe(off.attachment.sha256);
    expect(hasPhoneMetadata(kept)).toBe(false);
    const cmd = reportCommand({ attachments: [off.attachment] });
    ok(await a.call('command.submit', { command: cmd }));
    r = await relay(relayDir, port);
    await waitSettled(a);
    expect((await r.store.getCase(cmd.caseId))?.attachments).toEqual([off.attachment]);
    const atRelay = (await r.files.read(off.attachment.sha256!))!.bytes;
    expect(atRelay.equals(kept)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'attachments', 'pending'))).toEqual([]);
  });

  it('offline: a picked file the relay cannot decode is taken out of the queued command; that command and the next arrive; the user is told', async () => {
    const relayDir = tempDir('relay-');
    let r = await relay(relayDir);
    const port = r.port;
    const dir = tempDir();
    const a = core(r.url, dir);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(a);
    await r.close();
    await waitForSync(a, (s) => s.connection === 'offline', { label: 'offline' });

    // A JPEG's structure around garbage: the core's checks pass it; only the relay's decoder can tell.
    const broken = undecodableJpeg();
    const bad = ok(await upload(a, broken, '坏图.jpg'));
    expect(bad.uploaded).toBe(false);
    const photo = await testImage('png', '#2980b9', 200, 150);
    const good = ok(await upload(a, photo, '现场.png'));
    const first = reportCommand({ attachments: [bad.attachment, good.attachment] });
    const second = reportCommand({ title: '南京西路路灯不亮', address: '南京西路8号' });
    ok(await a.call('command.submit', { command: first }));
    ok(await a.call('command.submit', { command: second }));
    const notices: Array<{ kind: string; caseId: string; title: string; body: string }> = [];
    const off = a.subscribe('notify', (n) => void notices.push(n));
    cleanups.push(off);

    r = await relay(relayDir, port);
    await waitSettled(a);
    // The first command arrived without the refused file (the good one kept), the one after it arrived too.
    expect((await r.store.getCase(first.caseId))?.attachments).toEqual([good.attachment]);
    expect((await r.store.getCase(second.caseId))?.title).toBe('南京西路路灯不亮');
    expect(await r.files.stat(sha(broken))).toBeFalsy();
    expect(fs.readdirSync(path.join(dir, 'attachments', 'pending'))).toEqual([]);
    expect(notices).toEqual([
      {
        kind: 'rejected_command',
        caseId: first.caseId,
        title: '附件已移除',
        body: '附件“坏图.jpg”无法识别为图片，已从该操作中移除，其余内容照常提交。',
      },
    ]);
    // This workstation's own view of the case agrees with the relay's.
    const local = ok(await a.call('case.get', { id: first.caseId }));
    expect(local.case.attachments).toEqual([good.attachment]);
  });

  it('offline: a passing failure of the relay (HTTP 500) keeps the file and the push retrying until it succeeds', async () => {
    const relayDir = tempDir('relay-');
    let r = await relay(relayDir);
    const port = r.port;
    const dir = tempDir();
    const a = core(r.url, dir);
    ok(await a.call('session.login', { username: 'dispatcher', password: 'grid2026' }));
    await waitSettled(a);
    await r.close();
    await waitForSync(a, (s) => s.connection === 'offline', { label: 'offline' });
    const photo = await testImage('jpeg', '#c0392b', 200, 150);
    const up = ok(await upload(a, photo, '积水.jpg'));
    const cmd = reportCommand({ attachments: [up.attachment] });
    ok(await a.call('command.submit', { command: cmd }));
    const notices: unknown[] = [];
    cleanups.push(a.subscribe('notify', (n) => void notices.push(n)));

    r = await relay(relayDir, port);
    // The relay's file store fails (e.g. its disk): HTTP 500, twice, then recovers.
    const put = r.files.put.bind(r.files);
    let calls = 0;
    let failedTwice!: () => void;
    const twice = new Promise<void>((res) => (failedTwice = res));
    r.files.put = async (...args) => {
      calls += 1;
      if (calls <= 2) {
        if (calls === 2) failedTwice();
        throw new Error('disk unavailable');
      }
      return put(...args);
    };
    await twice;
    // Still queued, still kept, nothing removed, nobody told of a loss.
    expect(ok(await a.call('sync.status', {})).outboxSize).toBe(1);
    expect(fs.readdirSync(path.join(dir, 'attachments', 'pending')).sort()).toEqual([sha(photo), `${sha(photo)}.json`]);
    expect(await r.store.getCase(cmd.caseId)).toBeFalsy();
    await waitSettled(a);
    expect(calls).toBe(3);
    expect((await r.store.getCase(cmd.caseId))?.attachments).toEqual([up.attachment]);
    expect(notices).toEqual([]);
  });

  it('tells a refusal for good from a passing one', () => {
    expect([400, 413, 415, 422].every(isPermanentRefusal)).toBe(true);
    expect([200, 401, 403, 404, 408, 429, 500, 502, 503].some(isPermanentRefusal)).toBe(false);
  });

  it('bounds the viewing cache, least recently used first', async () => {
    const dir = tempDir();
    const files = new AttachmentFiles({
      dataDir: dir,
      relayUrl: 'http://127.0.0.1:9',
      token: () => null,
      log: memoryLogger(),
      cacheBytes: 1000,
    });
    const cache = path.join(dir, 'attachments', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    for (let i = 0; i < 5; i++) {
      const f = path.join(cache, String(i).repeat(64));
      fs.writeFileSync(f, Buffer.alloc(300));
      fs.utimesSync(f, new Date(1_700_000_000_000 + i * 1000), new Date(1_700_000_000_000 + i * 1000));
    }
    await files.prune();
    expect(fs.readdirSync(cache).sort()).toEqual(['2'.repeat(64), '3'.repeat(64), '4'.repeat(64)].slice(1));
  });
});
