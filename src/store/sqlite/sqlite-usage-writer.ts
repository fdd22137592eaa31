import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from '../kysely/tables.js';
import { asUnavailable } from '../kysely/unavailable.js';
import { CHECKPOINT_EVERY_MS } from './sqlite-checkpointer.js';
import { KEY_PAGES_CACHE_KIB } from './sqlite-key-reader.js';

/**
 * The SQLite file's background thread, with its own connection. It runs the statements it
 * is sent (the usage flush), one at a time, in order, waiting for another connection's write
 * lock inside SQLite (busy_timeout): that blocks this thread only, never the event loop. And
 * it checkpoints the WAL on a timer (sqlite-checkpointer.ts says why), between statements,
 * never inside a transaction, without waiting for any lock; a last one before it stops. One
 * thread for both: each worker is a V8 isolate of its own, about 9 MB. CommonJS because an
 * `eval` worker is one.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyMs);
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('cache_size = -' + workerData.cacheKib);
const statements = new Map();
function checkpoint() {
  if (db.inTransaction) return;
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {} finally {
    db.pragma('busy_timeout = ' + workerData.busyMs);
  }
}
const timer = setInterval(checkpoint, workerData.checkpointEveryMs);
parentPort.on('message', (m) => {
  if (m.stop) {
    clearInterval(timer);
    if (db.inTransaction) db.exec('rollback');
    checkpoint();
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (m.rollback) {
      if (db.inTransaction) db.exec('rollback');
      parentPort.postMessage({ id: m.id, rows: [] });
      return;
    }
    let s = statements.get(m.sql);
    if (!s) {
      if (statements.size >= 100) statements.clear();
      s = db.prepare(m.sql);
      statements.set(m.sql, s);
    }
    if (s.reader) parentPort.postMessage({ id: m.id, rows: s.all(m.params) });
    else {
      const r = s.run(m.params);
      parentPort.postMessage({ id: m.id, rows: [], changes: r.changes, insertId: Number(r.lastInsertRowid) });
    }
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

/** How long the writer's connection waits for another's write lock (the serving connection's WRITE_LOCK_WAIT_MS). */
const BUSY_MS = 5000;

interface Reply {
  readonly id: number;
  readonly rows: unknown[];
  readonly changes?: number;
  readonly insertId?: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

/**
 * A Kysely instance whose one connection lives in a worker thread: the bulk writes of the
 * usage flush (core/usage-recorder.ts → usage-queries.ts) run there, so the event loop only
 * compiles each statement and posts it, and cold verifications, read on the key reader's
 * connection (sqlite-key-reader.ts), never wait behind a flush. The queries are the same
 * code and SQL as on the serving connection; only where they execute changes.
 *
 * Not for `:memory:` (a second connection would be another database). A failed statement
 * fails the flush, which keeps its batch and retries it (usage-recorder.ts) and is logged by
 * the server; a worker that dies is replaced on the next statement, and a transaction it
 * held fails (SQLite rolled it back with the connection).
 */
export function openUsageWriter(path: string): Kysely<Database> {
  return new Kysely<Database>({ dialect: new WorkerDialect(path) });
}

/** The thread starts with the store (checkpoints are due from the first write); a dead one is replaced by the next flush. */

class WorkerDialect implements Dialect {
  readonly #path: string;
  constructor(path: string) {
    this.#path = path;
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new WorkerDriver(this.#path);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

class WorkerDriver implements Driver {
  readonly #connection: WorkerConnection;
  /** One statement or transaction at a time on the one connection, as Kysely's SqliteDriver does. */
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;

  constructor(path: string) {
    this.#connection = new WorkerConnection(path);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    await this.#connection.executeQuery(CompiledQuery.raw('begin immediate'));
    this.#connection.inTransaction = true;
  }

  async commitTransaction(): Promise<void> {
    await this.#connection.executeQuery(CompiledQuery.raw('commit'));
    this.#connection.inTransaction = false;
  }

  async rollbackTransaction(): Promise<void> {
    this.#connection.inTransaction = false;
    await this.#connection.rollback();
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.#queue;
    await this.#connection.stop();
  }
}

class WorkerConnection implements DatabaseConnection {
  readonly #path: string;
  #worker: Worker | null = null;
  #exited: Promise<void> = Promise.resolve();
  readonly #pending = new Map<number, { resolve: (r: Reply) => void; reject: (err: unknown) => void }>();
  #nextId = 0;
  /** Set by the driver between BEGIN and COMMIT or ROLLBACK. */
  inTransaction = false;
  /** The worker died inside a transaction: its statements so far are gone, so the rest must fail until the rollback. */
  #lost = false;

  constructor(path: string) {
    this.#path = path;
    this.#start();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#lost) throw new Error('the usage writer thread stopped during this transaction');
    const reply = await this.#send({ sql: query.sql, params: query.parameters });
    if (reply.error) {
      const err = Object.assign(new Error(reply.error.message), { code: reply.error.code });
      throw asUnavailable(err);
    }
    if (reply.changes === undefined) return { rows: reply.rows as R[] };
    return { rows: [], numAffectedRows: BigInt(reply.changes), insertId: BigInt(reply.insertId ?? 0) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the usage writer does not stream');
  }

  async rollback(): Promise<void> {
    const lost = this.#lost;
    this.#lost = false;
    if (lost || this.#worker === null) return;
    await this.#send({ rollback: true });
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    if (worker === null) return;
    worker.postMessage({ stop: true });
    await this.#exited;
  }

  #send(message: object): Promise<Reply> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    // Referenced while a statement is out: a flush at shutdown must finish before the process may exit.
    if (this.#pending.size === 0) worker.ref();
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  #start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const workerData = { driver, path: this.#path, busyMs: BUSY_MS, checkpointEveryMs: CHECKPOINT_EVERY_MS, cacheKib: KEY_PAGES_CACHE_KIB };
    const worker = new Worker(SOURCE, { eval: true, workerData });
    worker.on('message', (reply: Reply) => {
      const waiter = this.#pending.get(reply.id);
      if (!waiter) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      waiter.resolve(reply);
    });
    const failAll = (err: unknown): void => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      if (this.inTransaction) this.#lost = true;
      for (const waiter of this.#pending.values()) waiter.reject(err);
      this.#pending.clear();
    };
    worker.on('error', (err) => failAll(new Error(`the usage writer thread failed: ${err.message}`, { cause: err })));
    this.#exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        failAll(new Error(`the usage writer thread exited (${code})`));
        resolve();
      }),
    );
    // Unreferenced only now: adding the 'message' listener references the worker's port again,
    // and a process that never flushed (`keyward migrate`) would then never exit.
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
