import type BetterSqlite3 from 'better-sqlite3';
import {
  SqliteDialect,
  type CompiledQuery,
  type QueryResult,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import { asUnavailable } from '../kysely/unavailable.js';
import { GroupCommit } from './sqlite-group-commit.js';

/**
 * Kysely's SQLite dialect with four changes.
 *
 * 1. Transactions share commits (sqlite-group-commit.ts): those of one event-loop turn run
 *    in savepoints of one transaction, and each is answered once that commits.
 * 2. That transaction starts with `BEGIN IMMEDIATE`. A deferred transaction that reads and
 *    then writes fails at once with SQLITE_BUSY when another process (a `keyward init`
 *    next to a running server) holds the write lock; an immediate one takes the lock up
 *    front, so `busy_timeout` makes it wait instead.
 * 3. Prepared statements are reused. Kysely prepares every query anew; on the hot path
 *    (findKeyByHash, key creation) preparing costs as much as running.
 * 4. Waiting for another connection's write lock does not block the event loop: the
 *    connection runs with busy_timeout 0 and a write that finds the file locked is retried
 *    on timers (`waitForWriteLock`) for up to WRITE_LOCK_WAIT_MS, then fails as UNAVAILABLE
 *    (503), not a raw error. SQLite's own busy wait sleeps inside the call, so a process
 *    waiting for the lock answered nothing meanwhile, and one waiting for a lock held by a
 *    group of its own process could never let that group commit.
 */
export class KeywardSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #group: GroupCommit;

  /** `afterClose` runs once the connection is closed (it stops the WAL checkpointer). */
  constructor(database: BetterSqlite3.Database, afterClose?: () => void) {
    const group = new GroupCommit(database);
    const config: SqliteDialectConfig = { database: withStatementCache(database, group, afterClose) };
    super(config);
    this.#config = config;
    this.#group = group;
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(this.#config, this.#group);
  }
}

class GroupCommitDriver extends SqliteDriver {
  readonly #group: GroupCommit;
  #guarded: DatabaseConnection | null = null;
  /** Set by a transaction's commit, awaited once it has released the connection. */
  #committed: Promise<void> | null = null;

  constructor(config: SqliteDialectConfig, group: GroupCommit) {
    super(config);
    this.#group = group;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#guarded ??= guarded(connection, this.#group);
    return this.#guarded;
  }

  override beginTransaction(): Promise<void> {
    try {
      this.#group.begin();
      return Promise.resolve();
    } catch (err) {
      return isBusy(err) ? waitForWriteLock(() => this.#group.begin()) : Promise.reject(asUnavailable(err));
    }
  }

  override commitTransaction(): Promise<void> {
    try {
      this.#committed = this.#group.end();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(asUnavailable(err));
    }
  }

  override rollbackTransaction(): Promise<void> {
    this.#group.undo();
    return Promise.resolve();
  }

  /**
   * Kysely holds the connection from a transaction's begin to here: it is handed on first,
   * so the next transaction can join the group, and only then does this one wait for the
   * group's COMMIT (a failed COMMIT rejects here, failing the transaction).
   */
  override async releaseConnection(): Promise<void> {
    const committed = this.#committed;
    this.#committed = null;
    await super.releaseConnection();
    if (committed) await committed;
  }
}

/** How long a write waits for another connection's write lock before it is UNAVAILABLE. */
export const WRITE_LOCK_WAIT_MS = 5000;

const isBusy = (err: unknown): boolean =>
  typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Runs `attempt` until it does not find the file locked, pausing on timers in between (1 ms
 * doubling to 50 ms), for up to WRITE_LOCK_WAIT_MS; then the BUSY error, as UNAVAILABLE. An
 * attempt that found the lock taken did nothing, so trying again is safe.
 */
async function waitForWriteLock<T>(attempt: () => T | Promise<T>): Promise<T> {
  const deadline = performance.now() + WRITE_LOCK_WAIT_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    try {
      return await attempt();
    } catch (err) {
      if (!isBusy(err) || performance.now() + pause > deadline) throw asUnavailable(err);
    }
  }
}

/**
 * The connection as Kysely uses it. A statement outside any transaction commits the open
 * group first, so it never runs inside it (see GroupCommit); one that finds the file locked
 * by another connection waits for it (`waitForWriteLock`). better-sqlite3 throws
 * synchronously, so only that path is wrapped: the hot path pays no extra promise.
 */
function guarded(connection: DatabaseConnection, group: GroupCommit): DatabaseConnection {
  const run = <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    group.beforeOutsideStatement();
    return connection.executeQuery<R>(query);
  };
  return {
    executeQuery<R>(query: CompiledQuery) {
      try {
        return run<R>(query);
      } catch (err) {
        return isBusy(err) ? waitForWriteLock(() => run<R>(query)) : Promise.reject(asUnavailable(err));
      }
    },
    streamQuery(query, chunkSize) {
      group.beforeOutsideStatement();
      return connection.streamQuery(query, chunkSize);
    },
  };
}

/** Distinct SQL texts are few (one per query shape); the bound only guards against surprises. */
const MAX_CACHED_STATEMENTS = 500;

function withStatementCache(db: BetterSqlite3.Database, group: GroupCommit, afterClose?: () => void): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      // Whatever is still waiting to commit is committed and answered before the file closes.
      group.commit();
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
