import type BetterSqlite3 from 'better-sqlite3';
import { asUnavailable } from '../kysely/unavailable.js';

/** The transactions of one group, answered together once its COMMIT has returned. */
interface Group {
  readonly committed: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

const rolledBack = () => new Error('SQLite rolled the transaction back');

function openGroup(): Group {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const committed = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Each member awaits it; a group whose members all failed has no one to tell.
  committed.catch(() => {});
  return { committed, resolve, reject };
}

/**
 * Group commit on SQLite's one write connection. Committing one key creation cost about
 * three times its statements: the COMMIT writes every page the transaction dirtied to the
 * WAL (about a dozen for one key: table and index pages of the key and of its audit
 * event), while several keys committed together share most of those pages. So the
 * transactions that run in one turn of the event loop share one real transaction: the
 * first opens it (`BEGIN IMMEDIATE`), each runs inside a savepoint of its own, and the
 * COMMIT runs once the turn's I/O callbacks are done (`setImmediate`). Under load a turn
 * holds dozens of key creations; alone, a transaction waits no longer than that turn.
 *
 * What each transaction is promised does not change:
 * - it is answered only after the COMMIT that holds its writes returned (WAL,
 *   synchronous=NORMAL: in the WAL, safe against a process crash), and if that COMMIT
 *   fails, it fails too;
 * - a failing one rolls back to its savepoint, so it leaves nothing and the others keep
 *   their writes;
 * - they run one after another on the connection, exactly as without grouping (each sees
 *   what the earlier ones wrote, as it would once they had committed), and they commit
 *   together or not at all, so no state is ever committed in which a later one is in and
 *   an earlier one is not;
 * - a statement outside any transaction (a read, a single write) commits the open group
 *   first, so it never runs inside it: it reads committed data, and a write of its own is
 *   committed when it returns, as before.
 *
 * The connection's callers are serialized by Kysely's mutex (one transaction holds the
 * connection from begin to commit), so at most one member runs at a time; the COMMIT
 * waits for a member still running (one awaiting a timer, say) to end.
 */
export class GroupCommit {
  readonly #db: BetterSqlite3.Database;
  readonly #begin: BetterSqlite3.Statement;
  readonly #savepoint: BetterSqlite3.Statement;
  readonly #release: BetterSqlite3.Statement;
  readonly #rollbackTo: BetterSqlite3.Statement;
  readonly #commit: BetterSqlite3.Statement;
  readonly #rollback: BetterSqlite3.Statement;
  #group: Group | null = null;
  #memberRunning = false;
  /** The turn ended while a member was running: commit as soon as it ends. */
  #commitDue = false;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#begin = db.prepare('begin immediate');
    this.#savepoint = db.prepare('savepoint keyward_tx');
    this.#release = db.prepare('release keyward_tx');
    this.#rollbackTo = db.prepare('rollback to keyward_tx');
    this.#commit = db.prepare('commit');
    this.#rollback = db.prepare('rollback');
  }

  /** A transaction begins: joins the open group, or opens one, under a savepoint of its own. */
  begin(): void {
    // SQLite rolls a whole transaction back by itself after some errors (a full disk, an
    // I/O error): what the group held is gone, so its members must hear it failed.
    if (this.#group && !this.#db.inTransaction) this.#fail(rolledBack());
    if (!this.#group) {
      this.#begin.run();
      const group = openGroup();
      this.#group = group;
      setImmediate(() => {
        if (this.#group === group) this.commit();
      });
    }
    this.#savepoint.run();
    this.#memberRunning = true;
  }

  /**
   * The transaction's work succeeded: its writes stay in the group. Resolves once the
   * group is committed. If this throws, the transaction is still running and must be undone.
   */
  end(): Promise<void> {
    const group = this.#group!;
    this.#release.run();
    this.#memberRunning = false;
    if (this.#commitDue) this.commit();
    return group.committed;
  }

  /** The transaction's work failed: undoes its writes only (or, if that fails, the whole group). */
  undo(): void {
    this.#memberRunning = false;
    if (!this.#group) return;
    if (!this.#db.inTransaction) return this.#fail(rolledBack());
    try {
      this.#rollbackTo.run();
      this.#release.run();
    } catch (err) {
      return this.#fail(err);
    }
    if (this.#commitDue) this.commit();
  }

  /**
   * Before a statement outside any transaction: it must not run inside the open group, so
   * that group commits first (unless one of its members is running: the statement is its).
   */
  beforeOutsideStatement(): void {
    if (!this.#memberRunning && this.#group !== null) this.commit();
  }

  /** Commits the open group now (or, while a member runs, as soon as it ends), answering its members. */
  commit(): void {
    const group = this.#group;
    if (!group) return;
    if (this.#memberRunning) {
      this.#commitDue = true;
      return;
    }
    this.#group = null;
    this.#commitDue = false;
    try {
      this.#commit.run();
    } catch (err) {
      this.#rollBack();
      group.reject(asUnavailable(err));
      return;
    }
    group.resolve();
  }

  #fail(err: unknown): void {
    const group = this.#group;
    this.#group = null;
    this.#commitDue = false;
    this.#rollBack();
    group?.reject(err);
  }

  #rollBack(): void {
    if (!this.#db.inTransaction) return;
    try {
      this.#rollback.run();
    } catch {
      // Nothing more can be undone; the members are told the group failed.
    }
  }
}
