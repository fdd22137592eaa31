import type { Kysely } from 'kysely';
import type { WatchKeyChanges } from './key-changes.js';
import type { EngineAdapter } from './kysely/engine-adapter.js';
import type { KeyRecordRow } from './kysely/row-mapping.js';
import type { Database } from './kysely/tables.js';
import type { ValueCodec } from './kysely/value-codec.js';

export type Engine = 'sqlite' | 'postgres';

/**
 * What an engine folder hands to the shared code: a Kysely instance and the engine's two
 * strategy objects, its adapter (what it does differently) and its value codec (what it
 * stores differently).
 */
export interface EngineHandle {
  /** For the migrations, which are frozen and take the engine's name. */
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  readonly adapter: EngineAdapter;
  readonly codec: ValueCodec;
  /** Where the migrator keeps its bookkeeping tables (PostgreSQL's chosen schema). */
  readonly migrationSchema: string | undefined;
  /** Signals key changes made by any connection (see key-changes.ts). */
  readonly watchKeyChanges: WatchKeyChanges;
  /** Where the engine reads key records by hash faster than through Kysely (SQLite files). */
  readonly keyReader?: KeyReader;
  /** Where the usage flush's bulk writes run off the event loop (SQLite files: a worker thread's connection). */
  readonly usageWriter?: Kysely<Database>;
}

/**
 * Reads committed key records by hash, synchronously, outside any transaction (throws
 * UNAVAILABLE as the store would). Closed by the Kysely instance's destroy.
 */
export interface KeyReader {
  read(hashes: readonly string[]): KeyRecordRow[];
  close(): void;
}
