import type { ApiKey, KeyRecord } from '../core/types.js';
import { batchedLoader, type LoadKey } from './batched-loader.js';
import type { KeyChangeListener } from '../core/store.js';
import type { KeyPatch, Store } from '../core/store.js';
import type { KeyCache } from './key-cache.js';

/** What a write changed, applied to the cache once it is committed. */
interface Changes {
  readonly hashes: Set<string>;
  all: boolean;
}

/** Methods this class defines itself; every other Store method is passed through as is. */
const OWN = new Set(['constructor', 'transaction', 'findKeyByHash', 'peekKeyByHash', 'insertKey', 'updateKey', 'deleteProject', 'deleteOrg', 'close']);

// Declaration merging: the class is a Store; the methods it does not define are forwarded
// in the constructor, so a read added to the Store port needs no change here.
export interface CachingStore extends Store {}

/**
 * The Store with the verification cache in front of `findKeyByHash` (which both
 * verification and management authentication use). Every write that can change what a
 * lookup by hash answers (insert, update, deleting a project or an org) forgets the
 * affected entries once it is committed, so the very next verification on this
 * instance sees it. Other processes' writes arrive through `watch()`; a write made
 * through a method not intercepted here arrives that way too, a few milliseconds later.
 */
export class CachingStore {
  readonly #inner: Store;
  readonly #cache: KeyCache;
  readonly #changes: Changes | null;
  readonly #load: LoadKey;
  #stopWatching: Promise<() => Promise<void>> | null = null;
  /** Told what each committed write changed (Redis publishes it to the other instances). */
  #onCommitted: KeyChangeListener | null = null;

  constructor(inner: Store, cache: KeyCache, changes: Changes | null = null) {
    this.#inner = inner;
    this.#cache = cache;
    this.#changes = changes;
    // Misses and refreshes of one event-loop turn share one read (batched-loader.ts).
    this.#load = batchedLoader((hashes) => inner.findKeysByHashes(hashes));
    forwardOthers(this, inner);
  }

  get cache(): KeyCache {
    return this.#cache;
  }

  /** Calls `listener` after each committed write with the hashes it changed (null: any key). */
  onCommitted(listener: KeyChangeListener): void {
    this.#onCommitted = listener;
  }

  /**
   * Starts applying change signals from the database (other processes' writes) to the
   * cache. Idempotent; `close()` stops it.
   */
  watch(): Promise<void> {
    const listener: KeyChangeListener = (hashes, reason) => {
      if (hashes) this.#cache.forget(hashes);
      // Signals may have been missed, nothing is known to have changed: re-read before trusting.
      else if (reason === 'disconnected') this.#cache.suspectAll();
      else this.#cache.forgetAll();
    };
    this.#stopWatching ??= this.#inner.watchKeyChanges(listener);
    return this.#stopWatching.then(() => {});
  }

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#changes) return this.#inner.transaction(() => work(this));
    const changes: Changes = { hashes: new Set(), all: false };
    const applied = () => this.#apply(changes);
    return this.#inner.transaction((tx) => work(new CachingStore(tx, this.#cache, changes))).finally(applied);
  }

  findKeyByHash(hash: string): Promise<KeyRecord | null> {
    // Inside a transaction, read its own writes, never the cache.
    if (this.#changes) return this.#inner.findKeyByHash(hash);
    return this.#cache.lookup(hash, this.#load);
  }

  peekKeyByHash(hash: string): KeyRecord | null | undefined {
    return this.#changes ? undefined : this.#cache.peek(hash, this.#load);
  }

  async insertKey(key: Omit<ApiKey, 'seq'>): Promise<ApiKey> {
    // Forget even on failure: a half-known outcome must not leave "no such key" behind.
    return this.#afterWrite(this.#inner.insertKey(key), (c) => c.hashes.add(key.hash));
  }

  async updateKey(orgId: string | null, keyId: string, patch: KeyPatch): Promise<ApiKey | null> {
    const updated = await this.#inner.updateKey(orgId, keyId, patch);
    if (updated) this.#record((c) => c.hashes.add(updated.hash));
    return updated;
  }

  deleteProject(orgId: string, projectId: string, at: string): Promise<boolean> {
    return this.#afterWrite(this.#inner.deleteProject(orgId, projectId, at), (c) => (c.all = true));
  }

  deleteOrg(orgId: string, at: string): Promise<boolean> {
    return this.#afterWrite(this.#inner.deleteOrg(orgId, at), (c) => (c.all = true));
  }

  async close(): Promise<void> {
    if (this.#changes) return;
    const stopping = this.#stopWatching;
    this.#stopWatching = null;
    if (stopping) await (await stopping.catch(() => async () => {}))();
    await this.#inner.close();
  }

  #afterWrite<T>(write: Promise<T>, note: (c: Changes) => void): Promise<T> {
    return write.finally(() => this.#record(note));
  }

  /** Inside a transaction: noted, applied at its end. Outside: the statement committed, apply now. */
  #record(note: (c: Changes) => void): void {
    if (this.#changes) {
      note(this.#changes);
      return;
    }
    const changes: Changes = { hashes: new Set(), all: false };
    note(changes);
    this.#apply(changes);
  }

  #apply(changes: Changes): void {
    if (changes.all) this.#cache.forgetAll();
    else if (changes.hashes.size > 0) this.#cache.forget(changes.hashes);
    else return;
    this.#onCommitted?.(changes.all ? null : [...changes.hashes]);
  }
}

/** Method names to forward, per prototype: found once, not on every transaction. */
const forwardedNames = new WeakMap<object, readonly string[]>();

function forwardOthers(target: CachingStore, inner: Store): void {
  const proto = Object.getPrototypeOf(inner) as object;
  let names = forwardedNames.get(proto);
  if (!names) {
    const found = new Set<string>();
    for (let p: object | null = inner; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const name of Object.getOwnPropertyNames(p)) {
        const value = (inner as unknown as Record<string, unknown>)[name];
        if (!OWN.has(name) && typeof value === 'function') found.add(name);
      }
    }
    names = [...found];
    // Own properties (a Proxy, a test double) may differ per object: remember prototypes only.
    if (Object.getOwnPropertyNames(inner).length === 0) forwardedNames.set(proto, names);
  }
  const methods = inner as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of names) Object.defineProperty(target, name, { value: methods[name]!.bind(inner) });
}

/**
 * Starts cross-process invalidation when `store` is cached (see CachingStore.watch); a
 * store without a cache has nothing to invalidate.
 */
export async function watchForKeyChanges(store: Store): Promise<void> {
  if (store instanceof CachingStore) await store.watch();
}
