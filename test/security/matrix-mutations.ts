import fc from 'fast-check';

/**
 * Small edits of a valid key, as a typo, a truncated paste or a guess would make them.
 * `guaranteed` marks the edits the CRC32 checksum always catches (a change confined to
 * at most four consecutive bytes is a burst CRC32 detects, and a change in the check
 * itself cannot match): those keys must be MALFORMED, never merely NOT_FOUND.
 */
export interface Mutation {
  readonly what: string;
  readonly key: string;
  readonly guaranteed: boolean;
}

const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';

export function mutationArb(raw: string): fc.Arbitrary<Mutation> {
  const at = fc.nat({ max: raw.length - 1 });
  const char = fc.constantFrom(...KEY_CHARS);
  return fc.oneof(
    fc.tuple(at, char).map(([i, c]) => ({ what: `char ${i} → ${c}`, key: raw.slice(0, i) + c + raw.slice(i + 1), guaranteed: true })),
    fc
      .nat({ max: raw.length - 2 })
      .map((i) => ({ what: `swap ${i},${i + 1}`, key: raw.slice(0, i) + raw[i + 1] + raw[i] + raw.slice(i + 2), guaranteed: true })),
    at.map((i) => ({ what: `drop ${i}`, key: raw.slice(0, i) + raw.slice(i + 1), guaranteed: false })),
    fc.tuple(at, char).map(([i, c]) => ({ what: `insert ${c} at ${i}`, key: raw.slice(0, i) + c + raw.slice(i), guaranteed: false })),
    fc.nat({ max: raw.length - 1 }).map((n) => ({ what: `first ${n} characters`, key: raw.slice(0, n), guaranteed: false })),
    fc
      .string({ unit: char, minLength: 1, maxLength: 8 })
      .map((s) => ({ what: `appended ${JSON.stringify(s)}`, key: raw + s, guaranteed: false })),
  );
}
