import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BRAINTRUST_KEY_FORMAT,
  CONFIDENT_PROJECT_KEY_FORMAT,
  DIALECT_KEY_FORMATS,
  LANGTRACE_KEY_FORMAT,
  LEGACY_CONFIDENT_PROJECT_KEY_FORMAT,
  OPENLAYER_KEY_FORMAT,
} from './dialect-key-formats.js';
import { mintKeyward } from './key-format.js';
import { isWellFormedKey } from './key-formats.js';

const SHAPES: ReadonlyArray<[string, (typeof DIALECT_KEY_FORMATS)[number], RegExp, RegExp]> = [
  ['langtrace', LANGTRACE_KEY_FORMAT, /^[0-9a-f]{64}$/, /^…[0-9a-f]{4}$/],
  ['confident', CONFIDENT_PROJECT_KEY_FORMAT, /^confident_proj_[0-9a-f]{32}$/, /^\*{15}[0-9a-f]{6}$/],
  [
    'confident (legacy, no longer minted)',
    LEGACY_CONFIDENT_PROJECT_KEY_FORMAT,
    /^confident_proj_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/,
    /^\*{15}.{6}$/,
  ],
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
    // Any character a key may hold (a change into a hex digit's case included).
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const raw = format.mint();
    const start =
      format === LANGTRACE_KEY_FORMAT ? 0 : format === CONFIDENT_PROJECT_KEY_FORMAT ? 'confident_proj_'.length : raw.length - 50;
    fc.assert(
      fc.property(fc.integer({ min: start, max: raw.length - 1 }), fc.constantFrom(...alphabet), (at, ch) => {
        fc.pre(raw[at] !== ch && raw[at] !== '_');
        expect(format.isWellFormed(raw.slice(0, at) + ch + raw.slice(at + 1))).toBe(false);
      }),
    );
  });

  it('keeps the formats apart: no format accepts another’s key, and Keyward keys stay Keyward’s', () => {
    // The Confident format recognises its legacy keys on purpose (next test); no other pair may overlap.
    const overlapping = (a: unknown, b: unknown) => a === CONFIDENT_PROJECT_KEY_FORMAT && b === LEGACY_CONFIDENT_PROJECT_KEY_FORMAT;
    for (const [, format] of SHAPES) {
      const raw = format.mint();
      for (const [, other] of SHAPES) if (other !== format && !overlapping(other, format)) expect(other.isWellFormed(raw)).toBe(false);
    }
    const native = mintKeyward('kw_proj');
    for (const [, format] of SHAPES) expect(format.isWellFormed(native)).toBe(false);
  });

  it('confident: mints `confident_proj_` + 24 random hex + the CRC-32 of all before it as 8 hex, and nothing else passes', () => {
    const crcHex = (s: string) => (crc32(Buffer.from(s)) >>> 0).toString(16).padStart(8, '0');
    const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
    fc.assert(
      fc.property(hex(24), hex(8), (random, check) => {
        const payload = `confident_proj_${random}`;
        expect(CONFIDENT_PROJECT_KEY_FORMAT.isWellFormed(`${payload}${check}`)).toBe(check === crcHex(payload));
        expect(CONFIDENT_PROJECT_KEY_FORMAT.isWellFormed(`${payload}${crcHex(payload)}`)).toBe(true);
        expect(CONFIDENT_PROJECT_KEY_FORMAT.isWellFormed(`${payload}${crcHex(payload)}`.toUpperCase())).toBe(false);
      }),
    );
    // The page's own example is the right shape, but no key Keyward minted: its checksum is wrong.
    expect(CONFIDENT_PROJECT_KEY_FORMAT.isWellFormed('confident_proj_9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d')).toBe(false);
    const minted = new Set(Array.from({ length: 500 }, () => CONFIDENT_PROJECT_KEY_FORMAT.mint().slice(15, 39)));
    expect(minted.size).toBe(500);
  });

  it('confident: keys minted in the legacy format keep passing, and a legacy key with one character changed does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 15, max: 64 }), fc.constantFrom(...'0123456789ABCDEFabcdefxyz'), (at, ch) => {
        const legacy = LEGACY_CONFIDENT_PROJECT_KEY_FORMAT.mint();
        expect(CONFIDENT_PROJECT_KEY_FORMAT.isWellFormed(legacy)).toBe(true);
        expect(isWellFormedKey(legacy, DIALECT_KEY_FORMATS)).toBe(true);
        expect(CONFIDENT_PROJECT_KEY_FORMAT.preview(legacy)).toBe(`${'*'.repeat(15)}${legacy.slice(-6)}`);
        fc.pre(legacy[at] !== ch && legacy[at] !== '_');
        expect(CONFIDENT_PROJECT_KEY_FORMAT.isWellFormed(legacy.slice(0, at) + ch + legacy.slice(at + 1))).toBe(false);
      }),
    );
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
