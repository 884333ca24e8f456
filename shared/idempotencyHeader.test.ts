/** The forward's idempotency-key header: always printable ASCII, decoded back to the key, ASCII keys unchanged. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idempotencyHeader } from './protocol.js';

describe('idempotencyHeader', () => {
  it('is printable ASCII that decodes back to the key (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (key) => {
        const h = idempotencyHeader(key);
        expect(/^[\x21-\x7e]*$/.test(h)).toBe(true);
        expect(decodeURIComponent(h)).toBe(key);
      }),
    );
  });

  it('leaves an ASCII key without % as it is, and encodes Chinese', () => {
    expect(idempotencyHeader('case-g001:3')).toBe('case-g001:3');
    expect(idempotencyHeader('e2e-区平台-1:2')).toBe('e2e-%E5%8C%BA%E5%B9%B3%E5%8F%B0-1:2');
    expect(idempotencyHeader('50%')).toBe('50%25');
  });
});
