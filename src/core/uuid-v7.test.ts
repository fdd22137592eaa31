import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidV7 } from './uuid-v7.js';

/** RFC 9562: version 7 in the 13th hex digit, variant 10xx in the 17th. */
const V7_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Any time a key could be minted, up to the last millisecond 48 bits hold (year 10889). */
const instant = fc.integer({ min: 0, max: 2 ** 48 - 1 });

const msOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidV7', () => {
  it('is a lower-case version 7 UUID carrying the given millisecond', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const id = uuidV7(ms);
        expect(id).toMatch(V7_SHAPE);
        expect(msOf(id)).toBe(ms);
      }),
    );
  });

  it('uses the wall clock by default', () => {
    const before = Date.now();
    const id = uuidV7();
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    expect(msOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('sorts as text in the order of its milliseconds, so inserts append to the index', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        fc.pre(a !== b);
        expect(uuidV7(a) < uuidV7(b)).toBe(a < b);
      }),
    );
  });

  it('never repeats, even within one millisecond and across refills of its random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    // 74 random bits per id: every hex digit of the random part takes many values.
    const lastDigits = new Set(ids.map((id) => id.at(-1)));
    expect(lastDigits.size).toBe(16);
  });
});
