import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CachingStore } from '../../src/cache/caching-store.js';
import { KeyCache } from '../../src/cache/key-cache.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { postgresKeyChangeWatcher } from '../../src/store/postgres/postgres-key-changes.js';
import { sqliteKeyChangeWatcher } from '../../src/store/sqlite/sqlite-key-changes.js';
import type { Store } from '../../src/core/store.js';
import { ENGINES, type OpenedStore } from '../helpers/engines.js';
import { aKey, anOrg, aProject, minutesAfterT0 } from './fixtures.js';

const WAIT = { timeout: 10_000, interval: 5 };
const postgres = ENGINES.find((e) => e.name === 'postgres');
const sqlite = ENGINES.find((e) => e.name === 'sqlite')!;

type Heard = Array<readonly string[] | 'suspect' | 'all'>;
const listenerFor = (heard: Heard) => (hashes: readonly string[] | null, reason?: 'disconnected') =>
  void heard.push(hashes ?? (reason === 'disconnected' ? 'suspect' : 'all'));

async function aKeyIn(store: Store) {
  const org = anOrg();
  await store.insertOrg(org);
  const project = aProject(org.id);
  await store.insertProject(project);
  const key = await store.insertKey(aKey({ orgId: org.id, projectId: project.id }));
  return { org, key };
}

const revoke = (store: Store, orgId: string, keyId: string) =>
  store.updateKey(orgId, keyId, { revokedAt: minutesAfterT0(1), updatedAt: minutesAfterT0(1) });

/**
 * Lost change signals are noticed by their numbers (PostgreSQL: migration 0013's sequence;
 * SQLite: key_changes.seq), not left to the cache TTL: the watcher then says "signals may
 * have been missed" (null, 'disconnected') or "anything changed" (null).
 */
describe.runIf(postgres)('postgres: numbered NOTIFYs', () => {
  let opened: OpenedStore;
  let stop: (() => Promise<void>) | undefined;
  let admin: pg.Client | undefined;
  afterEach(async () => {
    await stop?.();
    await admin?.end();
    await opened.cleanup();
    stop = undefined;
    admin = undefined;
  });

  /** A watcher with a quick heartbeat and grace, and a connection name of its own. */
  async function watch(heard: Heard) {
    opened = await postgres!.open();
    const location = parseDatabaseUrl(opened.url);
    if (location.engine !== 'postgres') throw new Error('not postgres');
    const applicationName = `kw-test-listen-${randomBytes(4).toString('hex')}`;
    const watcher = postgresKeyChangeWatcher(location.connectionString, location.schema, 5000, {
      heartbeatMs: 50,
      graceMs: 100,
      applicationName,
    });
    stop = await watcher(listenerFor(heard));
    const client = new pg.Client({ connectionString: location.connectionString });
    admin = client;
    await client.connect();
    return { schema: location.schema!, applicationName, admin: client };
  }

  it('notices a number that was taken and never notified (a lost NOTIFY), with no later signal to show it', async () => {
    const heard: Heard = [];
    const { schema, admin } = await watch(heard);
    const { org, key } = await aKeyIn(opened.store);
    await revoke(opened.store, org.id, key.id);
    await vi.waitFor(() => expect(heard).toContainEqual([key.hash]), WAIT);
    expect(heard).not.toContain('suspect');
    // A trigger that took its number, but whose NOTIFY never reached this listener.
    await admin.query(`select nextval('"${schema}".keyward_key_change_seq')`);
    await vi.waitFor(() => expect(heard.at(-1)).toBe('suspect'), WAIT);
    expect(heard.filter((h) => h === 'suspect')).toHaveLength(1);
  });

  it('notices a skipped number while later NOTIFYs keep arriving, and still applies them', async () => {
    const heard: Heard = [];
    const { schema, admin } = await watch(heard);
    const { org, key } = await aKeyIn(opened.store);
    await admin.query(`select nextval('"${schema}".keyward_key_change_seq')`);
    await revoke(opened.store, org.id, key.id);
    await vi.waitFor(
      () => expect(heard.includes('suspect') && heard.some((h) => Array.isArray(h) && h.includes(key.hash))).toBe(true),
      WAIT,
    );
    expect(heard.filter((h) => h === 'suspect')).toHaveLength(1);
  });

  it('a revoke whose NOTIFY was lost is refused by a watching cache within heartbeat and grace, long before its TTL', async () => {
    opened = await postgres!.open();
    const location = parseDatabaseUrl(opened.url);
    if (location.engine !== 'postgres') throw new Error('not postgres');
    const table = `"${location.schema!}".api_keys`;
    const cached = new CachingStore(opened.store, new KeyCache({ size: 100, ttlMs: 600_000 }));
    // The cached store closes the store it wraps; cleanup then only drops the schema.
    stop = () => cached.close();
    await cached.watch();
    const client = new pg.Client({ connectionString: location.connectionString });
    admin = client;
    await client.connect();
    const { org, key } = await aKeyIn(opened.store);
    expect((await cached.findKeyByHash(key.hash))?.revokedAt).toBeNull();
    // The revoke commits, its trigger takes its number, but its NOTIFY never reaches the listener.
    await client.query(`alter table ${table} disable trigger api_keys_signal_update`);
    try {
      await revoke(opened.store, org.id, key.id);
      await client.query(`select nextval('"${location.schema!}".keyward_key_change_seq')`);
    } finally {
      await client.query(`alter table ${table} enable trigger api_keys_signal_update`);
    }
    await vi.waitFor(async () => expect((await cached.findKeyByHash(key.hash))?.revokedAt).toBe(minutesAfterT0(1)), WAIT);
  });

  it('tells of a dropped connection at once and again once it is back, then hears changes again', async () => {
    const heard: Heard = [];
    const { applicationName, admin } = await watch(heard);
    const { org, key } = await aKeyIn(opened.store);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [applicationName]);
    await vi.waitFor(() => expect(heard.filter((h) => h === 'suspect').length).toBeGreaterThanOrEqual(2), WAIT);
    await revoke(opened.store, org.id, key.id);
    await vi.waitFor(() => expect(heard.at(-1)).toEqual([key.hash]), WAIT);
  });
});

describe('sqlite: numbered key_changes rows', () => {
  let opened: OpenedStore;
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    await opened?.cleanup();
  });

  it('forgets everything when rows it had not read were pruned (a gap in their numbers)', async () => {
    opened = await sqlite.open();
    const location = parseDatabaseUrl(opened.url);
    if (location.engine !== 'sqlite') throw new Error('not sqlite');
    const heard: Heard = [];
    stop = await sqliteKeyChangeWatcher(location.path)(listenerFor(heard));
    const { org, key } = await aKeyIn(opened.store);
    await revoke(opened.store, org.id, key.id);
    await vi.waitFor(() => expect(heard).toContainEqual([key.hash]), WAIT);
    // Changes this reader never saw, pruned away: the next row it reads is numbered past them.
    const other = new BetterSqlite3(location.path);
    try {
      other.prepare('insert into key_changes (seq, hash) values ((select max(seq) from key_changes) + 5, ?)').run('ab'.repeat(32));
    } finally {
      other.close();
    }
    await vi.waitFor(() => expect(heard.at(-1)).toBe('all'), WAIT);
  });
});
