import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Leaked-key policy and imported keys (issue 16 §2–3). Frozen: change with a new migration,
 * never here. Uses `Kysely<any>` and no app types.
 *
 * - `orgs.leak_policy`: what a leak report does to the org's key (`revoke`, the default;
 *   `disable`; `notify`).
 * - `api_keys.imported`: the key came in through the import call, not minted here.
 * - `api_keys.import_ref`: for imported keys, the keyed hash of the digest they were imported
 *   under; unique per project, so importing one key twice is refused even after the digest
 *   itself was re-hashed away on first use.
 * - `api_keys_imported_seq`: the imported keys in order, read by every instance's small
 *   in-memory index of imported hashes (core/imported-keys.ts) a page at a time.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  const pg = engine === 'postgres';
  await db.schema
    .alterTable('orgs')
    .addColumn('leak_policy', 'text', (c) =>
      c
        .notNull()
        .defaultTo('revoke')
        .check(sql`leak_policy in ('revoke', 'disable', 'notify')`),
    )
    .execute();
  await db.schema
    .alterTable('api_keys')
    .addColumn('imported', pg ? 'boolean' : 'integer', (c) => c.notNull().defaultTo(pg ? false : 0))
    .execute();
  await db.schema.alterTable('api_keys').addColumn('import_ref', 'text').execute();
  await db.schema
    .createIndex('api_keys_project_import_ref')
    .unique()
    .on('api_keys')
    .columns(['project_id', 'import_ref'])
    .where(sql.ref('import_ref'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('api_keys_imported_seq')
    .on('api_keys')
    .column('seq')
    .where(pg ? sql<boolean>`imported` : sql<boolean>`imported = 1`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_keys_imported_seq').execute();
  await db.schema.dropIndex('api_keys_project_import_ref').execute();
  await db.schema.alterTable('api_keys').dropColumn('import_ref').execute();
  await db.schema.alterTable('api_keys').dropColumn('imported').execute();
  await db.schema.alterTable('orgs').dropColumn('leak_policy').execute();
}
