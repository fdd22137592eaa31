import type { KeyRecord } from '../core/types.js';

/** Reads the records of those of `hashes` that exist (Store.findKeysByHashes). */
export type LoadKeys = (hashes: readonly string[]) => Promise<readonly KeyRecord[]>;

/** Reads one record by hash (what KeyCache asks for). */
export type LoadKey = (hash: string) => Promise<KeyRecord | null>;

interface Waiter {
  readonly resolve: (key: KeyRecord | null) => void;
  readonly reject: (err: unknown) => void;
}

/** Hashes per read at most: a flood of cold keys is read in statements of this size. */
const MAX_BATCH = 1000;

/**
 * One-hash reads gathered into one many-hash read per turn of the event loop. Under load
 * the requests of one turn (dozens, from different connections) each miss the cache with
 * a different key, and the cache's background refreshes come a few at a time; read one by
 * one they cost a statement (on PostgreSQL a round trip) each. Here they wait for
 * `setImmediate`, after the turn's I/O callbacks, and share one read: a few microseconds
 * of delay against a statement per key. A failed read fails every hash of its batch.
 */
export function batchedLoader(loadMany: LoadKeys): LoadKey {
  let pending: Map<string, Waiter[]> | null = null;

  const flush = (batch: Map<string, Waiter[]>): void => {
    if (pending === batch) pending = null;
    loadMany([...batch.keys()]).then(
      (records) => {
        const byHash = new Map<string, KeyRecord>();
        for (const record of records) byHash.set(record.hash, record);
        for (const [hash, waiters] of batch) for (const w of waiters) w.resolve(byHash.get(hash) ?? null);
      },
      (err: unknown) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
      },
    );
  };

  return (hash) =>
    new Promise<KeyRecord | null>((resolve, reject) => {
      let batch = pending;
      if (batch === null) {
        const fresh = new Map<string, Waiter[]>();
        pending = batch = fresh;
        setImmediate(() => {
          if (pending === fresh) flush(fresh);
        });
      }
      const waiters = batch.get(hash);
      if (waiters) waiters.push({ resolve, reject });
      else batch.set(hash, [{ resolve, reject }]);
      if (batch.size >= MAX_BATCH) flush(batch);
    });
}
