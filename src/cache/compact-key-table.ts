import type { CreditPolicy, KeyKind, KeyRecord } from '../core/types.js';

export interface CompactKeyTableOptions {
  /** Entries held at most; past it, one not read lately goes (CLOCK, an approximate LRU). */
  readonly max: number;
  /** How long an entry answers after it was set, in ms of `perf`. */
  readonly ttl: number;
  readonly perf?: { now(): number };
}

/** Slots are allocated as the table fills, doubling from this, up to `max`. */
const INITIAL_SLOTS = 1024;
/** Distinct values per shared table (org and project ids, role sets…); past it, entries are kept as objects. */
const MAX_DISTINCT = 100_000;
/**
 * Names are kept once each in a table of shared values (they repeat: "production",
 * "ci-deploy", "Production agent key" on every project) and the slot holds the index. Past
 * SHARED_SHORT_NAMES distinct names, a name new to the table that fits in NAME_BYTES of
 * UTF-8 goes in the slot instead (a column of TEXT_BYTES a slot, made only then: distinct
 * names on every key would otherwise fill the heap); a longer one, until the table is full.
 */
const NAME_BYTES = 15;
const TEXT_BYTES = 1 + NAME_BYTES;
const SHARED_SHORT_NAMES = 10_000;
const WORDS_PER_DIGEST = 8;
const TIMES = 2; // expiresAt, revokedAt
/**
 * A profile (org id, project id, role set and policy: rate limit with its scope, IP allowlist,
 * credit policy: what keys of one project and plan share) and an owner id.
 */
const REFS = 2;
/** Values of a profile: the org, project, roles and policy refs. */
const PROFILE = 4;
/** The largest stamp an entry's `storedAt` column holds (whole ms since `#base`). */
const MAX_STAMP = 0xffff_ffff;
/** TTLs up to this are stamped in 32 bits (rebased once every ~25 days); longer ones in 64. */
const MAX_STAMPED_TTL = 2 ** 31;
const KINDS: readonly KeyKind[] = ['root', 'org', 'project'];
const FLAG_ENABLED = 4;
const FLAG_OBJECT = 8;
const FLAG_USED = 16;
const FLAG_ODD = 32;
const FLAG_INLINE_NAME = 64;
/** Read (or renewed) since the clock hand last passed: spared once (see `#allocate`). */
const FLAG_RECENT = 128;
const NIL = -1;
/** Keys rebuilt recently, kept as objects so a hot key costs no rebuild (direct-mapped by slot). */
const MEMO = 4096;

const HASH_SHAPE = /^[0-9a-f]{64}$/;
const isDigest = (hash: string): boolean => hash.length === 64 && HASH_SHAPE.test(hash);
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const EMPTY_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * hash → KeyRecord, an entry not read lately out (CLOCK), with a TTL: the verification cache's store of
 * found keys, built to hold a million keys in a small fraction of the memory that as many
 * JS objects take (about 77 to 95 bytes per key, against 300 for interned objects in an
 * lru-cache and 800 for whole keys as rows are read into).
 *
 * Every field lives in typed arrays, one slot per key: the SHA-256 digest as eight
 * words (also the open-addressing index's hash), the UUID as four, when it was set as
 * 32-bit ms, a short name as UTF-8 bytes, and values that many keys share as indexes into
 * tables of distinct values: a profile (org and project ids, role set, a key's policy:
 * rate limit with its scope, IP allowlist, credit policy), longer names, owner ids. The two
 * instants (epoch ms) sit in a pool of their own, taken only by the keys that have one. `get`
 * rebuilds a frozen KeyRecord equal to the one `set` was given (a microsecond or two,
 * against tens for a database read). A record that does not fit that shape (metadata, a
 * long name, an id that is not a lower-case UUID, an odd instant) is kept as the object
 * itself, in the same eviction order. Setting a record equal to the one held only renews its
 * TTL, so a refresh that finds nothing changed rebuilds nothing.
 */
export class CompactKeyTable {
  readonly #max: number;
  readonly #ttl: number;
  readonly #perf: { now(): number };

  #capacity = 0;
  #size = 0;
  /** Slots never used yet start at `#fresh`; freed ones are chained through their profile ref. */
  #fresh = 0;
  #free = NIL;
  /** The clock hand: the next slot eviction looks at (see `#allocate`). */
  #hand = 0;

  #digests = new Uint32Array(0);
  /**
   * When each entry was set: whole ms of `perf` since `#base` (a TTL up to 2^31 ms), rounded
   * down, so an entry may be seen as up to 1 ms older than it is, never younger; exact
   * ms of `perf` (Float64Array, `#base` 0) for a longer TTL.
   */
  #storedAt: Uint32Array | Float64Array = new Uint32Array(0);
  #base = 0;
  /**
   * Where an entry's two instants are (1 + their pair in `#times`), 0 when both are null: most
   * keys never expire and are not revoked, so most slots hold no instants at all.
   */
  #timeRef = new Int32Array(0);
  #times = new Float64Array(0);
  /** Pairs of `#times` handed out so far; freed ones are chained through their first number. */
  #timePairs = 0;
  #freeTimes = NIL;
  #ids = new Uint32Array(0);
  #refs = new Int32Array(0);
  #flags = new Uint8Array(0);
  #nameRef = new Int32Array(0);
  /** Names in the slot: empty until a first one goes there, then a column like the others. */
  #text = Buffer.alloc(0);
  /** Entries kept as objects (those that do not fit the slot), by slot. */
  readonly #objects = new Map<number, KeyRecord>();
  /** Entries whose hash is not a lower-case SHA-256 hex digest, found by the string itself. */
  readonly #odd = new Map<string, number>();
  readonly #oddHashes = new Map<number, string>();
  /** Open addressing, linear probing: slot + 1 per cell, 0 when empty. */
  #index = new Int32Array(0);
  #mask = 0;
  readonly #memo = new Array<KeyRecord | undefined>(MEMO).fill(undefined);
  readonly #memoSlot = new Int32Array(MEMO).fill(NIL);
  /** The last hash found and its slot: KeyCache asks for an entry's TTL right after getting it. */
  #lastHash: string | null = null;
  #lastSlot = NIL;

  /** Profiles: four refs each (org, project, roles, policy), by their refs joined. */
  readonly #profiles = new Profiles();
  readonly #strings = new Shared<string>();
  /** Names (see NAME_BYTES): their own table, so many distinct names never crowd out org and project ids. */
  readonly #names = new Shared<string>();
  readonly #roles = new Shared<readonly string[]>();
  /**
   * A key's rate limit (with its scope), IP allowlist and credit policy (never a balance), as
   * one shared value: keys share them by plan, most have none (no ref, no bytes), and core
   * memoizes a parsed allowlist per (frozen, shared) list object.
   */
  readonly #policies = new Shared<Policy>();
  /**
   * Owner ids, in their own table like long names: a platform may give every key its own
   * owner, so this one may hold as many values as the table holds keys.
   */
  readonly #owners: Shared<string>;

  constructor(options: CompactKeyTableOptions) {
    if (options.max < 1) throw new RangeError('a key table holds at least one key');
    this.#max = options.max;
    this.#ttl = options.ttl;
    this.#perf = options.perf ?? performance;
    if (options.ttl < MAX_STAMPED_TTL) this.#base = Math.floor(this.#perf.now());
    else this.#storedAt = new Float64Array(0);
    this.#owners = new Shared<string>(Math.max(MAX_DISTINCT, options.max));
    this.#grow(Math.min(INITIAL_SLOTS, options.max));
  }

  /** Entries held (expired ones count until touched). */
  get size(): number {
    return this.#size;
  }

  /** Bytes of the typed arrays behind the table (entries kept as objects not included). */
  get byteLength(): number {
    return [
      this.#digests,
      this.#storedAt,
      this.#timeRef,
      this.#times,
      this.#profiles.quads,
      this.#ids,
      this.#refs,
      this.#flags,
      this.#nameRef,
      this.#text,
      this.#index,
      this.#memoSlot,
    ].reduce((n, a) => n + a.byteLength, 0);
  }

  get(hash: string): KeyRecord | undefined {
    const slot = this.#find(hash);
    if (slot === NIL) return undefined;
    if (this.#perf.now() - (this.#base + this.#storedAt[slot]!) > this.#ttl) {
      this.#remove(slot);
      return undefined;
    }
    this.#touch(slot);
    const m = slot & (MEMO - 1);
    if (this.#memoSlot[m] === slot) return this.#memo[m]!;
    const key = this.#read(slot, hash);
    this.#memo[m] = key;
    this.#memoSlot[m] = slot;
    return key;
  }

  /** Milliseconds before the entry expires; 0 when there is none. */
  getRemainingTTL(hash: string): number {
    const slot = this.#find(hash);
    if (slot === NIL) return 0;
    return Math.max(0, this.#ttl - (this.#perf.now() - (this.#base + this.#storedAt[slot]!)));
  }

  set(hash: string, key: KeyRecord): void {
    const odd = !isDigest(hash);
    let slot = this.#find(hash);
    if (slot !== NIL && sameRecord(this.#current(slot, hash), key)) {
      // Nothing changed (a refresh): renew the TTL and recency, keep the rebuilt object.
      this.#touch(slot);
      this.#stamp(slot);
      return;
    }
    const held = slot !== NIL;
    if (slot === NIL) {
      slot = this.#allocate();
      this.#timeRef[slot] = 0;
      if (odd) {
        this.#odd.set(hash, slot);
        this.#oddHashes.set(slot, hash);
      } else {
        this.#writeDigest(slot, hash);
        this.#place(slot);
      }
      this.#size++;
    } else {
      this.#objects.delete(slot);
      this.#forgetMemo(slot);
      this.#freeTimesOf(slot);
    }
    this.#stamp(slot);
    const fits = !odd && this.#write(slot, key, hash);
    if (!fits) this.#objects.set(slot, Object.isFrozen(key) ? key : Object.freeze({ ...key }));
    // A new entry waits for a first read to be spared; a changed one counts as used now.
    this.#flags[slot] = (fits ? this.#flags[slot]! : FLAG_OBJECT) | FLAG_USED | (odd ? FLAG_ODD : 0) | (held ? FLAG_RECENT : 0);
  }

  delete(hash: string): boolean {
    const slot = this.#find(hash);
    if (slot === NIL) return false;
    this.#remove(slot);
    return true;
  }

  clear(): void {
    this.#index.fill(0);
    this.#flags.fill(0);
    this.#timeRef.fill(0);
    this.#timePairs = 0;
    this.#freeTimes = NIL;
    this.#profiles.clear();
    this.#memo.fill(undefined);
    this.#memoSlot.fill(NIL);
    this.#lastHash = null;
    this.#objects.clear();
    this.#odd.clear();
    this.#oddHashes.clear();
    this.#strings.clear();
    this.#names.clear();
    this.#roles.clear();
    this.#policies.clear();
    this.#owners.clear();
    this.#size = 0;
    this.#fresh = 0;
    this.#free = NIL;
    this.#hand = 0;
  }

  // ---- slots and eviction order

  #allocate(): number {
    if (this.#free === NIL) {
      if (this.#fresh < this.#capacity) return this.#fresh++;
      if (this.#capacity < this.#max) {
        this.#grow(Math.min(this.#max, this.#capacity * 2));
        return this.#fresh++;
      }
      // Full: CLOCK (second chance), an LRU without links. The hand sweeps the slots; an
      // entry read since it last passed is spared (its mark cleared), the first that was not
      // makes room. Every slot is in use, so it stops within one turn past the marks.
      for (;;) {
        const slot = this.#hand;
        this.#hand = slot + 1 === this.#capacity ? 0 : slot + 1;
        const flags = this.#flags[slot]!;
        if (flags & FLAG_RECENT) {
          this.#flags[slot] = flags & ~FLAG_RECENT;
        } else if (flags & FLAG_USED) {
          this.#remove(slot);
          break;
        }
      }
    }
    const slot = this.#free;
    this.#free = this.#refs[slot * REFS]!;
    return slot;
  }

  #remove(slot: number): void {
    if (this.#flags[slot]! & FLAG_ODD) {
      this.#odd.delete(this.#oddHashes.get(slot)!);
      this.#oddHashes.delete(slot);
    } else {
      this.#unplace(slot);
    }
    this.#objects.delete(slot);
    this.#forgetMemo(slot);
    this.#freeTimesOf(slot);
    this.#flags[slot] = 0;
    this.#refs[slot * REFS] = this.#free;
    this.#free = slot;
    this.#size--;
  }

  /** Stamps the entry as set now (see `#storedAt`). */
  #stamp(slot: number): void {
    const now = this.#perf.now();
    if (this.#storedAt instanceof Float64Array) {
      this.#storedAt[slot] = now;
      return;
    }
    if (Math.floor(now) - this.#base > MAX_STAMP) this.#rebase(Math.floor(now));
    // A clock that went back (only a test's can) makes the entry older, never younger.
    this.#storedAt[slot] = Math.max(0, Math.floor(now) - this.#base);
  }

  /**
   * After 2^32 ms (49 days) of stamps: counts them from `now - ttl - 1` instead. An entry
   * set before that instant had expired anyway, and stays expired (stamped at it).
   */
  #rebase(now: number): void {
    const base = now - this.#ttl - 1;
    const shift = base - this.#base;
    for (let slot = 0; slot < this.#fresh; slot++) this.#storedAt[slot] = Math.max(0, this.#storedAt[slot]! - shift);
    this.#base = base;
  }

  /** Hands the slot's pair of instants back, if it has one. */
  #freeTimesOf(slot: number): void {
    const ref = this.#timeRef[slot]!;
    if (ref === 0) return;
    this.#times[(ref - 1) * TIMES] = this.#freeTimes;
    this.#freeTimes = ref - 1;
    this.#timeRef[slot] = 0;
  }

  /** A pair of `#times` for the slot (it has none). */
  #allocateTimes(slot: number): number {
    let pair = this.#freeTimes;
    if (pair !== NIL) {
      this.#freeTimes = this.#times[pair * TIMES]!;
    } else {
      pair = this.#timePairs++;
      if (pair * TIMES >= this.#times.length) {
        const grown = new Float64Array(Math.max(64, this.#times.length * 2));
        grown.set(this.#times);
        this.#times = grown;
      }
    }
    this.#timeRef[slot] = pair + 1;
    return pair;
  }

  #forgetMemo(slot: number): void {
    const m = slot & (MEMO - 1);
    if (this.#memoSlot[m] === slot) {
      this.#memoSlot[m] = NIL;
      this.#memo[m] = undefined;
    }
    if (this.#lastSlot === slot) this.#lastHash = null;
  }

  #touch(slot: number): void {
    this.#flags[slot] = this.#flags[slot]! | FLAG_RECENT;
  }

  #grow(capacity: number): void {
    const old = this.#capacity;
    const copy = <T extends Uint32Array | Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T, per: number): T => {
      const b = make(capacity * per);
      b.set(a.subarray(0, old * per));
      return b;
    };
    this.#digests = copy(this.#digests, (n) => new Uint32Array(n), WORDS_PER_DIGEST);
    this.#storedAt =
      this.#storedAt instanceof Float64Array
        ? copy(this.#storedAt, (n) => new Float64Array(n), 1)
        : copy(this.#storedAt, (n) => new Uint32Array(n), 1);
    this.#timeRef = copy(this.#timeRef, (n) => new Int32Array(n), 1);
    this.#ids = copy(this.#ids, (n) => new Uint32Array(n), 4);
    this.#refs = copy(this.#refs, (n) => new Int32Array(n), REFS);
    this.#flags = copy(this.#flags, (n) => new Uint8Array(n), 1);
    this.#nameRef = copy(this.#nameRef, (n) => new Int32Array(n), 1);
    if (this.#text.length > 0) this.#text = copy(this.#text, (n) => Buffer.alloc(n), TEXT_BYTES);
    this.#capacity = capacity;
    // At most half full, so probes stay short.
    let cells = 16;
    while (cells < capacity * 2) cells *= 2;
    if (cells === this.#index.length) return;
    this.#index = new Int32Array(cells);
    this.#mask = cells - 1;
    for (let slot = 0; slot < old; slot++) {
      if ((this.#flags[slot]! & (FLAG_USED | FLAG_ODD)) === FLAG_USED) this.#place(slot);
    }
  }

  // ---- the index: linear probing on the digest's first word, backward-shift deletion (no tombstones)

  #find(hash: string): number {
    if (hash === this.#lastHash) return this.#lastSlot;
    const slot = this.#probe(hash);
    if (slot !== NIL) {
      this.#lastHash = hash;
      this.#lastSlot = slot;
    }
    return slot;
  }

  #probe(hash: string): number {
    if (!isDigest(hash)) return this.#odd.get(hash) ?? NIL;
    const w0 = wordOf(hash, 0);
    for (let cell = w0 & this.#mask; ; cell = (cell + 1) & this.#mask) {
      const entry = this.#index[cell]!;
      if (entry === 0) return NIL;
      if (this.#digests[(entry - 1) * WORDS_PER_DIGEST] === w0 && this.#restIs(entry - 1, hash)) return entry - 1;
    }
  }

  #restIs(slot: number, hash: string): boolean {
    const base = slot * WORDS_PER_DIGEST;
    for (let w = 1; w < WORDS_PER_DIGEST; w++) {
      if (this.#digests[base + w] !== wordOf(hash, w)) return false;
    }
    return true;
  }

  #writeDigest(slot: number, hash: string): void {
    const base = slot * WORDS_PER_DIGEST;
    for (let w = 0; w < WORDS_PER_DIGEST; w++) this.#digests[base + w] = wordOf(hash, w);
  }

  #place(slot: number): void {
    let cell = this.#digests[slot * WORDS_PER_DIGEST]! & this.#mask;
    while (this.#index[cell] !== 0) cell = (cell + 1) & this.#mask;
    this.#index[cell] = slot + 1;
  }

  #unplace(slot: number): void {
    let cell = this.#digests[slot * WORDS_PER_DIGEST]! & this.#mask;
    while (this.#index[cell] !== slot + 1) {
      if (this.#index[cell] === 0) return;
      cell = (cell + 1) & this.#mask;
    }
    // Move later entries of the run into the hole wherever their home cell allows it.
    let hole = cell;
    for (let next = (hole + 1) & this.#mask; this.#index[next] !== 0; next = (next + 1) & this.#mask) {
      const home = this.#digests[(this.#index[next]! - 1) * WORDS_PER_DIGEST]! & this.#mask;
      if (((hole - home) & this.#mask) <= ((next - home) & this.#mask)) {
        this.#index[hole] = this.#index[next]!;
        hole = next;
      }
    }
    this.#index[hole] = 0;
  }

  // ---- records

  /** The record held in a slot: the rebuilt object when there is one, else rebuilt now. */
  #current(slot: number, hash: string): KeyRecord {
    const m = slot & (MEMO - 1);
    return this.#memoSlot[m] === slot ? this.#memo[m]! : this.#read(slot, hash);
  }

  /** Writes `key` into the slot's columns; false when it does not fit (kept as an object then). */
  #write(slot: number, key: KeyRecord, hash: string): boolean {
    if (key.hash !== hash || !UUID_SHAPE.test(key.id) || !isEmpty(key.metadata)) return false;
    const kind = KINDS.indexOf(key.kind);
    if (kind < 0) return false;
    const short = Buffer.byteLength(key.name) <= NAME_BYTES;
    const sharedName =
      this.#names.known(key.name) ?? (!short || this.#names.size < SHARED_SHORT_NAMES ? this.#names.id(key.name, key.name) : undefined);
    if (sharedName === undefined && !short) return false;
    const expires = instantOf(key.expiresAt);
    const revoked = instantOf(key.revokedAt);
    if (expires === undefined || revoked === undefined) return false;

    const org = key.orgId === null ? NIL : this.#strings.id(key.orgId, key.orgId);
    const project = key.projectId === null ? NIL : this.#strings.id(key.projectId, key.projectId);
    const roles = this.#roles.id(key.roles.join('\u0000'), key.roles, (r) => Object.freeze([...r]));
    const policy =
      key.rateLimit === null && key.allowedIps === null && key.credits === null ? NIL : this.#policies.id(policyId(key), key, freezePolicy);
    // A table of shared values that is full turns new values away: the entry stays an object.
    if (org === undefined || project === undefined || roles === undefined || policy === undefined) return false;
    const profile = this.#profiles.id(org, project, roles, policy);
    const owner = key.ownerId === null ? NIL : this.#owners.id(key.ownerId, key.ownerId);
    if (profile === undefined || owner === undefined) return false;
    this.#refs[slot * REFS] = profile;
    this.#refs[slot * REFS + 1] = owner;
    if (!Number.isNaN(expires) || !Number.isNaN(revoked)) {
      const t = this.#allocateTimes(slot) * TIMES;
      this.#times[t] = expires;
      this.#times[t + 1] = revoked;
    }
    const id = key.id.replaceAll('-', '');
    for (let w = 0; w < 4; w++) this.#ids[slot * 4 + w] = parseInt(id.slice(w * 8, w * 8 + 8), 16);
    if (sharedName === undefined) {
      if (this.#text.length === 0) this.#text = Buffer.alloc(this.#capacity * TEXT_BYTES);
      const x = slot * TEXT_BYTES;
      this.#text[x] = this.#text.write(key.name, x + 1, NAME_BYTES, 'utf8');
    } else {
      this.#nameRef[slot] = sharedName;
    }
    this.#flags[slot] = kind | (key.enabled ? FLAG_ENABLED : 0) | (sharedName === undefined ? FLAG_INLINE_NAME : 0);
    return true;
  }

  #read(slot: number, hash: string): KeyRecord {
    const flags = this.#flags[slot]!;
    if (flags & FLAG_OBJECT) return this.#objects.get(slot)!;
    const p = this.#refs[slot * REFS]! * PROFILE;
    const profile = this.#profiles.quads;
    const org = profile[p]!;
    const project = profile[p + 1]!;
    const policy = profile[p + 3] === NIL ? NO_POLICY : this.#policies.value(profile[p + 3]!);
    const owner = this.#refs[slot * REFS + 1]!;
    const t = this.#timeRef[slot]! === 0 ? NIL : (this.#timeRef[slot]! - 1) * TIMES;
    return Object.freeze({
      id: this.#uuid(slot),
      kind: KINDS[flags & 3]!,
      orgId: org === NIL ? null : this.#strings.value(org),
      projectId: project === NIL ? null : this.#strings.value(project),
      name: flags & FLAG_INLINE_NAME ? this.#nameAt(slot * TEXT_BYTES) : this.#names.value(this.#nameRef[slot]!),
      roles: this.#roles.value(profile[p + 2]!),
      hash,
      enabled: (flags & FLAG_ENABLED) !== 0,
      metadata: EMPTY_METADATA,
      rateLimit: policy.rateLimit,
      expiresAt: t === NIL ? null : isoOf(this.#times[t]!),
      revokedAt: t === NIL ? null : isoOf(this.#times[t + 1]!),
      allowedIps: policy.allowedIps,
      credits: policy.credits,
      ownerId: owner === NIL ? null : this.#owners.value(owner),
    });
  }

  #nameAt(x: number): string {
    const length = this.#text[x]!;
    return this.#text.toString('utf8', x + 1, x + 1 + length);
  }

  #uuid(slot: number): string {
    const w = slot * 4;
    const a = this.#ids[w]!;
    const b = this.#ids[w + 1]!;
    const c = this.#ids[w + 2]!;
    const d = this.#ids[w + 3]!;
    return (
      HEX[a >>> 24]! +
      HEX[(a >>> 16) & 255]! +
      HEX[(a >>> 8) & 255]! +
      HEX[a & 255]! +
      '-' +
      HEX[b >>> 24]! +
      HEX[(b >>> 16) & 255]! +
      '-' +
      HEX[(b >>> 8) & 255]! +
      HEX[b & 255]! +
      '-' +
      HEX[c >>> 24]! +
      HEX[(c >>> 16) & 255]! +
      '-' +
      HEX[(c >>> 8) & 255]! +
      HEX[c & 255]! +
      HEX[d >>> 24]! +
      HEX[(d >>> 16) & 255]! +
      HEX[(d >>> 8) & 255]! +
      HEX[d & 255]!
    );
  }
}

/**
 * Distinct values that many keys share, by an id string; at most MAX_DISTINCT of them
 * between two clears (the table is cleared with the cache), so memory stays bounded.
 */
class Shared<T> {
  readonly #ids = new Map<string, number>();
  readonly #values: T[] = [];
  readonly #max: number;

  constructor(max = MAX_DISTINCT) {
    this.#max = max;
  }

  /** Distinct values held. */
  get size(): number {
    return this.#values.length;
  }

  /** The value's number if it is held. */
  known(key: string): number | undefined {
    return this.#ids.get(key);
  }

  /** The value's number (stored as given, or as `freeze` makes it); undefined when the table is full. */
  id(key: string, value: T, freeze?: (v: T) => T): number | undefined {
    const known = this.#ids.get(key);
    if (known !== undefined) return known;
    if (this.#values.length >= this.#max) return undefined;
    this.#values.push(freeze ? freeze(value) : value);
    this.#ids.set(key, this.#values.length - 1);
    return this.#values.length - 1;
  }

  value(id: number): T {
    return this.#values[id]!;
  }

  clear(): void {
    this.#ids.clear();
    this.#values.length = 0;
  }
}

/**
 * Distinct profiles (org, project, roles, policy refs), four Int32 each: one ref in a slot
 * instead of four. At most MAX_DISTINCT between two clears, as every table of shared values.
 */
class Profiles {
  readonly #ids = new Map<string, number>();
  quads = new Int32Array(PROFILE * 16);
  #count = 0;

  /** The profile's number; undefined when the table is full. */
  id(org: number, project: number, roles: number, policy: number): number | undefined {
    const key = `${org},${project},${roles},${policy}`;
    const known = this.#ids.get(key);
    if (known !== undefined) return known;
    if (this.#count >= MAX_DISTINCT) return undefined;
    if ((this.#count + 1) * PROFILE > this.quads.length) {
      const grown = new Int32Array(this.quads.length * 2);
      grown.set(this.quads);
      this.quads = grown;
    }
    const q = this.#count * PROFILE;
    this.quads[q] = org;
    this.quads[q + 1] = project;
    this.quads[q + 2] = roles;
    this.quads[q + 3] = policy;
    this.#ids.set(key, this.#count);
    return this.#count++;
  }

  clear(): void {
    this.#ids.clear();
    this.#count = 0;
  }
}

/** The digest's `w`th 32-bit word, from its hex (already checked by isDigest): no substring, no parseInt. */
function wordOf(hash: string, w: number): number {
  let n = 0;
  for (let i = w * 8, end = i + 8; i < end; i++) {
    const c = hash.charCodeAt(i);
    n = (n << 4) | (c <= 57 ? c - 48 : c - 87); // '0'-'9', 'a'-'f'
  }
  return n >>> 0;
}

/** Epoch ms of an ISO instant that `toISOString` gives back exactly; NaN for null; undefined otherwise. */
function instantOf(iso: string | null): number | undefined {
  if (iso === null) return Number.NaN;
  if (!ISO_SHAPE.test(iso)) return undefined;
  const ms = Date.parse(iso);
  // Date.parse rolls 2025-02-30 over to March: past the 28th, check that the day survives.
  if (iso.charCodeAt(8) >= 50 && iso.slice(8, 10) > '28' && new Date(ms).toISOString() !== iso) return undefined;
  return ms;
}

/** `toISOString`'s own shape (four-digit years); anything else is kept as an object. */
const ISO_SHAPE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

function isoOf(ms: number): string | null {
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function isEmpty(metadata: Readonly<Record<string, unknown>>): boolean {
  for (const _ in metadata) return false;
  return true;
}

type Policy = Pick<KeyRecord, 'rateLimit' | 'allowedIps' | 'credits'>;
const NO_POLICY: Policy = Object.freeze({ rateLimit: null, allowedIps: null, credits: null });

const creditPolicyId = (c: CreditPolicy): string =>
  c.refill === null ? '-' : `${c.refill.amount}/${c.refill.interval}/${c.refill.dayOfMonth ?? ''}`;

const policyId = (k: Policy): string =>
  `${k.rateLimit === null ? '' : `${k.rateLimit.limit}/${k.rateLimit.windowMs}/${k.rateLimit.scope ?? ''}`}|${k.allowedIps?.join(',') ?? '*'}|${k.credits === null ? '' : creditPolicyId(k.credits)}`;

const freezePolicy = (k: Policy): Policy =>
  Object.freeze({
    rateLimit: k.rateLimit === null ? null : Object.freeze({ ...k.rateLimit }),
    allowedIps: k.allowedIps === null ? null : Object.freeze([...k.allowedIps]),
    credits:
      k.credits === null ? null : Object.freeze({ refill: k.credits.refill === null ? null : Object.freeze({ ...k.credits.refill }) }),
  });

const sameList = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));

const samePolicy = (a: CreditPolicy | null, b: CreditPolicy | null): boolean =>
  a === b || (a !== null && b !== null && creditPolicyId(a) === creditPolicyId(b));

/** Field by field: what a refresh compares with the record it already holds. */
export function sameRecord(a: KeyRecord, b: KeyRecord): boolean {
  return (
    a.id === b.id &&
    a.kind === b.kind &&
    a.orgId === b.orgId &&
    a.projectId === b.projectId &&
    a.name === b.name &&
    a.hash === b.hash &&
    a.enabled === b.enabled &&
    a.expiresAt === b.expiresAt &&
    a.revokedAt === b.revokedAt &&
    a.ownerId === b.ownerId &&
    a.roles.length === b.roles.length &&
    a.roles.every((role, i) => role === b.roles[i]) &&
    sameList(a.allowedIps, b.allowedIps) &&
    samePolicy(a.credits, b.credits) &&
    (a.rateLimit === b.rateLimit ||
      (a.rateLimit !== null &&
        b.rateLimit !== null &&
        a.rateLimit.limit === b.rateLimit.limit &&
        a.rateLimit.windowMs === b.rateLimit.windowMs &&
        a.rateLimit.scope === b.rateLimit.scope)) &&
    (a.metadata === b.metadata || (isEmpty(a.metadata) && isEmpty(b.metadata)) || JSON.stringify(a.metadata) === JSON.stringify(b.metadata))
  );
}
