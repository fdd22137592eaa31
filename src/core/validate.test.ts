import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywardError } from './errors.js';
import { checkExpiresAt, checkMetadata, checkName, checkRateLimit, checkRoles } from './validate.js';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KeywardError);
    expect((e as KeywardError).code).toBe('VALIDATION');
    return (e as KeywardError).field;
  }
  throw new Error('expected a validation error');
};

describe('shared validation', () => {
  it('names accept 1–120 characters and name the field otherwise', () => {
    expect(checkName('  ok  ')).toBe('ok');
    expect(checkName('é'.repeat(120))).toHaveLength(120);
    expect(fieldOf(() => checkName('x'.repeat(121)))).toBe('name');
    expect(fieldOf(() => checkName('   '))).toBe('name');
    expect(fieldOf(() => checkName('a\u0000b', 'label'))).toBe('label');
  });

  it('never throws anything but a VALIDATION error on hostile names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        try {
          checkName(s);
        } catch (e) {
          expect((e as KeywardError).code).toBe('VALIDATION');
        }
      }),
    );
  });

  it('org keys take only Keyward roles and at least one; project keys take platform strings', () => {
    expect(checkRoles('org', ['keys:read', 'keys:read'])).toEqual(['keys:read']);
    expect(fieldOf(() => checkRoles('org', ['ingest']))).toBe('roles');
    expect(fieldOf(() => checkRoles('org', []))).toBe('roles');
    expect(checkRoles('project', ['ingest', 'read:traces'])).toEqual(['ingest', 'read:traces']);
    expect(fieldOf(() => checkRoles('project', ['has space']))).toBe('roles');
    expect(
      fieldOf(() =>
        checkRoles(
          'project',
          Array.from({ length: 51 }, (_, i) => `r${i}`),
        ),
      ),
    ).toBe('roles');
  });

  it('expiry must be a future date-time', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(checkExpiresAt('2026-01-02T00:00:00Z', now)).toBe('2026-01-02T00:00:00.000Z');
    expect(checkExpiresAt(null, now)).toBeNull();
    expect(fieldOf(() => checkExpiresAt('2025-12-31T00:00:00Z', now))).toBe('expires_at');
    expect(fieldOf(() => checkExpiresAt('tomorrow', now))).toBe('expires_at');
  });

  it('metadata is a bounded JSON object', () => {
    expect(checkMetadata({ a: { b: [1, 'ü'] } })).toEqual({ a: { b: [1, 'ü'] } });
    expect(fieldOf(() => checkMetadata({ big: 'x'.repeat(20_000) }))).toBe('metadata');
  });

  it('rate limits name the sub-field at fault', () => {
    expect(checkRateLimit({ limit: 10, windowMs: 60_000 })).toEqual({ limit: 10, windowMs: 60_000 });
    expect(fieldOf(() => checkRateLimit({ limit: 0, windowMs: 60_000 }))).toBe('rate_limit.limit');
    expect(fieldOf(() => checkRateLimit({ limit: 1, windowMs: 10 }))).toBe('rate_limit.window_ms');
  });
});
