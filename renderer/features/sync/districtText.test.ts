/** The district link in words, and which cases read 未送达区级平台. */
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/api.js';
import type { DistrictLink } from '../../../shared/protocol.js';
import { districtText } from './ConnectionIndicator.js';
import { caseDistrictState } from '../case/workbench/CaseHeader.js';

const at = Date.UTC(2026, 11, 3, 2, 30);
const status = (district?: DistrictLink): SyncStatus => ({
  connection: 'online',
  outboxSize: 0,
  rejectedCount: 0,
  cursor: 1,
  clockOffsetMs: 0,
  relayUrl: 'x',
  ...(district ? { district } : {}),
});

describe('district link in words', () => {
  it('says unknown without a status, off without a platform, and when it fails since when', () => {
    expect(districtText(status())).toContain('未知');
    expect(districtText(status({ state: 'off', pending: 0, pendingCaseIds: [], at }))).toContain('未接入');
    expect(districtText(status({ state: 'ok', pending: 0, pendingCaseIds: [], at }))).toBe('连接正常');
    const failing = districtText(status({ state: 'failing', pending: 3, pendingCaseIds: ['a'], failingSince: at, at }));
    expect(failing).toContain('3 条待送达');
    expect(failing).toContain('10:30');
  });

  it('marks only the cases named, only while pending or failing', () => {
    const link: DistrictLink = { state: 'failing', pending: 2, pendingCaseIds: ['a', 'b'], at };
    expect(caseDistrictState(link, 'a')).toBe('failing');
    expect(caseDistrictState(link, 'c')).toBeUndefined();
    expect(caseDistrictState({ ...link, state: 'pending' }, 'b')).toBe('pending');
    expect(caseDistrictState({ ...link, state: 'ok' }, 'a')).toBeUndefined();
    expect(caseDistrictState(undefined, 'a')).toBeUndefined();
  });
});
