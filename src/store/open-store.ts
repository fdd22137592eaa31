import { parseDatabaseUrl } from './database-url.js';
import type { EngineHandle } from './engine-handle.js';
import { KyselyStore } from './kysely/kysely-store.js';
import { migrationState, runMigrations } from './kysely/run-migrations.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import type { Store } from '../core/store.js';

export { parseDatabaseUrl } from './database-url.js';

/** KEYWARD_DB_TIMEOUT_MS's default (config.ts): the longest one database call may wait. */
export const DEFAULT_DB_TIMEOUT_MS = 5000;

/**
 * `queryMs: null` for migrations, which may rightly run long; connecting is always bounded.
 * The PostgreSQL driver is loaded only for a PostgreSQL URL: a SQLite server does not carry it.
 */
async function openEngine(databaseUrl: string, timeoutMs: number, forMigrations: boolean): Promise<EngineHandle> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.engine === 'sqlite') return openSqlite(location.path);
  const { openPostgres } = await import('./postgres/open-postgres.js');
  return openPostgres(location.connectionString, location.schema, {
    connectMs: timeoutMs,
    queryMs: forMigrations ? null : timeoutMs,
  });
}

export interface OpenStoreOptions {
  /** Bring the schema up to date first (serve, init). */
  readonly migrate?: boolean;
  /** The longest one database call may wait before failing with UNAVAILABLE (PostgreSQL). */
  readonly timeoutMs?: number;
  /** With `migrate`, told the names of the migrations applied (not called when none were), so serve can log them. */
  readonly onMigrated?: (applied: readonly string[]) => void;
}

/**
 * Opens the store at `databaseUrl` (see database-url.ts for the forms), checks that the
 * database answers, and with `migrate: true` first brings the schema up to date.
 * Rejects with a plain Error whose message says what is wrong (bad URL, unreachable
 * server, failed migration); the URL itself is never echoed, as it may hold a password.
 */
export async function openStore(databaseUrl: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_DB_TIMEOUT_MS;
  // PostgreSQL migrates on a pool of its own without statement timeouts; SQLite cannot
  // (a second `:memory:` handle would be another database) and has no such timeouts.
  const separateMigration = opts.migrate === true && parseDatabaseUrl(databaseUrl).engine === 'postgres';
  const reportApplied = (applied: readonly string[]): void => {
    if (applied.length > 0) opts.onMigrated?.(applied);
  };
  if (separateMigration) {
    reportApplied(
      await migrateDatabase(databaseUrl, timeoutMs).catch((err: Error) => {
        throw new Error(`cannot use the database: ${err.message}`, { cause: err });
      }),
    );
  }
  const handle = await openEngine(databaseUrl, timeoutMs, false);
  const store = new KyselyStore(
    { adapter: handle.adapter, db: handle.db, codec: handle.codec },
    false,
    handle.watchKeyChanges,
    handle.keyReader,
    handle.usageWriter,
  );
  try {
    await store.ping();
    if (opts.migrate && !separateMigration) reportApplied(await runMigrations(handle));
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
  const { applied, pending } = await migrationState(handle);
  if (pending.length === 0) return;
  // Nothing applied at all: not an old Keyward database but an empty one, often a wrong URL.
  const empty =
    applied.length === 0 ? '; it has no Keyward tables at all: check KEYWARD_DATABASE_URL, or set it up with `keyward init`' : '';
  throw new SchemaError(`the database schema is not up to date (pending: ${pending.join(', ')}); run \`keyward migrate\`${empty}`);
}

/** Applies pending migrations (`keyward migrate`); returns the names applied, [] when current. */
export async function migrateDatabase(databaseUrl: string, connectTimeoutMs = DEFAULT_DB_TIMEOUT_MS): Promise<string[]> {
  const handle = await openEngine(databaseUrl, connectTimeoutMs, true);
  try {
    return await runMigrations(handle);
  } finally {
    await handle.db.destroy();
    await handle.usageWriter?.destroy();
  }
}
