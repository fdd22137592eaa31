import { createHash, createHmac } from 'node:crypto';

/**
 * How a replica recognises a presented key without the stream ever carrying a key or a
 * stored hash: lookup = HMAC-SHA-256(lookup key, SHA-256 hex of the key), first 16 bytes,
 * base64url (the server sends the same digest of each stored hash; src/core/use-cases/key-stream.ts).
 *
 * node:crypto, not Web Crypto: `crypto.subtle` is asynchronous and costs microseconds a call,
 * which alone would cap a verifier far below a million verifications a second. node:crypto
 * is there in Node ≥ 20, Bun and Deno (its Node compatibility layer); the SDK's remote parts
 * need only fetch.
 *
 * The verifier keeps the entries of the last keys it recognised, by key (index.ts), so a
 * key seen again costs a map lookup instead of two hashes.
 */
export class LookupDigest {
  readonly #key: Buffer;

  constructor(lookupKey: string) {
    this.#key = Buffer.from(lookupKey, 'base64url');
  }

  of(raw: string): string {
    const stored = createHash('sha256').update(raw, 'utf8').digest('hex');
    return createHmac('sha256', this.#key).update(stored, 'utf8').digest().subarray(0, 16).toString('base64url');
  }
}
