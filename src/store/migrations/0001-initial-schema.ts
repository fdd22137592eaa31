import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * The first schema. Frozen: change the schema with a new migration, never here.
 * Uses `Kysely<any>` and no app types, so later code changes cannot alter what it does.
 *
 * Ids are uuid text in both engines so that the query code is shared. `seq` is the
 * store-assigned integer that orders every newest-first list and serves as cursor.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  const pg = engine === 'postgres';
  // SQLite has no timestamp, boolean or JSON type: ISO text, 0/1 and JSON text instead.
  const time = pg ? 'timestamptz' : 'text';
  const json = pg ? 'jsonb' : 'text';
  const bool = pg ? 'boolean' : 'integer';
  const count = pg ? 'bigint' : 'integer';
  const seq = (col: ColumnDefinitionBuilder) => (pg ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement());
  const seqType = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('orgs')
    .addColumn('seq', seqType, seq)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('deleted_at', time)
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('seq', seqType, seq)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('deleted_at', time)
    .execute();
  // Names are unique among an org's live projects; a deleted project frees its name.
  await db.schema
    .createIndex('projects_live_name')
    .on('projects')
    .columns(['org_id', 'name'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('projects_org_seq').on('projects').columns(['org_id', 'seq']).execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('seq', seqType, seq)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('root', 'org', 'project')`))
    .addColumn('org_id', 'text', (c) => c.references('orgs.id'))
    .addColumn('project_id', 'text', (c) => c.references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('roles', json, (c) => c.notNull())
    // The hot-path lookup (verification) goes through this unique index.
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('enabled', bool, (c) => c.notNull())
    .addColumn('metadata', json, (c) => c.notNull())
    .addColumn('rate_limit', json)
    .addColumn('created_by_type', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text', (c) => c.notNull())
    .addColumn('owner', json)
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('last_used_at', time)
    .addColumn('expires_at', time)
    .addColumn('revoked_at', time)
    .execute();
  // Lists of a project's keys (or of the org keys, project_id null), newest first.
  await db.schema.createIndex('api_keys_org_project_seq').on('api_keys').columns(['org_id', 'project_id', 'seq']).execute();
  // One root key per instance: a second concurrent first start fails instead of minting two.
  await db.schema.createIndex('api_keys_one_root').on('api_keys').column('kind').unique().where(sql.ref('kind'), '=', 'root').execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('seq', seqType, seq)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    // No foreign key: the log outlives whatever it talks about.
    .addColumn('org_id', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_events_org_seq').on('audit_events').columns(['org_id', 'seq']).execute();

  // One row per key, UTC day and verification outcome; org and project come from the key.
  await db.schema
    .createTable('key_usage')
    .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('count', count, (c) => c.notNull())
    .addPrimaryKeyConstraint('key_usage_pk', ['key_id', 'day', 'code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['key_usage', 'audit_events', 'api_keys', 'projects', 'orgs']) {
    await db.schema.dropTable(table).execute();
  }
}
