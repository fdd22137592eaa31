import type { QueryCreator } from 'kysely';
import type { Database } from './tables.js';

/**
 * The key's INSERT, with one named parameter per column: the base of each engine's
 * prepared key inserts (sqlite/sqlite-adapter.ts, postgres/postgres-adapter.ts), which
 * differ in what they add to it (RETURNING, an audit event in the same statement).
 */
export const insertKeyInto = <DB extends Database>(db: QueryCreator<DB>, p: (name: string) => never, columns: readonly string[]) =>
  db.insertInto('api_keys').values(Object.fromEntries(columns.map((c) => [c, p(c)])) as never);
