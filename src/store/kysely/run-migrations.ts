import { Migrator } from 'kysely';
import type { EngineHandle } from '../engine-handle.js';
import { migrationProvider } from '../migrations/index.js';

/**
 * Brings the schema up to date and returns the names of the migrations it applied
 * (none when it was current). Kysely's migrator locks, so concurrent starts on
 * PostgreSQL apply each migration once.
 */
export async function runMigrations(handle: EngineHandle): Promise<string[]> {
  const { error, results = [] } = await migratorFor(handle).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed ?? '(set-up)'} failed: ${why}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the migrations applied and not yet applied (reads only: creates no bookkeeping table). */
export async function migrationState(handle: EngineHandle): Promise<{ applied: string[]; pending: string[] }> {
  const all = await migratorFor(handle).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

function migratorFor(handle: EngineHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider: migrationProvider(handle.engine),
    ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
  });
}
