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
 * The last digests computed are kept, by key, for the keys a process sees again and again:
 * a hit costs a map lookup instead of two hashes. That memory holds raw keys the process
 * was given anyway (SECURITY.md, "Local verifiers").
 */
export class LookupDigest {
  readonly #key: Buffer;
  #memo = new Map<string, string>();
  readonly #memoSize: number;

  constructor(lookupKey: string, memoSize = 10_000) {
    this.#key = Buffer.from(lookupKey, 'base64url');
    this.#memoSize = memoSize;
  }

  of(raw: string): string {
    const known = this.#memo.get(raw);
    if (known !== undefined) return known;
    const stored = createHash('sha256').update(raw, 'utf8').digest('hex');
    const lookup = createHmac('sha256', this.#key).update(stored, 'utf8').digest().subarray(0, 16).toString('base64url');
    // Dropped whole when full: cheaper than an LRU, and the next calls refill it.
    if (this.#memo.size >= this.#memoSize) this.#memo = new Map();
    this.#memo.set(raw, lookup);
    return lookup;
  }
}
