import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BODY_LENGTH, CHECK_LENGTH, checksumOf, mintKeyward, parseKeyward, previewKeyward } from './key-format.js';
import { isWellFormedKey } from './key-formats.js';
import { checkKeyPrefix } from './validate.js';

const PREFIXES = ['kw_root', 'kw_org', 'kw_proj', 'sk-ol', 'sk', 'confident_proj'] as const;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('key format', () => {
  it('mints <prefix>_<43 base62>_<6 base62> for every prefix', () => {
    for (const prefix of PREFIXES) {
      const key = mintKeyward(prefix);
      expect(key).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{${BODY_LENGTH}}_[0-9A-Za-z]{${CHECK_LENGTH}}$`));
      expect(parseKeyward(key)).toMatchObject({ prefix });
    }
  });

  it('never mints the same key twice in a large sample', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => mintKeyward('kw_proj')));
    expect(seen.size).toBe(5000);
  });

  it('round-trips: every minted key parses back to its parts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PREFIXES), (prefix) => {
        const key = mintKeyward(prefix);
        const parsed = parseKeyward(key);
        expect(parsed).not.toBeNull();
        expect(`${parsed!.prefix}_${parsed!.body}_${parsed!.check}`).toBe(key);
      }),
      { numRuns: 300 },
    );
  });

  it('any one-character change fails the checksum', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PREFIXES),
        fc.nat(),
        fc.constantFrom(...BASE62.split(''), '_', '-', 'x'),
        (prefix, at, replacement) => {
          const key = mintKeyward(prefix);
          const i = at % key.length;
          fc.pre(key[i] !== replacement);
          const changed = key.slice(0, i) + replacement + key.slice(i + 1);
          expect(parseKeyward(changed)).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects truncated, extended and arbitrary strings', () => {
    const key = mintKeyward('kw_proj');
    expect(parseKeyward(key.slice(0, -1))).toBeNull();
    expect(parseKeyward(`${key}0`)).toBeNull();
    expect(parseKeyward(`x${key}`)).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        // Random strings essentially never carry a valid CRC; the few that match the shape must still check out.
        const parsed = parseKeyward(s);
        if (parsed) expect(checksumOf(`${parsed.prefix}_${parsed.body}`)).toBe(parsed.check);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses hostile input quickly, whatever its length or content', () => {
    expect(parseKeyward('a'.repeat(1_000_000))).toBeNull();
    expect(parseKeyward('_'.repeat(10_000))).toBeNull();
    expect(isWellFormedKey('')).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => {
        isWellFormedKey(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('checks exactly what the regular expression and checksumOf would (oracle, property)', () => {
    const reference = (raw: string): boolean => {
      const m = /^(.+)_([0-9A-Za-z]{43})_([0-9A-Za-z]{6})$/.exec(raw);
      return (
        m !== null &&
        raw.length <= 256 &&
        /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/.test(m[1]!) &&
        m[1]!.length <= 32 &&
        checksumOf(`${m[1]}_${m[2]}`) === m[3]
      );
    };
    const edited = fc
      .tuple(fc.constantFrom(...PREFIXES), fc.nat(), fc.string({ unit: 'binary', minLength: 0, maxLength: 2 }))
      .map(([prefix, at, s]) => {
        const key = mintKeyward(prefix);
        const i = at % (key.length + 1);
        return key.slice(0, i) + s + key.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(edited, fc.constantFrom(...PREFIXES).map(mintKeyward), fc.string({ maxLength: 80 })), (raw) => {
        expect(parseKeyward(raw) !== null).toBe(reference(raw));
      }),
      { numRuns: 3000 },
    );
  });

  it('previews as prefix and last four characters', () => {
    const key = mintKeyward('kw_proj');
    expect(previewKeyward(key)).toBe(`kw_proj_…${key.slice(-4)}`);
  });
});

describe("a project's own key prefix (any of ^[a-z][a-z0-9]{1,11}$ but kw…)", () => {
  const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const projectPrefix = fc
    .tuple(fc.constantFrom(...ALNUM.slice(0, 26)), fc.array(fc.constantFrom(...ALNUM), { minLength: 1, maxLength: 11 }))
    .map(([first, rest]) => first + rest.join(''))
    .filter((p) => !p.startsWith('kw'));

  it('every prefix the projects accept is one verification accepts: minted keys pass, and parse back to it', () => {
    fc.assert(
      fc.property(projectPrefix, (prefix) => {
        expect(checkKeyPrefix(prefix)).toBe(prefix);
        const key = mintKeyward(prefix);
        expect(key).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$`));
        expect(isWellFormedKey(key)).toBe(true);
        expect(parseKeyward(key)?.prefix).toBe(prefix);
      }),
      { numRuns: 500 },
    );
  });

  it('any single-character corruption of such a key fails, with no lookup needed', () => {
    fc.assert(
      fc.property(projectPrefix, fc.nat(), fc.constantFrom(...BASE62.split(''), '_', '-', 'K'), (prefix, at, replacement) => {
        const key = mintKeyward(prefix);
        const i = at % key.length;
        fc.pre(key[i] !== replacement);
        expect(isWellFormedKey(key.slice(0, i) + replacement + key.slice(i + 1))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses Keyward's own prefixes and anything outside the pattern, so no project key can pass for a root or org key", () => {
    for (const bad of [
      'kw',
      'kwroot',
      'kw1',
      'kw_root',
      'kw_org',
      'kw_proj',
      'a',
      'Acme',
      '1acme',
      'acme_co',
      'acme-co',
      'abcdefghijklm',
      '',
    ])
      expect(() => checkKeyPrefix(bad)).toThrow(/key_prefix/);
    fc.assert(
      fc.property(projectPrefix, (prefix) => {
        // A key's prefix is what precedes its body, so a project key's is never kw_root or kw_org.
        expect(parseKeyward(mintKeyward(prefix))?.prefix.startsWith('kw')).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
