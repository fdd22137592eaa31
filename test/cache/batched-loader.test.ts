import { describe, expect, it } from 'vitest';
import { batchedLoader } from '../../src/cache/batched-loader.js';
import type { KeyRecord } from '../../src/core/types.js';
import { aCachedKey } from './cached-key.js';

describe('batchedLoader', () => {
  const records = Array.from({ length: 5 }, () => aCachedKey());

  function counting(fail = false) {
    const reads: string[][] = [];
    const load = batchedLoader(async (hashes) => {
      reads.push([...hashes]);
      if (fail) throw new Error('down');
      return records.filter((r) => hashes.includes(r.hash));
    });
    return { reads, load };
  }

  it('reads the hashes asked for in one turn of the event loop together, once each', async () => {
    const { reads, load } = counting();
    const asked = [records[0]!.hash, records[1]!.hash, records[0]!.hash, 'f'.repeat(64)];
    const answers = await Promise.all(asked.map((h) => load(h)));
    expect(answers).toEqual([records[0], records[1], records[0], null]);
    expect(reads).toEqual([[records[0]!.hash, records[1]!.hash, 'f'.repeat(64)]]);
    // The next turn reads again.
    expect(await load(records[2]!.hash)).toEqual(records[2]);
    expect(reads).toHaveLength(2);
  });

  it('fails every hash of a batch whose read fails, and reads afresh afterwards', async () => {
    const { load } = counting(true);
    const results = await Promise.allSettled([load(records[0]!.hash), load(records[1]!.hash)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('splits a flood into reads of at most 1,000 hashes', async () => {
    const { reads, load } = counting();
    const hashes = Array.from({ length: 2_500 }, (_, i) => i.toString(16).padStart(64, '0'));
    const answers: Array<KeyRecord | null> = await Promise.all(hashes.map((h) => load(h)));
    expect(answers.every((a) => a === null)).toBe(true);
    expect(reads.map((r) => r.length)).toEqual([1_000, 1_000, 500]);
  });
});
