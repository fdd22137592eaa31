import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { ENGINES } from '../helpers/engines.js';
import { minutesAfterT0, projectKey, seedOrgAndProject, useFreshDatabase } from './fixtures.js';

/**
 * On a SQLite file the usage flush runs on a worker thread's connection
 * (sqlite-usage-writer.ts), not the serving one: what only that can get wrong.
 */
const sqlite = ENGINES.find((e) => e.name === 'sqlite')!;

describe('sqlite: the usage flush off the serving thread', () => {
  const db = useFreshDatabase(sqlite);
  const raws: BetterSqlite3.Database[] = [];
  afterEach(() => {
    for (const raw of raws.splice(0)) raw.close();
  });
  const rawConnection = (): BetterSqlite3.Database => {
    const location = parseDatabaseUrl(db.url());
    if (location.engine !== 'sqlite') throw new Error('not sqlite');
    const raw = new BetterSqlite3(location.path);
    raws.push(raw);
    return raw;
  };

  it('writes on its own connection: while it waits for the write lock, the store still reads', async () => {
    const store = db.store();
    const { org, project } = await seedOrgAndProject(store);
    const key = await store.insertKey(projectKey(org, project));
    const other = rawConnection();
    other.exec('begin immediate');
    let done = false;
    const flush = store
      .recordUsage({
        lastUsed: [{ keyId: key.id, at: minutesAfterT0(5) }],
        counts: [{ keyId: key.id, day: '2025-03-01', code: 'VALID', count: 3 }],
      })
      .then(() => (done = true));
    // On the serving connection this read would queue behind the flush's transaction.
    expect(await store.usage(org.id, { keyId: key.id }, '2025-01-01')).toEqual([]);
    expect((await store.findKey(org.id, key.id))?.lastUsedAt).toBeNull();
    expect(done).toBe(false);
    other.exec('commit');
    await flush;
    expect(await store.usage(org.id, { keyId: key.id }, '2025-01-01')).toEqual([{ day: '2025-03-01', code: 'VALID', count: 3, spent: 0 }]);
    expect((await store.findKey(org.id, key.id))?.lastUsedAt).toBe(minutesAfterT0(5));
  });

  it('fails a flush whose statement fails, writing none of it, and writes the next one', async () => {
    const store = db.store();
    const { org, project } = await seedOrgAndProject(store);
    const key = await store.insertKey(projectKey(org, project));
    const other = rawConnection();
    other.exec('alter table key_usage rename to key_usage_away');
    const batch = {
      lastUsed: [{ keyId: key.id, at: minutesAfterT0(1) }],
      counts: [{ keyId: key.id, day: '2025-03-01', code: 'VALID' as const, count: 1 }],
    };
    await expect(store.recordUsage(batch)).rejects.toThrow(/key_usage/);
    // The same transaction's last_used_at update was rolled back with it.
    expect((await store.findKey(org.id, key.id))?.lastUsedAt).toBeNull();
    other.exec('alter table key_usage_away rename to key_usage');
    await store.recordUsage(batch);
    expect(await store.usage(org.id, { keyId: key.id }, '2025-01-01')).toEqual([{ day: '2025-03-01', code: 'VALID', count: 1, spent: 0 }]);
    expect((await store.findKey(org.id, key.id))?.lastUsedAt).toBe(minutesAfterT0(1));
  });
});
