import { describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/cache/key-cache.js';
import { KeywardError, unavailable } from '../../src/core/errors.js';
import type { KeyRecord } from '../../src/core/types.js';
import { aCachedKey } from '../cache/cached-key.js';

/** lru-cache's clock, moved by hand. */
const perf = { t: 1000, now: () => perf.t };

const TTL = 100;
const STALE = 1000;

const aKey = (): KeyRecord => aCachedKey();

/** A table whose reads can be made to fail (an outage, or another error) or hang. */
function table(key: KeyRecord) {
  const t = {
    reads: 0,
    mode: 'up' as 'up' | 'down' | 'broken' | 'hung',
    load: (hash: string): Promise<KeyRecord | null> => {
      t.reads++;
      if (t.mode === 'down') return Promise.reject(unavailable());
      if (t.mode === 'broken') return Promise.reject(new Error('a bug, not an outage'));
      if (t.mode === 'hung') return new Promise(() => {});
      return Promise.resolve(hash === key.hash ? key : null);
    },
  };
  return t;
}

const cacheOf = (staleIfErrorMs = STALE) => new KeyCache({ size: 100, ttlMs: TTL, staleIfErrorMs, perf });

/**
 * Stale-if-error in the verification cache: past its TTL an entry is never trusted while
 * the database answers, but answers when reading fails with UNAVAILABLE, up to the bound.
 */
describe('verification cache: stale-if-error', () => {
  it('answers an expired entry while the database is unavailable, up to the bound, and never past it', async () => {
    const key = aKey();
    const db = table(key);
    const cache = cacheOf();
    expect(await cache.lookup(key.hash, db.load)).toMatchObject({ id: key.id });
    perf.t += TTL + 1;
    db.mode = 'down';
    expect(await cache.lookup(key.hash, db.load)).toMatchObject({ id: key.id });
    perf.t += STALE;
    await expect(cache.lookup(key.hash, db.load)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('re-reads an expired entry while the database answers, and never hides other errors', async () => {
    const key = aKey();
    const db = table(key);
    const cache = cacheOf();
    await cache.lookup(key.hash, db.load);
    perf.t += TTL + 1;
    const before = db.reads;
    await cache.lookup(key.hash, db.load);
    expect(db.reads).toBe(before + 1);
    perf.t += TTL + 1;
    db.mode = 'broken';
    await expect(cache.lookup(key.hash, db.load)).rejects.toThrow('a bug, not an outage');
  });

  it('once an outage is seen, answers stale entries at once (a hung database does not slow cached verifies)', async () => {
    const key = aKey();
    const other = aKey();
    const db = table(key);
    const cache = cacheOf();
    await cache.lookup(key.hash, db.load);
    perf.t += TTL + 1;
    db.mode = 'down';
    await expect(cache.lookup(other.hash, db.load)).rejects.toBeInstanceOf(KeywardError);
    db.mode = 'hung';
    // The re-read hangs in the background; the lookup does not wait for it.
    expect(await cache.lookup(key.hash, db.load)).toMatchObject({ id: key.id });
  });

  it('never answers an entry this instance forgot (its own revoke) from the stale store', async () => {
    const key = aKey();
    const db = table(key);
    const cache = cacheOf();
    await cache.lookup(key.hash, db.load);
    cache.forget([key.hash]);
    db.mode = 'down';
    await expect(cache.lookup(key.hash, db.load)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('after lost signals (suspectAll) re-reads fresh entries, and answers them only during an outage', async () => {
    const key = aKey();
    const db = table(key);
    const cache = cacheOf();
    await cache.lookup(key.hash, db.load);
    cache.suspectAll();
    perf.t += 1;
    const before = db.reads;
    expect(await cache.lookup(key.hash, db.load)).toMatchObject({ id: key.id });
    expect(db.reads, 'a suspect entry is re-read while the database answers').toBe(before + 1);
    // Re-read: trusted again until its TTL.
    expect(await cache.lookup(key.hash, db.load)).toMatchObject({ id: key.id });
    expect(db.reads).toBe(before + 1);
    cache.suspectAll();
    db.mode = 'down';
    expect(await cache.lookup(key.hash, db.load)).toMatchObject({ id: key.id });
  });

  it('without stale-if-error, lost signals forget everything and an outage is an error', async () => {
    const key = aKey();
    const db = table(key);
    const cache = cacheOf(0);
    await cache.lookup(key.hash, db.load);
    cache.suspectAll();
    db.mode = 'down';
    await expect(cache.lookup(key.hash, db.load)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
