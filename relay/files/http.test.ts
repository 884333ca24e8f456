/** The attachment endpoints over real HTTP against a real relay (issue 15.2). */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody, signServiceRequest } from '../auth.js';
import { startRelay, type RelayHandle } from '../server.js';
import { testExe, testHtml, testImage, testPdf } from '../testing/files.js';
import { login, postWebhook, removeTempDirs, tempDir, testRelayOptions, TEST_WEBHOOK_SECRET, uid } from '../testing/testkit.js';
import { districtReport } from '../testing/testkit.js';

let relay: RelayHandle;
let token: string;
beforeAll(async () => {
  relay = await startRelay(testRelayOptions(tempDir(), { maxFileMb: 1 }));
  token = await login(relay.url, 'dispatcher', uid('ws'));
});
afterAll(async () => {
  await relay.close();
  removeTempDirs();
});

const upload = (body: Buffer, name: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  fetch(`${relay.url}/api/files`, {
    method: 'POST',
    headers: { 'x-file-name': encodeURIComponent(name), ...headers },
    body: new Uint8Array(body),
  });

describe('POST /api/files and GET /api/files/<sha256>', () => {
  it('stores an image by content, serves it and its thumbnail with nosniff; the same file twice once', async () => {
    const jpg = await testImage('jpeg');
    const sha = crypto.createHash('sha256').update(jpg).digest('hex');
    const r = await upload(jpg, '现场照片.jpg');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, value: { sha256: sha, size: jpg.length, mime: 'image/jpeg', duplicate: false } });
    const again = await upload(jpg, '又一次.jpg');
    expect(((await again.json()) as { value: { duplicate: boolean } }).value.duplicate).toBe(true);

    const get = await fetch(`${relay.url}/api/files/${sha}`, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('image/jpeg');
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
    expect(get.headers.get('content-disposition')).toBe('inline');
    expect(Buffer.from(await get.arrayBuffer()).equals(jpg)).toBe(true);
    const thumb = await fetch(`${relay.url}/api/files/${sha}/thumb`, { headers: { authorization: `Bearer ${token}` } });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await thumb.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('serves a PDF as a download', async () => {
    const r = await upload(testPdf(), '整改报告.pdf');
    const { value } = (await r.json()) as { value: { sha256: string; mime: string } };
    expect(value.mime).toBe('application/pdf');
    const get = await fetch(`${relay.url}/api/files/${value.sha256}?name=${encodeURIComponent('整改报告.pdf')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(get.headers.get('content-type')).toBe('application/pdf');
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
    expect(get.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''%E6%95%B4/u);
    const noThumb = await fetch(`${relay.url}/api/files/${value.sha256}/thumb`, { headers: { authorization: `Bearer ${token}` } });
    expect(noThumb.status).toBe(404);
  });

  it('refuses disguised and oversized files in Chinese and stores nothing', async () => {
    const exe = await upload(testExe(), '照片.jpg');
    expect(exe.status).toBe(422);
    const exeBody = (await exe.json()) as { code: string; message: string };
    expect(exeBody.code).toBe('FILE_DISGUISED');
    expect(exeBody.message).toContain('已拒收');
    const html = await upload(testHtml(), '通知.pdf');
    expect(html.status).toBe(422);
    const big = await upload(Buffer.concat([await testImage('png'), crypto.randomBytes(1024 * 1024)]), '大图.png');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { message: string }).message).toBe('文件超过了每个附件 1 MB 的上限，已拒收。');
    const sha = crypto.createHash('sha256').update(testExe()).digest('hex');
    const get = await fetch(`${relay.url}/api/files/${sha}`, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(404);
  });

  it('requires a staff token to upload (not the wall) and a token or service signature to read', async () => {
    const png = await testImage('png');
    expect((await upload(png, 'a.png', {})).status).toBe(401);
    expect((await upload(png, 'a.png', { authorization: 'Bearer v1.bad.token' })).status).toBe(401);
    const wall = await login(relay.url, 'wall', uid('wall'));
    expect((await upload(png, 'a.png', { authorization: `Bearer ${wall}` })).status).toBe(401);
    const { value } = (await (await upload(png, 'a.png')).json()) as { value: { sha256: string } };
    const p = `/api/files/${value.sha256}`;
    expect((await fetch(relay.url + p)).status).toBe(401);
    expect((await fetch(relay.url + p, { headers: { authorization: `Bearer ${wall}` } })).status).toBe(200);
    const ts = Date.now();
    const bySig = await fetch(relay.url + p, {
      headers: { 'x-timestamp': String(ts), 'x-signature': signServiceRequest('GET', p, ts, TEST_WEBHOOK_SECRET) },
    });
    expect(bySig.status).toBe(200);
  });
});

describe('district files', () => {
  it('POST /district/files is signed; a change naming a file not uploaded is refused, one uploaded is applied', async () => {
    const photo = await testImage('jpeg', '#27ae60');
    const unsigned = await fetch(`${relay.url}/district/files`, { method: 'POST', body: new Uint8Array(photo) });
    expect(unsigned.status).toBe(401);
    const r = await fetch(`${relay.url}/district/files`, {
      method: 'POST',
      headers: { 'x-signature': signBody(photo, TEST_WEBHOOK_SECRET), 'x-file-name': encodeURIComponent('现场.jpg') },
      body: new Uint8Array(photo),
    });
    expect(r.status).toBe(200);
    const { value: answer } = (await r.json()) as { value: { sha256: string; size: number; mime: 'image/jpeg'; duplicate: boolean } };
    const value = { sha256: answer.sha256, size: answer.size, mime: answer.mime };

    const missing = districtReport(uid('case'));
    if (missing.command.type !== 'report') throw new Error('report expected');
    missing.command.attachments = [{ name: '现场.jpg', kind: 'photo', sha256: 'f'.repeat(64), size: 10, mime: 'image/jpeg' }];
    const refused = await postWebhook(relay.url, missing);
    expect(refused.status).toBe(422);
    expect(refused.json.message).toMatch(/尚未上传到中继/u);

    const good = districtReport(uid('case'));
    if (good.command.type !== 'report') throw new Error('report expected');
    good.command.attachments = [{ name: '现场.jpg', kind: 'photo', ...value }];
    const applied = await postWebhook(relay.url, good);
    expect(applied.status).toBe(200);
    expect((await relay.store.getCase(good.command.caseId))?.attachments).toEqual([{ name: '现场.jpg', kind: 'photo', ...value }]);
  });
});
