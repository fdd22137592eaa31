import { sql, type Kysely } from 'kysely';

/**
 * Who a personal key's roles come from: `maker_id` is the key that minted it, for the org
 * keys that hold their maker's roles (Braintrust, Openlayer); null for every other key.
 * Revoking, disabling, re-dating or down-scoping a key is carried to the keys it made in the
 * same transaction (src/core/use-cases/key-lineage.ts), which finds them through this index.
 * Personal keys made before this migration get the key that created them as maker (a rolled
 * one's successor was created by whoever rolled it, so it gets none): they follow it from the
 * next change to it on. Frozen: change with a new migration, never here. Uses `Kysely<any>`
 * and no app types.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('maker_id', 'text').execute();
  await db
    .updateTable('api_keys')
    .set({ maker_id: sql.ref('created_by_id') })
    .where('kind', '=', 'org')
    .where('created_by_type', '=', 'key')
    .where('origin', 'in', ['braintrust', 'openlayer'])
    .execute();
  await db.schema
    .createIndex('api_keys_maker')
    .on('api_keys')
    .columns(['org_id', 'maker_id'])
    .where(sql.ref('maker_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_keys_maker').execute();
  await db.schema.alterTable('api_keys').dropColumn('maker_id').execute();
}
