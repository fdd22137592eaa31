import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Key numbers counted per org: the integer key ids of the Confident AI dialect. Frozen:
 * change with a new migration, never here. Uses `Kysely<any>` and no app types.
 *
 * Until now the dialect showed a key's `seq`, which counts every key of the instance, so an
 * org saw its ids jump by the number of keys the other orgs had made meanwhile. Now a key
 * minted through the dialect takes the next number of its own org (`key_numbers` holds the
 * last one per org). Keys it minted before keep the id their clients hold: their `seq`,
 * copied here; each org then counts on from its highest, so no number comes twice.
 */
export async function up(db: Kysely<any>, engine: MigrationEngine): Promise<void> {
  const int = engine === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('api_keys').addColumn('org_number', int).execute();
  await db
    .updateTable('api_keys')
    .set({ org_number: sql.ref('seq') })
    .where('origin', '=', 'confident')
    .where('org_id', 'is not', null)
    .execute();
  // Looks a key up by its number, and refuses a number handed out twice in one org.
  await db.schema
    .createIndex('api_keys_org_number')
    .on('api_keys')
    .columns(['org_id', 'org_number'])
    .unique()
    .where(sql.ref('org_number'), 'is not', null)
    .execute();

  await db.schema
    .createTable('key_numbers')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('last_number', int, (c) => c.notNull())
    .execute();
  await db
    .insertInto('key_numbers')
    .columns(['org_id', 'last_number'])
    .expression(
      db
        .selectFrom('api_keys')
        .select(['org_id', (eb) => eb.fn.max('org_number').as('last_number')])
        .where('org_number', 'is not', null)
        .groupBy('org_id'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('key_numbers').execute();
  await db.schema.dropIndex('api_keys_org_number').execute();
  await db.schema.alterTable('api_keys').dropColumn('org_number').execute();
}
