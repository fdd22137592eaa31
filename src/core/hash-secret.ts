import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/**
 * The only thing stored about a key's secret. With a pepper (KEYWARD_PEPPER) it is
 * HMAC-SHA-256, so a stolen database alone cannot be used to test guesses offline.
 * Keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
 */
export type SecretHasher = (raw: string) => string;

export function secretHasher(pepper: string | null): SecretHasher {
  if (pepper) return (raw) => createHmac('sha256', pepper).update(raw, 'utf8').digest('hex');
  // The one-shot hash: a third of createHash()'s cost, and this runs twice per verification
  // (the caller's key and the verified one).
  return (raw) => hash('sha256', raw, 'hex');
}

/** Scratch space for the two digests compared on every verification (SHA-256 hex is 64 bytes). */
const DIGEST_CHARS = 64;
const left = Buffer.alloc(DIGEST_CHARS);
const right = Buffer.alloc(DIGEST_CHARS);

/**
 * Constant-time comparison of two hex digests. The store looks keys up by hash, so
 * this re-check defends against an index returning a near match (e.g. a collation
 * quirk: a different case counts as different here), and never exits early on a shared
 * prefix: Node's timingSafeEqual reads every byte, whatever differs first. Digests of the
 * usual length are copied into two reused buffers (this runs twice per verification, and
 * allocating four Buffers a request showed in the profile); others into fresh ones.
 */
export function digestsEqual(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  if (a.length !== DIGEST_CHARS) return timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
  left.write(String(a), 'latin1');
  right.write(String(b), 'latin1');
  return timingSafeEqual(left, right);
}
