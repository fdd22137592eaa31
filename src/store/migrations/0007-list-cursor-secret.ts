import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * A secret of the database's own, for sealing list cursors (src/core/pagination.ts).
 * Frozen: change with a new migration, never here. Uses `Kysely<any>` and no app types.
 *
 * Cursors used to show a row's `seq`, which counts the rows of every org, so a tenant could
 * count what the others created. They are now encrypted under a key derived from this
 * secret: 32 random bytes made once, here, so that every instance on the database (each
 * runs or checks the same migrations) reads the same one, whatever its environment.
 * Stored as base64url text, which both engines keep alike.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('instance_secrets')
    .values({ name: 'list_cursor', value: randomBytes(32).toString('base64url') })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('instance_secrets').execute();
}
