import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactKeyTable } from '../../src/cache/compact-key-table.js';
import type { KeyRecord } from '../../src/core/types.js';
import { aCachedKey, ManualPerf, T } from './cached-key.js';

const aKey = aCachedKey;

const table = (max = 100, ttl = 1_000, perf = new ManualPerf()) => new CompactKeyTable({ max, ttl, perf });

describe('CompactKeyTable', () => {
  it('gives back a frozen record equal to the one stored, whatever its shape', () => {
    const t = table();
    const keys = [
      aKey(),
      aKey({ kind: 'org', projectId: null, roles: ['admin', 'keys:verify'] }),
      aKey({ kind: 'root', orgId: null, projectId: null, roles: [] }),
      aKey({ enabled: false, expiresAt: T, revokedAt: '2024-02-29T00:00:00.000Z' }),
      aKey({ rateLimit: { limit: 10, windowMs: 1000 }, name: 'é'.repeat(7) }),
      // Owners and owner-scoped limits, held in the slot (owner ids as shared strings).
      aKey({ ownerId: 'cus_1', rateLimit: { limit: 10, windowMs: 1000, scope: 'owner' } }),
      aKey({ ownerId: 'cus_1', rateLimit: { limit: 10, windowMs: 1000 } }),
      aKey({ ownerId: 'ü'.repeat(255) }),
      // Policies (issue 13): an allowlist and a credit policy, alone and with a rate limit.
      aKey({ allowedIps: ['203.0.113.0/24', '2001:db8::/32'] }),
      aKey({ credits: { refill: null } }),
      aKey({ credits: { refill: { amount: 5, interval: 'monthly', dayOfMonth: 31 } }, allowedIps: ['10.0.0.1'] }),
      aKey({ rateLimit: { limit: 10, windowMs: 1000 }, credits: { refill: { amount: 5, interval: 'daily', dayOfMonth: null } } }),
      // Both at once: an owner, an owner-scoped limit, an allowlist and a credit policy.
      aKey({
        ownerId: 'cus_2',
        rateLimit: { limit: 10, windowMs: 1000, scope: 'owner' },
        allowedIps: ['10.0.0.1'],
        credits: { refill: null },
      }),
      aKey({ name: 'n'.repeat(15) }),
      // Names past the slot's 15 bytes, kept once in the shared table.
      aKey({ name: 'n'.repeat(16) }),
      aKey({ name: 'é'.repeat(8) }),
      aKey({ name: 'Production agent key' }),
      aKey({ name: 'x'.repeat(120) }),
      // Shapes kept as objects: metadata, a non-UUID id, odd instants.
      aKey({ metadata: { team: 'ingest', n: 1 } }),
      aKey({ id: 'not-a-uuid' }),
      aKey({ id: randomUUID().toUpperCase() }),
      aKey({ expiresAt: '2025-03-01T12:00:00Z' }),
      aKey({ revokedAt: '2025-02-30T12:00:00.000Z' }),
      aKey({ expiresAt: '+012025-03-01T12:00:00.000Z' }),
    ];
    for (const k of keys) t.set(k.hash, k);
    expect(t.size).toBe(keys.length);
    for (const k of keys) {
      const got = t.get(k.hash);
      expect(got).toEqual(k);
      expect(Object.isFrozen(got)).toBe(true);
    }
  });

  it('finds keys under hashes that are not lower-case SHA-256 hex, and never mixes them up', () => {
    const t = table();
    const lower = aKey();
    const upper = aKey({ hash: lower.hash.toUpperCase() });
    const short = aKey({ hash: 'abc' });
    for (const k of [lower, upper, short]) t.set(k.hash, k);
    expect(t.get(lower.hash)).toEqual(lower);
    expect(t.get(upper.hash)).toEqual(upper);
    expect(t.get(short.hash)).toEqual(short);
    expect(t.delete(upper.hash)).toBe(true);
    expect(t.get(upper.hash)).toBeUndefined();
    expect(t.get(lower.hash)).toEqual(lower);
    expect(t.get('f'.repeat(64))).toBeUndefined();
    expect(t.get('')).toBeUndefined();
  });

  it('expires entries after the TTL, counted from when they were set', () => {
    const perf = new ManualPerf();
    const t = table(10, 1_000, perf);
    const k = aKey();
    t.set(k.hash, k);
    perf.t += 600;
    expect(t.getRemainingTTL(k.hash)).toBe(400);
    expect(t.get(k.hash)).toEqual(k);
    perf.t += 401;
    expect(t.get(k.hash)).toBeUndefined();
    expect(t.size).toBe(0);
    expect(t.getRemainingTTL(k.hash)).toBe(0);
    t.set(k.hash, k);
    expect(t.getRemainingTTL(k.hash)).toBe(1_000);
  });

  it('evicts the least recently used entry when full', () => {
    const t = table(3);
    const [a, b, c, d] = [aKey(), aKey(), aKey(), aKey()];
    t.set(a.hash, a);
    t.set(b.hash, b);
    t.set(c.hash, c);
    t.get(a.hash); // b is now the least recently used
    t.set(d.hash, d);
    expect(t.size).toBe(3);
    expect(t.get(b.hash)).toBeUndefined();
    for (const k of [a, c, d]) expect(t.get(k.hash)).toEqual(k);
  });

  it('replaces an entry in place and forgets everything on clear', () => {
    const t = table();
    const k = aKey();
    t.set(k.hash, k);
    const revoked = { ...k, revokedAt: T, metadata: { why: 'leak' } };
    t.set(k.hash, revoked);
    expect(t.size).toBe(1);
    expect(t.get(k.hash)).toEqual(revoked);
    t.set(k.hash, k);
    expect(t.get(k.hash)).toEqual(k);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.get(k.hash)).toBeUndefined();
    t.set(k.hash, k);
    expect(t.get(k.hash)).toEqual(k);
  });

  it('behaves like a reference map that evicts one entry not read lately when full, under random sets, gets, deletes and growth', () => {
    const pool = Array.from({ length: 64 }, (_, i) => aKey(i % 7 === 0 ? { metadata: { i } } : i % 11 === 0 ? { hash: `odd-${i}` } : {}));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), i: fc.nat(63) }),
      fc.record({ kind: fc.constant('get' as const), i: fc.nat(63) }),
      fc.record({ kind: fc.constant('delete' as const), i: fc.nat(63) }),
      fc.record({ kind: fc.constant('clear' as const), i: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(op, { maxLength: 300 }), (max, ops) => {
        const t = table(max, 1e12);
        const model = new Map<string, KeyRecord>(); // what the table holds
        const read = new Set<string>(); // read or replaced since the last eviction
        for (const { kind, i } of ops) {
          const k = pool[i]!;
          if (kind === 'set') {
            const isNew = !model.has(k.hash);
            t.set(k.hash, k);
            if (isNew && model.size === max) {
              // Exactly one other entry went, and one not read since the last eviction if there was one.
              const gone = [...model.keys()].filter((h) => t.getRemainingTTL(h) === 0);
              expect(gone).toHaveLength(1);
              if ([...model.keys()].some((h) => !read.has(h))) expect(read.has(gone[0]!)).toBe(false);
              model.delete(gone[0]!);
              read.clear();
            } else if (!isNew) {
              read.add(k.hash);
            }
            model.set(k.hash, k);
          } else if (kind === 'get') {
            const got = t.get(k.hash);
            expect(got).toEqual(model.get(k.hash));
            if (got) read.add(k.hash);
          } else if (kind === 'delete') {
            expect(t.delete(k.hash)).toBe(model.delete(k.hash));
          } else {
            model.clear();
            t.clear();
          }
          expect(t.size).toBe(model.size);
        }
        for (const k of pool) expect(t.getRemainingTTL(k.hash) > 0).toBe(model.has(k.hash));
      }),
      { numRuns: 300 },
    );
  });

  it('spares an entry read since the hand last passed it, once', () => {
    const t = table(5);
    const keys = Array.from({ length: 8 }, () => aKey());
    for (const k of keys.slice(0, 5)) t.set(k.hash, k);
    for (const i of [0, 1, 3, 4]) t.get(keys[i]!.hash);
    t.set(keys[5]!.hash, keys[5]!); // 2 was the one not read
    expect(t.getRemainingTTL(keys[2]!.hash)).toBe(0);
    // The hand cleared 0's and 1's marks on its way to 2; it spares 3 and 4 (read) once more, then 0 goes.
    t.set(keys[6]!.hash, keys[6]!);
    expect(t.getRemainingTTL(keys[0]!.hash)).toBe(0);
    for (const i of [1, 3, 4, 5, 6]) expect(t.get(keys[i]!.hash)).toEqual(keys[i]);
  });

  it('grows past its first allocation and keeps every key findable', () => {
    const t = table(5_000);
    const keys = Array.from({ length: 5_000 }, () => aKey());
    for (const k of keys) t.set(k.hash, k);
    for (const k of keys.slice(0, 2_500)) t.delete(k.hash);
    for (const k of keys.slice(2_500)) expect(t.get(k.hash)).toEqual(k);
    expect(t.size).toBe(2_500);
  });

  it('holds a full table in about 130 bytes per key', () => {
    const t = table(20_000);
    const orgId = randomUUID();
    const projectId = randomUUID();
    for (let i = 0; i < 20_000; i++) {
      const k = aKey({ orgId, projectId, name: `key ${i}`, expiresAt: T });
      t.set(k.hash, k);
    }
    expect(t.size).toBe(20_000);
    expect(t.byteLength / t.size).toBeLessThan(135);
  });

  it('holds keys that never expire and are not revoked (most keys), with names that repeat, in under 95 bytes each', () => {
    const t = table(20_000);
    const orgId = randomUUID();
    const projectId = randomUUID();
    for (let i = 0; i < 20_000; i++) {
      const k = aKey({ orgId, projectId, name: `key ${i % 50}`, roles: ['ingest'] });
      t.set(k.hash, k);
    }
    expect(t.byteLength / t.size).toBeLessThan(95);
  });

  it('keeps short names in the slot once the names it shares are many, and every record right', () => {
    const n = 25_000;
    const t = table(n, 1e12);
    const orgId = randomUUID();
    const projectId = randomUUID();
    const keys = Array.from({ length: n }, (_, i) => aKey({ orgId, projectId, name: i % 3 ? `key ${i}` : 'production' }));
    for (const k of keys) t.set(k.hash, k);
    expect(t.byteLength / t.size).toBeLessThan(115);
    for (const i of [0, 1, 2, 9_999, 10_000, 15_001, n - 1]) expect(t.get(keys[i]!.hash)).toEqual(keys[i]);
    // A name seen before stays shared; one too long for the slot is still shared, while the table has room.
    const late = [aKey({ orgId, projectId, name: 'key 5' }), aKey({ orgId, projectId, name: 'a name longer than the slot' })];
    for (const k of late) t.set(k.hash, k);
    for (const k of late) expect(t.get(k.hash)).toEqual(k);
  });

  it('tells records apart by owner and by rate-limit scope when a refresh compares them', () => {
    const t = table();
    const k = aKey({ ownerId: 'a', rateLimit: { limit: 5, windowMs: 1000 } });
    t.set(k.hash, k);
    const moved = { ...k, ownerId: 'b' };
    t.set(k.hash, moved);
    expect(t.get(k.hash)).toEqual(moved);
    const shared = { ...moved, rateLimit: { limit: 5, windowMs: 1000, scope: 'owner' as const } };
    t.set(k.hash, shared);
    expect(t.get(k.hash)?.rateLimit).toEqual({ limit: 5, windowMs: 1000, scope: 'owner' });
    t.set(k.hash, { ...shared, ownerId: null });
    expect(t.get(k.hash)?.ownerId).toBeNull();
  });

  it('holds keys that each have their own owner in the same bytes per key', () => {
    const t = table(20_000);
    const orgId = randomUUID();
    const projectId = randomUUID();
    const keys = Array.from({ length: 20_000 }, (_, i) =>
      aKey({ orgId, projectId, ownerId: `customer-${i}`, rateLimit: { limit: 100, windowMs: 60_000, scope: 'owner' } }),
    );
    for (const k of keys) t.set(k.hash, k);
    expect(t.byteLength / t.size).toBeLessThan(135);
    for (const i of [0, 9_999, 19_999]) expect(t.get(keys[i]!.hash)).toEqual(keys[i]);
  });

  it('keeps every record right when more long names come than its shared table holds', () => {
    const n = 100_010;
    const t = table(n, 1e12);
    const orgId = randomUUID();
    const projectId = randomUUID();
    const keys = Array.from({ length: n }, (_, i) => aKey({ orgId, projectId, name: `a long key name number ${i}` }));
    for (const k of keys) t.set(k.hash, k);
    for (const i of [0, 1, 99_999, 100_000, n - 1]) expect(t.get(keys[i]!.hash)).toEqual(keys[i]);
  });

  it('renews an unchanged record without rebuilding it, and replaces a changed one', () => {
    const perf = new ManualPerf();
    const t = table(10, 1_000, perf);
    const k = aKey({ roles: ['a', 'b'], rateLimit: { limit: 5, windowMs: 1000 } });
    t.set(k.hash, k);
    const first = t.get(k.hash);
    perf.t += 900;
    // What a refresh reads back: equal, but a new object.
    t.set(k.hash, { ...k, roles: [...k.roles], rateLimit: { ...k.rateLimit! } });
    expect(t.get(k.hash)).toBe(first);
    expect(t.getRemainingTTL(k.hash)).toBe(1_000);
    const changed = { ...k, enabled: false };
    t.set(k.hash, changed);
    expect(t.get(k.hash)).toEqual(changed);
    expect(t.get(k.hash)).not.toBe(first);
  });
});

describe('CompactKeyTable, compact columns', () => {
  it('keeps TTLs exact across 2^32 ms of stamps (49 days), and what expired stays expired', () => {
    const perf = new ManualPerf();
    const t = table(10, 1_000, perf);
    const [old, kept] = [aKey(), aKey({ expiresAt: T })];
    t.set(old.hash, old);
    perf.t += 2 ** 32 - 500;
    t.set(kept.hash, kept);
    perf.t += 600; // past 2^32 ms since the table was made: the next stamp rebases
    const fresh = aKey({ revokedAt: T });
    t.set(fresh.hash, fresh);
    expect(t.getRemainingTTL(old.hash)).toBe(0);
    expect(t.get(old.hash)).toBeUndefined();
    expect(t.getRemainingTTL(kept.hash)).toBe(400);
    expect(t.get(kept.hash)).toEqual(kept);
    expect(t.getRemainingTTL(fresh.hash)).toBe(1_000);
    perf.t += 400;
    expect(t.getRemainingTTL(kept.hash)).toBe(0);
    expect(t.get(kept.hash)).toEqual(kept); // expired only past the TTL, as before
    perf.t += 1;
    expect(t.get(kept.hash)).toBeUndefined();
    expect(t.get(fresh.hash)).toEqual(fresh);
  });

  it('never counts an entry younger than it is on a fractional clock', () => {
    const perf = new ManualPerf();
    perf.t = 1_000.75;
    const t = table(10, 1_000, perf);
    const k = aKey();
    perf.t = 2_000.5;
    t.set(k.hash, k);
    perf.t = 2_000.9;
    const remaining = t.getRemainingTTL(k.hash);
    expect(remaining).toBeLessThanOrEqual(1_000 - 0.4);
    expect(remaining).toBeGreaterThan(1_000 - 1.4);
  });

  it('keeps instants only for the keys that have them, and reuses what a removed key held', () => {
    const t = table(100, 1e12);
    const plain = Array.from({ length: 40 }, () => aKey());
    const dated = Array.from({ length: 40 }, (_, i) => aKey(i % 2 ? { expiresAt: T } : { revokedAt: '2024-02-29T00:00:00.000Z' }));
    for (const k of [...plain, ...dated]) t.set(k.hash, k);
    const before = t.byteLength;
    for (const k of dated.slice(0, 20)) t.delete(k.hash);
    // Changed in place: an instant added, one dropped, a record that became an object.
    t.set(plain[0]!.hash, { ...plain[0]!, revokedAt: T });
    t.set(dated[20]!.hash, { ...dated[20]!, expiresAt: null, revokedAt: null });
    t.set(dated[21]!.hash, { ...dated[21]!, metadata: { a: 1 } });
    const more = Array.from({ length: 40 }, () => aKey({ expiresAt: T, revokedAt: T }));
    for (const k of more) t.set(k.hash, k);
    expect(t.byteLength).toBe(before);
    expect(t.get(plain[0]!.hash)).toEqual({ ...plain[0]!, revokedAt: T });
    expect(t.get(dated[20]!.hash)).toEqual({ ...dated[20]!, expiresAt: null, revokedAt: null });
    expect(t.get(dated[21]!.hash)).toEqual({ ...dated[21]!, metadata: { a: 1 } });
    for (const k of [...plain.slice(1), ...dated.slice(22), ...more]) expect(t.get(k.hash)).toEqual(k);
    for (const k of dated.slice(0, 20)) expect(t.get(k.hash)).toBeUndefined();
  });

  it('shares one profile among the keys of a project with the same roles and policy, and tells the others apart', () => {
    const t = table(100);
    const [orgId, projectId, other] = [randomUUID(), randomUUID(), randomUUID()];
    const keys = [
      aKey({ orgId, projectId }),
      aKey({ orgId, projectId }),
      aKey({ orgId, projectId: other }),
      aKey({ orgId: projectId, projectId: orgId }),
      aKey({ orgId, projectId, roles: ['admin'] }),
      aKey({ orgId, projectId, rateLimit: { limit: 1, windowMs: 1000 } }),
      aKey({ kind: 'org', orgId, projectId: null }),
      aKey({ kind: 'root', orgId: null, projectId: null, roles: [] }),
    ];
    for (const k of keys) t.set(k.hash, k);
    for (const k of keys) expect(t.get(k.hash)).toEqual(k);
  });
});
