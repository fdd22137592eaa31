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

/**
 * Kysely's SQLite dialect with two changes.
 *
 * 1. Transactions start with `BEGIN IMMEDIATE`. A deferred transaction that reads and
 *    then writes fails at once with SQLITE_BUSY when another process (a `keyward init`
 *    next to a running server) holds the write lock; an immediate one takes the lock up
 *    front, so `busy_timeout` makes it wait instead.
 * 2. Prepared statements are reused. Kysely prepares every query anew; on the hot path
 *    (findKeyByHash, key creation) preparing costs as much as running.
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
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
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
