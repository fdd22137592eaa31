import { parseDatabaseUrl } from './database-url.js';
import type { EngineHandle } from './engine-handle.js';
import { KyselyStore } from './kysely/kysely-store.js';
import { pendingMigrations, runMigrations } from './kysely/run-migrations.js';
import { openPostgres } from './postgres/open-postgres.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import type { Store } from './store.js';

export { parseDatabaseUrl } from './database-url.js';

async function openEngine(databaseUrl: string): Promise<EngineHandle> {
  const location = parseDatabaseUrl(databaseUrl);
  return location.engine === 'sqlite'
    ? openSqlite(location.path)
    : openPostgres(location.connectionString, location.schema);
}

/**
 * Opens the store at `databaseUrl` (see database-url.ts for the forms), checks that the
 * database answers, and with `migrate: true` first brings the schema up to date.
 * Rejects with a plain Error whose message says what is wrong (bad URL, unreachable
 * server, failed migration); the URL itself is never echoed, as it may hold a password.
 */
export async function openStore(databaseUrl: string, opts: { migrate?: boolean } = {}): Promise<Store> {
  const handle = await openEngine(databaseUrl);
  const store = new KyselyStore({ engine: handle.engine, db: handle.db, codec: handle.codec }, false, handle.watchKeyChanges);
  try {
    await store.ping();
    if (opts.migrate) await runMigrations(handle);
    else await refuseOutdatedSchema(handle);
    return store;
  } catch (err) {
    await store.close().catch(() => {});
    throw err instanceof SchemaError ? err : new Error(`cannot use the database: ${(err as Error).message}`, { cause: err });
  }
}

class SchemaError extends Error {}

/** Fails at start-up, with the fix in the message, rather than on the first query. */
async function refuseOutdatedSchema(handle: EngineHandle): Promise<void> {
  const pending = await pendingMigrations(handle);
  if (pending.length > 0) {
    throw new SchemaError(`the database schema is not up to date (pending: ${pending.join(', ')}); run \`keyward migrate\``);
  }
}

/** Applies pending migrations (`keyward migrate`); returns the names applied, [] when current. */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const handle = await openEngine(databaseUrl);
  try {
    return await runMigrations(handle);
  } finally {
    await handle.db.destroy();
  }
}
