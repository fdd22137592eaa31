import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The only thing stored about a key's secret. With a pepper (KEYWARD_PEPPER) it is
 * HMAC-SHA-256, so a stolen database alone cannot be used to test guesses offline.
 * Keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
 */
export type SecretHasher = (raw: string) => string;

export function secretHasher(pepper: string | null): SecretHasher {
  if (pepper) return (raw) => createHmac('sha256', pepper).update(raw, 'utf8').digest('hex');
  return (raw) => createHash('sha256').update(raw, 'utf8').digest('hex');
}

/**
 * Constant-time comparison of two hex digests. The store looks keys up by hash, so
 * this re-check defends against an index returning a near match (e.g. a collation
 * quirk), and never exits early on a shared prefix.
 */
export function digestsEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ba.length === bb.length && ba.length > 0 && timingSafeEqual(ba, bb);
}
