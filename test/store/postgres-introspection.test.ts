import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineHandle } from '../../src/store/engine-handle.js';
import { runMigrations } from '../../src/store/kysely/run-migrations.js';
import { openPostgres } from '../../src/store/postgres/open-postgres.js';

const serverUrl = process.env['KEYWARD_TEST_POSTGRES_URL'];

// Kysely's migrator asks the introspector which tables exist. The stock PostgreSQL
// introspector reads every schema of the database, so a schema dropped elsewhere at that
// moment failed Keyward's start-up ("schema … does not exist"). Ours reads only its own.
describe.runIf(serverUrl)('postgres: introspection stays in Keyward’s schema', () => {
  const own = `kw_test_${randomBytes(6).toString('hex')}`;
  const other = `kw_test_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let handle: EngineHandle;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create schema "${other}"; create table "${other}".foreign_rows (id serial primary key)`);
    handle = await openPostgres(serverUrl!, own, { connectMs: 5_000, queryMs: null });
    await runMigrations(handle);
  });

  afterAll(async () => {
    await handle?.db.destroy();
    await admin.query(`drop schema if exists "${own}" cascade; drop schema if exists "${other}" cascade`);
    await admin.end();
  });

  it('lists the tables of its own schema only, with their columns', async () => {
    const tables = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
    const names = tables.map((t) => t.name);
    expect(names).toContain('api_keys');
    expect(names).toContain('kysely_migration');
    expect(names).not.toContain('foreign_rows');
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([own]));
    const apiKeys = tables.find((t) => t.name === 'api_keys')!;
    expect(apiKeys.columns.map((c) => c.name)).toContain('hash');
  });

  it('leaves Kysely’s own tables out unless asked', async () => {
    const names = (await handle.db.introspection.getTables()).map((t) => t.name);
    expect(names).not.toContain('kysely_migration');
    expect(names).toContain('api_keys');
  });

  it('migrates again while another schema is dropped and created over and over', async () => {
    const churn = new pg.Client({ connectionString: serverUrl });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `${other}_${i % 4}`;
        await churn.query(`create schema if not exists "${name}"; create table if not exists "${name}".t (id serial primary key)`);
        await churn.query(`drop schema "${name}" cascade`);
      }
    })();
    try {
      for (let i = 0; i < 30; i++) await expect(runMigrations(handle)).resolves.toEqual([]);
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  });
});
