import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestsEqual, secretHasher } from './hash-secret.js';

describe('secret hashing', () => {
  it('is SHA-256 without a pepper', () => {
    expect(secretHasher(null)('kw_x')).toBe(createHash('sha256').update('kw_x').digest('hex'));
  });

  it('is HMAC-SHA-256 with a pepper, so the same key hashes differently per server', () => {
    const pepper = 'p'.repeat(32);
    expect(secretHasher(pepper)('kw_x')).toBe(createHmac('sha256', pepper).update('kw_x').digest('hex'));
    expect(secretHasher(pepper)('kw_x')).not.toBe(secretHasher(null)('kw_x'));
  });

  it('compares digests by value and refuses empty or unequal lengths', () => {
    const h = secretHasher(null)('a');
    expect(digestsEqual(h, h)).toBe(true);
    expect(digestsEqual(h, secretHasher(null)('b'))).toBe(false);
    expect(digestsEqual(h, h.slice(0, 10))).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
  });
});
