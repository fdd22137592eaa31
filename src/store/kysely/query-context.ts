import type { Kysely } from 'kysely';
import type { Engine } from '../engine-handle.js';
import type { Database } from './tables.js';
import type { ValueCodec } from './value-codec.js';

/**
 * What every query function gets: a Kysely handle (the pool, or the current
 * transaction), the engine's value codec, and the engine's name (for prepared queries).
 */
export interface QueryContext {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  readonly codec: ValueCodec;
  /**
   * Set inside a PostgreSQL transaction: reading a parent row (org, project) takes a
   * share lock, so a concurrent delete of that parent waits for this transaction and
   * then revokes what it created, instead of missing a key minted into a dying project.
   * A key read by id there is locked FOR UPDATE: it is read to be changed (key-queries.ts).
   * (SQLite runs write transactions one at a time, so it needs no lock.)
   */
  readonly holdParents?: boolean;
}
