import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import { asUnavailable } from '../kysely/unavailable.js';

/**
 * Kysely's SQLite dialect with three changes.
 *
 * 1. Transactions start with `BEGIN IMMEDIATE`. A deferred transaction that reads and
 *    then writes fails at once with SQLITE_BUSY when another process (a `keyward init`
 *    next to a running server) holds the write lock; an immediate one takes the lock up
 *    front, so `busy_timeout` makes it wait instead.
 * 2. Prepared statements are reused. Kysely prepares every query anew; on the hot path
 *    (findKeyByHash, key creation) preparing costs as much as running.
 * 3. A write that waited out busy_timeout fails as UNAVAILABLE (503), not a raw error.
 */
export class KeywardSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  /** `afterClose` runs once the connection is closed (it stops the WAL checkpointer). */
  constructor(database: BetterSqlite3.Database, afterClose?: () => void) {
    const config: SqliteDialectConfig = { database: withStatementCache(database, afterClose) };
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.#config);
  }
}

class ImmediateTransactionDriver extends SqliteDriver {
  #guarded: DatabaseConnection | null = null;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#guarded ??= busyAsUnavailable(connection);
    return this.#guarded;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * A file another process kept locked past busy_timeout is a passing condition, answered
 * 503 UNAVAILABLE with Retry-After rather than a 500. better-sqlite3 throws synchronously,
 * so only that path is wrapped: the hot path pays no extra promise.
 */
function busyAsUnavailable(connection: DatabaseConnection): DatabaseConnection {
  return {
    executeQuery(query) {
      try {
        return connection.executeQuery(query);
      } catch (err) {
        return Promise.reject(asUnavailable(err));
      }
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  };
}

/** Distinct SQL texts are few (one per query shape); the bound only guards against surprises. */
const MAX_CACHED_STATEMENTS = 500;

function withStatementCache(db: BetterSqlite3.Database, afterClose?: () => void): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      db.close();
      afterClose?.();
    },
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
        statement = db.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}
