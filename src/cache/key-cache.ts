import { LRUCache } from 'lru-cache';
import type { ApiKey } from '../core/types.js';
import { KeyInterner } from './key-interner.js';

export interface KeyCacheOptions {
  /** Keys held at most (least recently used go first). */
  readonly size: number;
  /** How long an entry is trusted without a change signal: the bound if a signal is lost. */
  readonly ttlMs: number;
  /** Unknown hashes remembered at most; default 100,000 (or `size`, if smaller). */
  readonly negativeSize?: number;
  /** How long "no such key" is remembered; default `ttlMs`. */
  readonly negativeTtlMs?: number;
  /** The clock TTLs are measured on (tests move it by hand); default `performance`. */
  readonly perf?: { now(): number };
}

export type LoadKey = (hash: string) => Promise<ApiKey | null>;

const DEFAULT_NEGATIVE_SIZE = 100_000;

/**
 * hash → stored key, and hash → "no such key", in process, for the verification hot path.
 *
 * Correctness rests on three rules:
 * - `forget` / `forgetAll` run after a write commits (here or, through change signals,
 *   anywhere), so the next lookup reads the database.
 * - A load that was under way when something was forgotten is answered but not kept:
 *   it may have read the row before the write committed (the generation check).
 * - Nothing is trusted longer than the TTL, counted from when it was read, so a lost
 *   signal is healed within `ttlMs`. Hot entries are re-read in the background once three
 *   quarters of the TTL have passed, so a busy key never waits for the database.
 */
export class KeyCache {
  readonly #found: LRUCache<string, ApiKey>;
  readonly #missing: LRUCache<string, true>;
  readonly #refreshBelowMs: number;
  readonly #interner = new KeyInterner();
  /** Loads under way, shared by concurrent lookups of one hash (one query after a flush, not hundreds). */
  readonly #loading = new Map<string, Promise<ApiKey | null>>();
  readonly #refreshing = new Set<string>();
  #generation = 0;

  constructor(options: KeyCacheOptions) {
    if (options.size < 1 || options.ttlMs < 1) throw new RangeError('a key cache needs a size and a TTL of at least 1');
    const perf = options.perf ? { perf: options.perf } : {};
    this.#found = new LRUCache<string, ApiKey>({ max: options.size, ttl: options.ttlMs, ttlResolution: 0, ...perf });
    this.#missing = new LRUCache<string, true>({
      max: options.negativeSize ?? Math.min(DEFAULT_NEGATIVE_SIZE, options.size),
      ttl: options.negativeTtlMs ?? options.ttlMs,
      ttlResolution: 0,
      ...perf,
    });
    this.#refreshBelowMs = options.ttlMs / 4;
  }

  /** Keys held now (expired ones may still count until touched). */
  get size(): number {
    return this.#found.size;
  }

  /** The key with this hash, from memory when possible; null when there is none. */
  lookup(hash: string, load: LoadKey): Promise<ApiKey | null> {
    const hit = this.#found.get(hash);
    if (hit !== undefined) {
      if (this.#found.getRemainingTTL(hash) < this.#refreshBelowMs) this.#refresh(hash, load);
      return Promise.resolve(hit);
    }
    if (this.#missing.get(hash)) return Promise.resolve(null);
    return this.#load(hash, load);
  }

  /** After these keys changed: the next lookup of each reads the database. */
  forget(hashes: Iterable<string>): void {
    this.#generation++;
    for (const hash of hashes) {
      this.#found.delete(hash);
      this.#missing.delete(hash);
      this.#loading.delete(hash);
    }
  }

  /** After a change that may touch any key (a deleted project or org, a lost signal). */
  forgetAll(): void {
    this.#generation++;
    this.#found.clear();
    this.#missing.clear();
    this.#loading.clear();
    this.#interner.clear();
  }

  #load(hash: string, load: LoadKey): Promise<ApiKey | null> {
    const pending = this.#loading.get(hash);
    if (pending) return pending;
    const generation = this.#generation;
    const loading = load(hash).then(
      (key) => {
        if (this.#loading.get(hash) === loading) this.#loading.delete(hash);
        return generation === this.#generation ? this.#keep(hash, key) : key;
      },
      (err: unknown) => {
        if (this.#loading.get(hash) === loading) this.#loading.delete(hash);
        throw err;
      },
    );
    this.#loading.set(hash, loading);
    return loading;
  }

  #refresh(hash: string, load: LoadKey): void {
    if (this.#refreshing.has(hash)) return;
    this.#refreshing.add(hash);
    const generation = this.#generation;
    load(hash).then(
      (key) => {
        this.#refreshing.delete(hash);
        if (generation === this.#generation) this.#keep(hash, key);
      },
      // The entry expires at its TTL and the next lookup loads it, reporting the error then.
      () => this.#refreshing.delete(hash),
    );
  }

  /** Stores what was read; returns the stored (compact) form. */
  #keep(hash: string, key: ApiKey | null): ApiKey | null {
    if (key === null) {
      this.#found.delete(hash);
      this.#missing.set(hash, true);
      return null;
    }
    if (key.hash !== hash) return key;
    const compact = this.#interner.compact(key, hash);
    this.#missing.delete(hash);
    this.#found.set(hash, compact);
    return compact;
  }
}
