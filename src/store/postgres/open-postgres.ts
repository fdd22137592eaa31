import { Kysely } from 'kysely';
import pg from 'pg';
import type { EngineHandle } from '../engine-handle.js';
import type { Database } from '../kysely/tables.js';
import { guardedPool } from './guarded-pool.js';
import { postgresKeyChangeWatcher } from './postgres-key-changes.js';
import { postgresValues } from './postgres-values.js';
import { postgresAdapter } from './postgres-adapter.js';
import { SchemaScopedPostgresDialect } from './schema-scoped-dialect.js';

/** Enough for one instance's request concurrency without crowding a shared server. */
const POOL_SIZE = 10;

/**
 * How long one database call may take: connecting (or waiting for a pooled connection),
 * and each statement, server side (statement_timeout) and client side (query_timeout, for
 * a server that stopped answering altogether). Past it the call fails with UNAVAILABLE.
 * `null` for migrations, which may rightly run long on a big table.
 */
export interface PostgresTimeouts {
  readonly connectMs: number;
  readonly queryMs: number | null;
}

/**
 * Opens a pool. With `schema`, that schema is created if missing and put first on the
 * search_path of every pooled connection (set at connect time, so no query can run
 * before it): tests use a fresh schema each, operators may keep Keyward apart.
 */
export async function openPostgres(connectionString: string, schema: string | null, timeouts: PostgresTimeouts): Promise<EngineHandle> {
  const config: pg.PoolConfig = {
    connectionString,
    max: POOL_SIZE,
    application_name: 'keyward',
    connectionTimeoutMillis: timeouts.connectMs,
    ...(timeouts.queryMs !== null ? { statement_timeout: timeouts.queryMs, query_timeout: timeouts.queryMs } : {}),
    // A server that vanished without closing its sockets is noticed, not waited on forever.
    keepAlive: true,
    // Schema names are validated as plain identifiers (database-url.ts), so no quoting is needed.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = new pg.Pool(config);
  // An idle connection dropped by the server emits 'error' on the pool; unhandled, it
  // would kill the process. The next query gets a fresh connection or a real error.
  pool.on('error', () => {});
  try {
    if (schema) await createSchema(pool, schema);
    const current = await pool.query<{ schema: string }>('select current_schema() as schema');
    const ownSchema = current.rows[0]?.schema ?? schema ?? 'public';
    return {
      engine: 'postgres',
      adapter: postgresAdapter,
      db: new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool: guardedPool(pool) }, ownSchema) }),
      codec: postgresValues,
      // Named explicitly: otherwise Kysely's migrator may find its table in another schema.
      migrationSchema: ownSchema,
      watchKeyChanges: postgresKeyChangeWatcher(connectionString, schema, timeouts.connectMs),
    };
  } catch (err) {
    await pool.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL: ${describe(err)}`, { cause: err });
  }
}

/** Two processes creating one schema at once can both pass `if not exists`; the loser's error is harmless. */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`create schema if not exists "${schema}"`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42P06' && code !== '23505') throw err;
  }
}

/** pg reports a refused connection as an AggregateError with an empty message. */
function describe(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: Array<{ message?: string }> };
  return e.message || e.errors?.[0]?.message || e.code || String(err);
}
