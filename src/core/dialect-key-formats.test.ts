import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BRAINTRUST_KEY_FORMAT,
  CONFIDENT_PROJECT_KEY_FORMAT,
  DIALECT_KEY_FORMATS,
  LANGTRACE_KEY_FORMAT,
  OPENLAYER_KEY_FORMAT,
} from './dialect-key-formats.js';
import { mintKeyward } from './key-format.js';
import { isWellFormedKey } from './key-formats.js';

const SHAPES: ReadonlyArray<[string, (typeof DIALECT_KEY_FORMATS)[number], RegExp, RegExp]> = [
  ['langtrace', LANGTRACE_KEY_FORMAT, /^[0-9a-f]{64}$/, /^…[0-9a-f]{4}$/],
  ['confident', CONFIDENT_PROJECT_KEY_FORMAT, /^confident_proj_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/, /^\*{15}.{6}$/],
  ['braintrust', BRAINTRUST_KEY_FORMAT, /^sk-[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/, /^sk-\*{4}.{4}$/],
  ['openlayer', OPENLAYER_KEY_FORMAT, /^sk-ol-[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/, /^sk-ol-\*{25}.{4}$/],
];

describe('dialect key formats', () => {
  it.each(SHAPES)('%s: mints its platform shape, accepts it, and masks it with the platform mask', (_, format, shape, mask) => {
    for (let i = 0; i < 200; i++) {
      const raw = format.mint();
      expect(raw).toMatch(shape);
      expect(format.isWellFormed(raw)).toBe(true);
      expect(isWellFormedKey(raw, DIALECT_KEY_FORMATS)).toBe(true);
      const preview = format.preview(raw);
      expect(preview).toMatch(mask);
      expect(raw.endsWith(preview.replace(/^.*[…*]/, ''))).toBe(true);
    }
  });

  it.each(SHAPES)('%s: refuses any single-character change (the checksum catches typos)', (_, format) => {
    const alphabet = format === LANGTRACE_KEY_FORMAT ? '0123456789abcdef' : '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const raw = format.mint();
    const start = format === LANGTRACE_KEY_FORMAT ? 0 : raw.length - 50;
    fc.assert(
      fc.property(fc.integer({ min: start, max: raw.length - 1 }), fc.constantFrom(...alphabet), (at, ch) => {
        fc.pre(raw[at] !== ch && raw[at] !== '_');
        expect(format.isWellFormed(raw.slice(0, at) + ch + raw.slice(at + 1))).toBe(false);
      }),
    );
  });

  it('keeps the formats apart: no format accepts another’s key, and Keyward keys stay Keyward’s', () => {
    for (const [, format] of SHAPES) {
      const raw = format.mint();
      for (const [, other] of SHAPES) if (other !== format) expect(other.isWellFormed(raw)).toBe(false);
    }
    const native = mintKeyward('kw_proj');
    for (const [, format] of SHAPES) expect(format.isWellFormed(native)).toBe(false);
  });

  it('refuses hostile input without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        for (const format of DIALECT_KEY_FORMATS) expect(typeof format.isWellFormed(s)).toBe('boolean');
      }),
    );
    expect(LANGTRACE_KEY_FORMAT.isWellFormed('A'.repeat(64))).toBe(false);
    expect(BRAINTRUST_KEY_FORMAT.isWellFormed(`sk-${'a'.repeat(43)}_${'a'.repeat(6)}${'x'.repeat(300)}`)).toBe(false);
  });
});
