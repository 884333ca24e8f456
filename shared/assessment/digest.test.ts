import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, digestOf, sha256Hex } from './digest.js';

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
  it('hashes UTF-8 like Node does (Chinese, emoji, multi-block)', () => {
    // Expected values from node:crypto createHash('sha256').update(s, 'utf8').
    expect(sha256Hex('按期结案率')).toBe('3944a8aa25a3461a1149e04dbe1aa36696ccf619e09f5794d79572116b6e2db5');
    expect(sha256Hex('会议议定事项😀')).toBe('60d690842f7b71cf8af6b404f3f1be4dd9c1319d522f4c3db27b154bd4cba0e6');
    expect(sha256Hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: Number.NaN })).toBe('{"x":null}');
  });
  it('digest does not depend on key order (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }))),
        (obj) => {
          const reversed = Object.fromEntries(Object.entries(obj).reverse());
          expect(digestOf(reversed)).toBe(digestOf(obj));
        },
      ),
    );
  });
});
