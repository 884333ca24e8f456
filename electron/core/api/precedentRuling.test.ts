/**
 * The leadership group's review of fallback rulings (precedentRuling) against a real relay: a leader
 * confirms one and overrules another with a new department; the relay stamps who and when; a second
 * workstation follows live and its suggestions use the corrected ruling; a dispatcher is refused by the
 * core and, calling the relay's socket directly, by the relay; bad rulings are named in Chinese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startTestRelay } from '../testing/relayTestkit.js';
import { createCore, type Core } from '../core.js';
import { memoryLogger } from '../log.js';
import { ok, tempDir, waitSettled } from '../testing/testkit.js';
import { suggestPrecedents } from '../../../shared/engine/precedents.js';
import { correctedId } from '../../../shared/engine/precedentRuling.js';
import type { Precedent } from '../../../shared/model.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function signedIn(relayUrl: string, username: string): Promise<Core> {
  const c = createCore({ dataDir: tempDir(), relayUrl, log: memoryLogger(), validateOutput: true });
  cleanups.push(() => c.close());
  ok(await c.call('session.login', { username, password: 'grid2026' }));
  await waitSettled(c);
  return c;
}

describe('precedent rulings (领导小组研究)', () => {
  it('a leader confirms and overrules; stamped by the relay, followed live, refused to a dispatcher', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.close());
    const admin = await signedIn(r.url, 'admin');
    const ref0 = ok(await admin.call('ref.get', {}));
    const [d1, d2] = ref0.departments;
    const base = {
      category: '其他',
      keywords: ['楼道'],
      reason: '属地管理',
      ruledBy: { id: 'u-d', name: '调度员', role: 'dispatcher' as const, unitId: 'centre' },
      confirmed: false,
    };
    const seeds: Precedent[] = [
      { ...base, id: 'prec-a', caseId: 'case-a', departmentId: d1!.id, ruledAt: 1_790_000_000_000 },
      { ...base, id: 'prec-b', caseId: 'case-b', departmentId: d1!.id, ruledAt: 1_790_000_001_000 },
    ];
    const seeded = ok(await admin.call('ref.update', { change: { section: 'precedents', value: [...ref0.precedents, ...seeds] } }));
    await waitSettled(admin, seeded.seq!);

    const leader = await signedIn(r.url, 'leader');
    const dispatcher = await signedIn(r.url, 'dispatcher');
    const forged = { id: 'x', name: '冒名', role: 'admin' as const, unitId: 'centre' };
    const c1 = ok(
      await leader.call('ref.update', {
        change: { section: 'precedentRuling', value: { precedentId: 'prec-a', decision: 'confirm', by: forged, at: 1 } },
      }),
    );
    const c2 = ok(
      await leader.call('ref.update', {
        change: {
          section: 'precedentRuling',
          value: { precedentId: 'prec-b', decision: 'overrule', departmentId: d2!.id, note: '应由属地社区牵头' },
        },
      }),
    );
    await waitSettled(dispatcher, c2.seq!);

    const seen = ok(await dispatcher.call('ref.get', {})).precedents;
    const a = seen.find((p) => p.id === 'prec-a')!;
    expect(a.confirmed).toBe(true);
    // The relay's stamp, not what the client sent.
    expect(a.review).toMatchObject({ decision: 'confirmed', by: { role: 'leader' } });
    expect(a.review!.by.name).not.toBe('冒名');
    expect(a.review!.at).toBeGreaterThan(1_000_000);
    expect(seen.find((p) => p.id === 'prec-b')!.review).toMatchObject({ decision: 'overruled', replacedBy: correctedId('prec-b') });
    const fixed = seen.find((p) => p.id === correctedId('prec-b'))!;
    expect(fixed).toMatchObject({ departmentId: d2!.id, confirmed: true, reason: '应由属地社区牵头' });
    const suggested = suggestPrecedents(
      { id: 'n', title: '楼道堆物', description: '', category: '其他', gridId: 'g', communityId: 'c' },
      seen,
      10,
    );
    expect(suggested.map((s) => s.precedent.id)).not.toContain('prec-b');
    expect(suggested.map((s) => s.precedent.id)).toContain(correctedId('prec-b'));
    expect(c1.seq).toBeLessThan(c2.seq!);

    // Reviewed once only; an unknown ruling, an overrule to the same department: named, nothing logged.
    const head = r.hub.head;
    const again = await leader.call('ref.update', {
      change: { section: 'precedentRuling', value: { precedentId: 'prec-a', decision: 'confirm' } },
    });
    expect(again).toMatchObject({ ok: false, error: { message: expect.stringContaining('不能重复处理') } });
    const same = await leader.call('ref.update', {
      change: { section: 'precedentRuling', value: { precedentId: correctedId('prec-b'), decision: 'overrule', departmentId: d2!.id } },
    });
    expect(same).toMatchObject({ ok: false, error: { message: expect.stringContaining('已由领导小组确认') } });
    const noDept = await leader.call('ref.update', {
      change: { section: 'precedentRuling', value: { precedentId: 'prec-a', decision: 'overrule' } },
    });
    expect(noDept).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // A dispatcher: refused by its core, and by the relay when it calls the socket itself.
    const refused = await dispatcher.call('ref.update', {
      change: { section: 'precedentRuling', value: { precedentId: correctedId('prec-b'), decision: 'confirm' } },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const login = await fetch(`${r.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dispatcher', password: 'grid2026', clientId: 'attacker-ws' }),
    });
    const token = ((await login.json()) as { value: { token: string } }).value.token;
    const socket = io(r.url, { auth: { token, clientId: 'attacker-ws' }, transports: ['websocket'], reconnection: false });
    cleanups.push(() => void socket.close());
    const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
      socket.emit(
        'ref:update',
        { section: 'precedentRuling', value: { precedentId: 'prec-a', decision: 'overrule', departmentId: d2!.id } },
        resolve,
      ),
    );
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(r.hub.head).toBe(head);
  });
});
