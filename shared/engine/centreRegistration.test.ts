/**
 * 中心登记: the centre's dispatcher registers a phone-in, walk-in or leader's instruction as a case (source
 * 'centre'), with its channel, reporter and position; the channel belongs to centre registrations only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntakeChannel } from '../model.js';
import { ROLE_COMMANDS } from './permissions.js';
import { actors, makeRef, rejected, reportCmd, run, T0 } from '../testing/engineFixtures.js';

const ref = makeRef();

describe('centre registration (中心登记)', () => {
  it('the centre’s dispatcher may send report', () => {
    expect(ROLE_COMMANDS.dispatcher).toContain('report');
  });

  it('records the channel, the reporter and the source on the new case, in 待受理 with a registration clock', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IntakeChannel.options), fc.boolean(), (channel, withPhone) => {
        const s = run(
          null,
          reportCmd('case-c', {
            source: 'centre',
            channel,
            reporter: withPhone ? { name: '李女士', phone: '13912345678' } : { name: '李女士' },
          }),
          actors.dispatcher,
          T0,
          ref,
        );
        expect(s.source).toBe('centre');
        expect(s.channel).toBe(channel);
        expect(s.reporter?.name).toBe('李女士');
        expect(s.status).toBe('reported');
        expect(s.clocks.map((c) => c.kind)).toEqual(['registration']);
        expect(s.timeline[0]!.actor.role).toBe('dispatcher');
        expect(s.code).toMatch(/^SJ\d{8}-/);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses a channel on a report that is not a centre registration, in Chinese', () => {
    for (const source of ['grid_worker', 'hotline', 'meeting'] as const) {
      const r = rejected(null, reportCmd('case-x', { source, channel: 'phone' }), actors.dispatcher, T0, ref);
      expect(r.code).toBe('INVALID_COMMAND');
      expect(r.message).toContain('中心登记');
    }
  });

  it('a supervisor may not register a case', () => {
    const r = rejected(null, reportCmd('case-y', { source: 'centre', channel: 'visit' }), actors.supervisor, T0, ref);
    expect(r.code).toBe('FORBIDDEN_ROLE');
  });
});
