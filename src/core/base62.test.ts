import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase62, encodeBase62Number } from './base62.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The textbook conversion through one BigInt: slow, obviously right. */
function oracle(bytes: Uint8Array, width: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(width, '0');
}

describe('base62', () => {
  it('encodes any bytes exactly as the BigInt conversion does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(60), (bytes, width) => {
        expect(encodeBase62(bytes, width)).toBe(oracle(bytes, width));
      }),
      { numRuns: 2000 },
    );
  });

  it('gets the edges right: zeros, all ones, one byte', () => {
    for (const bytes of [
      new Uint8Array(32),
      new Uint8Array(32).fill(255),
      Uint8Array.of(61),
      Uint8Array.of(62),
      Uint8Array.of(0, 0, 0, 1, 0),
    ]) {
      expect(encodeBase62(bytes, 43)).toBe(oracle(bytes, 43));
    }
    expect(encodeBase62(new Uint8Array(32).fill(255), 43)).toHaveLength(43);
    // Zero is all padding: no digit of its own, even at width 0 (found by the property above).
    expect(encodeBase62(Uint8Array.of(0), 0)).toBe('');
    expect(encodeBase62(new Uint8Array(5), 3)).toBe('000');
  });

  it('encodes numbers as the byte form of the same value, and refuses what is not a safe non-negative integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (n) => {
        const bytes = Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
        expect(encodeBase62Number(n, 6)).toBe(oracle(bytes, 6));
      }),
    );
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) expect(() => encodeBase62Number(bad, 6)).toThrow(RangeError);
  });
});
