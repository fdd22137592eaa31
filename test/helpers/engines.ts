import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/core/store.js';

/**
 * The storage engines every integration test runs on, kysely-style:
 *
 * ```ts
 * for (const engine of ENGINES) describe(engine.name, () => { ... })
 * ```
 *
 * SQLite always (a fresh temp file each time). PostgreSQL when KEYWARD_TEST_POSTGRES_URL
 * is set (CI sets it): a fresh random schema each time, dropped by `cleanup`. When that
 * variable is set and the server cannot be reached, `open()` rejects, so tests fail
 * rather than silently skip.
 */
export interface TestEngine {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, migrated store; `cleanup` closes it and deletes its database. */
  open(): Promise<OpenedStore>;
  /**
   * A fresh database URL with nothing behind it yet (for a server or CLI process that
   * opens and migrates it itself). `cleanup` deletes whatever was created there.
   */
  freshUrl(): FreshDatabase;
}

export interface FreshDatabase {
  readonly url: string;
  cleanup(): Promise<void>;
}

export interface OpenedStore extends FreshDatabase {
  readonly store: Store;
}

const randomName = (): string => randomBytes(6).toString('hex');

const sqliteEngine: TestEngine = {
  name: 'sqlite',
  open: () => openFresh(sqliteEngine.freshUrl()),
  freshUrl() {
    const file = join(tmpdir(), `keyward-test-${randomName()}.db`);
    return {
      url: `sqlite:${file}`,
      async cleanup() {
        // WAL mode leaves two companion files next to the database.
        await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(file + suffix, { force: true })));
      },
    };
  },
};

function postgresEngine(serverUrl: string): TestEngine {
  const engine: TestEngine = {
    name: 'postgres',
    open: () => openFresh(engine.freshUrl()),
    freshUrl() {
      const schema = `kw_test_${randomName()}`;
      const url = new URL(serverUrl);
      url.searchParams.set('schema', schema);
      return {
        url: url.toString(),
        async cleanup() {
          const client = new pg.Client({ connectionString: serverUrl });
          await client.connect();
          try {
            await client.query(`drop schema if exists "${schema}" cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
  return engine;
}

async function openFresh(db: FreshDatabase): Promise<OpenedStore> {
  const store = await openStore(db.url, { migrate: true });
  return {
    store,
    url: db.url,
    async cleanup() {
      await store.close();
      await db.cleanup();
    },
  };
}

const postgresUrl = process.env['KEYWARD_TEST_POSTGRES_URL'];

// In CI the PostgreSQL suites are not optional: a missing URL must fail the run, not
// quietly shrink it to SQLite.
if (process.env['CI'] && !postgresUrl) {
  throw new Error('CI is set but KEYWARD_TEST_POSTGRES_URL is not: the PostgreSQL suites must run in CI');
}

export const ENGINES: readonly TestEngine[] = [sqliteEngine, ...(postgresUrl ? [postgresEngine(postgresUrl)] : [])];

/** Shorthand for tests that need one fresh URL per engine, e.g. to start a server process. */
export function freshDatabaseUrl(engine: TestEngine): FreshDatabase {
  return engine.freshUrl();
}
