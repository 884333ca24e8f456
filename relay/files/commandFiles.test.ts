/**
 * Every attachment file a command names must be at the relay (issue 15.2), whoever sends the command: a
 * workstation push over the socket (an attacker with a valid staff account included) is rejected with a
 * Chinese reason and nothing applied; a district change is refused 422. Uploaded phone photos are stored
 * without metadata, and the hash to name is the one the upload answers. Real relay on loopback.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { PushResponse } from '../../shared/protocol.js';
import type { Attachment } from '../../shared/model.js';
import { signBody } from '../auth.js';
import { startRelay, type RelayHandle } from '../server.js';
import { hasPhoneMetadata, testPhonePhoto } from '../testing/files.js';
import {
  connect,
  districtReport,
  login,
  postWebhook,
  removeTempDirs,
  reportCmd,
  requestOk,
  tempDir,
  testRelayOptions,
  TEST_WEBHOOK_SECRET,
  uid,
} from '../testing/testkit.js';

let relay: RelayHandle;
let token: string;
let socket: Socket;
let n = 0;

beforeAll(async () => {
  relay = await startRelay(testRelayOptions(tempDir()));
  const clientId = uid('ws-attacker');
  token = await login(relay.url, 'dispatcher', clientId);
  socket = await connect(relay.url, { token, clientId });
});
afterAll(async () => {
  socket?.close();
  await relay.close();
  removeTempDirs();
});

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

async function uploadAsStaff(bytes: Buffer, name: string): Promise<{ sha256: string; size: number; mime: 'image/jpeg' }> {
  const r = await fetch(`${relay.url}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-file-name': encodeURIComponent(name) },
    body: new Uint8Array(bytes),
  });
  expect(r.status).toBe(200);
  const { value } = (await r.json()) as { value: { sha256: string; size: number; mime: 'image/jpeg' } };
  return { sha256: value.sha256, size: value.size, mime: value.mime };
}

async function push(attachments: Attachment[]): Promise<{ caseId: string; result: PushResponse['results'][number] }> {
  const caseId = uid('case');
  const res = await requestOk<PushResponse>(socket, 'push', {
    mutations: [{ id: uid('m'), n: ++n, command: reportCmd(caseId, { attachments }) }],
  });
  return { caseId, result: res.results[0]! };
}

async function logEntriesOf(caseId: string): Promise<number> {
  return (await relay.store.readLog(0, 100_000)).filter((e) => e.kind === 'case' && e.event.caseId === caseId).length;
}

describe('a workstation command naming attachment files', () => {
  it('naming a sha256 the relay does not hold is rejected in Chinese; nothing is logged or kept', async () => {
    const forged = crypto.randomBytes(32).toString('hex');
    const headBefore = relay.hub.head;
    const { caseId, result } = await push([{ name: '现场照片.jpg', kind: 'photo', sha256: forged, size: 1234, mime: 'image/jpeg' }]);
    expect(result).toMatchObject({ status: 'rejected', code: 'INVALID_REFERENCE' });
    if (result.status === 'rejected')
      expect(result.message).toBe(`附件“现场照片.jpg”的文件（${forged.slice(0, 12)}…）尚未上传到中继，请先上传文件。`);
    expect(await relay.store.getCase(caseId)).toBeNull();
    expect(await logEntriesOf(caseId)).toBe(0);
    expect(relay.hub.head).toBe(headBefore);
  });

  it('one good and one forged attachment: the whole command is refused', async () => {
    const good = await uploadAsStaff(await testPhonePhoto('jpeg', 1, '#8e44ad'), '好.jpg');
    const { caseId, result } = await push([
      { name: '好.jpg', kind: 'photo', ...good },
      { name: '假.jpg', kind: 'photo', sha256: 'ab'.repeat(32), size: 10, mime: 'image/jpeg' },
    ]);
    expect(result.status).toBe('rejected');
    expect(await relay.store.getCase(caseId)).toBeNull();
  });

  it('naming a stored file (by the hash the upload answered) is applied; names-only attachments still are', async () => {
    const photo = await testPhonePhoto('jpeg', 6);
    const stored = await uploadAsStaff(photo, '处置前.jpg');
    // The answer names the stripped bytes, not the phone's file.
    expect(stored.sha256).not.toBe(sha(photo));
    const served = await relay.files.read(stored.sha256);
    expect(served && sha(served.bytes)).toBe(stored.sha256);
    expect(hasPhoneMetadata(served!.bytes)).toBe(false);

    const att: Attachment = { name: '处置前.jpg', kind: 'photo', ...stored };
    const ok = await push([att, { name: '旧记录.jpg', kind: 'photo' }]);
    expect(ok.result.status).toBe('applied');
    expect((await relay.store.getCase(ok.caseId))?.attachments).toEqual([att, { name: '旧记录.jpg', kind: 'photo' }]);

    // The phone file's own hash is not a stored file: a command naming it is refused.
    const byOriginal = await push([{ name: '处置前.jpg', kind: 'photo', ...stored, sha256: sha(photo) }]);
    expect(byOriginal.result).toMatchObject({ status: 'rejected', code: 'INVALID_REFERENCE' });
  });
});

describe('a district change naming attachment files', () => {
  it('the district photo is stored without metadata; the change must name the hash the upload answered', async () => {
    const photo = await testPhonePhoto('jpeg', 8, '#d35400');
    const r = await fetch(`${relay.url}/district/files`, {
      method: 'POST',
      headers: { 'x-signature': signBody(photo, TEST_WEBHOOK_SECRET), 'x-file-name': encodeURIComponent('现场.jpg') },
      body: new Uint8Array(photo),
    });
    expect(r.status).toBe(200);
    const { value } = (await r.json()) as { value: { sha256: string; size: number; mime: 'image/jpeg' } };
    expect(value.size).toBeLessThan(photo.length);
    const get = await fetch(`${relay.url}/api/files/${value.sha256}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await get.arrayBuffer());
    expect(sha(bytes)).toBe(value.sha256);
    expect(hasPhoneMetadata(bytes)).toBe(false);

    const byOriginal = districtReport(uid('case'));
    if (byOriginal.command.type !== 'report') throw new Error('report expected');
    byOriginal.command.attachments = [{ name: '现场.jpg', kind: 'photo', sha256: sha(photo), size: photo.length, mime: 'image/jpeg' }];
    const refused = await postWebhook(relay.url, byOriginal);
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe('INVALID_REFERENCE');
    expect(await relay.store.getCase(byOriginal.command.caseId)).toBeNull();

    const good = districtReport(uid('case'));
    if (good.command.type !== 'report') throw new Error('report expected');
    good.command.attachments = [{ name: '现场.jpg', kind: 'photo', ...value }];
    expect((await postWebhook(relay.url, good)).status).toBe(200);
  });
});
