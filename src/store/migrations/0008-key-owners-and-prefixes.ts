import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Keys that say whose they are, and projects that brand and cap them. Frozen: change with
 * a new migration, never here. Uses `Kysely<any>` and no app types.
 *
 * - `api_keys.owner_id`: the platform's own id for the key's customer (opaque text). A
 *   rate limit's `scope` needs no column: it lives in the `rate_limit` JSON.
 * - `projects.key_prefix`, `projects.max_keys_per_owner`: the written prefix of its new
 *   keys, and the cap of live keys per owner (null: none).
 * - `audit_events.changes`: what an event changed (JSON), when it says.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  const json = engine === 'postgres' ? 'jsonb' : 'text';
  await db.schema.alterTable('api_keys').addColumn('owner_id', 'text').execute();
  // One owner's keys in a project, newest first: the `?owner_id=` list and the cap's count.
  await db.schema
    .createIndex('api_keys_owner_seq')
    .on('api_keys')
    .columns(['org_id', 'project_id', 'owner_id', 'seq'])
    .where(sql.ref('owner_id'), 'is not', null)
    .execute();
  await db.schema.alterTable('projects').addColumn('key_prefix', 'text').execute();
  await db.schema.alterTable('projects').addColumn('max_keys_per_owner', 'integer').execute();
  await db.schema.alterTable('audit_events').addColumn('changes', json).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').dropColumn('changes').execute();
  await db.schema.alterTable('projects').dropColumn('max_keys_per_owner').execute();
  await db.schema.alterTable('projects').dropColumn('key_prefix').execute();
  await db.schema.dropIndex('api_keys_owner_seq').execute();
  await db.schema.alterTable('api_keys').dropColumn('owner_id').execute();
}
