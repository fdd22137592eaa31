import { describe, expect, it } from 'vitest';
import { digestHash, digestOf, ImportedKeyIndex } from './imported-keys.js';

const nativeOf = (raw: string) => digestOf('sha256', `native:${raw}`);

describe('ImportedKeyIndex', () => {
  it('names no candidate for a string unlike any imported key, and every hash an imported one may be under', () => {
    const rows: Array<{ seq: number; hash: string }> = [];
    const index = new ImportedKeyIndex({ listImportedKeyHashes: async (after) => rows.filter((r) => r.seq > after) }, 0);
    const raw = 'sk_live_abcdefghijklmnop';
    expect(index.candidates(raw, nativeOf(raw))).toEqual([]);
    index.note(digestHash('sha512', digestOf('sha512', raw)));
    // A digest hit looks Keyward's own hash up first (another instance may have re-hashed it).
    expect(index.candidates(raw, nativeOf(raw))).toEqual([nativeOf(raw), digestHash('sha512', digestOf('sha512', raw))]);
    expect(index.candidates('sk_live_something_else', nativeOf('sk_live_something_else'))).toEqual([]);
  });

  it("learns other instances' imports by reading, and answers from what it holds while reads fail", async () => {
    const rows: Array<{ seq: number; hash: string }> = [];
    let failing = false;
    let reads = 0;
    const index = new ImportedKeyIndex(
      {
        listImportedKeyHashes: async (after) => {
          reads++;
          if (failing) throw new Error('database down');
          return rows.filter((r) => r.seq > after);
        },
      },
      0,
    );
    const raw = 'pk_other_instance_key_1';
    rows.push({ seq: 7, hash: nativeOf(raw) });
    await index.refresh();
    expect(index.candidates(raw, nativeOf(raw))).toEqual([nativeOf(raw)]);
    failing = true;
    await index.refresh();
    // After a failed read, the next ones run in the background: nothing to wait for.
    expect(index.refresh()).toBeUndefined();
    expect(index.candidates(raw, nativeOf(raw))).toEqual([nativeOf(raw)]);
    expect(reads).toBeGreaterThanOrEqual(2);
  });
});
