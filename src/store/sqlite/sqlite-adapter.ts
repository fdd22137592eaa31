import { sql, type Insertable, type Selectable } from 'kysely';
import { insertAuditRow } from '../kysely/audit-queries.js';
import type { EngineAdapter } from '../kysely/engine-adapter.js';
import { insertKeyInto } from '../kysely/key-insert.js';
import { PreparedQuery } from '../kysely/prepared-query.js';
import type { QueryContext } from '../kysely/query-context.js';
import type { ApiKeysTable } from '../kysely/tables.js';

/**
 * SQLite keeps text as written, so a new key is the row written plus its `seq`, which is
 * the rowid the insert reports: RETURNING * would only cost building and parsing a
 * twenty-column row per creation.
 */
const INSERT_KEY = new PreparedQuery(insertKeyInto);

async function insertKey(q: QueryContext, key: Insertable<ApiKeysTable>): Promise<Selectable<ApiKeysTable>> {
  const { insertId } = await INSERT_KEY.run(q, key);
  if (insertId === undefined) throw new Error('insert reported no rowid');
  // Set on the row itself: spreading twenty columns into a copy cost more than the mapping.
  const stored = key as unknown as Selectable<ApiKeysTable>;
  stored.seq = Number(insertId);
  return stored;
}

/** What SQLite (better-sqlite3) does differently from PostgreSQL; see kysely/engine-adapter.ts. */
export const sqliteAdapter: EngineAdapter = {
  engine: 'sqlite',
  // Write transactions run one at a time (BEGIN IMMEDIATE on the one write connection).
  locksReadsInTransactions: false,

  insertKey,

  /**
   * Two statements in one transaction (the caller's, or one of its own, which joins the
   * group commit like any other: sqlite-group-commit.ts). The key goes first: a refused
   * key fails before the event is written, so it leaves nothing even when the caller's
   * transaction carries on after the error.
   */
  insertKeyWithEvent(q, key, event, atomically) {
    return atomically(async (tq) => {
      const stored = await insertKey(tq, key);
      await insertAuditRow(tq, event);
      return stored;
    });
  },

  // better-sqlite3 binds no arrays: the list goes as JSON text that json_each unpacks.
  isOneOf(column, values) {
    return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
  },

  // An `{id: at}` object (ids are unique): json_each yields key and value directly, about
  // twice as fast as json_extract on `[id, at]` pairs.
  idTimeRows(pairs) {
    return sql`select key as id, value as at from json_each(${JSON.stringify(Object.fromEntries(pairs))})`;
  },

  // Arrays `[key_id, day, code, count, spent]` in one JSON text.
  usageCountRows(rows) {
    return sql`select value ->> 0 as key_id, value ->> 1 as day, value ->> 2 as code, value ->> 3 as count, value ->> 4 as spent
      from json_each(${JSON.stringify(rows)})`;
  },

  // Write transactions already run one at a time (BEGIN IMMEDIATE): nothing to take.
  lockOwner() {
    return Promise.resolve();
  },

  // A version-4 UUID from randomblob (SQLite has no uuid function): 8-4-4-4-12 hex digits.
  newUuid() {
    return sql<string>`lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;
  },

  /**
   * better-sqlite3 runs each statement synchronously, and awaiting its settled promise only
   * runs microtasks: a flush of 10,000 keys (a second of cold verifications) used to pause
   * the event loop for its whole length, hundreds of milliseconds, every second. Letting the
   * event loop turn between statements makes it many short pauses; meanwhile verifications
   * read on the other connection (sqlite-key-reader.ts), and writes wait for the flush's
   * transaction as before.
   */
  betweenBatchStatements() {
    return new Promise((resolve) => setImmediate(resolve));
  },

  // Other instances' caches then forget the digest's record at its TTL, not at the signal: it
  // is the same key, and every later change signals its new hash.
  async dropSignalsOf(q, hash) {
    await sql`delete from key_changes where hash = ${hash}`.execute(q.db);
  },
};
