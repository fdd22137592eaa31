import type { Kysely } from 'kysely';
import type { EngineAdapter } from './engine-adapter.js';
import type { Database } from './tables.js';
import type { ValueCodec } from './value-codec.js';

/**
 * What every query function gets: a Kysely handle (the pool, or the current
 * transaction), and the engine's two strategy objects: its adapter (what the engines do
 * differently, engine-adapter.ts) and its value codec (what they store differently).
 */
export interface QueryContext {
  readonly adapter: EngineAdapter;
  readonly db: Kysely<Database>;
  readonly codec: ValueCodec;
  /**
   * Set inside a transaction when the adapter says so (PostgreSQL): reading a parent row (org, project) takes a
   * share lock, so a concurrent delete of that parent waits for this transaction and
   * then revokes what it created, instead of missing a key minted into a dying project.
   * A key read by id there is locked FOR UPDATE: it is read to be changed (key-queries.ts).
   * (SQLite runs write transactions one at a time, so it needs no lock.)
   */
  readonly holdParents?: boolean;
}
