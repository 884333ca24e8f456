/**
 * Reference-data maintenance at the relay (real relay on loopback, real sockets): the 指导目录's approval flow
 * (a dispatcher proposes, a leader approves and version N+1 is published, the old version kept; a dispatcher
 * sending the approval directly is refused; of two concurrent approvals exactly one wins), departments that
 * are still named cannot be removed, and users are created, given a password, demoted and deactivated by
 * the admin only, with the password never in the log.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { CatalogItem, Department, User } from '../shared/model.js';
import type { RefData } from '../shared/refData.js';
import { startRelay, type RelayHandle } from './server.js';
import {
  connect,
  login,
  postJson,
  readLogFile,
  removeTempDirs,
  reportCmd,
  request,
  requestOk,
  tempDir,
  testRelayOptions,
  uid,
} from './testing/testkit.js';

let relay: RelayHandle;
let dir: string;
const sockets: Socket[] = [];

beforeEach(async () => {
  dir = tempDir();
  relay = await startRelay(testRelayOptions(dir));
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await relay.close();
});
afterAll(() => removeTempDirs());

async function session(username: string, password?: string): Promise<Socket> {
  const clientId = uid('ws-' + username);
  const token = await login(relay.url, username, clientId, password);
  const socket = await connect(relay.url, { token, clientId });
  sockets.push(socket);
  return socket;
}

const ref = (): RefData => relay.hub.ref;
const revisedCatalog = (): CatalogItem[] =>
  ref().catalog.map((i, k) => (k === 0 ? { ...i, limits: i.limits.map((l) => ({ ...l, handleMinutes: l.handleMinutes + 60 })) } : i));
const submit = (id: string, items = revisedCatalog(), basedOn = 1) => ({
  section: 'catalogProposal',
  value: { action: 'submit', proposal: { id, title: '第二批修订', basedOn, items } },
});
const approve = (proposalId: string) => ({
  section: 'catalogProposal',
  value: { action: 'approve', proposalId, note: '领导小组会议审定' },
});

describe('指导目录 approval at the relay', () => {
  it('a dispatcher proposes, a leader approves: version 2 is published and version 1 kept, stamped by the relay', async () => {
    const dispatcher = await session('dispatcher');
    const leader = await session('leader');
    const before = ref().catalog;
    const proposed = revisedCatalog();
    // The client's stamp is replaced by the relay's.
    const forged = { ...submit('p-1'), value: { ...submit('p-1').value, by: { id: 'u-leader', name: '冒名', role: 'leader' } } };
    await requestOk(dispatcher, 'ref:update', forged);
    expect(ref().catalogProposals![0]).toMatchObject({ status: 'pending', submittedBy: { id: 'u-dispatcher', role: 'dispatcher' } });
    expect(ref().catalog).toEqual(before);

    const out = await requestOk<{ seq: number }>(leader, 'ref:update', approve('p-1'));
    expect(ref().catalogVersions!.map((v) => v.version)).toEqual([1, 2]);
    expect(ref().catalogVersions![0]!.items).toEqual(before);
    expect(ref().catalog).toEqual(proposed);
    expect(ref().catalogProposals![0]).toMatchObject({ status: 'approved', publishedVersion: 2, decidedBy: { id: 'u-leader' } });
    // The log holds the action, the kept versions and the new catalogue, in one unit ending at the answer's seq.
    const { entries } = readLogFile(dir);
    const tail = entries
      .filter((e) => e.kind === 'ref')
      .slice(-4)
      .map((e) => (e.kind === 'ref' ? e.ref.section : ''));
    expect(tail).toEqual(['catalogProposal', 'catalogVersion', 'catalogVersion', 'catalog']);
    expect(entries.at(-1)!.seq).toBe(out.seq);
  });

  it('an attacker with a valid dispatcher account cannot approve, return or replace the catalogue directly', async () => {
    const dispatcher = await session('dispatcher');
    await requestOk(dispatcher, 'ref:update', submit('p-2'));
    for (const change of [approve('p-2'), { section: 'catalogProposal', value: { action: 'return', proposalId: 'p-2', note: '不行' } }]) {
      const a = await request(dispatcher, 'ref:update', change);
      expect(a).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: '只有中心领导（街社区建设领导小组）可以审定或退回指导目录修订申请。' },
      });
    }
    const direct = await request(dispatcher, 'ref:update', { section: 'catalog', value: revisedCatalog() });
    expect(direct).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Even the admin cannot bypass the approval: neither the catalogue nor a version directly.
    const admin = await session('admin');
    const adminDirect = await request(admin, 'ref:update', { section: 'catalog', value: revisedCatalog() });
    expect(adminDirect).toEqual({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: '入格事项指导目录须经修订申请、领导小组审定后发布，不能直接修改。' },
    });
    const adminApprove = await request(admin, 'ref:update', approve('p-2'));
    expect(adminApprove).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wall = await session('wall');
    expect(await request(wall, 'ref:update', submit('p-3'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有调度员、督办员或管理员可以提交指导目录修订申请。' },
    });
    expect(ref().catalogProposals!.map((p) => p.status)).toEqual(['pending']);
    expect(ref().catalogVersions).toBeUndefined();
  });

  it('bad proposals are refused in Chinese: duplicate code, unknown department', async () => {
    const dispatcher = await session('dispatcher');
    const items = ref().catalog;
    const dup = await request(dispatcher, 'ref:update', submit('p-dup', [...items, { ...items[0]!, id: 'item-x' }]));
    expect(dup).toEqual({ ok: false, error: { code: 'INVALID_REFERENCE', message: `入格事项编码“${items[0]!.code}”重复。` } });
    const unknown = await request(
      dispatcher,
      'ref:update',
      submit('p-dept', [{ ...items[0]!, defaultDepartmentId: 'dept-nowhere' }, ...items.slice(1)]),
    );
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: `入格事项“${items[0]!.name}”的默认处置部门“dept-nowhere”不在部门名录中。` },
    });
    expect(ref().catalogProposals).toBeUndefined();
  });

  it('two leaders approving concurrently: one wins, the other is told it was already published', async () => {
    const dispatcher = await session('dispatcher');
    await requestOk(dispatcher, 'ref:update', submit('p-a'));
    await requestOk(dispatcher, 'ref:update', submit('p-b', revisedCatalog().slice(1)));
    const l1 = await session('leader');
    const l2 = await session('leader');
    const answers = await Promise.all([
      request(l1, 'ref:update', approve('p-a')),
      request(l2, 'ref:update', approve('p-a')),
      request(l2, 'ref:update', approve('p-b')),
    ]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(ref().catalogVersions!.map((v) => v.version)).toEqual([1, 2]);
    const losers = answers.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.error.message));
    expect(losers).toHaveLength(2);
    for (const m of losers) expect(m).toMatch(/已审定并发布为第2批|现行已是第2批/);
  });

  it('an accepted case keeps its version-1 limit when version 2 changes it', async () => {
    const dispatcher = await session('dispatcher');
    const leader = await session('leader');
    const item = ref().catalog[0]!;
    const grade = item.limits[0]!.grade;
    const caseId = uid('case');
    const push = (n: number, command: unknown) => requestOk(dispatcher, 'push', { mutations: [{ id: uid('m'), n, command }] });
    await push(1, reportCmd(caseId));
    await push(2, { type: 'accept', caseId, catalogItemId: item.id, grade });
    await requestOk(dispatcher, 'ref:update', submit('p-c'));
    await requestOk(leader, 'ref:update', approve('p-c'));
    await push(3, { type: 'dispatch', caseId, leadDepartmentId: item.defaultDepartmentId, coDepartmentIds: [] });
    const c = await relay.hub.committedCase(caseId);
    const handling = c!.clocks.find((k) => k.kind === 'handling')!;
    expect(handling.limitMinutes).toBe(item.limits[0]!.handleMinutes);
    expect(ref().catalog[0]!.limits[0]!.handleMinutes).toBe(item.limits[0]!.handleMinutes + 60);
  });
});

describe('departments and users at the relay', () => {
  it('a department still named by a catalogue item cannot be removed or deactivated; an unused one can be deactivated', async () => {
    const admin = await session('admin');
    const used = ref().catalog[0]!.defaultDepartmentId;
    const name = ref().departments.find((d) => d.id === used)!.name;
    const without = await request(admin, 'ref:update', { section: 'departments', value: ref().departments.filter((d) => d.id !== used) });
    expect(without).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: expect.stringContaining(`部门“${name}”仍被入格事项`) },
    });
    const stop = await request(admin, 'ref:update', {
      section: 'departments',
      value: ref().departments.map((d) => (d.id === used ? { ...d, active: false } : d)),
    });
    expect(stop).toMatchObject({ ok: false, error: { message: expect.stringContaining('不能停用') } });
    const extra: Department = {
      id: 'dept-new',
      name: '新设科室',
      shortName: '新设',
      contacts: [{ name: '周联络', mobile: '13800000001', sms: true }],
    };
    await requestOk(admin, 'ref:update', { section: 'departments', value: [...ref().departments, extra] });
    await requestOk(admin, 'ref:update', {
      section: 'departments',
      value: ref().departments.map((d) => (d.id === 'dept-new' ? { ...d, active: false } : d)),
    });
    expect(ref().departments.find((d) => d.id === 'dept-new')).toMatchObject({ active: false, contacts: [{ mobile: '13800000001' }] });
    const badMobile = await request(admin, 'ref:update', {
      section: 'departments',
      value: [...ref().departments, { ...extra, id: 'dept-x', name: '另一科室', contacts: [{ name: '某', mobile: '1380000' }] }],
    });
    expect(badMobile).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('手机号应为 11 位数字') },
    });
    const dispatcher = await session('dispatcher');
    expect(await request(dispatcher, 'ref:update', { section: 'departments', value: ref().departments })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('the admin creates a user with a password, who signs in; a reset password replaces it; the log never holds it', async () => {
    const admin = await session('admin');
    const user: User = { id: 'u-new', username: 'zhouping', name: '周平', role: 'dispatcher', unitId: 'centre', active: true };
    const out = await requestOk<{ user: User }>(admin, 'user:save', { user, password: 'Start2026x' });
    expect(out.user.passwordSetAt).toEqual(expect.any(Number));
    await session('zhouping', 'Start2026x');
    await requestOk(admin, 'user:save', { user: { ...user, role: 'supervisor' }, password: 'Second2026y' });
    const r = await postJson(`${relay.url}/api/login`, { username: 'zhouping', password: 'Start2026x', clientId: uid('ws') });
    expect(r.status).toBe(401);
    await session('zhouping', 'Second2026y');
    const log = JSON.stringify(readLogFile(dir).entries);
    expect(log).not.toContain('Start2026x');
    expect(log).not.toContain('Second2026y');
    expect(log).not.toContain('scrypt$');

    const weak = await request(admin, 'user:save', { user, password: 'short' });
    expect(weak).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('密码至少 8 位') } });
    const dupName = await request(admin, 'user:save', { user: { ...user, id: 'u-other' } });
    expect(dupName).toEqual({ ok: false, error: { code: 'INVALID_REFERENCE', message: '用户名“zhouping”已被使用。' } });
    const selfStop = await request(admin, 'user:save', { user: { ...ref().users.find((u) => u.id === 'u-admin')!, active: false } });
    expect(selfStop).toMatchObject({ ok: false, error: { message: '不能停用自己的账号或取消自己的管理员角色。' } });
    const removed = await request(admin, 'ref:update', { section: 'users', value: ref().users.filter((u) => u.id !== 'u-new') });
    expect(removed).toMatchObject({ ok: false, error: { message: '用户“周平”不能删除（操作记录仍署其名），请设为停用。' } });
    // A forged password stamp is not taken.
    await requestOk(admin, 'ref:update', {
      section: 'users',
      value: ref().users.map((u) => (u.id === 'u-new' ? { ...u, passwordSetAt: 1 } : u)),
    });
    expect(ref().users.find((u) => u.id === 'u-new')!.passwordSetAt).not.toBe(1);

    const dispatcher = await session('dispatcher');
    expect(await request(dispatcher, 'user:save', { user: { ...user, role: 'admin' }, password: 'Hacker2026z' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有管理员可以维护用户和角色' },
    });
    expect(ref().users.find((u) => u.id === 'u-new')!.role).toBe('supervisor');
  });
});
