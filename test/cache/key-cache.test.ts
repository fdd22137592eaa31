import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/cache/key-cache.js';
import type { KeyRecord } from '../../src/core/types.js';
import { aCachedKey, ManualPerf, T } from './cached-key.js';

const aKey = aCachedKey;

/** A "database" of keys by hash that counts its reads; `release` lets a held read finish. */
class FakeTable {
  rows = new Map<string, KeyRecord>();
  reads = 0;
  #held: Array<() => void> = [];
  hold = false;

  load = (hash: string): Promise<KeyRecord | null> => {
    this.reads++;
    const answer = (): KeyRecord | null => this.rows.get(hash) ?? null;
    if (!this.hold) return Promise.resolve(answer());
    // Reads the row now (as a query would), answers when released.
    const row = answer();
    return new Promise((resolve) => this.#held.push(() => resolve(row)));
  };

  release(): void {
    for (const r of this.#held.splice(0)) r();
  }

  put(key: KeyRecord): KeyRecord {
    this.rows.set(key.hash, key);
    return key;
  }
}

const setup = (opts: { size?: number; ttlMs?: number; negativeSize?: number } = {}) => {
  const perf = new ManualPerf();
  const table = new FakeTable();
  const cache = new KeyCache({
    size: opts.size ?? 100,
    ttlMs: opts.ttlMs ?? 1000,
    perf,
    ...(opts.negativeSize ? { negativeSize: opts.negativeSize } : {}),
  });
  return { perf, table, cache };
};

describe('KeyCache', () => {
  it('reads a key once and then answers from memory, with equal content', async () => {
    const { table, cache } = setup();
    const key = table.put(aKey({ metadata: { plan: 'pro' }, roles: ['a', 'b'] }));
    expect(await cache.lookup(key.hash, table.load)).toEqual(key);
    expect(await cache.lookup(key.hash, table.load)).toEqual(key);
    expect(table.reads).toBe(1);
  });

  it('remembers an unknown hash until its TTL runs out', async () => {
    const { perf, table, cache } = setup({ ttlMs: 1000 });
    const hash = randomBytes(32).toString('hex');
    expect(await cache.lookup(hash, table.load)).toBeNull();
    expect(await cache.lookup(hash, table.load)).toBeNull();
    expect(table.reads).toBe(1);
    perf.t += 1001;
    expect(await cache.lookup(hash, table.load)).toBeNull();
    expect(table.reads).toBe(2);
  });

  it('keeps at most negativeSize unknown hashes, so a flood of distinct keys cannot grow it', async () => {
    const { table, cache } = setup({ negativeSize: 10 });
    const hashes = Array.from({ length: 50 }, () => randomBytes(32).toString('hex'));
    for (const h of hashes) await cache.lookup(h, table.load);
    // The 10 most recent are still remembered, the first 40 were dropped.
    for (const h of hashes.slice(40)) await cache.lookup(h, table.load);
    expect(table.reads).toBe(50);
    await cache.lookup(hashes[0]!, table.load);
    expect(table.reads).toBe(51);
  });

  it('never trusts an entry past its TTL: a change nobody signalled is seen after ttlMs', async () => {
    const { perf, table, cache } = setup({ ttlMs: 1000 });
    const key = table.put(aKey());
    await cache.lookup(key.hash, table.load);
    table.put({ ...key, revokedAt: T });
    perf.t += 999;
    expect((await cache.lookup(key.hash, table.load))?.revokedAt).toBeNull();
    perf.t += 2;
    expect((await cache.lookup(key.hash, table.load))?.revokedAt).toBe(T);
  });

  it('re-reads a hot entry in the background late in its TTL, without making the caller wait', async () => {
    const { perf, table, cache } = setup({ ttlMs: 1000 });
    const key = table.put(aKey());
    await cache.lookup(key.hash, table.load);
    table.put({ ...key, name: 'renamed' });
    perf.t += 800;
    // Still within the TTL: answered from memory at once, and a refresh starts.
    expect((await cache.lookup(key.hash, table.load))?.name).toBe('ingest');
    expect(table.reads).toBe(2);
    await Promise.resolve();
    expect((await cache.lookup(key.hash, table.load))?.name).toBe('renamed');
    // The refreshed entry is fresh again: no further read for a while.
    expect(table.reads).toBe(2);
  });

  it('forgets a key so the next lookup reads it again, and forgets an unknown hash once it is created', async () => {
    const { table, cache } = setup();
    const key = table.put(aKey());
    await cache.lookup(key.hash, table.load);
    table.put({ ...key, revokedAt: T });
    cache.forget([key.hash]);
    expect((await cache.lookup(key.hash, table.load))?.revokedAt).toBe(T);

    const later = aKey();
    expect(await cache.lookup(later.hash, table.load)).toBeNull();
    table.put(later);
    cache.forget([later.hash]);
    expect(await cache.lookup(later.hash, table.load)).toEqual(later);
  });

  it('remembers which hashes were written (here or by a signal) for a day, at most 100,000 of them', () => {
    const { perf, cache } = setup();
    const written = randomBytes(32).toString('hex');
    expect(cache.wasWritten(written)).toBe(false);
    cache.forget([written]);
    expect(cache.wasWritten(written)).toBe(true);
    cache.forgetAll(); // names no hash: nothing to remember, nothing forgotten
    expect(cache.wasWritten(written)).toBe(true);
    perf.t += 86_400_001;
    expect(cache.wasWritten(written)).toBe(false);
    const many = Array.from({ length: 100_001 }, (_, i) => `h${i}`);
    cache.forget(many);
    expect([cache.wasWritten('h0'), cache.wasWritten('h1'), cache.wasWritten('h100000')]).toEqual([false, true, true]);
  });

  it('forgetAll drops every key and every unknown hash', async () => {
    const { table, cache } = setup();
    const keys = [table.put(aKey()), table.put(aKey())];
    const unknown = randomBytes(32).toString('hex');
    for (const k of keys) await cache.lookup(k.hash, table.load);
    await cache.lookup(unknown, table.load);
    cache.forgetAll();
    expect(cache.size).toBe(0);
    for (const k of keys) await cache.lookup(k.hash, table.load);
    await cache.lookup(unknown, table.load);
    expect(table.reads).toBe(6);
  });

  it('does not keep a read that was under way when the key was forgotten (it may predate the write)', async () => {
    const { table, cache } = setup();
    const key = table.put(aKey());
    table.hold = true;
    const stale = cache.lookup(key.hash, table.load);
    // The revoke commits and is signalled while the read (of the old row) is in flight.
    table.put({ ...key, revokedAt: T });
    cache.forget([key.hash]);
    // A lookup after the forget must not join the old read.
    const fresh = cache.lookup(key.hash, table.load);
    table.release();
    expect((await stale)?.revokedAt).toBeNull();
    expect((await fresh)?.revokedAt).toBe(T);
    table.hold = false;
    expect((await cache.lookup(key.hash, table.load))?.revokedAt).toBe(T);
  });

  it('re-reads at once a held key that another process changed, never answering the old entry meanwhile', async () => {
    const { table, cache } = setup();
    const key = table.put(aKey());
    const unheld = aKey();
    await cache.lookup(key.hash, table.load);
    table.put({ ...key, revokedAt: T });
    table.hold = true;
    cache.revalidate([key.hash, unheld.hash], table.load);
    // One read, of the key that was held; the other was never asked for, so nothing to re-read.
    expect(table.reads).toBe(2);
    expect(cache.peek(key.hash, table.load)).toBeUndefined();
    // The verification that comes next joins the read under way.
    const next = cache.lookup(key.hash, table.load);
    expect(table.reads).toBe(2);
    table.release();
    expect((await next)?.revokedAt).toBe(T);
    table.hold = false;
    expect(cache.peek(key.hash, table.load)?.revokedAt).toBe(T);
  });

  it('shares one read among concurrent lookups of the same hash', async () => {
    const { table, cache } = setup();
    const key = table.put(aKey());
    table.hold = true;
    const answers = Array.from({ length: 20 }, () => cache.lookup(key.hash, table.load));
    table.release();
    for (const a of await Promise.all(answers)) expect(a?.id).toBe(key.id);
    expect(table.reads).toBe(1);
  });

  it('holds at most `size` keys, dropping one not read lately', async () => {
    const { table, cache } = setup({ size: 3 });
    const keys = Array.from({ length: 4 }, () => table.put(aKey()));
    for (const k of keys) await cache.lookup(k.hash, table.load);
    expect(cache.size).toBe(3);
    await cache.lookup(keys[0]!.hash, table.load);
    expect(table.reads).toBe(5);
  });

  it('hands out frozen keys that share repeated values', async () => {
    const { table, cache } = setup();
    const orgId = randomUUID();
    const a = table.put(aKey({ orgId: `${orgId}`, roles: ['x', 'y'] }));
    const b = table.put(aKey({ orgId: [orgId].join(''), roles: ['x', 'y'] }));
    const ca = (await cache.lookup(a.hash, table.load))!;
    const cb = (await cache.lookup(b.hash, table.load))!;
    expect(Object.isFrozen(ca)).toBe(true);
    expect(Object.isFrozen(ca.roles)).toBe(true);
    expect(ca.roles).toBe(cb.roles);
    expect(ca.metadata).toBe(cb.metadata);
  });

  it('refuses a size or TTL of 0 (the caller then runs without a cache)', () => {
    expect(() => new KeyCache({ size: 0, ttlMs: 1000 })).toThrow(RangeError);
    expect(() => new KeyCache({ size: 10, ttlMs: 0 })).toThrow(RangeError);
  });
});
