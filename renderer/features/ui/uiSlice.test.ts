import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHash, routeFromLocation, routeToHash, type Route } from './uiSlice.js';

describe('routes in the location hash', () => {
  it('round-trips every route', () => {
    const route = fc.oneof(
      fc.constantFrom<Route>(
        { name: 'queue' },
        { name: 'supervision' },
        { name: 'stats' },
        { name: 'assessment' },
        { name: 'meeting' },
        { name: 'wall' },
        { name: 'reference' },
      ),
      fc.record({ name: fc.constant('case' as const), caseId: fc.string({ minLength: 1, maxLength: 40 }) }),
      fc.record({
        name: fc.constant('case' as const),
        caseId: fc.string({ minLength: 1, maxLength: 40 }),
        action: fc.constantFrom('dispatch', 'urge'),
      }),
    );
    fc.assert(
      fc.property(route, (r) => {
        expect(parseHash(routeToHash(r))).toEqual(r);
      }),
    );
  });

  it('falls back to the queue for anything unknown', () => {
    expect(parseHash('')).toEqual({ name: 'queue' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'queue' });
    expect(parseHash('#/case/')).toEqual({ name: 'queue' });
  });

  it('the path /wall (the start banner’s wall link) is the wall display; a hash still wins', () => {
    expect(routeFromLocation({ pathname: '/wall', hash: '' })).toEqual({ name: 'wall' });
    expect(routeFromLocation({ pathname: '/wall/', hash: '#/' })).toEqual({ name: 'wall' });
    expect(routeFromLocation({ pathname: '/wall', hash: '#/stats' })).toEqual({ name: 'stats' });
    expect(routeFromLocation({ pathname: '/', hash: '' })).toEqual({ name: 'queue' });
    expect(routeFromLocation({ pathname: '/walls', hash: '' })).toEqual({ name: 'queue' });
  });
});
