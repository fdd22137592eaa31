import { sql, type Kysely } from 'kysely';

/**
 * One *working* root key per instance, instead of one root key row ever: `keyward root-key
 * rotate` revokes the old root key and mints a new one, so revoked root keys stay beside the
 * live one (with their audit events). Two concurrent first starts, or two concurrent
 * rotations, still cannot leave two live root keys: the second insert fails.
 * Frozen: change with a new migration, never here. Uses `Kysely<any>` and no app types.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_keys_one_root').execute();
  await db.schema
    .createIndex('api_keys_one_live_root')
    .on('api_keys')
    .column('kind')
    .unique()
    .where(sql<boolean>`kind = 'root' and revoked_at is null`)
    .execute();
}

/** Fails when rotations left more than one root key row: keep the newest first. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_keys_one_live_root').execute();
  await db.schema.createIndex('api_keys_one_root').on('api_keys').column('kind').unique().where(sql.ref('kind'), '=', 'root').execute();
}
