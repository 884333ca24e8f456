/** The SMS gateway simulator's page shows when each message arrived in the street's time (UTC+8), not UTC. */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpSmsGateway } from '../sms/gateway.js';
import { startSmsSim, streetTime, type SmsSim } from './sim.js';

let sim: SmsSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('SMS gateway simulator page', () => {
  it('formats instants in street time', () => {
    expect(streetTime(Date.UTC(2026, 11, 4, 1, 30, 5))).toBe('2026-12-04 09:30:05');
    expect(streetTime(Date.UTC(2026, 11, 31, 16, 0, 0))).toBe('2027-01-01 00:00:00');
  });

  it('lists a received message with its street time', async () => {
    sim = await startSmsSim({ key: 'sim-test-key-0123456789', auth: 'hmac' });
    const gw = new HttpSmsGateway({ url: sim.endpoint, auth: 'hmac', key: 'sim-test-key-0123456789', signName: '黄石街道' });
    const r = await gw.send({ key: 'k-1', mobile: '13800138000', text: '测试短信' });
    expect(r).toMatchObject({ kind: 'sent' });
    const at = sim.messages()[0]!.receivedAt;
    const page = await (await fetch(sim.url + '/')).text();
    expect(page).toContain('时间（北京时间）');
    expect(page).toContain(streetTime(at));
    expect(page).not.toContain(new Date(at).toISOString());
  });
});
