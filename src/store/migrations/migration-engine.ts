import type { Kysely } from 'kysely';

/**
 * A migration here is a function of the engine as well as of the database, because
 * the two engines spell some columns differently. Kysely's `Migration` only passes
 * the database; `index.ts` binds the engine. Frozen like the migrations: do not change.
 */
export type MigrationEngine = 'sqlite' | 'postgres';

export interface EngineMigration {
  up(db: Kysely<any>, engine: MigrationEngine): Promise<void>;
  down?(db: Kysely<any>, engine: MigrationEngine): Promise<void>;
}
