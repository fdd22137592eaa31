import { hash } from 'node:crypto';
import type { Store } from './store.js';

/**
 * Keys a platform brought in (use-cases/import-keys.ts) keep their own text, so they carry no
 * Keyward checksum: a string in no known format may still be one of them. Looking every such
 * string up would let a spray of random strings cost a query each (the checksum exists to
 * stop exactly that), so each instance keeps this small index: the first 32 bits of the
 * hash each imported key is stored under. A string is looked up only when one of its hashes
 * starts like one in the index (odds about n / 2^32 for a random string, n imported keys:
 * one in four thousand with a million), and otherwise refused as MALFORMED as before.
 *
 * Hashes are stored as Keyward's own (`deps.hash`, for keys imported raw or re-hashed) or, until
 * the first verification re-hashes them, as the platform's digest: `sha256:<hex>` / `sha512:<hex>`.
 *
 * Other instances' imports are learnt by reading the imported keys newer than the last one
 * seen (one indexed query, at most once per `maxAgeMs`, only when a string in no known format
 * arrives); a failed read keeps what is known (the database may be down: refusing a nonsense
 * string must not need it). A re-hash done elsewhere is not read again: the index still holds
 * the key's digest prefix, and a digest hit looks the key up under Keyward's hash first.
 */
export type DigestAlgorithm = 'sha256' | 'sha512';
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['sha256', 'sha512'];

/** The stored hash of a key imported as a digest (lowercase hex). */
export const digestHash = (algorithm: DigestAlgorithm, hex: string): string => `${algorithm}:${hex}`;

/** The digest a platform would have stored for `raw`. */
export const digestOf = (algorithm: DigestAlgorithm, raw: string): string => hash(algorithm, raw, 'hex');

/** The algorithm a stored hash names, or null for Keyward's own. */
export function algorithmOf(stored: string): DigestAlgorithm | null {
  if (stored.startsWith('sha256:')) return 'sha256';
  if (stored.startsWith('sha512:')) return 'sha512';
  return null;
}

/** The first 32 bits of a hex digest (after its `alg:` label), as a number; -1 when not hex. */
function prefixOf(stored: string): number {
  const at = stored.indexOf(':') + 1;
  const head = stored.slice(at, at + 8);
  return /^[0-9a-f]{8}$/.test(head) ? Number.parseInt(head, 16) : -1;
}

type Loader = Pick<Store, 'listImportedKeyHashes'>;

const PAGE = 10_000;

export class ImportedKeyIndex {
  readonly #prefixes = new Set<number>();
  readonly #algorithms = new Set<DigestAlgorithm>();
  #afterSeq = 0;
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<void> | null = null;
  /** False after a failed read: the next reads run in the background, so an outage is not waited on each time. */
  #healthy = true;

  constructor(
    private readonly store: Loader,
    private readonly maxAgeMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Notes a hash written by this instance (an import, a re-hash): known at once, before any read. */
  note(stored: string): void {
    const prefix = prefixOf(stored);
    if (prefix >= 0) this.#prefixes.add(prefix);
    const algorithm = algorithmOf(stored);
    if (algorithm) this.#algorithms.add(algorithm);
  }

  /**
   * Reads imports newer than the last seen, when the last read is older than `maxAgeMs`; never
   * rejects. Answers the read to wait for, or undefined when there is none to wait for (fresh
   * enough, or the last read failed: then it reads in the background and the caller answers from
   * what is known, so a database outage costs one wait, not one per string).
   */
  refresh(): Promise<void> | undefined {
    if (this.now() - this.#readAt < this.maxAgeMs) return undefined;
    this.#reading ??= this.#read().finally(() => (this.#reading = null));
    return this.#healthy ? this.#reading : undefined;
  }

  async #read(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.store.listImportedKeyHashes(this.#afterSeq, PAGE);
        for (const row of rows) {
          this.note(row.hash);
          this.#afterSeq = Math.max(this.#afterSeq, row.seq);
        }
        if (rows.length < PAGE) break;
      }
      this.#readAt = this.now();
      this.#healthy = true;
    } catch {
      // Unavailable: answer from what is known; the next string in no format tries again.
      this.#healthy = false;
    }
  }

  /**
   * The stored hashes `raw` may be held under, most likely first: Keyward's own (`nativeHash`),
   * then the digests of the algorithms imports used. Empty for nearly every string that is
   * no imported key, so it is refused without a lookup.
   */
  candidates(raw: string, nativeHash: string): string[] {
    const out: string[] = [];
    const digests: string[] = [];
    for (const algorithm of this.#algorithms) {
      const digest = digestOf(algorithm, raw);
      if (this.#prefixes.has(prefixOf(digest))) digests.push(digestHash(algorithm, digest));
    }
    // A digest hit looks up Keyward's hash too: another instance may have re-hashed the key.
    if (digests.length > 0 || this.#prefixes.has(prefixOf(nativeHash))) out.push(nativeHash);
    return out.concat(digests);
  }
}
