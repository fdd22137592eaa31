import type { Insertable, RawBuilder, Selectable } from 'kysely';
import type { Engine } from '../engine-handle.js';
import type { QueryContext } from './query-context.js';
import type { ApiKeysTable, AuditEventsTable } from './tables.js';

/** Runs `write` atomically: in its own transaction, or inside the caller's when there is one. */
export type Atomically = <T>(write: (q: QueryContext) => Promise<T>) => Promise<T>;

/**
 * What the shared query code (this folder) asks of the engine it runs on, in the spirit of
 * kysely's DialectAdapter: one small object per engine (sqlite/sqlite-adapter.ts,
 * postgres/postgres-adapter.ts), so the shared files never ask which engine they run on.
 * Values the engines store differently are the other per-engine object, the ValueCodec.
 *
 * Add here only what really differs between the engines (a statement one of them cannot
 * write the other's way, or a cost one of them does not have); SQL that both accept stays
 * in the shared files.
 */
/** One (key, day, code) count of a usage flush, as `usageCountRows` takes it. */
export type UsageCountRow = readonly [keyId: string, day: string, code: string, count: number, spent: number];

export interface EngineAdapter {
  /** Which engine: a cache key for compiled SQL (PreparedQuery), never a branch. */
  readonly engine: Engine;
  /**
   * Whether reads inside a transaction lock what they read (query-context.ts, `holdParents`):
   * PostgreSQL runs transactions concurrently and needs it; SQLite runs write transactions
   * one at a time (BEGIN IMMEDIATE) and does not.
   */
  readonly locksReadsInTransactions: boolean;
  /** Inserts a key row and returns it as stored, `seq` included. Violations pass through raw. */
  insertKey(q: QueryContext, key: Insertable<ApiKeysTable>): Promise<Selectable<ApiKeysTable>>;
  /**
   * Inserts a key row and its audit event row so that both land or neither does (a refused
   * key leaves no event, even inside a caller's transaction that goes on); returns the key
   * as stored. `atomically` is there for an engine that needs more than one statement.
   */
  insertKeyWithEvent(
    q: QueryContext,
    key: Insertable<ApiKeysTable>,
    event: Insertable<AuditEventsTable>,
    atomically: Atomically,
  ): Promise<Selectable<ApiKeysTable>>;
  /**
   * A WHERE condition: `column` is one of `values`. The list travels as one parameter, so
   * the SQL text is the same whatever its length and each engine prepares it once.
   */
  isOneOf(column: 'id' | 'hash' | 'import_ref', values: readonly string[]): RawBuilder<boolean>;
  /** A subquery of rows `(id, at)`, one per pair (ids unique), for an UPDATE … FROM. */
  idTimeRows(pairs: ReadonlyArray<readonly [id: string, at: string]>): RawBuilder<unknown>;
  /**
   * A subquery of rows `(key_id, day, code, count, spent)`, one per count, for the usage
   * flush's INSERT … SELECT. Like `isOneOf`, the rows travel as one to five parameters
   * whatever their number: a flush of thousands of keys compiles no long VALUES list and
   * hands the SQLite thread one string rather than an array of thousands of values.
   */
  usageCountRows(rows: readonly UsageCountRow[]): RawBuilder<unknown>;
  /**
   * Holds (project, owner) until the transaction ends, so that concurrent mints for one
   * owner take turns (Store.countOwnerKeys). Called only where reads lock
   * (`locksReadsInTransactions`).
   */
  lockOwner(q: QueryContext, projectId: string, ownerId: string): Promise<void>;
  /** A fresh random UUID (text) made by the database, for rows an INSERT … SELECT creates (webhook deliveries). */
  newUuid(): RawBuilder<string>;
  /** Awaited between the statements of a long batch (the usage flush); undefined when nothing is to be done. */
  betweenBatchStatements(): Promise<void> | undefined;
  /**
   * Drops the change signals that name `hash`, where signals are rows (SQLite's key_changes):
   * an imported digest replaced on first use must not stay at rest there. PostgreSQL's are
   * notifications, kept nowhere.
   */
  dropSignalsOf(q: QueryContext, hash: string): Promise<void>;
}
