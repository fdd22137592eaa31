import { LRUCache } from 'lru-cache';
import { KeywardError } from '../core/errors.js';
import type { KeyRecord } from '../core/types.js';
import type { LoadKey } from './batched-loader.js';
import { CompactKeyTable } from './compact-key-table.js';

export interface KeyCacheOptions {
  /** Keys held at most (past it, one not read lately goes: CLOCK, see compact-key-table.ts). */
  readonly size: number;
  /**
   * The longest an entry is trusted after it was read, whatever the signals say: a backstop
   * behind versioned change signals (which detect a lost signal themselves), not the usual
   * way an entry is renewed.
   */
  readonly ttlMs: number;
  /**
   * Age after which a lookup that hits the entry answers it and re-reads it in the background
   * (stale-while-revalidate, one re-read per key at a time); default three quarters of `ttlMs`.
   * A key looked up at least once in every `ttlMs - refreshMs` never waits for the database.
   */
  readonly refreshMs?: number;
  /** Unknown hashes remembered at most; default 100,000 (or `size`, if smaller). */
  readonly negativeSize?: number;
  /** How long "no such key" is remembered; default `ttlMs`. */
  readonly negativeTtlMs?: number;
  /**
   * Stale-if-error: how long past its TTL an entry may still answer when reading the
   * database fails with an outage (`isOutage`); default 0 (never). See `lookup`.
   */
  readonly staleIfErrorMs?: number;
  /** Which load failures count as an outage; default the store's UNAVAILABLE. */
  readonly isOutage?: (err: unknown) => boolean;
  /** The clock TTLs are measured on (tests move it by hand); default `performance`. */
  readonly perf?: { now(): number };
}

const isUnavailable = (err: unknown): boolean => err instanceof KeywardError && err.code === 'UNAVAILABLE';

export type { LoadKey } from './batched-loader.js';

const DEFAULT_NEGATIVE_SIZE = 100_000;
/** Recently written hashes remembered (`wasWritten`): at most this many, for this long. */
const WRITTEN_SIZE = 100_000;
const WRITTEN_TTL_MS = 86_400_000;

/**
 * hash → stored key, and hash → "no such key", in process, for the verification hot path.
 *
 * Correctness rests on three rules:
 * - `forget` / `forgetAll` run after a write commits (here or, through change signals,
 *   anywhere), so the next lookup reads the database.
 * - A load of a hash that was under way when that hash (or everything) was forgotten is
 *   answered but not kept: it may have read the row before the write committed.
 * - Nothing is trusted longer than the TTL, counted from when it was read. The TTL is a
 *   backstop: the change signals carry sequence numbers, and a watcher that sees a gap, a
 *   reconnect or a silent connection says so (`suspectAll`), so a lost signal is healed by
 *   that, not by waiting for the TTL. Past `refreshMs` a hit answers at once and re-reads
 *   the entry in the background (stale-while-revalidate), so a busy key never waits for the
 *   database.
 *
 * Stale-if-error (`staleIfErrorMs`): entries are held that much longer than the TTL, but
 * past the TTL they are never trusted while the database answers; they are answered only
 * when re-reading fails with an outage (UNAVAILABLE). Once a load has failed that way,
 * such entries answer at once (re-read in the background) until a load succeeds again,
 * so cached verifications stay fast even when connecting hangs until its timeout. The
 * caller still judges the key's state (revoked_at, expires_at, enabled) at read time.
 * `suspectAll` (signals may have been missed) demotes every entry to that state.
 */
export class KeyCache {
  /** Found keys, compactly (about 77 bytes each in typed arrays: a million take ~76 MB). */
  readonly #found: CompactKeyTable;
  readonly #missing: LRUCache<string, true>;
  /** Hashes written recently (here, or heard from a change signal): see `wasWritten`. */
  readonly #written: LRUCache<string, true>;
  readonly #ttlMs: number;
  /** The LRU's own TTL: `ttlMs` plus the stale-if-error allowance. */
  readonly #heldMs: number;
  readonly #refreshAfterMs: number;
  readonly #isOutage: (err: unknown) => boolean;
  readonly #perf: { now(): number };
  /** Entries read before this instant (perf clock) are not trusted without a re-read; -Infinity: none. */
  #suspectBefore = Number.NEGATIVE_INFINITY;
  /** The last load failed with an outage and none has succeeded since. */
  #outage = false;
  /** Loads under way, shared by concurrent lookups of one hash (one query after a flush, not hundreds). */
  readonly #loading = new Map<string, Promise<KeyRecord | null>>();
  /** Background re-reads under way, by hash (at most one per key); `forget` voids a hash's. */
  readonly #refreshing = new Map<string, object>();
  #generation = 0;
  /**
   * Grows when every entry is dropped or suspected at once (`forgetAll`, `suspectAll`): a read
   * under way then is answered but not kept. `forget` voids only the reads of the hashes it
   * names, so a revoke of one key does not throw away the background re-reads of the others
   * (which would let hot keys expire and wait for the database).
   */
  #epoch = 0;

  constructor(options: KeyCacheOptions) {
    if (options.size < 1 || options.ttlMs < 1) throw new RangeError('a key cache needs a size and a TTL of at least 1');
    const perf = options.perf ? { perf: options.perf } : {};
    this.#ttlMs = options.ttlMs;
    this.#heldMs = options.ttlMs + Math.max(0, options.staleIfErrorMs ?? 0);
    this.#refreshAfterMs = Math.min(options.refreshMs ?? (options.ttlMs * 3) / 4, options.ttlMs);
    this.#isOutage = options.isOutage ?? isUnavailable;
    this.#perf = options.perf ?? performance;
    this.#found = new CompactKeyTable({ max: options.size, ttl: this.#heldMs, ...perf });
    this.#missing = new LRUCache<string, true>({
      max: options.negativeSize ?? Math.min(DEFAULT_NEGATIVE_SIZE, options.size),
      ttl: options.negativeTtlMs ?? options.ttlMs,
      ttlResolution: 0,
      ...perf,
    });
    this.#written = new LRUCache<string, true>({ max: WRITTEN_SIZE, ttl: WRITTEN_TTL_MS, ttlResolution: 0, ...perf });
  }

  /**
   * Whether a key with this hash was written (created, rolled, changed) in the last 24 hours,
   * on this instance or by another one whose change signal named it (up to 100,000 hashes;
   * an "everything changed" signal names none; the database's signals name updated and
   * deleted keys, Redis's also new ones). Only a real key's hash can be here: the abuse
   * limits let such a key be looked up even from an address that spent its budget of failures.
   */
  wasWritten(hash: string): boolean {
    return this.#written.has(hash);
  }

  /** Keys held now (expired ones may still count until touched). */
  get size(): number {
    return this.#found.size;
  }

  /**
   * Grows whenever anything is forgotten or suspected (a write here, a change signal, a lost
   * signal): what was read from the cache before is to be read again. Lets a caller keep
   * something derived from an entry (the verify lane's caller on a connection) only while
   * the entry still stands.
   */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Until when (on the cache's clock, `perf`) the entry for this hash is trusted without a
   * re-read: until its background refresh is due. -Infinity when there is none.
   */
  freshUntil(hash: string): number {
    const remaining = this.#found.getRemainingTTL(hash);
    if (remaining <= 0) return Number.NEGATIVE_INFINITY;
    const age = this.#heldMs - remaining;
    if (age >= this.#ttlMs || this.#suspect(age)) return Number.NEGATIVE_INFINITY;
    return this.#perf.now() - age + this.#refreshAfterMs;
  }

  /** The clock TTLs are measured on. */
  now(): number {
    return this.#perf.now();
  }

  /** Unknown hashes remembered now ("no such key"): bounded by `negativeSize`, whatever a flood of random keys asks. */
  get unknownCount(): number {
    return this.#missing.size;
  }

  /**
   * The key with this hash from memory alone, without a promise: the key, null for a hash
   * known not to exist, or undefined when the database must be read (use `lookup`). Hot
   * entries are refreshed in the background as `lookup` would, and during an outage an
   * entry past its TTL answers (stale-if-error).
   */
  peek(hash: string, load: LoadKey): KeyRecord | null | undefined {
    const hit = this.#found.get(hash);
    if (hit !== undefined) {
      const age = this.#heldMs - this.#found.getRemainingTTL(hash);
      if (age < this.#ttlMs && !this.#suspect(age)) {
        if (age > this.#refreshAfterMs) this.#refresh(hash, load);
        return hit;
      }
      // Past its TTL (held for stale-if-error only), or read before signals were missed.
      if (this.#outage) {
        this.#refresh(hash, load);
        return hit;
      }
      return undefined;
    }
    return this.#missing.get(hash) ? null : undefined;
  }

  /** The key with this hash, from memory when possible; null when there is none. */
  lookup(hash: string, load: LoadKey): Promise<KeyRecord | null> {
    const known = this.peek(hash, load);
    if (known !== undefined) return Promise.resolve(known);
    // A held entry past its TTL still answers if the re-read finds the database down.
    return this.#load(hash, load).catch((err: unknown) => this.#staleOr(hash, err));
  }

  /** After these keys changed: the next lookup of each reads the database. */
  forget(hashes: Iterable<string>): void {
    this.#generation++;
    for (const hash of hashes) {
      this.#written.set(hash, true);
      this.#found.delete(hash);
      this.#missing.delete(hash);
      this.#loading.delete(hash);
      this.#refreshing.delete(hash);
    }
  }

  /**
   * After another process changed these keys (a change signal): `forget`, then read again at
   * once those that were held, so the next verification of a hot key finds the read under way
   * or done instead of starting it (a revoke is refused sooner). Nothing is answered from the
   * old entries meanwhile: a lookup joins the read, and a read started before is not kept.
   */
  revalidate(hashes: readonly string[], load: LoadKey): void {
    const held = hashes.filter((hash) => this.#found.getRemainingTTL(hash) > 0);
    this.forget(hashes);
    // A failed re-read is reported by the lookup that needs it (which reads again).
    for (const hash of held) this.#load(hash, load).catch(() => {});
  }

  /**
   * After change signals may have been missed (the watching connection dropped): nothing
   * is known to have changed, so entries are kept for stale-if-error, but each is re-read
   * before it is trusted again. Without stale-if-error this is `forgetAll`.
   */
  suspectAll(): void {
    if (this.#heldMs === this.#ttlMs) {
      this.forgetAll();
      return;
    }
    this.#generation++;
    this.#epoch++;
    this.#suspectBefore = this.#perf.now();
    this.#missing.clear();
    this.#loading.clear();
    this.#refreshing.clear();
  }

  /** After a change that may touch any key (a deleted project or org, a lost signal). */
  forgetAll(): void {
    this.#generation++;
    this.#epoch++;
    this.#found.clear();
    this.#missing.clear();
    this.#loading.clear();
    this.#refreshing.clear();
  }

  /** Read before the last `suspectAll`? (Cheap when there was none, or long ago.) */
  #suspect(age: number): boolean {
    if (this.#suspectBefore === Number.NEGATIVE_INFINITY) return false;
    const now = this.#perf.now();
    // Every entry read before it has left the LRU by now: stop checking.
    if (now - this.#suspectBefore > this.#heldMs) this.#suspectBefore = Number.NEGATIVE_INFINITY;
    // Read at the very instant signals were lost counts as before it.
    return now - age <= this.#suspectBefore;
  }

  /** A failed re-read: during an outage, the held entry (if it is still held) answers; else the error. */
  #staleOr(hash: string, err: unknown): KeyRecord {
    const held = this.#isOutage(err) ? this.#found.get(hash) : undefined;
    if (held === undefined) throw err;
    return held;
  }

  /** Tracks whether the database answers, for stale-if-error. */
  #loaded(): void {
    this.#outage = false;
  }

  #failed(err: unknown): void {
    if (this.#isOutage(err)) this.#outage = true;
  }

  #load(hash: string, load: LoadKey): Promise<KeyRecord | null> {
    const pending = this.#loading.get(hash);
    if (pending) return pending;
    const epoch = this.#epoch;
    const loading: Promise<KeyRecord | null> = load(hash).then(
      (key) => {
        // Not forgotten meanwhile (forget, forgetAll and suspectAll all unregister it)?
        const current: boolean = this.#loading.get(hash) === loading;
        if (current) this.#loading.delete(hash);
        this.#loaded();
        return current && epoch === this.#epoch ? this.#keep(hash, key) : key;
      },
      (err: unknown) => {
        if (this.#loading.get(hash) === loading) this.#loading.delete(hash);
        this.#failed(err);
        throw err;
      },
    );
    this.#loading.set(hash, loading);
    return loading;
  }

  /** Stale-while-revalidate: one background re-read per hash at a time, kept unless the hash was forgotten meanwhile. */
  #refresh(hash: string, load: LoadKey): void {
    if (this.#refreshing.has(hash)) return;
    const token = {};
    this.#refreshing.set(hash, token);
    const epoch = this.#epoch;
    const current = (): boolean => {
      if (this.#refreshing.get(hash) !== token) return false;
      this.#refreshing.delete(hash);
      return epoch === this.#epoch;
    };
    load(hash).then(
      (key) => {
        const keep = current();
        this.#loaded();
        if (keep) this.#keep(hash, key);
      },
      // The entry expires at its TTL and the next lookup loads it, reporting the error then.
      (err: unknown) => {
        current();
        this.#failed(err);
      },
    );
  }

  /** Stores what was read; returns the stored (compact) form. */
  #keep(hash: string, key: KeyRecord | null): KeyRecord | null {
    if (key === null) {
      this.#found.delete(hash);
      this.#missing.set(hash, true);
      return null;
    }
    if (key.hash !== hash) return key;
    this.#missing.delete(hash);
    this.#found.set(hash, key);
    // The stored form (frozen, sharing repeated values), as every later hit answers.
    return this.#found.get(hash) ?? key;
  }
}
