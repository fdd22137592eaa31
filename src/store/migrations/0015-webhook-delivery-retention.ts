import { sql, type Kysely } from 'kysely';
import type { MigrationEngine } from './migration-engine.js';

/**
 * Finished webhook deliveries by when they finished, for the retention sweep
 * (`Store.pruneWebhookDeliveries`, KEYWARD_WEBHOOK_RETENTION_DAYS): it reads only the rows
 * past retention, however many recent ones there are. Frozen: change with a new migration,
 * never here. Uses `Kysely<any>` and no app types.
 */
export async function up(db: Kysely<any>, _engine: MigrationEngine): Promise<void> {
  await db.schema
    .createIndex('webhook_deliveries_finished')
    .on('webhook_deliveries')
    .columns(['last_attempt_at'])
    .where(sql.ref('status'), '<>', 'pending')
    .execute();
}

export async function down(db: Kysely<any>, _engine: MigrationEngine): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_finished').execute();
}
